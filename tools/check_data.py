"""Check the curated dataset beyond its schema: `python -m tools.check_data [FILE ...]`.

The schema (demo_data.CuratedDestination) already refuses malformed files at start-up. This check adds the
rules a reviewer would apply: enough places of every kind, no two places on the same spot under different
names, no duplicated names, plausible opening hours and prices, hotels in every district. It prints one line a
problem and exits 1 when there is any, so CI fails on a bad file.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from pydantic import ValidationError

from demo_data import (
    MAX_DISTANCE_FROM_CENTER_KM,
    PLACES_DIR,
    CuratedDestination,
    Money,
    haversine_km,
)

MIN_ATTRACTIONS = 20
MIN_RESTAURANTS = 8
MIN_HOTELS = 6
MIN_DISTRICTS = 3
SAME_SPOT_KM = 0.03
# Prices in US dollars outside these ranges are typos (a missing zero, the wrong currency).
ENTRY_USD_MAX = 400.0
MEAL_USD = {"budget": (1.0, 40.0), "mid": (5.0, 120.0), "upscale": (15.0, 500.0)}
NIGHT_USD = {"budget": (8.0, 300.0), "mid": (25.0, 600.0), "luxury": (60.0, 3000.0)}
ALWAYS_OPEN = 1440
# Indoor venues that do not open around the clock.
INDOOR = frozenset({"museum", "gallery", "palace", "aquarium", "show", "theme_park", "zoo"})
LUNCH, DINNER = (12 * 60, 14 * 60), (19 * 60, 21 * 60)


def _overlaps(intervals: tuple[tuple[int, int], ...], window: tuple[int, int]) -> bool:
    return any(start < window[1] and end > window[0] for start, end in intervals)


def _attraction_problems(data: CuratedDestination) -> list[str]:
    problems = []
    for place in data.attractions:
        days = [place.hours.intervals(day) for day in range(7)]
        if not any(days):
            problems.append(f"{place.id}: never open")
            continue
        longest = max(end - start for day in days for start, end in day)
        if longest < min(place.visit_minutes, 120):
            problems.append(f"{place.id}: no opening of {place.visit_minutes} min (longest {longest} min)")
        if place.category in INDOOR and any(day == ((0, ALWAYS_OPEN),) for day in days):
            problems.append(f"{place.id}: a {place.category} open 24 hours")
        for day in days:
            for start, end in day:
                if end - start < 30:
                    problems.append(f"{place.id}: opening interval shorter than 30 min")
    return problems


def _restaurant_problems(data: CuratedDestination) -> list[str]:
    problems = []
    for place in data.restaurants:
        days = [place.hours.intervals(day) for day in range(7)]
        meals = sum(_overlaps(day, LUNCH) or _overlaps(day, DINNER) for day in days)
        if meals < 5:
            problems.append(f"{place.id}: serves lunch or dinner on only {meals} days")
    return problems


def _price_problems(data: CuratedDestination, money: Money) -> list[str]:
    if not money.supports(data.currency):
        return [f"currency {data.currency} has no exchange rate in data/reference/fx_rates.json"]

    def usd(amount: float) -> float:
        return money.convert(amount, data.currency, "USD")

    problems = []
    for place in data.attractions:
        if usd(place.price) > ENTRY_USD_MAX:
            problems.append(f"{place.id}: entry {place.price:g} {data.currency} is implausible")
    for place in data.restaurants:
        low, high = MEAL_USD[place.band]
        if not low <= usd(place.meal_price) <= high:
            problems.append(f"{place.id}: {place.band} meal {place.meal_price:g} {data.currency} is implausible")
    for place in data.hotels:
        low, high = NIGHT_USD[place.band]
        if not low <= usd(place.nightly_price) <= high:
            problems.append(f"{place.id}: {place.band} night {place.nightly_price:g} {data.currency} is implausible")
    return problems


def _coverage_problems(data: CuratedDestination) -> list[str]:
    problems = []
    counts = {"attractions": (len(data.attractions), MIN_ATTRACTIONS),
              "restaurants": (len(data.restaurants), MIN_RESTAURANTS),
              "hotels": (len(data.hotels), MIN_HOTELS), "districts": (len(data.districts), MIN_DISTRICTS)}
    for what, (count, least) in counts.items():
        if count < least:
            problems.append(f"too few {what}: {count} (at least {least})")
    if {r.band for r in data.restaurants} != {"budget", "mid", "upscale"}:
        problems.append("restaurants do not cover the budget, mid and upscale bands")
    bands_by_district = defaultdict(set)
    for hotel in data.hotels:
        bands_by_district[hotel.district].add(hotel.band)
    for district in data.districts:
        if district.name not in bands_by_district:
            problems.append(f"district {district.name!r} has no hotel")
        if haversine_km(data.center.lat, data.center.lng, district.lat, district.lng) > MAX_DISTANCE_FROM_CENTER_KM:
            problems.append(f"district {district.name!r} is too far from the centre")
    for band in ("budget", "mid", "luxury"):
        districts = sum(band in bands for bands in bands_by_district.values())
        if districts < 2:
            problems.append(f"{band} hotels in only {districts} district(s)")
    return problems


def _identity_problems(data: CuratedDestination) -> list[str]:
    places = [*data.attractions, *data.restaurants, *data.hotels]
    problems = [f"duplicated name {name!r}" for name, n in Counter(p.name.casefold() for p in places).items() if n > 1]
    for i, a in enumerate(places):
        for b in places[i + 1:]:
            if a.name != b.name and haversine_km(a.lat, a.lng, b.lat, b.lng) < SAME_SPOT_KM:
                problems.append(f"{a.id} and {b.id} are under 30 m apart")
    descriptions = Counter(p.description for p in places)
    problems += [f"description used twice: {text[:40]!r}" for text, n in descriptions.items() if n > 1]
    return problems


def check_destination(data: CuratedDestination, money: Money) -> list[str]:
    """Every problem found in one validated destination (empty when it is fine)."""
    return [*_coverage_problems(data), *_identity_problems(data), *_attraction_problems(data),
            *_restaurant_problems(data), *_price_problems(data, money)]


def check_file(path: Path, money: Money) -> list[str]:
    try:
        data = CuratedDestination.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValidationError, json.JSONDecodeError) as error:
        return [f"schema: {error}"]
    problems = check_destination(data, money)
    if data.id != path.stem:
        problems.append(f"id {data.id!r} differs from the file name")
    return problems


def main(arguments: list[str]) -> int:
    paths = [Path(a) for a in arguments] or sorted(PLACES_DIR.glob("*.json"))
    money = Money()
    failed = 0
    for path in paths:
        for problem in check_file(path, money):
            print(f"{path.name}: {problem}")
            failed += 1
    print(f"{len(paths)} destination file(s) checked, {failed} problem(s)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
