"""Shared Pydantic models: the API's request and response shapes and the itinerary object (PRODUCT.md section 2)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Pace = Literal["relaxed", "moderate", "high"]
Interest = Literal[
    "culture", "history", "art", "architecture", "food", "nature", "nightlife", "shopping", "family",
    "adventure", "relaxation", "views",
]
INTERESTS: tuple[str, ...] = Interest.__args__  # type: ignore[attr-defined]
StopKind = Literal["attraction", "activity", "meal", "hotel", "transfer"]
TravelMode = Literal["walk", "transit", "taxi"]
BudgetCategory = Literal["flights", "hotels", "food", "travel", "activities", "buffer"]
BUDGET_CATEGORIES: tuple[str, ...] = BudgetCategory.__args__  # type: ignore[attr-defined]


class Coordinates(BaseModel):
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


class Destination(BaseModel):
    """A resolved destination: what the traveler typed, and the place we took it to mean."""

    name: str
    country: str
    country_code: str
    region: str | None = None
    description: str
    timezone: str
    coordinates: Coordinates
    population: int | None = None
    original_input: str
    was_country: bool = False
    suggested_city: str | None = None
    match: Literal["city", "country", "region", "nickname", "spelling", "curated"] = "city"
    curated: bool = False
    curated_id: str | None = None
    alternatives: list[str] = Field(default_factory=list)


class DestinationSuggestion(BaseModel):
    label: str
    name: str
    country: str
    country_code: str
    kind: Literal["city", "country", "region", "nickname"]
    curated: bool = False


class CuratedSummary(BaseModel):
    """One destination of the offline curated dataset, as listed by GET /api/destinations/curated."""

    id: str
    name: str
    local_name: str | None = None
    country: str
    country_code: str
    continent: str
    description: str
    center: Coordinates
    districts: list[str]
    attractions: int
    activities: int
    restaurants: int
    hotels: int


# ---------------------------------------------------------------------------------------------- requests


class ItineraryRequest(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    destination: str = Field(min_length=1, max_length=200, description="Free text: city, country, nickname...")
    budget: float = Field(gt=0, le=10_000_000, description="Total trip budget in `currency`")
    duration: int = Field(ge=1, le=30, description="Days")
    travelers: int = Field(ge=1, le=20)
    activity_preference: Pace = "moderate"
    include_flights: bool = False
    include_hotels: bool = True
    user_location: str | None = Field(default=None, max_length=200, description="Origin city for flights")
    start_date: dt.date | None = None
    interests: list[Interest] = Field(default_factory=list, max_length=12)
    currency: str = Field(default="USD", min_length=3, max_length=3)

    @field_validator("currency")
    @classmethod
    def _upper_currency(cls, value: str) -> str:
        return value.upper()

    @field_validator("start_date")
    @classmethod
    def _plausible_start(cls, value: dt.date | None) -> dt.date | None:
        # a day of slack for travelers whose today is still yesterday in UTC
        if value is not None and value < dt.date.today() - dt.timedelta(days=1):
            raise ValueError("must not be in the past")
        if value is not None and value > dt.date.today() + dt.timedelta(days=3 * 365):
            raise ValueError("must be within three years")
        return value


class ValidateBudgetRequest(ItineraryRequest):
    pass


class ChatRequest(BaseModel):
    itinerary_id: str = Field(min_length=1, max_length=64)
    message: str = Field(min_length=1, max_length=2000)
    conversation_history: list[dict[str, str]] = Field(default_factory=list, max_length=50)


class ReallocateBudgetRequest(BaseModel):
    itinerary_id: str = Field(min_length=1, max_length=64)
    selected_categories: list[BudgetCategory] = Field(min_length=1, max_length=6)


# ---------------------------------------------------------------------------------------------- itinerary


class BudgetLine(BaseModel):
    amount: float
    percentage: float


class BudgetBreakdown(BaseModel):
    categories: dict[BudgetCategory, BudgetLine]
    total_allocated: float
    remaining_budget: float
    notes: dict[str, str] = Field(default_factory=dict)


class TravelLeg(BaseModel):
    minutes: int
    mode: TravelMode
    distance_km: float
    cost: float = 0.0


class Stop(BaseModel):
    start: str  # "HH:MM" local time
    end: str
    kind: StopKind
    place_id: str | None = None
    name: str
    description: str = ""
    category: str = ""
    location: Coordinates
    cost: float = 0.0  # for the whole party, in the itinerary currency
    photo_url: str | None = None
    opening_hours: str | None = None
    tags: list[str] = Field(default_factory=list)
    travel_from_previous: TravelLeg | None = None


class DayStats(BaseModel):
    travel_minutes: int
    walking_km: float
    idle_minutes: int
    visits: int


class DayPlan(BaseModel):
    day: int
    date: dt.date
    weekday: str
    title: str
    summary: str
    hotel: str | None = None
    stops: list[Stop]
    day_cost: float
    stats: DayStats


class Place(BaseModel):
    """A hotel, restaurant or attraction as shown in the itinerary's lists."""

    id: str
    name: str
    local_name: str | None = None
    category: str
    description: str
    location: Coordinates
    rating: float | None = None
    price: float | None = None  # itinerary currency: per night (hotel), per meal (restaurant), entry (attraction)
    local_price: float | None = None  # the same price as the venue charges it, in `local_currency`
    local_currency: str | None = None
    price_band: str | None = None
    district: str | None = None
    quality_score: float | None = None
    photo_url: str | None = None


class FlightOption(BaseModel):
    label: str
    origin_airport: str
    destination_airport: str
    distance_km: float
    price_per_person: float  # round trip, itinerary currency
    estimated: bool = True


class Flights(BaseModel):
    origin: str
    origin_airport: str
    destination_airport: str
    distance_km: float
    options: list[FlightOption]


class Sources(BaseModel):
    places: Literal["curated", "gazetteer", "google"]
    planner: str
    narrative: Literal["template", "openai"]
    geocoding: Literal["gazetteer", "google"]
    label: str
    notes: list[str] = Field(default_factory=list)


class PlanCheck(BaseModel):
    """The feasibility checker's verdict on this plan, made independently of the planner before it is returned."""

    passed: bool
    rules: list[str]
    problems: list[str] = Field(default_factory=list)


class Itinerary(BaseModel):
    destination: Destination
    start_date: dt.date
    end_date: dt.date
    duration: int
    travelers: int
    total_budget: float
    currency: str
    activity_preference: Pace
    interests: list[str]
    include_flights: bool
    include_hotels: bool
    user_location: str | None = None
    budget_breakdown: BudgetBreakdown
    daily_activities: list[DayPlan]
    attractions_summary: str
    hotels: list[Place]
    restaurants: list[Place]
    attractions: list[Place]
    flights: Flights | None = None
    sources: Sources
    feasibility: PlanCheck | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


class ItineraryResponse(BaseModel):
    itinerary_id: str
    itinerary: Itinerary


class BudgetValidation(BaseModel):
    valid: bool
    minimum_budget: float
    current_budget: float
    currency: str
    breakdown: dict[str, float]
    message: str
    suggestions: list[dict[str, object]] = Field(default_factory=list)


class ReallocateBudgetResponse(BaseModel):
    success: bool
    budget_breakdown: BudgetBreakdown
