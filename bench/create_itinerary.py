"""Seven-day itinerary latency (resolve, gather, budget, plan, words; HTTP adds validation and the SQLite write),
in process and over HTTP, 200 requests each across the curated destinations."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools

import httpx

from bench.common import build_service, live_server, percentiles, report, timed
from models import ItineraryRequest

DESTINATIONS = ["Kyoto", "Paris", "London", "Rome", "Barcelona", "New York City", "Tokyo", "Bangkok", "Dubai",
                "Sydney", "Cape Town", "Istanbul", "Rio de Janeiro"]
REQUESTS = 200
TARGET_P50_MS = 100.0


def body(destination: str) -> dict:
    return {"destination": destination, "budget": 6000, "duration": 7, "travelers": 2,
            "activity_preference": "moderate", "interests": ["culture", "food"],
            "start_date": (dt.date.today() + dt.timedelta(days=30)).isoformat()}


def main() -> None:
    _, service = build_service()
    loop = asyncio.new_event_loop()
    mix = itertools.cycle(DESTINATIONS)

    def create() -> None:
        loop.run_until_complete(service.create_itinerary(ItineraryRequest(**body(next(mix)))))

    for _ in DESTINATIONS:
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

            for _ in DESTINATIONS:
                post()
            over_http = timed(post, REQUESTS)
    finally:
        server.stop()
    rows = {"in process": percentiles(in_process), "over HTTP": percentiles(over_http)}
    report(f"create-itinerary: {REQUESTS} seven-day trips across {len(DESTINATIONS)} destinations", rows,
           "p50", TARGET_P50_MS)


if __name__ == "__main__":
    main()
