"""Destination resolution latency, in process and over HTTP, on a mix of every kind of input (200 requests)."""

from __future__ import annotations

import contextlib
import itertools

import httpx

from bench.common import build_service, live_server, percentiles, report, timed

QUERIES = [
    "Kyoto", "paris", "Interlaken", "Hallstatt", "München", "Bombay", "Saigon", "東京", "Big Apple", "NYC",
    "the Eternal City", "Parris", "Budapset", "Barcelonna", "I want to visit Japan", "4 days in Kyoto please",
    "Paris, Texas", "London, Ontario", "Finland", "Tuscany", "Reykjavik", "Cusco", "Marrakesh", "Queenstown",
    "Xqzzyvlorp",
]
REQUESTS = 200
TARGET_P95_MS = 10.0


def main() -> None:
    parser, _ = build_service()

    def resolve(query: str) -> None:
        with contextlib.suppress(LookupError):
            parser.resolve(query)

    for query in QUERIES:  # warm caches the way a running server is warm
        resolve(query)
    mix = itertools.cycle(QUERIES)
    in_process = timed(lambda: resolve(next(mix)), REQUESTS)

    server = live_server()
    try:
        with httpx.Client(base_url=server.base_url) as client:
            for query in QUERIES:
                client.get("/api/destinations/resolve", params={"q": query})
            mix = itertools.cycle(QUERIES)
            over_http = timed(lambda: client.get("/api/destinations/resolve", params={"q": next(mix)}), REQUESTS)
    finally:
        server.stop()
    rows = {"in process": percentiles(in_process), "over HTTP": percentiles(over_http)}
    report(f"resolve: {REQUESTS} requests over {len(QUERIES)} kinds of input", rows, "p95", TARGET_P95_MS)


if __name__ == "__main__":
    main()
