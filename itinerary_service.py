"""The trip pipeline: resolve -> gather places -> budget -> plan days -> words, and the plan's feasibility check."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import itertools
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from demo_data import CatalogPlace, FlightEstimator, Money, PlaceCatalog, PlacesProvider, haversine_km, parse_interval
from destination_parser import DestinationNotFound, DestinationParser
from models import (
    BUDGET_CATEGORIES,
    BudgetBreakdown,
    BudgetLine,
    BudgetValidation,
    Coordinates,
    DayPlan,
    DayStats,
    Destination,
    Flights,
    Itinerary,
    ItineraryRequest,
    Place,
    Sources,
    Stop,
    TravelLeg,
)

MINIMUM_BUDGET_RATIO = 0.9  # a budget below 90% of the realistic minimum is refused
TIGHT_BUDGET_RATIO = 1.3  # below 130% of the minimum: cheapest hotel, and the plan may still run a little over
HOTEL_SHARE, FOOD_SHARE = 0.40, 0.35  # the seed's caps, of what remains at each step
TRAVEL_SHARE, ACTIVITIES_SHARE, BUFFER_SHARE = 0.20, 0.35, 0.10
LUNCH_WINDOW = (11 * 60 + 30, 14 * 60 + 30)  # a meal starts inside its window
DINNER_WINDOW = (18 * 60, 21 * 60 + 30)
TRAVEL_KEPT_FOR_LATER = 0.7  # of the later days' even share of the travel budget, so no day is left walking
MINIMUM_VISITS_PER_DAY = {"relaxed": 2, "moderate": 3, "high": 4}
MEALS = {"Lunch": LUNCH_WINDOW, "Dinner": DINNER_WINDOW}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class InsufficientBudget(Exception):
    def __init__(self, validation: BudgetValidation, breakdown: dict[str, float]):
        super().__init__(validation.message)
        self.validation = validation
        self.breakdown = breakdown


class UnsupportedCurrency(ValueError):
    pass


class OriginRequired(ValueError):
    pass


# ------------------------------------------------------------------------------------------------ travel time


@dataclass(frozen=True)
class Pace:
    day_start: int  # minutes after midnight, leaving the hotel
    day_end: int  # back at the hotel
    max_visits: int
    slack: int  # minutes of breathing room added to every move

    @property
    def time_budget(self) -> int:
        return self.day_end - self.day_start


PACES = {
    "relaxed": Pace(day_start=9 * 60 + 30, day_end=21 * 60 + 30, max_visits=3, slack=10),
    "moderate": Pace(day_start=9 * 60, day_end=22 * 60, max_visits=5, slack=5),
    "high": Pace(day_start=8 * 60, day_end=22 * 60 + 30, max_visits=7, slack=0),
}

DETOUR_FACTOR = 1.3  # streets are longer than straight lines
SPEED_KMH = {"walk": 4.5, "transit": 22.0, "taxi": 28.0}
OVERHEAD_MIN = {"walk": 0, "transit": 8, "taxi": 5}  # reaching the stop and waiting / hailing
WALK_MAX_KM, TRANSIT_MAX_KM, FALLBACK_WALK_MAX_KM = 1.5, 20.0, 4.0


@functools.lru_cache(maxsize=65_536)  # the same few hundred pairs of places, asked for thousands of times a plan
def route_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    return round(haversine_km(lat1, lng1, lat2, lng2) * DETOUR_FACTOR, 2)


def leg_minutes(mode: str, km: float) -> int:
    """How long a move takes: the one travel-time function of the planner and the checker, so that a routing
    service can replace it later."""
    if km < 0.05:
        return 0
    return max(2, OVERHEAD_MIN[mode] + math.ceil(km / SPEED_KMH[mode] * 60))


def preferred_mode(km: float) -> str:
    """Walk short hops, public transport across town, a taxi beyond."""
    if km <= WALK_MAX_KM:
        return "walk"
    return "transit" if km <= TRANSIT_MAX_KM else "taxi"


def travel_leg(lat1: float, lng1: float, lat2: float, lng2: float) -> tuple[str, int, float]:
    """(mode, minutes, route km) of the usual way between two points."""
    km = route_km(lat1, lng1, lat2, lng2)
    mode = preferred_mode(km)
    return mode, leg_minutes(mode, km), km


def leg_cost(mode: str, km: float, travelers: int, catalog: PlaceCatalog) -> float:
    if mode == "transit":
        return catalog.transit_ride * travelers * (1 if km <= 12 else 2)
    if mode == "taxi":
        return (catalog.taxi_base + catalog.taxi_per_km * km) * math.ceil(travelers / 4)
    return 0.0


# ------------------------------------------------------------------------------------------------ money


def cents(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money(value: float) -> float:
    return float(cents(value))


def rooms_for(travelers: int) -> int:
    return math.ceil(travelers / 2)


def _average(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


@dataclass
class CostModel:
    """Per-unit costs for one destination and party, taken from the catalogue."""

    catalog: PlaceCatalog
    travelers: int
    duration: int
    flight_per_person: float

    @property
    def nights(self) -> int:
        return self.duration  # every planned day begins and ends at the hotel

    def hotel_total(self, band: str) -> float:
        hotels = self.catalog.hotels_in_band(band)
        return _average([h.price for h in hotels]) * self.nights * rooms_for(self.travelers)

    def cheapest_hotel_total(self) -> float:
        return min(h.price for h in self.catalog.hotels) * self.nights * rooms_for(self.travelers)

    def meal_price(self, band: str) -> float:
        return _average([r.price for r in self.catalog.restaurants_in_band(band)])

    def food_total(self, band: str) -> float:
        lunch_band = "budget" if band == "budget" else "mid" if band == "upscale" else "budget"
        lunch = self.meal_price(lunch_band) or self.meal_price(band)
        per_day = self.catalog.breakfast + lunch + self.meal_price(band)
        return per_day * self.duration * self.travelers

    def cheapest_food_total(self) -> float:
        """Breakfast plus two meals at the budget band's typical price: the single cheapest venue is rarely
        open, or near, at both mealtimes."""
        return self.food_total("budget")

    def travel_need(self, pace: str) -> float:
        """Local transport: a transit ride per move, a taxi across town once a day."""
        rides = PACES[pace].max_visits + 2
        per_day = rides * self.catalog.transit_ride * self.travelers
        per_day += (self.catalog.taxi_base + self.catalog.taxi_per_km * 8) * math.ceil(self.travelers / 4)
        return per_day * self.duration

    def minimum_travel(self) -> float:
        return 2 * self.catalog.transit_ride * self.travelers * self.duration

    def minimum_activities(self, pace: str) -> float:
        """The cheapest visits that still fill the pace's days (most cities have free sights)."""
        prices = sorted(a.price for a in self.catalog.attractions)
        needed = min(len(prices), MINIMUM_VISITS_PER_DAY[pace] * self.duration)
        return sum(prices[:needed]) * self.travelers


def minimum_breakdown(costs: CostModel, request: ItineraryRequest) -> dict[str, float]:
    """The realistic minimum: cheapest flight, hotel and meals, two rides a day, the cheapest visits."""
    return {
        "flights": costs.flight_per_person * costs.travelers if request.include_flights else 0.0,
        "hotels": costs.cheapest_hotel_total() if request.include_hotels else 0.0,
        "food": costs.cheapest_food_total(),
        "travel": costs.minimum_travel(),
        "activities": costs.minimum_activities(request.activity_preference),
    }


def allocate_budget(total: float, costs: CostModel,
                    request: ItineraryRequest) -> tuple[BudgetBreakdown, dict[str, str]]:
    """The seed's algorithm on real prices: flights, then the best hotel and restaurant bands the caps allow,
    then travel / activities / buffer as shares of what remains (never less than the plan needs).
    Returns the breakdown and the chosen bands."""
    amounts: dict[str, Decimal] = {c: Decimal("0.00") for c in BUDGET_CATEGORIES}
    total_cents = cents(total)
    remaining = total
    if request.include_flights:
        amounts["flights"] = cents(costs.flight_per_person * costs.travelers)
        remaining -= float(amounts["flights"])
    bands = {"hotel": "budget", "food": "budget"}
    if request.include_hotels:
        bands["hotel"] = _best_band(("luxury", "mid", "budget"), costs.hotel_total, HOTEL_SHARE * remaining)
        amounts["hotels"] = cents(costs.hotel_total(bands["hotel"]))
        remaining -= float(amounts["hotels"])
    bands["food"] = _best_band(("upscale", "mid", "budget"), costs.food_total, FOOD_SHARE * max(remaining, 0))
    amounts["food"] = cents(costs.food_total(bands["food"]))
    remaining = max(remaining - float(amounts["food"]), 0.0)
    travel_need = min(costs.travel_need(request.activity_preference), remaining * 0.5)
    amounts["travel"] = cents(max(TRAVEL_SHARE * remaining, travel_need))
    amounts["activities"] = cents(ACTIVITIES_SHARE * remaining)
    amounts["buffer"] = cents(BUFFER_SHARE * remaining)
    return _breakdown(total_cents, amounts), bands


def _best_band(bands: tuple[str, ...], cost, cap: float) -> str:
    for band in bands:
        if cost(band) and cost(band) <= cap:
            return band
    return bands[-1]


def _breakdown(total: Decimal, amounts: dict[str, Decimal], notes: dict[str, str] | None = None) -> BudgetBreakdown:
    allocated = sum(amounts.values(), Decimal("0.00"))
    return BudgetBreakdown(
        categories={
            c: BudgetLine(amount=float(amounts[c]),
                          percentage=float((amounts[c] / total * 100).quantize(Decimal("0.1"))) if total else 0.0)
            for c in BUDGET_CATEGORIES
        },
        total_allocated=float(allocated),
        remaining_budget=float(total - allocated),
        notes=notes or {},
    )


def set_category(breakdown: BudgetBreakdown, total: float, category: str, amount: float) -> BudgetBreakdown:
    amounts = {c: cents(breakdown.categories[c].amount) for c in BUDGET_CATEGORIES}
    amounts[category] = cents(amount)
    return _breakdown(cents(total), amounts, breakdown.notes)


def reallocate(breakdown: BudgetBreakdown, total: float, categories: list[str]) -> BudgetBreakdown:
    """Share the unallocated remainder among the chosen categories (equally, to the cent; the first take the odd
    cents), so that categories plus remainder still add up to the total."""
    amounts = {c: cents(breakdown.categories[c].amount) for c in BUDGET_CATEGORIES}
    remaining = cents(total) - sum(amounts.values(), Decimal("0.00"))
    chosen = list(dict.fromkeys(categories))
    if remaining > 0 and chosen:
        share = (remaining / len(chosen)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        odd_cents = int((remaining - share * len(chosen)) * 100)
        for position, category in enumerate(chosen):
            amounts[category] += share + (Decimal("0.01") if position < odd_cents else 0)
    return _breakdown(cents(total), amounts, breakdown.notes)


# ------------------------------------------------------------------------------------------------ planner


@dataclass
class Spend:
    """What the plan may still spend per category, for the whole trip."""

    activities: float
    food: float
    travel: float


@dataclass
class DayState:
    day: int
    weekday: int
    time: int
    lat: float
    lng: float
    stops: list[Stop] = field(default_factory=list)
    lunch: bool = False
    dinner: bool = False
    visits: int = 0
    quota: int = 0


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _open_slot(place: CatalogPlace, weekday: int, arrive: int, duration: int) -> int | None:
    """Earliest start >= arrive such that the whole visit fits one opening interval, or None."""
    if place.hours is None:
        return arrive
    for start, end in place.hours.intervals(weekday):
        begin = max(arrive, start)
        if begin + duration <= end:
            return begin
    return None


class DayPlanner:
    """Greedy time-window planner: each day from the hotel, the best-value open place next, meals in their windows,
    back to the hotel before the pace's day ends. Feasible by construction; `check_itinerary` verifies it."""

    def __init__(self, catalog: PlaceCatalog, request: ItineraryRequest, hotel: CatalogPlace,
                 spend: Spend, food_band: str, start_date: dt.date, frugal: bool = False):
        self.catalog = catalog
        self.request = request
        self.hotel = hotel
        self.spend = spend
        self.pace = PACES[request.activity_preference]
        self.start_date = start_date
        self.used: set[str] = set()
        self.used_restaurants: set[str] = set()
        allowed = {"budget": ["budget"], "mid": ["budget", "mid"], "upscale": ["budget", "mid", "upscale"]}[food_band]
        self.restaurants = [r for r in catalog.restaurants if r.band in allowed] or list(catalog.restaurants)
        self.frugal = frugal  # a tight budget: the cheapest restaurant nearby, not the nicest
        self.travel_floor = 0.0  # travel money kept for the days after this one
        self.interests = set(request.interests)

    def plan(self) -> list[DayPlan]:
        self.spend.food -= self.catalog.breakfast * self.request.travelers * self.request.duration
        return [self._plan_day(offset + 1, self.start_date + dt.timedelta(days=offset))
                for offset in range(self.request.duration)]

    # ---------------------------------------------------------------------------- one day

    def _plan_day(self, number: int, date: dt.date) -> DayPlan:
        weekday = date.weekday()
        state = DayState(day=number, weekday=weekday, time=self.pace.day_start, lat=self.hotel.lat,
                         lng=self.hotel.lng, quota=self._day_quota(number))
        days_left = self.request.duration - number + 1
        self.travel_floor = self.spend.travel * (days_left - 1) / days_left * TRAVEL_KEPT_FOR_LATER
        state.stops.append(self._hotel_stop(state.time, "Leave the hotel", None))
        while True:
            meal = None if state.lunch and state.dinner else ("Lunch" if not state.lunch else "Dinner")
            due = meal is not None and state.time >= MEALS[meal][0] + 30
            choice = None if due else self._next_visit(state, weekday)
            if choice is None:
                if meal is None:
                    break
                self._add_meal(state, weekday, meal)  # each meal is tried once: the loop always ends
                continue
            self._add_visit(state, *choice)
        self._return_to_hotel(state)
        return self._day_plan(number, date, state)

    def _leg(self, state: DayState, place: CatalogPlace, reserve: bool = True) -> tuple[str, int, float] | None:
        return self._move(state.lat, state.lng, place, reserve)

    def _move(self, lat: float, lng: float, place: CatalogPlace, reserve: bool,
              spent_first: float = 0.0) -> tuple[str, int, float] | None:
        """The usual way to a place if the travel budget (less `spent_first`) pays for it, keeping a ride home in
        reserve when asked; else a walk if it is walkable or the move cannot be avoided; else None."""
        km = route_km(lat, lng, place.lat, place.lng)
        mode = preferred_mode(km)
        # a move by choice keeps a ride home and the later days' share of the travel budget in reserve
        home = self._ride_home_cost(place) + self.travel_floor if reserve else 0.0
        left = self.spend.travel - spent_first
        if leg_cost(mode, km, self.request.travelers, self.catalog) + home > left + 1e-9:
            if km > FALLBACK_WALK_MAX_KM and reserve:
                return None
            mode = "walk"
        return mode, leg_minutes(mode, km), km

    def _value(self, place: CatalogPlace) -> float:
        matches = len(self.interests.intersection(place.tags))
        boost = 1.0 + min(matches, 2) * 0.5 if self.interests else 1.0
        return max(place.quality_score, 1.0) * boost

    def _earliest_meal(self, where: CatalogPlace, time: int, weekday: int, window: tuple[int, int],
                       allowance: float) -> tuple[CatalogPlace, int] | None:
        """The restaurant within the meal allowance where a meal starting inside the window ends soonest, from
        `where` at `time`: what the planner can still promise before it commits to a visit."""
        best: tuple[CatalogPlace, int] | None = None
        for restaurant in self.catalog.restaurants:
            if restaurant.price * self.request.travelers > allowance:
                continue
            _, minutes, _ = self._move(where.lat, where.lng, restaurant, reserve=False)
            arrive = time + minutes + self.pace.slack
            start = _open_slot(restaurant, weekday, max(arrive, window[0]), restaurant.visit_minutes)
            if start is None or start > window[1]:
                continue
            if best is None or start + restaurant.visit_minutes < best[1]:
                best = (restaurant, start + restaurant.visit_minutes)
        return best

    def _day_quota(self, day: int) -> int:
        """Visits for this day: the pace's maximum, but spread so that the last days are not left empty."""
        unused = sum(1 for place in self.catalog.attractions if place.id not in self.used)
        days_left = self.request.duration - day + 1
        return max(1, min(self.pace.max_visits, math.ceil(unused / days_left)))

    def _next_visit(self, state: DayState, weekday: int) -> tuple[CatalogPlace, int, tuple] | None:
        if state.visits >= state.quota:
            return None
        best, best_ratio = None, 0.0
        for place in self.catalog.attractions:
            if place.id in self.used:
                continue
            cost = place.price * self.request.travelers
            if cost > self.spend.activities + 1e-9:
                continue
            leg = self._leg(state, place)
            if leg is None:
                continue
            arrive = state.time + leg[1] + self.pace.slack
            start = _open_slot(place, weekday, arrive, place.visit_minutes)
            if start is None or start - arrive > 90:
                continue
            end = start + place.visit_minutes
            if not self._leaves_room(state, end, place):
                continue
            ratio = self._value(place) ** 2 / (end - state.time)
            if ratio > best_ratio:
                best, best_ratio = (place, start, leg), ratio
        return best

    def _leaves_room(self, state: DayState, end: int, place: CatalogPlace) -> bool:
        """After this visit, is there still a restaurant open for each meal left, and time to get home?"""
        where, time = place, end
        allowance = self._meal_allowance(state)
        for done, window in ((state.lunch, LUNCH_WINDOW), (state.dinner, DINNER_WINDOW)):
            if done:
                continue
            meal = self._earliest_meal(where, time, state.weekday, window, allowance)
            if meal is None:
                return False
            where, time = meal
        back = self._minutes_home(where, ("walk", 0, 0.0))
        return time + back + self.pace.slack <= self.pace.day_end

    def _add_meal(self, state: DayState, weekday: int, meal: str) -> None:
        """The best restaurant near here, open in the meal's window, that the food budget allows."""
        window = MEALS[meal]
        found = (self._find_restaurant(state, weekday, window, strict=True)
                 or self._find_restaurant(state, weekday, window, strict=False))
        if meal == "Lunch":
            state.lunch = True
        else:
            state.dinner = True
        if found is None:
            return  # nothing open in the window: the checker reports the missing meal
        place, start, leg = found
        self.used_restaurants.add(place.id)
        self._append(state, place, start, leg, kind="meal", title=f"{meal} at {place.name}")
        self.spend.food -= place.price * self.request.travelers

    def _find_restaurant(self, state: DayState, weekday: int, window: tuple[int, int],
                         strict: bool) -> tuple[CatalogPlace, int, tuple] | None:
        """Strict: near the route, keeping the food budget's pace and a ride home in reserve. Otherwise: any
        restaurant open in the window, affordable ones first, then the nearest half-hour, then the cheapest."""
        best, best_key = None, None
        party = self.request.travelers
        meals_left = self._meals_left(state)
        reserve = min(r.price for r in self.restaurants) * party * (meals_left - 1)
        allowance = self._meal_allowance(state)
        # strict: the budget's bands; otherwise any restaurant open then (on Sunday night the cheap ones close)
        for place in self.restaurants if strict else self.catalog.restaurants:
            cost = place.price * party
            if strict and (cost > allowance or cost + reserve > self.spend.food + 1e-6):
                continue
            leg = self._leg(state, place, reserve=strict)
            if leg is None:
                continue
            arrive = state.time + leg[1] + self.pace.slack
            start = _open_slot(place, weekday, max(arrive, window[0]), place.visit_minutes)
            if start is None or start > window[1]:
                continue
            if start + place.visit_minutes + self._minutes_home(place, leg) > self.pace.day_end:
                continue
            repeat = place.id in self.used_restaurants
            nearness = leg[1] + (start - arrive) * 0.5 - place.quality_score * 0.6
            # otherwise: within the meal allowance first, then within half an hour (a long walk is no meal),
            # then the cheapest
            key = ((False, 0, repeat, cost if self.frugal else 0.0, nearness) if strict
                   else (cost > allowance, leg[1] // 30, cost, repeat, nearness))
            if best_key is None or key < best_key:
                best, best_key = (place, start, leg), key
        return best

    def _ride_home_cost(self, place: CatalogPlace) -> float:
        """What the usual way back to the hotel costs from a place: kept in reserve before going there."""
        km = route_km(place.lat, place.lng, self.hotel.lat, self.hotel.lng)
        return leg_cost(preferred_mode(km), km, self.request.travelers, self.catalog)

    def _minutes_home(self, place: CatalogPlace, leg_there: tuple[str, int, float]) -> int:
        """From a place back to the hotel, walking if the travel budget will not pay for the ride."""
        spent = leg_cost(leg_there[0], leg_there[2], self.request.travelers, self.catalog)
        return self._move(place.lat, place.lng, self.hotel, reserve=False, spent_first=spent)[1]

    def _meal_allowance(self, state: DayState) -> float:
        """What one meal may cost the party: the food budget left, shared over the meals left, with some give
        (never below the cheapest meal, so that there is always somewhere to eat)."""
        cheapest = min(r.price for r in self.catalog.restaurants) * self.request.travelers
        return max(self.spend.food / max(self._meals_left(state), 1) * 1.25, cheapest)

    def _meals_left(self, state: DayState) -> int:
        """Lunches and dinners still to pay for in the trip, this one included."""
        return (0 if state.lunch else 1) + (0 if state.dinner else 1) + 2 * (self.request.duration - state.day)

    def _add_visit(self, state: DayState, place: CatalogPlace, start: int, leg: tuple) -> None:
        self.used.add(place.id)
        state.visits += 1
        self._append(state, place, start, leg, kind=place.kind, title=place.name)
        self.spend.activities -= place.price * self.request.travelers

    def _append(self, state: DayState, place: CatalogPlace, start: int, leg: tuple, kind: str, title: str) -> None:
        mode, minutes, km = leg
        price = leg_cost(mode, km, self.request.travelers, self.catalog)
        self.spend.travel -= price
        end = start + place.visit_minutes
        state.stops.append(Stop(
            start=_hhmm(start), end=_hhmm(end), kind=kind, place_id=place.id, name=title,
            description=place.description, category=place.category,
            location=Coordinates(lat=place.lat, lng=place.lng),
            cost=money(place.price * self.request.travelers), tags=list(place.tags),
            opening_hours=None if place.hours is None else place.hours.describe(state.weekday),
            travel_from_previous=TravelLeg(minutes=minutes, mode=mode, distance_km=km, cost=money(price)),
        ))
        state.time, state.lat, state.lng = end, place.lat, place.lng

    def _return_to_hotel(self, state: DayState) -> None:
        mode, minutes, km = self._leg(state, self.hotel, reserve=False)
        price = leg_cost(mode, km, self.request.travelers, self.catalog)
        self.spend.travel -= price
        arrive = state.time + minutes
        stop = self._hotel_stop(arrive, "Back at the hotel",
                                TravelLeg(minutes=minutes, mode=mode, distance_km=km, cost=money(price)))
        state.stops.append(stop)
        state.time = arrive

    def _hotel_stop(self, time: int, label: str, leg: TravelLeg | None) -> Stop:
        return Stop(start=_hhmm(time), end=_hhmm(time), kind="hotel", place_id=self.hotel.id,
                    name=f"{label}: {self.hotel.name}", description=self.hotel.description,
                    category=self.hotel.category, location=Coordinates(lat=self.hotel.lat, lng=self.hotel.lng),
                    travel_from_previous=leg)

    def _day_plan(self, number: int, date: dt.date, state: DayState) -> DayPlan:
        visits = [s for s in state.stops if s.kind in ("attraction", "activity")]
        title = " & ".join(s.name for s in visits[:2]) or f"Free day in {self.catalog.destination_name}"
        legs = [s.travel_from_previous for s in state.stops if s.travel_from_previous]
        busy = sum(_minutes(s.end) - _minutes(s.start) for s in state.stops)
        travel = sum(leg.minutes for leg in legs)
        span = _minutes(state.stops[-1].start) - _minutes(state.stops[0].start)
        day_cost = sum(s.cost for s in state.stops) + sum(leg.cost for leg in legs)
        day_cost += self.catalog.breakfast * self.request.travelers
        return DayPlan(
            day=number, date=date, weekday=WEEKDAY_NAMES[date.weekday()], title=title,
            summary=_day_summary(state.stops), hotel=self.hotel.name, stops=state.stops,
            day_cost=money(day_cost),
            stats=DayStats(travel_minutes=travel,
                           walking_km=round(sum(leg.distance_km for leg in legs if leg.mode == "walk"), 2),
                           idle_minutes=max(0, span - busy - travel), visits=len(visits)),
        )


def _day_summary(stops: list[Stop]) -> str:
    visits = [s.name for s in stops if s.kind in ("attraction", "activity")]
    meals = [s.name.split(" at ", 1)[1] for s in stops if s.kind == "meal"]
    if not visits:
        return "A slow day: rest, wander near the hotel and eat well."
    text = f"{len(visits)} stop{'s' if len(visits) > 1 else ''}: {', '.join(visits)}."
    if meals:
        text += f" Meals at {' and '.join(meals)}."
    return text


# ------------------------------------------------------------------------------------------------ feasibility


def check_itinerary(itinerary: Itinerary) -> list[str]:
    """Every rule a plan must keep, checked from the itinerary alone (independent of the planner).
    Returns the violations; an empty list means feasible."""
    problems: list[str] = []
    pace = PACES[itinerary.activity_preference]
    seen: set[str] = set()
    for day in itinerary.daily_activities:
        where = f"day {day.day}"
        stops = day.stops
        if not stops or stops[0].kind != "hotel" or stops[-1].kind != "hotel":
            problems.append(f"{where}: does not start and end at the hotel")
            continue
        if _minutes(stops[0].start) < pace.day_start - 1 or _minutes(stops[-1].end) > pace.day_end:
            problems.append(f"{where}: runs outside the {itinerary.activity_preference} day "
                            f"({stops[0].start}-{stops[-1].end})")
        meals = {"lunch": 0, "dinner": 0}
        for previous, stop in itertools.pairwise(stops):
            problems += _check_move(where, previous, stop)
            problems += _check_hours(where, stop)
            if stop.kind in ("attraction", "activity"):
                if stop.place_id in seen:
                    problems.append(f"{where}: {stop.name} is visited twice in the trip")
                seen.add(stop.place_id or stop.name)
            if stop.kind == "meal":
                start = _minutes(stop.start)
                if LUNCH_WINDOW[0] <= start <= LUNCH_WINDOW[1]:
                    meals["lunch"] += 1
                elif DINNER_WINDOW[0] <= start <= DINNER_WINDOW[1]:
                    meals["dinner"] += 1
                else:
                    problems.append(f"{where}: {stop.name} at {stop.start} is outside the meal windows")
        if meals != {"lunch": 1, "dinner": 1}:
            problems.append(f"{where}: needs one lunch and one dinner, has {meals}")
    categories = itinerary.budget_breakdown.categories
    for category, amount in plan_spending(itinerary.daily_activities).items():
        if amount > categories[category].amount + 0.01 * len(itinerary.daily_activities) + 0.01:
            problems.append(f"{category} cost {amount:.2f} exceeds its budget {categories[category].amount:.2f}")
    return problems


def plan_spending(days: list[DayPlan]) -> dict[str, float]:
    """What a plan spends per budget category: visits, meals (breakfast is the part of a day's cost that no
    stop or leg lists), and moves."""
    spent = {"activities": 0.0, "food": 0.0, "travel": 0.0}
    for day in days:
        legs = sum(s.travel_from_previous.cost for s in day.stops if s.travel_from_previous)
        visits = sum(s.cost for s in day.stops if s.kind in ("attraction", "activity"))
        meals = sum(s.cost for s in day.stops if s.kind == "meal")
        spent["activities"] += visits
        spent["travel"] += legs
        spent["food"] += meals + max(0.0, day.day_cost - legs - visits - meals - sum(
            s.cost for s in day.stops if s.kind in ("hotel", "transfer")))
    return spent


def cover_overspend(breakdown: BudgetBreakdown, total: float, days: list[DayPlan]) -> BudgetBreakdown:
    """A tight plan may spend a little more on a category than its share (the only restaurant open in the
    window costs more). Cover that from the unallocated remainder, then the buffer, then what other categories
    of the finished plan left unspent, so the breakdown covers the plan and still adds up to the total. A budget
    accepted between 90% and 100% of the minimum may still fall short: then the remainder goes negative and a
    note says by how much, rather than hiding the cost."""
    amounts = {c: cents(breakdown.categories[c].amount) for c in BUDGET_CATEGORIES}
    spent = {c: cents(v) for c, v in plan_spending(days).items()}
    spare = max(cents(total) - sum(amounts.values(), Decimal("0.00")), Decimal("0.00"))
    for category in spent:
        missing = spent[category] - amounts[category]
        if missing <= 0:
            continue
        taken = min(missing, spare)
        spare -= taken
        missing -= taken
        for donor in ("buffer", *(c for c in spent if c != category)):
            unspent = amounts[donor] - spent.get(donor, Decimal("0.00"))
            moved = min(missing, max(unspent, Decimal("0.00")))
            amounts[donor] -= moved
            missing -= moved
            taken += moved
        amounts[category] += taken + missing
    notes = dict(breakdown.notes)
    short = sum(amounts.values(), Decimal("0.00")) - cents(total)
    if short > 0:
        notes["over_budget"] = f"this plan needs {short} more than the budget: the cheapest options were used"
    return _breakdown(cents(total), amounts, notes)


def _check_move(where: str, previous: Stop, stop: Stop) -> list[str]:
    leg = stop.travel_from_previous
    if leg is None:
        return [f"{where}: no travel given to {stop.name}"]
    km = route_km(previous.location.lat, previous.location.lng, stop.location.lat, stop.location.lng)
    minutes = leg_minutes(leg.mode, km)
    problems = []
    if leg.minutes < minutes:
        problems.append(f"{where}: {leg.minutes} min to {stop.name} is faster than possible ({minutes} min)")
    if _minutes(stop.start) < _minutes(previous.end) + leg.minutes:
        problems.append(f"{where}: {stop.name} starts at {stop.start}, before the traveler can arrive")
    if _minutes(stop.end) < _minutes(stop.start):
        problems.append(f"{where}: {stop.name} ends before it starts")
    return problems


def _check_hours(where: str, stop: Stop) -> list[str]:
    text = stop.opening_hours
    if text is None or text == "Open 24 hours" or stop.kind == "hotel":
        return []
    if text == "Closed":
        return [f"{where}: {stop.name} is closed that day"]
    start, end = _minutes(stop.start), _minutes(stop.end)
    for interval in re.split(r",\s*", text):
        opens, closes = parse_interval(interval)
        if opens <= start and end <= closes:
            return []
    return [f"{where}: {stop.name} ({stop.start}-{stop.end}) is outside its hours {text}"]


# ------------------------------------------------------------------------------------------------ the service


class ItineraryService:
    """resolve -> gather places -> budget -> plan days -> words."""

    def __init__(self, parser: DestinationParser, provider: PlacesProvider, money_: Money, flights: FlightEstimator):
        self.parser = parser
        self.provider = provider
        self.money = money_
        self.flights = flights

    async def resolve(self, text: str) -> Destination:
        return await asyncio.to_thread(self.parser.resolve, text)

    def _check_currency(self, currency: str) -> None:
        if not self.money.supports(currency):
            raise UnsupportedCurrency(f"Currency {currency!r} is not supported")

    async def _gather(self, request: ItineraryRequest) -> tuple[Destination, PlaceCatalog, Flights | None]:
        self._check_currency(request.currency)
        if request.include_flights and not request.user_location:
            raise OriginRequired("user_location (the city you fly from) is required when include_flights is true")
        destination = await self.resolve(request.destination)
        flights = None
        if request.include_flights:
            try:
                origin = await self.resolve(request.user_location or "")
            except DestinationNotFound as error:
                raise DestinationNotFound(error.text, error.suggestions, field="user_location") from error
            flights = self.flights.estimate(origin, destination, request.currency)
        catalog = await self.provider.catalog(destination, request.currency)
        return destination, catalog, flights

    def _costs(self, request: ItineraryRequest, catalog: PlaceCatalog, flights: Flights | None) -> CostModel:
        per_person = flights.options[0].price_per_person if flights else 0.0
        return CostModel(catalog=catalog, travelers=request.travelers, duration=request.duration,
                         flight_per_person=per_person)

    def _validation(self, request: ItineraryRequest, costs: CostModel) -> tuple[BudgetValidation, dict[str, float]]:
        parts = minimum_breakdown(costs, request)
        minimum = money(sum(parts.values()))
        valid = request.budget >= MINIMUM_BUDGET_RATIO * minimum
        symbol = request.currency
        message = (
            f"A budget of {request.budget:,.0f} {symbol} works: the realistic minimum is {minimum:,.0f} {symbol}."
            if valid else
            f"{request.budget:,.0f} {symbol} is below the realistic minimum of {minimum:,.0f} {symbol} for "
            f"{request.duration} day{'s' if request.duration > 1 else ''} and {request.travelers} "
            f"traveler{'s' if request.travelers > 1 else ''}."
        )
        validation = BudgetValidation(
            valid=valid, minimum_budget=minimum, current_budget=request.budget, currency=request.currency,
            breakdown={k: money(v) for k, v in parts.items()}, message=message,
            suggestions=[] if valid else self._ways_out(request, costs),
        )
        return validation, parts

    def _ways_out(self, request: ItineraryRequest, costs: CostModel) -> list[dict[str, object]]:
        """Concrete changes that make the budget work, each one click away in the form. Every change offered
        (but raising the budget) is one that passes the check on its own."""

        def minimum_for(changed: ItineraryRequest) -> float:
            model = CostModel(costs.catalog, changed.travelers, changed.duration, costs.flight_per_person)
            return sum(minimum_breakdown(model, changed).values())

        def fits(**changes: object) -> bool:
            return request.budget >= MINIMUM_BUDGET_RATIO * minimum_for(request.model_copy(update=changes))

        def plural(count: int, word: str) -> str:
            return f"{count} {word}{'s' if count > 1 else ''}"

        options: list[dict[str, object]] = []
        if request.include_flights and fits(include_flights=False):
            options.append({"action": "exclude_flights", "label": "Leave flights out (book them separately)",
                            "changes": {"include_flights": False}})
        if request.activity_preference != "relaxed" and fits(activity_preference="relaxed"):
            options.append({"action": "relaxed_pace", "label": "Switch to a relaxed pace (fewer paid visits)",
                            "changes": {"activity_preference": "relaxed"}})
        for flights in dict.fromkeys((request.include_flights, False)):
            extra = {} if flights == request.include_flights else {"include_flights": False}
            suffix = "" if not extra else ", without flights"
            days = next((d for d in range(request.duration - 1, 0, -1) if fits(duration=d, **extra)), None)
            if days:
                label = f"Shorten the trip to {plural(days, 'day')}{suffix}"
                options.append({"action": "reduce_duration", "label": label,
                                "changes": {"duration": days, **extra}})
            people = next((t for t in range(request.travelers - 1, 0, -1) if fits(travelers=t, **extra)), None)
            if people:
                options.append({"action": "reduce_travelers", "label": f"Plan for {plural(people, 'traveler')}{suffix}",
                                "changes": {"travelers": people, **extra}})
            if days or people:
                break
        needed = math.ceil(minimum_for(request))
        options.append({"action": "raise_budget", "label": f"Raise the budget to {needed:,} {request.currency}",
                        "changes": {"budget": needed}})
        return options

    async def validate_budget(self, request: ItineraryRequest) -> BudgetValidation:
        _, catalog, flights = await self._gather(request)
        validation, _ = self._validation(request, self._costs(request, catalog, flights))
        return validation

    async def create_itinerary(self, request: ItineraryRequest, today: dt.date | None = None) -> Itinerary:
        destination, catalog, flights = await self._gather(request)
        return await asyncio.to_thread(self._build, request, destination, catalog, flights, today)

    def _build(self, request: ItineraryRequest, destination: Destination, catalog: PlaceCatalog,
               flights: Flights | None, today: dt.date | None) -> Itinerary:
        costs = self._costs(request, catalog, flights)
        validation, parts = self._validation(request, costs)
        if not validation.valid:
            raise InsufficientBudget(validation, parts)
        breakdown, bands = allocate_budget(request.budget, costs, request)
        start = request.start_date or (today or dt.date.today()) + dt.timedelta(days=30)
        tight = request.budget < TIGHT_BUDGET_RATIO * validation.minimum_budget
        nights_and_rooms = costs.nights * rooms_for(request.travelers)
        hotel = _choose_hotel(catalog, bands["hotel"], request.include_hotels, cheapest=tight,
                              max_night=breakdown.categories["hotels"].amount / nights_and_rooms)
        if request.include_hotels:  # the hotel actually booked, not the band's average
            breakdown = set_category(breakdown, request.budget, "hotels", hotel.price * nights_and_rooms)
        categories = breakdown.categories
        spend = Spend(activities=categories["activities"].amount, food=categories["food"].amount,
                      travel=categories["travel"].amount)
        frugal = tight or bands["food"] == "budget"  # the cheapest band already: every meal counts
        days = DayPlanner(catalog, request, hotel, spend, bands["food"], start, frugal=frugal).plan()
        breakdown = cover_overspend(breakdown, request.budget, days)
        now = dt.datetime.now(dt.UTC)
        breakdown.notes = {
            **breakdown.notes,
            "hotels": f"{bands['hotel']} hotels, {costs.nights} nights, {rooms_for(request.travelers)} room(s)"
            if request.include_hotels else "not included",
            "food": f"breakfast plus lunch and dinner at {bands['food']} restaurants",
            "flights": f"{flights.options[0].label}, estimated" if flights else "not included",
        }
        return Itinerary(
            destination=destination, start_date=start, end_date=start + dt.timedelta(days=request.duration - 1),
            duration=request.duration, travelers=request.travelers, total_budget=request.budget,
            currency=request.currency, activity_preference=request.activity_preference,
            interests=list(request.interests), include_flights=request.include_flights,
            include_hotels=request.include_hotels, user_location=request.user_location,
            budget_breakdown=breakdown, daily_activities=days,
            attractions_summary=_attractions_summary(destination, catalog, days),
            hotels=[_place(h) for h in catalog.hotels], restaurants=[_place(r) for r in catalog.restaurants],
            attractions=[_place(a) for a in sorted(catalog.attractions, key=lambda a: -a.quality_score)],
            flights=flights, sources=_sources(catalog), created_at=now, updated_at=now,
        )


def _choose_hotel(catalog: PlaceCatalog, band: str, include_hotels: bool, cheapest: bool,
                  max_night: float) -> CatalogPlace:
    """The hotel of the chosen band, within the nightly price the budget allows, nearest the weighted centre of
    the best sights; on a tight budget, the cheapest hotel there is."""
    top = sorted(catalog.attractions, key=lambda a: -a.quality_score)[:12]
    weight = sum(a.quality_score for a in top) or 1.0
    lat = sum(a.lat * a.quality_score for a in top) / weight if top else catalog.center[0]
    lng = sum(a.lng * a.quality_score for a in top) / weight if top else catalog.center[1]
    if not include_hotels:
        return CatalogPlace(id="own-accommodation", name="your accommodation", kind="hotel",
                            category="own accommodation", lat=lat, lng=lng,
                            description="Your own accommodation (hotels not included), assumed central.",
                            quality_score=0.0, rating=None, hours=None)
    if cheapest:
        return min(catalog.hotels, key=lambda h: (h.price, haversine_km(lat, lng, h.lat, h.lng)))
    hotels = [h for h in catalog.hotels_in_band(band) if h.price <= max_night + 0.005]
    if not hotels:
        return min(catalog.hotels, key=lambda h: h.price)
    return min(hotels, key=lambda h: haversine_km(lat, lng, h.lat, h.lng))


def _place(place: CatalogPlace) -> Place:
    return Place(id=place.id, name=place.name, local_name=place.local_name, category=place.category,
                 description=place.description, location=Coordinates(lat=place.lat, lng=place.lng),
                 rating=place.rating, price=money(place.price), price_band=place.band, district=place.district,
                 quality_score=place.quality_score)


def _sources(catalog: PlaceCatalog) -> Sources:
    label = {
        "curated": "Offline demo data: curated places",
        "gazetteer": "Offline demo data: gazetteer only (no curated places here)",
        "google": "Live Google Places data",
    }[catalog.source]
    return Sources(places=catalog.source, planner="greedy time-window planner", narrative="template",
                   geocoding="gazetteer", label=label, notes=list(catalog.notes))


def _attractions_summary(destination: Destination, catalog: PlaceCatalog, days: list[DayPlan]) -> str:
    visited = [s.name for d in days for s in d.stops if s.kind in ("attraction", "activity")]
    best = sorted(catalog.attractions, key=lambda a: -a.quality_score)[:5]
    text = f"{destination.name}, {destination.country}: {len(visited)} visits over {len(days)} days"
    if best and catalog.source == "curated":
        text += f", built around {', '.join(a.name for a in best[:3])}"
    text += "."
    if catalog.source == "gazetteer":
        text += " " + catalog.notes[0]
    return text
