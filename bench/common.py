"""What the benchmarks share: percentiles, a live server, and the in-process service."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import LiveServer  # noqa: E402


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": round(cuts[49], 3), "p95": round(cuts[94], 3), "max": round(ordered[-1], 3)}


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def live_server() -> LiveServer:
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    return LiveServer(folder / "app.db").start()


def build_service():
    """The same objects the app wires at start-up, for in-process figures."""
    from demo_data import FlightEstimator, Money, OfflineProvider, curated_keys, load_curated
    from destination_parser import DestinationParser, load_gazetteer
    from itinerary_service import ItineraryService

    curated = load_curated()
    gazetteer = load_gazetteer(curated_keys(curated))
    money = Money()
    parser = DestinationParser(gazetteer)
    return parser, ItineraryService(parser, OfflineProvider(gazetteer, curated, money), money, FlightEstimator(money))


def report(title: str, rows: dict[str, dict[str, float]], target_name: str, target_ms: float) -> None:
    print(f"\n{title}")
    print(f"{'where':<14}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}   {target_name} / measured")
    for where, figures in rows.items():
        ratio = target_ms / figures[target_name]
        verdict = f"{ratio:6.1f}x under" if ratio >= 1 else f"{1 / ratio:6.1f}x OVER"
        print(f"{where:<14}{figures['p50']:>10.3f}{figures['p95']:>10.3f}{figures['max']:>10.3f}   "
              f"{verdict} the {target_ms:g} ms target")
