"""The day planner's engine on the literature's TOPTW instances (../shared/bench/toptw, format in its README).

    python -m bench.toptw FILE --days M --seconds S     one JSON line: instance, days, score, seconds, routes
    python -m bench.toptw --all --days 1 --seconds 1    every instance, with the gap to the known optima

Conventions of the instances, kept exactly: travel time is the Euclidean distance rounded down to one decimal
(Solomon) or two (Cordeau); a visit starts inside [O, C]; every route ends at place 0 by place 0's C. Times are
scaled to integers (x10 or x100) for the solver, which is exact for these files. Every route printed is checked
here again, independently of the solver, and a broken one stops the run.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from routing import MAX_PRIORITY, Problem, Route, Visit, solve_within

INSTANCES = Path(__file__).resolve().parents[2] / "shared" / "bench" / "toptw"
KNOWN_OPTIMA_ONE_ROUTE = {"c101": 320, "c102": 360, "c103": 400, "c104": 420, "c105": 340, "c106": 340,
                          "c107": 370, "c108": 370, "c109": 380}


@dataclass
class Instance:
    name: str
    scale: int  # 10 for Solomon (one decimal), 100 for Cordeau (two)
    xy: list[tuple[float, float]]
    service: list[int]  # scaled
    score: list[int]
    opens: list[int]  # scaled
    closes: list[int]  # scaled

    def travel(self, i: int, j: int) -> int:
        """Euclidean distance rounded down to the instance's decimals, in scaled units."""
        (x1, y1), (x2, y2) = self.xy[i], self.xy[j]
        return math.floor(math.hypot(x1 - x2, y1 - y2) * self.scale + 1e-7)


def _scaled(text: str, scale: int) -> int:
    return round(float(text) * scale)


def read_instance(path: Path) -> Instance:
    name = path.stem
    scale = 100 if name.startswith("pr") else 10
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    places = int(lines[0][2])
    instance = Instance(name, scale, [], [], [], [], [])
    for fields in lines[2:3 + places]:
        used = 7 + int(fields[6])  # i x y d S f a, then `a` numbers, then O C
        instance.xy.append((float(fields[1]), float(fields[2])))
        instance.service.append(_scaled(fields[3], scale))
        instance.score.append(round(float(fields[4])))
        instance.opens.append(_scaled(fields[used], scale))
        instance.closes.append(_scaled(fields[used + 1], scale))
    return instance


def problem_for(instance: Instance, days: int) -> Problem:
    """Place i is visit i - 1 at matrix location i; its score is its priority (every instance's fit 0-100)."""
    n = len(instance.xy)
    travel = [[instance.travel(i, j) for j in range(n)] for i in range(n)]
    if max(instance.score) > MAX_PRIORITY:
        raise SystemExit(f"{instance.name}: a score above {MAX_PRIORITY} does not fit VROOM's priorities")
    visits = [Visit(location=i, service=instance.service[i], priority=instance.score[i],
                    windows=((instance.opens[i], instance.closes[i]),)) for i in range(1, n)]
    return Problem(travel=travel, routes=[Route(opens=instance.opens[0], closes=instance.closes[0])] * days,
                   visits=visits)


def route_problems(instance: Instance, route: list[int]) -> list[str]:
    """Checks one route against the instance's rules, independently of the solver."""
    problems, clock, here = [], instance.opens[0], 0
    for place in route:
        clock += instance.travel(here, place)
        clock = max(clock, instance.opens[place])
        if clock > instance.closes[place]:
            problems.append(f"place {place} starts at {clock / instance.scale} after its close")
        clock += instance.service[place]
        here = place
    clock += instance.travel(here, 0)
    if clock > instance.closes[0]:
        problems.append(f"back at 0 at {clock / instance.scale}, after {instance.closes[0] / instance.scale}")
    return problems


def run(path: Path, days: int, seconds: float) -> dict:
    instance = read_instance(path)
    began = time.perf_counter()
    solution = solve_within(problem_for(instance, days), seconds)
    elapsed = time.perf_counter() - began
    routes = [[visit + 1 for visit in route] for route in solution.routes]
    visited = [place for route in routes for place in route]
    broken = [p for route in routes for p in route_problems(instance, route)]
    if broken or len(visited) != len(set(visited)):
        raise SystemExit(f"{instance.name}: infeasible plan: {broken or 'a place visited twice'}")
    return {"instance": instance.name, "days": days, "score": sum(instance.score[p] for p in visited),
            "seconds": round(elapsed, 3), "routes": routes}


def run_all(days: int, seconds: float) -> None:
    print(f"{'instance':<9} {'days':>4} {'score':>6} {'optimum':>8} {'gap %':>6} {'seconds':>8}")
    gaps = []
    for path in sorted(INSTANCES.glob("*.txt"), key=lambda p: (p.stem.rstrip("0123456789"), p.stem)):
        result = run(path, days, seconds)
        optimum = KNOWN_OPTIMA_ONE_ROUTE.get(result["instance"]) if days == 1 else None
        gap = "" if optimum is None else f"{(optimum - result['score']) / optimum * 100:.2f}"
        if optimum is not None:
            gaps.append((optimum - result["score"]) / optimum * 100)
        print(f"{result['instance']:<9} {days:>4} {result['score']:>6} {optimum or '':>8} {gap:>6} "
              f"{result['seconds']:>8.2f}", flush=True)
    if gaps:
        print(f"mean gap to the known optima: {sum(gaps) / len(gaps):.2f}% over {len(gaps)} instances")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.toptw", description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, help="an instance file")
    parser.add_argument("--all", action="store_true", help="every instance in " + str(INSTANCES))
    parser.add_argument("--days", type=int, default=1, help="routes (days), 1-4")
    parser.add_argument("--seconds", type=float, default=1.0, help="solver time per instance")
    arguments = parser.parse_args(argv)
    if arguments.all:
        run_all(arguments.days, arguments.seconds)
        return 0
    if arguments.file is None:
        parser.error("give an instance FILE or --all")
    print(json.dumps(run(arguments.file, arguments.days, arguments.seconds)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
