"""Resident memory of the real server: after start-up, and after 200 itineraries and 500 resolves; peak (VmHWM).
The route-solver worker processes are reported beside it (and in the total)."""

from __future__ import annotations

import datetime as dt
import itertools

import httpx
import psutil

from bench.common import live_server
from bench.create_itinerary import DESTINATIONS, body
from bench.resolve import QUERIES

TARGET_MB = 300.0


def peak_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    server = live_server()
    try:
        process = psutil.Process(server.process.pid)
        started = process.memory_info().rss / 2**20
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            mix = itertools.cycle(DESTINATIONS)
            for _ in range(200):
                client.post("/api/create-itinerary", json=body(next(mix))).raise_for_status()
            queries = itertools.cycle(QUERIES)
            for _ in range(500):
                client.get("/api/destinations/resolve", params={"q": next(queries)})
                client.get("/api/destinations/suggest", params={"q": next(queries)[:3]})
        loaded = process.memory_info().rss / 2**20
        peak = peak_mb(process.pid)
        workers = process.children()
        workers_peak = sum(peak_mb(worker.pid) for worker in workers)
    finally:
        server.stop()
    print(f"\nserver memory ({dt.date.today()}): resident after start-up {started:.0f} MB, after load {loaded:.0f} MB, "
          f"peak {peak:.0f} MB")
    print(f"{len(workers)} route-solver worker processes: peak {workers_peak:.0f} MB together; "
          f"server and workers {peak + workers_peak:.0f} MB")
    print(f"target {TARGET_MB:.0f} MB / server peak = {TARGET_MB / peak:.2f}x "
          f"({'under' if peak < TARGET_MB else 'OVER'} the target)")


if __name__ == "__main__":
    main()
