"""Why the planner uses VROOM: both candidate engines on the same TOPTW instances, side by side in one run.

    python -m bench.toptw_engines [--seconds 1] [--days 1]

OR-Tools routing models the instance with one disjunction a place (penalty = score x weight) and minimises
travel time plus the penalties with guided local search for the whole time limit; the weight is the best of
those tried while choosing (a score point worth 5 time units; "any score beats any detour" stalls higher). VROOM
gets the same instance and time through `routing.solve_within`, as bench.toptw runs it (the first of its solves
is the planner's single solve). Prints each engine's score and the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from bench.toptw import INSTANCES, KNOWN_OPTIMA_ONE_ROUTE, Instance, problem_for, read_instance, route_problems
from routing import solve_within

ORTOOLS_SCORE_WEIGHT = 5  # time units of travel one score point is worth


def ortools_routes(instance: Instance, days: int, seconds: float) -> list[list[int]]:
    n = len(instance.xy)
    travel = problem_for(instance, days).travel  # the same scaled, rounded-down times the VROOM side gets
    manager = pywrapcp.RoutingIndexManager(n, days, 0)
    model = pywrapcp.RoutingModel(manager)
    cost = model.RegisterTransitMatrix(travel)
    model.SetArcCostEvaluatorOfAllVehicles(cost)
    transit = model.RegisterTransitMatrix([[instance.service[i] + travel[i][j] for j in range(n)] for i in range(n)])
    horizon = instance.closes[0]
    model.AddDimension(transit, horizon, horizon, False, "time")
    time_dimension = model.GetDimensionOrDie("time")
    for place in range(1, n):
        time_dimension.CumulVar(manager.NodeToIndex(place)).SetRange(instance.opens[place], instance.closes[place])
        penalty = instance.score[place] * ORTOOLS_SCORE_WEIGHT * instance.scale
        model.AddDisjunction([manager.NodeToIndex(place)], penalty)
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    parameters.time_limit.FromMilliseconds(int(seconds * 1000))
    assignment = model.SolveWithParameters(parameters)
    routes = []
    for vehicle in range(days):
        route, index = [], assignment.Value(model.NextVar(model.Start(vehicle)))
        while not model.IsEnd(index):
            route.append(manager.IndexToNode(index))
            index = assignment.Value(model.NextVar(index))
        routes.append(route)
    return routes


def vroom_routes(instance: Instance, days: int, seconds: float) -> list[list[int]]:
    solution = solve_within(problem_for(instance, days), seconds)
    return [[visit + 1 for visit in route] for route in solution.routes]


def score(instance: Instance, routes: list[list[int]]) -> int:
    if any(route_problems(instance, route) for route in routes):
        raise SystemExit(f"{instance.name}: an engine returned an infeasible route")
    return sum(instance.score[place] for route in routes for place in route)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.toptw_engines", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--days", type=int, default=1)
    arguments = parser.parse_args(argv)
    names = [*KNOWN_OPTIMA_ONE_ROUTE, *(f"pr{i:02d}" for i in range(1, 11))]
    print(f"{'instance':<9} {'OR-Tools':>9} {'s':>5} {'VROOM':>7} {'s':>5} {'VROOM/OR-Tools':>15}")
    ratios = []
    for name in names:
        instance = read_instance(INSTANCES / f"{name}.txt")
        results = []
        for engine in (ortools_routes, vroom_routes):
            began = time.perf_counter()
            routes = engine(instance, arguments.days, arguments.seconds)
            results.append((score(instance, routes), time.perf_counter() - began))
        (ortools, ortools_s), (vroom, vroom_s) = results
        ratios.append(vroom / ortools)
        row = f"{name:<9} {ortools:>9} {ortools_s:>5.2f} {vroom:>7} {vroom_s:>5.2f} {vroom / ortools:>15.3f}"
        print(row, flush=True)
    print(f"mean score ratio VROOM / OR-Tools: {sum(ratios) / len(ratios):.3f} over {len(ratios)} instances")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
