"""The Team Orienteering Problem with Time Windows, solved with VROOM (pyvroom).

One small model serves both the trip planner and the benchmark on the literature's instances: routes (days) leave
a depot (the hotel) and come back before their closing time; each visit has a priority (its score), a length,
windows for its start and, optionally, the routes allowed to make it (a lunch copy of a restaurant belongs to one
day). Amounts cap what one route may take in each dimension (one lunch, one dinner, a number of visits, money).
VROOM ranks plans by the sum of the priorities they serve first, then by how many visits, then by cost: exactly
the orienteering objective, with travel cost as the tie-break that keeps days from zig-zagging.

Why VROOM rather than OR-Tools routing (`python -m bench.toptw_engines` runs both side by side): on the nine
instances with published optima one VROOM solve has a mean gap of 0.6% in about 0.05 s, OR-Tools' guided local
search (one disjunction a place) about 1.3% in a full second; on Cordeau's 48-288-place instances one VROOM
solve already scores more than OR-Tools' second. VROOM cannot say "one of these restaurants", so a meal is one
restaurant copy a day and meal, with day capacities allowing one lunch and one dinner.

VROOM holds Python's GIL while it searches, so the server solves in worker processes (`SolverPool`, which runs
this module), never in its own threads; `solve_within` spends a time budget on repeated solves (the benchmark).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import queue
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np

MAX_PRIORITY = 100  # VROOM's range is 0-100


@dataclass(frozen=True)
class Route:
    opens: int  # earliest departure from the depot
    closes: int  # latest return to the depot
    capacity: tuple[int, ...] = ()  # per dimension of Visit.amounts


@dataclass(frozen=True)
class Visit:
    location: int  # row of the travel matrix
    service: int  # length of the visit
    priority: int  # 0-100: what serving it is worth
    windows: tuple[tuple[int, int], ...] = ()  # allowed start times, inclusive; empty = any time
    routes: tuple[int, ...] | None = None  # the only routes allowed to make it
    amounts: tuple[int, ...] = ()  # what it takes of each route's capacity


@dataclass
class Problem:
    """`travel[i][j]` is the time between matrix locations; the depot is location `depot`. `cost[i][j]`, when
    given, is what ties are broken on instead of travel time (travel plus a restaurant's distaste, say)."""

    travel: list[list[int]] | np.ndarray
    routes: list[Route]
    visits: list[Visit]
    depot: int = 0
    cost: list[list[int]] | np.ndarray | None = None


@dataclass
class Solution:
    routes: list[list[int]] = field(default_factory=list)  # visit indices in order, per route
    starts: list[list[int]] = field(default_factory=list)  # when each visit starts, as scheduled


def _skill(route: int) -> int:
    return route + 1  # skill 0 is left unused, so no route answers to a visit's missing restriction


def _input(problem: Problem):  # -> vroom.Input; vroom is imported only where problems are solved
    import vroom

    model = vroom.Input()
    model.set_durations_matrix(profile="car", matrix_input=np.asarray(problem.travel, dtype=np.uint32))
    if problem.cost is not None:
        model.set_costs_matrix(profile="car", matrix_input=np.asarray(problem.cost, dtype=np.uint32))
    restricted = any(visit.routes is not None for visit in problem.visits)
    for number, route in enumerate(problem.routes):
        model.add_vehicle(vroom.Vehicle(
            number, start=problem.depot, end=problem.depot, capacity=list(route.capacity),
            skills={_skill(number)} if restricted else None,
            time_window=vroom.TimeWindow(route.opens, route.closes),
        ))
    dimensions = len(problem.routes[0].capacity) if problem.routes else 0
    for number, visit in enumerate(problem.visits):
        if not 0 <= visit.priority <= MAX_PRIORITY:
            raise ValueError(f"visit {number}: priority {visit.priority} is outside 0-{MAX_PRIORITY}")
        model.add_job(vroom.Job(
            number, location=visit.location, default_service=visit.service, priority=visit.priority,
            delivery=list(visit.amounts) or [0] * dimensions,
            skills={_skill(r) for r in visit.routes} if visit.routes else None,
            time_windows=[vroom.TimeWindow(start, end) for start, end in visit.windows],
        ))
    return model


def solve(problem: Problem, exploration: int = 5, threads: int = 1, seconds: float | None = None) -> Solution:
    """The best plan VROOM finds at this exploration level (1-5), within `seconds` if given."""
    solution = Solution(routes=[[] for _ in problem.routes], starts=[[] for _ in problem.routes])
    if not problem.visits:
        return solution
    timeout = None if seconds is None else dt.timedelta(seconds=seconds)
    steps = _input(problem).solve(exploration_level=exploration, nb_threads=threads, timeout=timeout).routes
    jobs = steps[steps["type"] == "job"]
    for route, visit, arrival, waiting in zip(jobs["vehicle_id"], jobs["id"], jobs["arrival"],
                                              jobs["waiting_time"], strict=True):
        solution.routes[int(route)].append(int(visit))
        solution.starts[int(route)].append(int(arrival) + int(waiting))
    return solution


def served_priority(problem: Problem, solution: Solution) -> int:
    return sum(problem.visits[visit].priority for route in solution.routes for visit in route)


def solve_within(problem: Problem, seconds: float, exploration: int = 5, threads: int = 2,
                 seed: int = 0) -> Solution:
    """The best of as many solves as fit in `seconds`: the first on the problem's own costs, the next on costs
    scaled at random (x0.5-1.5 a move), which steer VROOM's heuristics to other local optima. Times and windows
    are untouched, so every solution is feasible; the served priority decides, the first found on a tie."""
    deadline = time.perf_counter() + seconds
    best = solve(problem, exploration, threads, seconds)
    own = np.asarray(problem.cost if problem.cost is not None else problem.travel, dtype=np.float64)
    random = np.random.default_rng(seed)
    while (left := deadline - time.perf_counter()) > 0.02:
        varied = Problem(travel=problem.travel, routes=problem.routes, visits=problem.visits, depot=problem.depot,
                         cost=(own * random.uniform(0.5, 1.5, own.shape)).astype(np.uint32))
        found = solve(varied, exploration, threads, left)
        if served_priority(problem, found) > served_priority(problem, best):
            best = found
    return best


# ------------------------------------------------------------------------------------------------ worker processes


class SolverUnavailable(RuntimeError):
    """A solver process died twice in a row."""


class SolverPool:
    """VROOM holds the GIL while it searches, so a solve in a thread would stall the server's event loop (and
    every other request) for its whole length. The server solves in worker processes instead (`python -m
    routing`), each taking one problem at a time over its pipes; a thread waiting for its answer holds nothing."""

    def __init__(self, workers: int = 2):
        self._workers = [_Worker() for _ in range(workers)]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for worker in self._workers:
            self._idle.put(worker)

    def solve(self, problem: Problem, **options: object) -> Solution:
        worker = self._idle.get()
        try:
            return worker.solve(problem, options)
        finally:
            self._idle.put(worker)

    def warm_up(self) -> None:
        """Have every worker import VROOM now, so that the first traveler does not wait for it."""
        tiny = Problem(travel=[[0, 1], [1, 0]], routes=[Route(0, 10)],
                       visits=[Visit(location=1, service=1, priority=1)])
        for worker in self._workers:
            worker.solve(tiny, {})

    def alive(self) -> int:
        return sum(worker.process.poll() is None for worker in self._workers)

    def close(self) -> None:
        for worker in self._workers:
            worker.close()


class _Worker:
    def __init__(self) -> None:
        self.process = self._start()

    @staticmethod
    def _start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "routing"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                cwd=Path(__file__).resolve().parent)

    def solve(self, problem: Problem, options: dict) -> Solution:
        for attempt in range(2):
            try:
                _send(self.process.stdin, (problem, options))
                reply = _receive(self.process.stdout)
                break
            except (BrokenPipeError, EOFError) as error:
                self.close()
                self.process = self._start()
                if attempt:
                    raise SolverUnavailable("the route solver stopped twice") from error
        if isinstance(reply, Exception):
            raise reply
        return reply

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _send(stream: BinaryIO, value: object) -> None:
    data = pickle.dumps(value)  # between this program's own processes only
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream: BinaryIO) -> object:
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError("the other side closed the pipe")
    return pickle.loads(stream.read(int.from_bytes(header, "big")))


def serve() -> None:
    """The worker: answer (problem, options) from stdin with a Solution, or the exception, on stdout."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the replies
    requests = sys.stdin.buffer
    while True:
        try:
            problem, options = _receive(requests)
        except EOFError:
            return
        try:
            reply: object = solve(problem, **options)
        except Exception as error:  # sent back and raised in the server, with its message
            reply = error
        _send(replies, reply)


if __name__ == "__main__":
    # run as the importable module, so that Solutions pickle as routing.Solution, not __main__.Solution
    import routing

    routing.serve()
