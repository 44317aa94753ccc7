"""The TOPTW model (routing.py) and the benchmark's reading of the instances (bench/toptw.py)."""

from __future__ import annotations

import json

import pytest

from bench.toptw import main as bench_main
from bench.toptw import problem_for, read_instance, route_problems, run
from routing import Problem, Route, SolverPool, Visit, served_priority, solve, solve_within

# Four places on a line, 10 apart: 0 (depot) - 1 - 2 - 3
LINE = [[abs(i - j) * 10 for j in range(4)] for i in range(4)]


def test_the_higher_score_wins_when_only_one_visit_fits():
    problem = Problem(travel=LINE, routes=[Route(opens=0, closes=45)], visits=[
        Visit(location=1, service=5, priority=10), Visit(location=2, service=5, priority=40),
    ])
    assert solve(problem).routes == [[1]]  # 0 -> 2 -> 0 is 40 + 5 = 45: only the 40 fits beside travel


def test_windows_restrictions_and_capacities_are_kept():
    problem = Problem(travel=LINE, routes=[Route(0, 500, capacity=(1,)), Route(1000, 1500, capacity=(1,))], visits=[
        Visit(location=1, service=5, priority=50, windows=((1100, 1200),)),  # only fits the second route
        Visit(location=2, service=5, priority=50, routes=(0,), amounts=(1,)),  # lunch A, first day only
        Visit(location=3, service=5, priority=60, routes=(0,), amounts=(1,)),  # lunch B: one lunch a day
        Visit(location=3, service=5, priority=50, windows=((3000, 3100),)),  # fits no route
    ])
    solution = solve(problem)
    assert solution.routes == [[2], [0]]
    assert 1100 <= solution.starts[1][0] <= 1200


def test_priorities_outside_vroom_range_are_refused():
    problem = Problem(travel=LINE, routes=[Route(0, 100)], visits=[Visit(location=1, service=5, priority=101)])
    with pytest.raises(ValueError, match="priority"):
        solve(problem)


SOLOMON = """4 10 3 1
0 200
  0 0.00 0.00 0.00 0.00 0 0 0 100
  1 3.00 4.00 10.00 10.00 1 1 1 0 50
  2 6.00 8.00 10.00 30.00 1 1 1 0 50
  3 0.00 30.00 10.00 20.00 1 1 1 20 25
"""


def test_the_benchmark_keeps_the_instances_conventions(tmp_path, capsys):
    path = tmp_path / "c999.txt"
    path.write_text(SOLOMON)
    instance = read_instance(path)
    assert instance.scale == 10 and instance.score == [0, 10, 30, 20]
    assert instance.travel(0, 1) == 50  # 5.0 at one decimal, scaled by 10
    assert instance.travel(1, 3) == 261  # sqrt(685) = 26.17... rounded down to 26.1
    assert instance.opens[3] == 200 and instance.closes[3] == 250
    assert route_problems(instance, [1, 2]) == []
    assert route_problems(instance, [3])  # reached at 30.0, after its window closes at 25
    result = run(path, days=1, seconds=1)
    assert result["score"] == 40 and sorted(result["routes"][0]) == [1, 2]
    assert all(route_problems(instance, route) == [] for route in result["routes"])
    assert problem_for(instance, 2).routes[1].closes == instance.closes[0]
    assert bench_main([str(path), "--days", "1", "--seconds", "1"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(line) == {"instance", "days", "score", "seconds", "routes"} and line["instance"] == "c999"


def test_worker_processes_solve_what_the_server_would():
    problem = Problem(travel=LINE, routes=[Route(0, 45)], visits=[
        Visit(location=1, service=5, priority=10), Visit(location=2, service=5, priority=40),
    ])
    pool = SolverPool(workers=1)
    try:
        pool.warm_up()
        assert pool.solve(problem) == solve(problem)
        with pytest.raises(ValueError, match="priority"):  # the worker's exception, raised here
            pool.solve(Problem(travel=LINE, routes=[Route(0, 100)], visits=[Visit(1, 5, 101)]))
        worker = pool._workers[0]
        worker.process.kill()  # a crashed worker is replaced on the next problem
        worker.process.wait()
        assert pool.solve(problem).routes == [[1]]
        assert worker.process.poll() is None
    finally:
        pool.close()
    assert worker.process.poll() is not None


def test_solving_within_a_time_budget_never_does_worse(tmp_path):
    path = tmp_path / "c999.txt"
    path.write_text(SOLOMON)
    problem = problem_for(read_instance(path), 1)
    once = solve(problem)
    best = solve_within(problem, seconds=0.3)
    assert served_priority(problem, best) >= served_priority(problem, once) == 40
