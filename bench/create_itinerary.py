"""Seven-day itinerary latency (resolve, gather, budget, plan, words; HTTP adds validation and the SQLite write),
in process and over HTTP, 200 requests each across every curated destination and the three paces."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools

import httpx

from bench.common import build_service, live_server, percentiles, report, timed
from demo_data import load_curated
from models import ItineraryRequest

PACES = ("relaxed", "moderate", "high")
DESTINATIONS = [(f"{d.name}, {d.country_code}", PACES[i % 3]) for i, d in enumerate(load_curated().values())]
REQUESTS = 200
TARGET_P50_MS = 300.0


def body(trip: tuple[str, str]) -> dict:
    destination, pace = trip
    return {"destination": destination, "budget": 6000, "duration": 7, "travelers": 2,
            "activity_preference": pace, "interests": ["culture", "food"],
            "start_date": (dt.date.today() + dt.timedelta(days=30)).isoformat()}


def main() -> None:
    _, service = build_service()
    loop = asyncio.new_event_loop()
    mix = itertools.cycle(DESTINATIONS)

    def create() -> None:
        loop.run_until_complete(service.create_itinerary(ItineraryRequest(**body(next(mix)))))

    for _ in range(10):
        create()
    in_process = timed(create, REQUESTS)
    loop.close()

    server = live_server()
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            mix = itertools.cycle(DESTINATIONS)

            def post() -> None:
                response = client.post("/api/create-itinerary", json=body(next(mix)))
                response.raise_for_status()

            for _ in range(10):
                post()
            over_http = timed(post, REQUESTS)
    finally:
        server.stop()
    rows = {"in process": percentiles(in_process), "over HTTP": percentiles(over_http)}
    report(f"create-itinerary: {REQUESTS} seven-day trips across {len(DESTINATIONS)} destinations", rows,
           "p50", TARGET_P50_MS)


if __name__ == "__main__":
    main()
