"""Places, prices and flights behind one interface, so the service never asks which provider it got.

Offline (the embedded default) the data is the curated, versioned dataset under data/places/ (validated at
load), country price levels and exchange rates under data/reference/, and great-circle flight estimates between
real airports. A destination outside the curated set gets an honest catalogue built from the gazetteer.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal, Protocol

import airportsdata
import numpy as np
from pydantic import BaseModel, Field, PrivateAttr, ValidationError, field_validator, model_validator

from destination_parser import Gazetteer, normalize
from models import INTERESTS, Coordinates, CuratedSummary, Destination, FlightOption, Flights

ROOT = Path(__file__).resolve().parent
PLACES_DIR = ROOT / "data" / "places"
REFERENCE_DIR = ROOT / "data" / "reference"
SCHEMA_VERSION = 1
MAX_DISTANCE_FROM_CENTER_KM = 40.0
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CATEGORIES = frozenset(
    """museum gallery landmark monument religious palace castle historic_site park garden viewpoint market
    neighborhood beach nature zoo aquarium theme_park shopping show tour experience cruise""".split()
)
_INTERVAL = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)$")

# What things cost at the US price level (USD); a country's price level ratio scales them.
US_HOTEL_NIGHT = {"budget": 110.0, "mid": 210.0, "luxury": 480.0}
US_MEAL = {"budget": 16.0, "mid": 38.0, "upscale": 95.0}
US_BREAKFAST = 12.0
US_TRANSIT_RIDE = 2.9
US_TAXI_BASE, US_TAXI_PER_KM = 3.5, 2.2


class DataError(RuntimeError):
    """A data file is missing or breaks its schema; the message names the file and the field."""


# ------------------------------------------------------------------------------------------------ schema


def parse_interval(text: str) -> tuple[int, int]:
    """'09:30-18:00' -> (570, 1080) minutes after midnight."""
    found = _INTERVAL.match(text)
    if not found:
        raise ValueError(f"malformed opening interval {text!r} (want HH:MM-HH:MM)")
    start = int(found.group(1)) * 60 + int(found.group(2))
    end = 1440 if found.group(3) == "24:00" else int(found.group(4)) * 60 + int(found.group(5))
    if end <= start:
        raise ValueError(f"interval {text!r} ends before it starts")
    return start, end


class WeeklyHours(BaseModel):
    mon: list[str]
    tue: list[str]
    wed: list[str]
    thu: list[str]
    fri: list[str]
    sat: list[str]
    sun: list[str]
    _minutes: tuple[tuple[tuple[int, int], ...], ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _check_intervals(self) -> WeeklyHours:
        parsed = []
        for day in WEEKDAYS:
            intervals = tuple(parse_interval(text) for text in getattr(self, day))
            for (_, end), (start, _) in itertools.pairwise(intervals):
                if start < end:
                    raise ValueError(f"{day}: intervals overlap or are not in order")
            parsed.append(intervals)
        self._minutes = tuple(parsed)  # parsed once: the planner asks for them thousands of times a plan
        return self

    def intervals(self, weekday: int) -> tuple[tuple[int, int], ...]:
        """Opening intervals in minutes for a weekday (0 = Monday)."""
        return self._minutes[weekday]

    def describe(self, weekday: int) -> str:
        texts = getattr(self, WEEKDAYS[weekday])
        if texts == ["00:00-24:00"]:
            return "Open 24 hours"
        return ", ".join(texts) if texts else "Closed"


class _PlaceRecord(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str = Field(min_length=2, max_length=120)
    local_name: str | None = None
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    rating: float = Field(ge=1, le=5)
    reviews: int = Field(ge=0)
    description: str = Field(min_length=10, max_length=240)

    @property
    def quality_score(self) -> float:
        """The seed's quality form: rating x min(reviews / 100, 10)."""
        return round(self.rating * min(self.reviews / 100, 10), 2)


class AttractionRecord(_PlaceRecord):
    kind: Literal["attraction", "activity"]
    category: str
    visit_minutes: int = Field(ge=15, le=600)
    hours: WeeklyHours
    price: float = Field(ge=0)
    tags: list[str] = Field(min_length=1, max_length=5)

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"unknown category {value!r}")
        return value

    @field_validator("tags")
    @classmethod
    def _known_tags(cls, value: list[str]) -> list[str]:
        unknown = set(value) - set(INTERESTS)
        if unknown:
            raise ValueError(f"unknown tags {sorted(unknown)}")
        return value


class RestaurantRecord(_PlaceRecord):
    cuisine: str
    band: Literal["budget", "mid", "upscale"]
    meal_price: float = Field(gt=0)
    hours: WeeklyHours
    tags: list[str] = Field(default_factory=list)


class HotelRecord(_PlaceRecord):
    band: Literal["budget", "mid", "luxury"]
    district: str
    nightly_price: float = Field(gt=0)


class District(BaseModel):
    name: str
    lat: float
    lng: float


class LatLng(BaseModel):
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


class CuratedDestination(BaseModel):
    schema_version: Literal[1]
    id: str
    name: str
    local_name: str | None = None
    gazetteer_name: str | None = None  # GeoNames' name when travelers use another (Sevilla for Seville)
    country_code: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    timezone: str
    center: LatLng
    description: str
    districts: list[District] = Field(min_length=1)
    attractions: list[AttractionRecord] = Field(min_length=15)
    restaurants: list[RestaurantRecord] = Field(min_length=6)
    hotels: list[HotelRecord] = Field(min_length=3)

    @model_validator(mode="after")
    def _check_consistency(self) -> CuratedDestination:
        everything = [*self.attractions, *self.restaurants, *self.hotels]
        ids = [p.id for p in everything]
        duplicated = {i for i in ids if ids.count(i) > 1}
        if duplicated:
            raise ValueError(f"duplicated ids {sorted(duplicated)}")
        names = [p.name for p in self.attractions]
        if len(set(names)) != len(names):
            raise ValueError("duplicated attraction names")
        for place in everything:
            distance = haversine_km(self.center.lat, self.center.lng, place.lat, place.lng)
            if distance > MAX_DISTANCE_FROM_CENTER_KM:
                raise ValueError(f"{place.id} is {distance:.0f} km from the centre")
        districts = {d.name for d in self.districts}
        for hotel in self.hotels:
            if hotel.district not in districts:
                raise ValueError(f"hotel {hotel.id} names unknown district {hotel.district!r}")
        return self


# ------------------------------------------------------------------------------------------------ geometry


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# ------------------------------------------------------------------------------------------------ catalogue


@dataclass(frozen=True)
class CatalogPlace:
    """One place as the planner sees it, prices already in the itinerary currency."""

    id: str
    name: str
    kind: Literal["attraction", "activity", "restaurant", "hotel"]
    category: str
    lat: float
    lng: float
    description: str
    quality_score: float
    rating: float | None
    hours: WeeklyHours | None  # None: no fixed hours (a neighbourhood to walk)
    visit_minutes: int = 0
    price: float = 0.0  # entry per person / meal per person / room per night
    band: str | None = None
    district: str | None = None
    local_name: str | None = None
    tags: tuple[str, ...] = ()
    estimated: bool = False
    local_price: float | None = None  # the same price in the destination's currency, as the venue charges it


@dataclass
class PlaceCatalog:
    """Everything the planner needs to know about one destination, in one currency."""

    destination_name: str
    source: Literal["curated", "gazetteer", "google"]
    currency: str
    local_currency: str
    price_level: float
    center: tuple[float, float]
    attractions: list[CatalogPlace]
    restaurants: list[CatalogPlace]
    hotels: list[CatalogPlace]
    notes: list[str] = field(default_factory=list)
    transit_ride: float = 0.0  # one public-transport ride, per person
    taxi_base: float = 0.0
    taxi_per_km: float = 0.0
    breakfast: float = 0.0  # per person

    def hotels_in_band(self, band: str) -> list[CatalogPlace]:
        return [h for h in self.hotels if h.band == band]

    def restaurants_in_band(self, band: str) -> list[CatalogPlace]:
        return [r for r in self.restaurants if r.band == band]


class PlacesProvider(Protocol):
    """What the itinerary service asks of any data source (offline dataset or Google)."""

    async def catalog(self, destination: Destination, currency: str) -> PlaceCatalog: ...


# ------------------------------------------------------------------------------------------------ reference data


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _load_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        raise DataError(f"{_shown(path)}: {error}") from error


class Money:
    """Exchange rates (units per USD) and country price levels (US = 1.0)."""

    def __init__(self) -> None:
        self.rates: dict[str, float] = _load_json(REFERENCE_DIR / "fx_rates.json")["rates"]
        self.price_levels: dict[str, float] = _load_json(REFERENCE_DIR / "price_levels.json")["levels"]

    def supports(self, currency: str) -> bool:
        return currency in self.rates

    def convert(self, amount: float, source: str, target: str) -> float:
        if source == target:
            return amount
        return amount / self.rates[source] * self.rates[target]

    def price_level(self, country_code: str) -> float:
        return self.price_levels.get(country_code, 0.6)

    def us_priced(self, amount_usd: float, country_code: str, currency: str) -> float:
        """A US-level price moved to another country's price level and expressed in `currency`."""
        return self.convert(amount_usd * self.price_level(country_code), "USD", currency)


# ------------------------------------------------------------------------------------------------ flights


@dataclass(frozen=True)
class Airport:
    iata: str
    name: str
    city: str
    country: str
    lat: float
    lng: float


class AirportIndex:
    """The large airports (data/reference/major_airports.json) with coordinates from airportsdata."""

    def __init__(self) -> None:
        known = airportsdata.load("IATA")
        codes = _load_json(REFERENCE_DIR / "major_airports.json")["iata"]
        self.airports = [
            Airport(code, known[code]["name"], known[code]["city"], known[code]["country"],
                    known[code]["lat"], known[code]["lon"])
            for code in codes if code in known
        ]
        self._lat = np.radians([a.lat for a in self.airports])
        self._lng = np.radians([a.lng for a in self.airports])

    def nearest(self, lat: float, lng: float) -> tuple[Airport, float]:
        phi, lam = math.radians(lat), math.radians(lng)
        a = np.sin((self._lat - phi) / 2) ** 2 + np.cos(phi) * np.cos(self._lat) * np.sin((self._lng - lam) / 2) ** 2
        distances = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))
        best = int(np.argmin(distances))
        return self.airports[best], float(distances[best])


def round_trip_fare_usd(distance_km: float) -> float:
    """Cheapest typical economy round trip for a great-circle distance: short hops cost more per km."""
    return 70.0 + 0.16 * distance_km**0.93


# ------------------------------------------------------------------------------------------------ providers


class OfflineProvider:
    """The embedded default: curated places where we have them, an honest gazetteer catalogue elsewhere."""

    def __init__(self, gazetteer: Gazetteer, curated: dict[str, CuratedDestination], money: Money):
        self.gazetteer = gazetteer
        self.curated = curated
        self.money = money

    async def catalog(self, destination: Destination, currency: str) -> PlaceCatalog:
        if destination.curated_id and destination.curated_id in self.curated:
            return self._curated_catalog(self.curated[destination.curated_id], currency)
        # a vectorised scan of 235,000 places: a few milliseconds of CPU, kept off the event loop
        return await asyncio.to_thread(self._gazetteer_catalog, destination, currency)

    def _common(self, country_code: str, currency: str) -> dict:
        priced = self.money.us_priced
        return {
            "price_level": self.money.price_level(country_code),
            "transit_ride": priced(US_TRANSIT_RIDE, country_code, currency),
            "taxi_base": priced(US_TAXI_BASE, country_code, currency),
            "taxi_per_km": priced(US_TAXI_PER_KM, country_code, currency),
            "breakfast": priced(US_BREAKFAST, country_code, currency),
        }

    def _curated_catalog(self, data: CuratedDestination, currency: str) -> PlaceCatalog:
        def local(amount: float) -> float:
            return self.money.convert(amount, data.currency, currency)

        attractions = [
            CatalogPlace(
                id=a.id, name=a.name, kind=a.kind, category=a.category, lat=a.lat, lng=a.lng,
                description=a.description, quality_score=a.quality_score, rating=a.rating, hours=a.hours,
                visit_minutes=a.visit_minutes, price=local(a.price), local_name=a.local_name, tags=tuple(a.tags),
                local_price=a.price,
            )
            for a in data.attractions
        ]
        restaurants = [
            CatalogPlace(
                id=r.id, name=r.name, kind="restaurant", category=r.cuisine, lat=r.lat, lng=r.lng,
                description=r.description, quality_score=r.quality_score, rating=r.rating, hours=r.hours,
                visit_minutes=75 if r.band == "budget" else 90, price=local(r.meal_price), band=r.band,
                local_name=r.local_name, tags=tuple(r.tags), local_price=r.meal_price,
            )
            for r in data.restaurants
        ]
        hotels = [
            CatalogPlace(
                id=h.id, name=h.name, kind="hotel", category=f"{h.band} hotel", lat=h.lat, lng=h.lng,
                description=h.description, quality_score=h.quality_score, rating=h.rating, hours=None,
                price=local(h.nightly_price), band=h.band, district=h.district, local_name=h.local_name,
                local_price=h.nightly_price,
            )
            for h in data.hotels
        ]
        return PlaceCatalog(
            destination_name=data.name, source="curated", currency=currency, local_currency=data.currency,
            center=(data.center.lat, data.center.lng), attractions=attractions, restaurants=restaurants,
            hotels=hotels, **self._common(data.country_code, currency),
        )

    def _gazetteer_catalog(self, destination: Destination, currency: str) -> PlaceCatalog:
        """No curated places: neighbourhoods and nearby towns from GeoNames, prices from the price level."""
        code = destination.country_code
        center = (destination.coordinates.lat, destination.coordinates.lng)
        areas = self._nearby_areas(center, destination.name)
        priced = self.money.us_priced
        attractions = [
            CatalogPlace(
                id=f"area-{i}", name=name if i else f"Centre of {destination.name}",
                kind="attraction", category="neighborhood", lat=lat, lng=lng,
                description=(f"Self-guided walk through {name}, {distance:.0f} km from the centre."
                             if i else f"Self-guided walk around the historic centre of {destination.name}."),
                quality_score=round(40.0 - min(distance, 30.0) / 2, 2), rating=None, hours=None,
                visit_minutes=150 if i else 180, price=0.0, tags=("culture", "architecture"), estimated=True,
            )
            for i, (name, lat, lng, distance) in enumerate(areas)
        ]
        restaurants, hotels = [], []
        for i, (name, lat, lng, _) in enumerate(areas):  # a meal near every stop
            for band in ("budget", "mid", "upscale"):
                restaurants.append(CatalogPlace(
                    id=f"meal-{band}-{i}", name=f"{band.title()} restaurant in {name}", kind="restaurant",
                    category="local cuisine", lat=lat, lng=lng,
                    description=f"A {band} local restaurant in {name} (estimated price, not a specific venue).",
                    quality_score=0.0, rating=None, hours=None, visit_minutes=75 if band == "budget" else 90,
                    price=priced(US_MEAL[band], code, currency), band=band, estimated=True,
                ))
        for band in ("budget", "mid", "luxury"):
            hotels.append(CatalogPlace(
                id=f"hotel-{band}", name=f"{band.title()} hotel in central {destination.name}", kind="hotel",
                category=f"{band} hotel", lat=center[0], lng=center[1],
                description=f"A {band} hotel near the centre (estimated price, not a specific hotel).",
                quality_score=0.0, rating=None, hours=None, price=priced(US_HOTEL_NIGHT[band], code, currency),
                band=band, district="Centre", estimated=True,
            ))
        return PlaceCatalog(
            destination_name=destination.name, source="gazetteer", currency=currency,
            local_currency=self._local_currency(code), center=center, attractions=attractions,
            restaurants=restaurants, hotels=hotels,
            notes=[
                f"We have no curated places for {destination.name} yet: the stops are its centre, neighbourhoods "
                "and nearby towns from the GeoNames gazetteer, and prices are estimates from the country's price "
                "level.",
                "Set GOOGLE_PLACES_API_KEY to plan with live Google Places data (real venues, hours and ratings).",
            ],
            **self._common(code, currency),
        )

    def _local_currency(self, country_code: str) -> str:
        info = self.gazetteer.country_info.get(country_code, {})
        return info.get("currencycode") or "USD"

    def _nearby_areas(self, center: tuple[float, float], name: str,
                      limit: int = 24) -> list[tuple[str, float, float, float]]:
        """The centre, then the biggest distinct places within 30 km, nearest-biggest first."""
        g = self.gazetteer
        lat = np.frombuffer(g.lat, dtype=np.float64)
        lng = np.frombuffer(g.lng, dtype=np.float64)
        phi, lam = math.radians(center[0]), math.radians(center[1])
        rlat, rlng = np.radians(lat), np.radians(lng)
        a = np.sin((rlat - phi) / 2) ** 2 + np.cos(phi) * np.cos(rlat) * np.sin((rlng - lam) / 2) ** 2
        distance = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))
        near = np.nonzero((distance < 30.0) & (distance > 0.8))[0]  # index order = population order
        areas = [(name, center[0], center[1], 0.0)]
        seen = {normalize(name)}
        for index in near:
            key = normalize(g.names[index])
            if key in seen:
                continue
            seen.add(key)
            areas.append((g.names[index], float(lat[index]), float(lng[index]), float(distance[index])))
            if len(areas) >= limit:
                break
        return areas


# ------------------------------------------------------------------------------------------------ loading


def load_curated(directory: Path = PLACES_DIR) -> dict[str, CuratedDestination]:
    """Every curated destination file, validated; a broken file stops start-up with its name and field."""
    curated: dict[str, CuratedDestination] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            data = CuratedDestination.model_validate(_load_json(path))
        except ValidationError as error:
            raise DataError(f"{_shown(path)}: {error}") from error
        if data.id != path.stem:
            raise DataError(f"{_shown(path)}: id {data.id!r} differs from the file name")
        curated[data.id] = data
    return curated


CONTINENTS = {"AF": "Africa", "AN": "Antarctica", "AS": "Asia", "EU": "Europe", "NA": "North America",
              "OC": "Oceania", "SA": "South America"}


def curated_summaries(curated: dict[str, CuratedDestination], gazetteer: Gazetteer) -> list[CuratedSummary]:
    """The curated set as the form and the README list it: by continent, then name."""
    summaries = []
    for data in curated.values():
        info = gazetteer.country_info.get(data.country_code, {})
        activities = sum(a.kind == "activity" for a in data.attractions)
        summaries.append(CuratedSummary(
            id=data.id, name=data.name, local_name=data.local_name, country=gazetteer.country_name(data.country_code),
            country_code=data.country_code, continent=CONTINENTS.get(info.get("continentcode", ""), "Other"),
            description=data.description, center=Coordinates(lat=data.center.lat, lng=data.center.lng),
            districts=[d.name for d in data.districts], attractions=len(data.attractions) - activities,
            activities=activities, restaurants=len(data.restaurants), hotels=len(data.hotels),
        ))
    return sorted(summaries, key=lambda s: (s.continent, s.name))


def curated_keys(curated: dict[str, CuratedDestination]) -> dict[tuple[str, str], str]:
    """(normalized name, country) -> dataset id, how the gazetteer recognises curated cities."""
    return {(normalize(d.gazetteer_name or d.name), d.country_code): d.id for d in curated.values()}


class FlightEstimator:
    """Round-trip economy estimates from the great-circle distance between the nearest large airports."""

    def __init__(self, money: Money):
        self.money = money

    @cached_property
    def airports(self) -> AirportIndex:
        return AirportIndex()

    def estimate(self, origin: Destination, destination: Destination, currency: str) -> Flights | None:
        start, _ = self.airports.nearest(origin.coordinates.lat, origin.coordinates.lng)
        end, _ = self.airports.nearest(destination.coordinates.lat, destination.coordinates.lng)
        if start.iata == end.iata:
            return None
        distance = haversine_km(start.lat, start.lng, end.lat, end.lng)
        cheapest = self.money.convert(round_trip_fare_usd(distance), "USD", currency)
        options = [
            FlightOption(label=label, origin_airport=start.iata, destination_airport=end.iata,
                         distance_km=round(distance, 1), price_per_person=round(cheapest * factor, 2))
            for label, factor in (("Economy, flexible dates", 1.0), ("Economy, fixed dates", 1.3),
                                  ("Premium economy", 2.2))
        ]
        return Flights(origin=f"{origin.name}, {origin.country}", origin_airport=f"{start.iata} ({start.name})",
                       destination_airport=f"{end.iata} ({end.name})", distance_km=round(distance, 1),
                       options=options)
