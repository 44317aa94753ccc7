"""Does planning stall the server? GET /api/health latency while trips are being planned, side by side in one run:
the real server solving in its worker processes (the default) and solving in its own threads (SOLVER_PROCESSES=0).

VROOM holds Python's GIL while it searches, so in a thread every other request waits for the solve; in worker
processes the server's event loop stays free.
"""

from __future__ import annotations

import os
import threading
import time

import httpx

from bench.common import live_server, percentiles, report
from bench.create_itinerary import DESTINATIONS, body

PROBES = 150
PLANNERS = 2  # clients creating seven-day trips back to back while the probes run


def health_under_load(solver_processes: int) -> list[float]:
    os.environ["SOLVER_PROCESSES"] = str(solver_processes)
    server = live_server()
    stop = threading.Event()

    def plan(offset: int) -> None:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            n = offset
            while not stop.is_set():
                client.post("/api/create-itinerary", json=body(DESTINATIONS[n % len(DESTINATIONS)])).raise_for_status()
                n += PLANNERS

    planners = [threading.Thread(target=plan, args=(i,)) for i in range(PLANNERS)]
    try:
        for thread in planners:
            thread.start()
        time.sleep(1.0)  # let the planning get going
        samples = []
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            for _ in range(PROBES):
                started = time.perf_counter()
                client.get("/api/health").raise_for_status()
                samples.append((time.perf_counter() - started) * 1000)
                time.sleep(0.01)
        return samples
    finally:
        stop.set()
        for thread in planners:
            thread.join()
        server.stop()
        os.environ.pop("SOLVER_PROCESSES", None)


def main() -> None:
    in_processes = health_under_load(2)
    in_threads = health_under_load(0)
    rows = {"worker processes": percentiles(in_processes), "server threads": percentiles(in_threads)}
    ratio = rows["server threads"]["p95"] / rows["worker processes"]["p95"]
    report(f"/api/health while {PLANNERS} clients plan seven-day trips ({PROBES} probes)", rows, "p95", 50.0)
    print(f"p95 with solving in threads / in worker processes: {ratio:.1f}x")


if __name__ == "__main__":
    main()
