"""The trip pipeline: resolve -> gather places -> budget -> plan days -> words, and the plan's feasibility check."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
import math
import re
from dataclasses import dataclass
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
    Destination,
    Flights,
    Itinerary,
    ItineraryRequest,
    Place,
    PlanCheck,
    Sources,
    Stop,
)
from planner import (
    DINNER_WINDOW,
    LUNCH_WINDOW,
    PACES,
    Solver,
    Spend,
    TripPlanner,
    cheapest_meal_pair,
    leg_minutes,
    minutes_of,
    route_km,
)
from routing import solve

logger = logging.getLogger(__name__)

MINIMUM_BUDGET_RATIO = 0.9  # a budget below 90% of the realistic minimum is refused
TIGHT_BUDGET_RATIO = 1.3  # below 130% of the minimum: cheapest hotel, and the plan may still run a little over
HOTEL_SHARE, FOOD_SHARE = 0.40, 0.35  # the seed's caps, of what remains at each step
TRAVEL_SHARE, ACTIVITIES_SHARE, BUFFER_SHARE = 0.20, 0.35, 0.10
MINIMUM_VISITS_PER_DAY = {"relaxed": 2, "moderate": 3, "high": 4}


class InsufficientBudget(Exception):
    def __init__(self, validation: BudgetValidation, breakdown: dict[str, float]):
        super().__init__(validation.message)
        self.validation = validation
        self.breakdown = breakdown


class UnsupportedCurrency(ValueError):
    pass


class OriginRequired(ValueError):
    pass


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
    start: dt.date | None = None  # the first day, for which restaurants are open on the trip's weekdays

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
        """Breakfast plus two meals at the budget band's typical price (the single cheapest venue is rarely open,
        or near, at both mealtimes), and never less than the cheapest two restaurants actually open for lunch
        and dinner on each day's weekday (on a Sunday the cheap places may all be closed)."""
        typical = self.food_total("budget") / (self.duration * self.travelers)  # a person's day, breakfast included
        if self.start is None:
            return typical * self.duration * self.travelers
        per_person = 0.0
        for offset in range(self.duration):
            pair = cheapest_meal_pair(self.catalog.restaurants, (self.start + dt.timedelta(days=offset)).weekday())
            open_pair = self.catalog.breakfast + sum(r.price for r in pair) if pair else typical
            per_person += max(typical, open_pair)
        return per_person * self.travelers

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
        if minutes_of(stops[0].start) < pace.day_start - 1 or minutes_of(stops[-1].end) > pace.day_end:
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
                start = minutes_of(stop.start)
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


CHECKED_RULES = ["every day starts and ends at the hotel within the pace's hours", "visits inside opening hours",
                 "travel times no faster than the travel-time function", "one lunch and one dinner in their windows",
                 "no place visited twice", "costs inside the budget breakdown"]


def verdict(itinerary: Itinerary) -> PlanCheck:
    """The checker's verdict, attached to every plan the service returns; a failure is logged loudly (it is a
    planner bug) and shown to the traveler rather than hidden."""
    problems = check_itinerary(itinerary)
    if problems:
        logger.error("plan for %s failed its check: %s", itinerary.destination.name, "; ".join(problems))
    return PlanCheck(passed=not problems, rules=CHECKED_RULES, problems=problems)


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
    if minutes_of(stop.start) < minutes_of(previous.end) + leg.minutes:
        problems.append(f"{where}: {stop.name} starts at {stop.start}, before the traveler can arrive")
    if minutes_of(stop.end) < minutes_of(stop.start):
        problems.append(f"{where}: {stop.name} ends before it starts")
    return problems


def _check_hours(where: str, stop: Stop) -> list[str]:
    text = stop.opening_hours
    if text is None or text == "Open 24 hours" or stop.kind == "hotel":
        return []
    if text == "Closed":
        return [f"{where}: {stop.name} is closed that day"]
    start, end = minutes_of(stop.start), minutes_of(stop.end)
    for interval in re.split(r",\s*", text):
        opens, closes = parse_interval(interval)
        if opens <= start and end <= closes:
            return []
    return [f"{where}: {stop.name} ({stop.start}-{stop.end}) is outside its hours {text}"]


# ------------------------------------------------------------------------------------------------ the service


class ItineraryService:
    """resolve -> gather places -> budget -> plan days -> words."""

    def __init__(self, parser: DestinationParser, provider: PlacesProvider, money_: Money, flights: FlightEstimator,
                 solver: Solver = solve):
        self.parser = parser
        self.provider = provider
        self.money = money_
        self.flights = flights
        self.solver = solver  # routing.solve in process; the server passes its SolverPool's

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

    def _costs(self, request: ItineraryRequest, catalog: PlaceCatalog, flights: Flights | None,
               today: dt.date | None = None) -> CostModel:
        per_person = flights.options[0].price_per_person if flights else 0.0
        return CostModel(catalog=catalog, travelers=request.travelers, duration=request.duration,
                         flight_per_person=per_person, start=_first_day(request, today))

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
            model = CostModel(costs.catalog, changed.travelers, changed.duration, costs.flight_per_person, costs.start)
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
        costs = self._costs(request, catalog, flights, today)
        validation, parts = self._validation(request, costs)
        if not validation.valid:
            raise InsufficientBudget(validation, parts)
        breakdown, bands = allocate_budget(request.budget, costs, request)
        start = _first_day(request, today)
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
        days = TripPlanner(catalog, request, hotel, spend, bands["food"], start, frugal=frugal,
                           solver=self.solver).plan()
        breakdown = cover_overspend(breakdown, request.budget, days)
        now = dt.datetime.now(dt.UTC)
        breakdown.notes = {
            **breakdown.notes,
            "hotels": f"{bands['hotel']} hotels, {costs.nights} nights, {rooms_for(request.travelers)} room(s)"
            if request.include_hotels else "not included",
            "food": f"breakfast plus lunch and dinner at {bands['food']} restaurants",
            "flights": f"{flights.options[0].label}, estimated" if flights else "not included",
        }
        itinerary = Itinerary(
            destination=destination, start_date=start, end_date=start + dt.timedelta(days=request.duration - 1),
            duration=request.duration, travelers=request.travelers, total_budget=request.budget,
            currency=request.currency, activity_preference=request.activity_preference,
            interests=list(request.interests), include_flights=request.include_flights,
            include_hotels=request.include_hotels, user_location=request.user_location,
            budget_breakdown=breakdown, daily_activities=days,
            attractions_summary=_attractions_summary(destination, catalog, days),
            hotels=[_place(h, catalog.local_currency) for h in catalog.hotels],
            restaurants=[_place(r, catalog.local_currency) for r in catalog.restaurants],
            attractions=[_place(a, catalog.local_currency)
                         for a in sorted(catalog.attractions, key=lambda a: -a.quality_score)],
            flights=flights, sources=_sources(catalog), created_at=now, updated_at=now,
        )
        itinerary.feasibility = verdict(itinerary)
        return itinerary


def _first_day(request: ItineraryRequest, today: dt.date | None) -> dt.date:
    """The trip's first day: the one asked for, else 30 days from today."""
    return request.start_date or (today or dt.date.today()) + dt.timedelta(days=30)


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


def _place(place: CatalogPlace, local_currency: str) -> Place:
    return Place(id=place.id, name=place.name, local_name=place.local_name, category=place.category,
                 description=place.description, location=Coordinates(lat=place.lat, lng=place.lng),
                 rating=place.rating, price=money(place.price), price_band=place.band, district=place.district,
                 quality_score=place.quality_score, local_price=place.local_price,
                 local_currency=local_currency if place.local_price is not None else None)


def _sources(catalog: PlaceCatalog) -> Sources:
    label = {
        "curated": "Offline demo data: curated places",
        "gazetteer": "Offline demo data: gazetteer only (no curated places here)",
        "google": "Live Google Places data",
    }[catalog.source]
    return Sources(places=catalog.source, planner="VROOM orienteering solver (TOPTW)", narrative="template",
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
