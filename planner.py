"""Plan a trip's days: the trip as a Team Orienteering Problem with Time Windows for `routing`, and the solution
back as day-by-day stops.

Each day is a route from the hotel back to the hotel inside the pace's hours. Every affordable sight is a visit
worth its quality (raised by the traveler's interests), with windows from its opening hours on each day's
weekday. Lunch and dinner are visits too: copies of the restaurants open in the meal's window that day, at most
one lunch and one dinner a day, worth more than any sight, so that a day never trades a meal for a visit, and
capped by the day's share of the food budget. Travel times come from `travel_leg`, the one travel-time function
of the planner and of the feasibility checker, so that a routing service can replace it later.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from demo_data import CatalogPlace, PlaceCatalog, haversine_km
from models import Coordinates, DayPlan, DayStats, ItineraryRequest, Stop, TravelLeg
from routing import Problem, Route, Solution, Visit, solve

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------------------------------------ travel time

DETOUR_FACTOR = 1.3  # streets are longer than straight lines
SPEED_KMH = {"walk": 4.5, "transit": 22.0, "taxi": 28.0}
OVERHEAD_MIN = {"walk": 0, "transit": 8, "taxi": 5}  # reaching the stop and waiting / hailing
WALK_MAX_KM, TRANSIT_MAX_KM, FRUGAL_WALK_MAX_KM = 1.5, 20.0, 4.0


def route_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    return round(haversine_km(lat1, lng1, lat2, lng2) * DETOUR_FACTOR, 2)


def leg_minutes(mode: str, km: float) -> int:
    """How long a move takes by one mode."""
    if km < 0.05:
        return 0
    return max(2, OVERHEAD_MIN[mode] + math.ceil(km / SPEED_KMH[mode] * 60))


def preferred_mode(km: float, walk_max_km: float = WALK_MAX_KM) -> str:
    """Walk short hops, public transport across town, a taxi beyond."""
    if km <= walk_max_km:
        return "walk"
    return "transit" if km <= TRANSIT_MAX_KM else "taxi"


def travel_leg(lat1: float, lng1: float, lat2: float, lng2: float,
               walk_max_km: float = WALK_MAX_KM) -> tuple[str, int, float]:
    """(mode, minutes, route km) of the usual way between two points: the travel-time function."""
    km = route_km(lat1, lng1, lat2, lng2)
    mode = preferred_mode(km, walk_max_km)
    return mode, leg_minutes(mode, km), km


def leg_cost(mode: str, km: float, travelers: int, catalog: PlaceCatalog) -> float:
    if mode == "transit":
        return catalog.transit_ride * travelers * (1 if km <= 12 else 2)
    if mode == "taxi":
        return (catalog.taxi_base + catalog.taxi_per_km * km) * math.ceil(travelers / 4)
    return 0.0


# ------------------------------------------------------------------------------------------------ paces and meals


@dataclass(frozen=True)
class Pace:
    day_start: int  # minutes after midnight, earliest departure from the hotel
    day_end: int  # back at the hotel
    max_visits: int
    slack: int  # minutes of breathing room added to every move


PACES = {
    "relaxed": Pace(day_start=9 * 60 + 30, day_end=21 * 60 + 30, max_visits=3, slack=10),
    "moderate": Pace(day_start=9 * 60, day_end=22 * 60, max_visits=5, slack=5),
    "high": Pace(day_start=8 * 60, day_end=22 * 60 + 30, max_visits=7, slack=0),
}
LUNCH_WINDOW = (11 * 60 + 30, 14 * 60 + 30)  # a meal starts inside its window
DINNER_WINDOW = (18 * 60, 21 * 60 + 30)
MEALS = {"Lunch": LUNCH_WINDOW, "Dinner": DINNER_WINDOW}
FOOD_BANDS = ("budget", "mid", "upscale")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

DAY = 1440  # the model's clock runs on through the days of a chunk
CHUNK_DAYS = 7  # longer trips are planned a week at a time, the sights already seen left out
MEAL_PRIORITY = 100  # above any number of sights one meal's time could hold
SIGHT_PRIORITY_MAX = 30
SOLVER_EXPLORATION = 3  # of VROOM's 1-5: levels 4 and 5 served as many sights on curated weeks, 2-3x slower
RESTAURANTS_PER_MEAL = 6  # candidates offered for each meal, rotated over the days for variety
MIN_RESTAURANTS_NEARBY = 4  # fewer within the day's fares: offer them all, a day must eat
TASTE_MINUTES_PER_STAR = 8  # a restaurant one star better is worth this much more travel
# A day's capacity dimensions: lunches, dinners, sights, food cents, then one per restaurant (none twice a day).


Solver = Callable[..., Solution]  # routing.solve in process, or a SolverPool's solve in worker processes


@dataclass
class Spend:
    """What the plan may still spend per category, for the whole trip."""

    activities: float
    food: float
    travel: float


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _open_slot(place: CatalogPlace, weekday: int, arrive: int, duration: int) -> int | None:
    """Earliest start >= arrive such that the whole visit fits one opening interval, or None."""
    if place.hours is None:
        return arrive
    for start, end in place.hours.intervals(weekday):
        begin = max(arrive, start)
        if begin + duration <= end:
            return begin
    return None


def _start_windows(place: CatalogPlace, weekday: int, earliest: int, latest: int) -> list[tuple[int, int]]:
    """When a visit may start on a weekday, within [earliest, latest] and so that it ends before closing."""
    intervals = place.hours.intervals(weekday) if place.hours is not None else ((0, DAY),)
    windows = []
    for opens, closes in intervals:
        start, end = max(opens, earliest), min(closes - place.visit_minutes, latest)
        if start <= end:
            windows.append((start, end))
    return windows


# ------------------------------------------------------------------------------------------------ the planner


class TripPlanner:
    """The trip's days as one TOPTW a week at a time, solved by `routing.solve`; `check_itinerary` verifies the
    result independently."""

    def __init__(self, catalog: PlaceCatalog, request: ItineraryRequest, hotel: CatalogPlace, spend: Spend,
                 food_band: str, start_date: dt.date, frugal: bool = False, solver: Solver = solve):
        self.catalog = catalog
        self.solve = solver
        self.request = request
        self.party = request.travelers
        self.hotel = hotel
        self.spend = spend
        self.pace = PACES[request.activity_preference]
        self.start_date = start_date
        self.frugal = frugal  # a tight budget: cheaper restaurants are preferred, not only nearer ones
        self.bands = set(FOOD_BANDS[:FOOD_BANDS.index(food_band) + 1])
        self.restaurants: list[CatalogPlace] = []
        self.interests = set(request.interests)
        self.used: set[str] = set()
        self.meals_at: Counter[str] = Counter()

    def plan(self) -> list[DayPlan]:
        self.spend.food -= self.catalog.breakfast * self.party * self.request.duration
        days: list[DayPlan] = []
        for first in range(0, self.request.duration, CHUNK_DAYS):
            count = min(CHUNK_DAYS, self.request.duration - first)
            days += self._plan_chunk(first, count)
        return days

    # ---------------------------------------------------------------------------- one chunk of days

    def _plan_chunk(self, first: int, count: int) -> list[DayPlan]:
        days_left = self.request.duration - first
        travel_share = self.spend.travel * count / days_left
        before = self._state()
        plan = self._solve_chunk(first, count, WALK_MAX_KM, travel_share / count)
        if self._travel_cost(plan) > travel_share + 1e-6:  # the usual rides cost too much: walk up to 4 km
            usual, usual_state = plan, self._state()
            self._restore(before)
            plan = self._solve_chunk(first, count, FRUGAL_WALK_MAX_KM, travel_share / count)
            if _meal_count(plan) < _meal_count(usual):  # walking loses a meal: pay the rides instead
                plan = usual
                self._restore(usual_state)
        return [self._day_plan(first + day + 1, self._date(first + day), stops) for day, stops in enumerate(plan)]

    def _state(self) -> tuple[Spend, set[str], Counter[str]]:
        return replace(self.spend), set(self.used), Counter(self.meals_at)

    def _restore(self, state: tuple[Spend, set[str], Counter[str]]) -> None:
        spend, used, meals_at = state
        self.spend, self.used, self.meals_at = replace(spend), set(used), Counter(meals_at)

    def _date(self, offset: int) -> dt.date:
        return self.start_date + dt.timedelta(days=offset)

    def _solve_chunk(self, first: int, count: int, walk_max_km: float, day_fares: float) -> list[list[Stop]]:
        weekdays = [self._date(first + day).weekday() for day in range(count)]
        sights = self._within_fares(self._affordable_sights(count / (self.request.duration - first)),
                                    walk_max_km, day_fares)
        pairs = [self._cheapest_pair(weekday) for weekday in weekdays]
        food = self._food_per_day(pairs, first)
        eligible = self._eligible_restaurants(min(food) / 2)
        nearby = self._within_fares(eligible, walk_max_km, day_fares)
        base = nearby if len(nearby) >= MIN_RESTAURANTS_NEARBY else eligible
        # each day's cheapest lunch-and-dinner pair is always on offer: whatever else is near, a day can eat
        paired = {r.id: r for pair in pairs for r in pair}
        self.restaurants = base + [r for r in paired.values() if r not in base]
        places = [self.hotel, *sights, *self.restaurants]
        travel = [[self._model_minutes(a, b, walk_max_km) for b in places] for a in places]
        visits, owners = self._sight_visits(sights, weekdays)
        meal_visits, meal_owners = self._meal_visits(weekdays, food, first_location=1 + len(sights))
        problem = Problem(
            travel=travel, routes=self._routes(count, len(sights), food), visits=visits + meal_visits,
            cost=self._cost(places, travel),
        )
        owners += meal_owners
        solution = self.solve(problem, exploration=SOLVER_EXPLORATION)
        if any(self._meals_in(route, owners) < 2 for route in solution.routes):
            solution = self.solve(problem, exploration=5)  # a day without a meal: search harder before giving in
        sights_by_day = [len(route) - self._meals_in(route, owners) for route in solution.routes]
        per_day = problem.routes[0].capacity[2]
        if min(sights_by_day) == 0 and max(sights_by_day) >= 2 and per_day > 1:
            # an empty day beside full ones: one sight a day fewer at most, so the others spread out
            problem.routes = self._routes(count, len(sights), food, per_day - 1)
            balanced = self.solve(problem, exploration=SOLVER_EXPLORATION)
            if all(self._meals_in(route, owners) >= 2 for route in balanced.routes):
                solution = balanced
        return [self._schedule(weekdays[day], [owners[v] for v in route], walk_max_km)
                for day, route in enumerate(solution.routes)]

    def _within_fares(self, places: list[CatalogPlace], walk_max_km: float, day_fares: float) -> list[CatalogPlace]:
        """The places a day's travel money reaches from the hotel and back (a long taxi ride may not fit)."""
        def round_trip(place: CatalogPlace) -> float:
            mode, _, km = travel_leg(self.hotel.lat, self.hotel.lng, place.lat, place.lng, walk_max_km)
            return 2 * leg_cost(mode, km, self.party, self.catalog)

        return [place for place in places if round_trip(place) <= day_fares + 1e-9]

    def _model_minutes(self, a: CatalogPlace, b: CatalogPlace, walk_max_km: float) -> int:
        """A move's minutes as the solver sees them: the leg plus the pace's slack; on a frugal solve a move
        that needs a taxi is ruled out (longer than any day)."""
        if a is b:
            return 0
        mode, minutes, _ = travel_leg(a.lat, a.lng, b.lat, b.lng, walk_max_km)
        if mode == "taxi" and walk_max_km == FRUGAL_WALK_MAX_KM:
            return DAY
        return minutes + self.pace.slack

    def _cheapest_pair(self, weekday: int) -> tuple[CatalogPlace, ...]:
        return cheapest_meal_pair(self.catalog.restaurants, weekday, self._meal_windows)

    def _meal_windows(self, restaurant: CatalogPlace, weekday: int,
                      window: tuple[int, int]) -> list[tuple[int, int]]:
        """When a meal there may start: in the meal's window, open, and ending in time to get back to the hotel."""
        _, minutes, _ = travel_leg(restaurant.lat, restaurant.lng, self.hotel.lat, self.hotel.lng, WALK_MAX_KM)
        latest = min(window[1], self.pace.day_end - restaurant.visit_minutes - minutes - self.pace.slack)
        return _start_windows(restaurant, weekday, window[0], latest)

    @staticmethod
    def _meals_in(route: list[int], owners: list[tuple[CatalogPlace, str | None]]) -> int:
        return sum(owners[visit][1] is not None for visit in route)

    def _value(self, place: CatalogPlace) -> float:
        matches = len(self.interests.intersection(place.tags))
        boost = 1.0 + min(matches, 2) * 0.5 if self.interests else 1.0
        return max(place.quality_score, 1.0) * boost

    def _affordable_sights(self, share: float) -> list[CatalogPlace]:
        """The unseen sights the activities budget pays for, best value first (free ones always)."""
        money = self.spend.activities * share if share < 1 else self.spend.activities
        chosen = []
        for place in sorted(self.catalog.attractions, key=lambda p: -self._value(p)):
            cost = place.price * self.party
            if place.id in self.used or cost > money + 1e-9:
                continue
            money -= cost
            chosen.append(place)
        return chosen

    def _sight_visits(self, sights: list[CatalogPlace],
                      weekdays: list[int]) -> tuple[list[Visit], list[tuple[CatalogPlace, str | None]]]:
        best = max((self._value(p) for p in sights), default=1.0)
        visits, owners = [], []
        for number, place in enumerate(sights):
            windows = tuple(
                (day * DAY + start, day * DAY + end)
                for day, weekday in enumerate(weekdays)
                for start, end in _start_windows(place, weekday, self.pace.day_start,
                                                 self.pace.day_end - place.visit_minutes)
            )
            if not windows:
                continue
            priority = 1 + round(self._value(place) / best * (SIGHT_PRIORITY_MAX - 1))
            visits.append(Visit(location=1 + number, service=place.visit_minutes, priority=priority,
                                windows=windows, amounts=(0, 0, 1, 0, *(0,) * len(self.restaurants))))
            owners.append((place, None))
        return visits, owners

    def _meal_visits(self, weekdays: list[int], food: list[int],
                     first_location: int) -> tuple[list[Visit], list[tuple[CatalogPlace, str | None]]]:
        """Each day's lunch and dinner candidates: restaurants open then that the day's food money pays for
        (with the cheapest other meal of the day), those offered least so far first."""
        location = {r.id: first_location + i for i, r in enumerate(self.restaurants)}
        offered: Counter[str] = Counter()
        most = math.ceil(2 * len(weekdays) / len(self.restaurants)) + 1  # offers of one restaurant in the chunk
        visits, owners = [], []
        for day, weekday in enumerate(weekdays):
            open_then = {meal: [(r, w) for r in self.restaurants if (w := self._meal_windows(r, weekday, window))]
                         for meal, window in MEALS.items()}
            cheapest = {meal: min((self._cents(r) for r, _ in found), default=0) for meal, found in open_then.items()}
            for meal, found in open_then.items():
                other = cheapest["Dinner" if meal == "Lunch" else "Lunch"]
                affordable = [(r, w) for r, w in found if self._cents(r) + other <= food[day]]
                by_price = sorted(affordable, key=lambda item: item[0].price)[:2]  # a pair the money surely covers
                affordable.sort(key=lambda item: (offered[item[0].id] >= most, self.meals_at[item[0].id] +
                                                  offered[item[0].id], -item[0].quality_score, item[0].price))
                chosen = _spread(affordable, RESTAURANTS_PER_MEAL - 2)
                chosen += [item for item in by_price if item not in chosen]
                for restaurant, windows in chosen:
                    offered[restaurant.id] += 1
                    taken = (1, 0) if meal == "Lunch" else (0, 1)
                    once = tuple(int(r is restaurant) for r in self.restaurants)
                    visits.append(Visit(
                        location=location[restaurant.id], service=restaurant.visit_minutes, priority=MEAL_PRIORITY,
                        windows=tuple((day * DAY + s, day * DAY + e) for s, e in windows), routes=(day,),
                        amounts=(*taken, 0, self._cents(restaurant), *once),
                    ))
                    owners.append((restaurant, meal))
        return visits, owners

    def _cents(self, restaurant: CatalogPlace) -> int:
        return round(restaurant.price * self.party * 100)

    def _routes(self, count: int, sights: int, food: list[int], per_day: int | None = None) -> list[Route]:
        """Each day: back before the pace's end, one lunch, one dinner, no restaurant twice, a share of the
        sights (an even share, so that no day is left empty), and the day's part of the food budget."""
        per_day = per_day or max(1, min(self.pace.max_visits, math.ceil(sights / count)))
        once_each = (1,) * len(self.restaurants)
        return [Route(opens=day * DAY + self.pace.day_start, closes=day * DAY + self.pace.day_end,
                      capacity=(1, 1, per_day, food[day], *once_each)) for day in range(count)]

    def _food_per_day(self, pairs: list[tuple[CatalogPlace, ...]], first: int) -> list[int]:
        """Cents each day may spend on lunch and dinner: the day's cheapest pair first (a day always eats, even
        when that runs over the budget), then the rest of the chunk's share spread evenly."""
        no_pair = 2 * max(self._cents(r) for r in self.catalog.restaurants)  # no pair open that day: room for any two
        floors = [sum(self._cents(r) for r in pair) if pair else no_pair for pair in pairs]
        share = self.spend.food * 100 * len(pairs) / (self.request.duration - first)
        extra = max(0.0, share - sum(floors)) / len(pairs)
        return [floor + int(extra) for floor in floors]

    def _eligible_restaurants(self, meal_cents: float) -> list[CatalogPlace]:
        """The budget's bands, and any other restaurant a day's food money pays for."""
        return [r for r in self.catalog.restaurants if r.band in self.bands or self._cents(r) <= meal_cents]

    def _cost(self, places: list[CatalogPlace], travel: list[list[int]]) -> list[list[int]]:
        """Travel minutes, plus for a restaurant how far below five stars it is (and, when frugal, its price)."""
        cheapest = min(r.price for r in self.restaurants) or 1.0
        taste = [0] * len(places)
        for index, place in enumerate(places):
            if place.kind == "restaurant":
                stars = place.rating if place.rating is not None else 4.0
                taste[index] = round((5.0 - stars) * TASTE_MINUTES_PER_STAR * 10)
                if self.frugal:
                    taste[index] += round(place.price / cheapest * 60)
        return [[minutes * 10 + taste[j] for j, minutes in enumerate(row)] for row in travel]

    # ---------------------------------------------------------------------------- the solution as stops

    def _schedule(self, weekday: int, route: list[tuple[CatalogPlace, str | None]],
                  walk_max_km: float) -> list[Stop]:
        """Stops at their earliest feasible times in the solver's order, leaving the hotel as late as the first
        stop allows."""
        stops: list[Stop] = []
        time, where = self.pace.day_start, self.hotel
        for place, meal in route:
            mode, minutes, km = travel_leg(where.lat, where.lng, place.lat, place.lng, walk_max_km)
            arrive = time + minutes + self.pace.slack
            if meal is not None:
                arrive = max(arrive, MEALS[meal][0])
            start = _open_slot(place, weekday, arrive, place.visit_minutes)
            if start is None:  # the solver's times are these times; should they ever differ, skip the stop
                logger.warning("%s cannot be scheduled after %s: left out", place.name, _hhmm(arrive))
                continue
            stops.append(self._stop(place, meal, weekday, start, (mode, minutes, km)))
            time, where = start + place.visit_minutes, place
        mode, minutes, km = travel_leg(where.lat, where.lng, self.hotel.lat, self.hotel.lng, walk_max_km)
        leave = self.pace.day_start
        if stops:
            first = stops[0].travel_from_previous
            leave = max(leave, minutes_of(stops[0].start) - first.minutes - self.pace.slack)
        home = TravelLeg(minutes=minutes, mode=mode, distance_km=km, cost=self._money(leg_cost(mode, km, self.party,
                                                                                                self.catalog)))
        return [self._hotel_stop(leave, "Leave the hotel", None), *stops,
                self._hotel_stop(time + minutes, "Back at the hotel", home)]

    def _stop(self, place: CatalogPlace, meal: str | None, weekday: int, start: int,
              leg: tuple[str, int, float]) -> Stop:
        mode, minutes, km = leg
        if meal is None:
            self.used.add(place.id)
            self.spend.activities -= place.price * self.party
        else:
            self.meals_at[place.id] += 1
            self.spend.food -= place.price * self.party
        fare = leg_cost(mode, km, self.party, self.catalog)
        self.spend.travel -= fare
        return Stop(
            start=_hhmm(start), end=_hhmm(start + place.visit_minutes), kind="meal" if meal else place.kind,
            place_id=place.id, name=f"{meal} at {place.name}" if meal else place.name,
            description=place.description, category=place.category,
            location=Coordinates(lat=place.lat, lng=place.lng), cost=self._money(place.price * self.party),
            tags=list(place.tags), opening_hours=None if place.hours is None else place.hours.describe(weekday),
            travel_from_previous=TravelLeg(minutes=minutes, mode=mode, distance_km=km, cost=self._money(fare)),
        )

    @staticmethod
    def _money(value: float) -> float:
        return round(value + 1e-9, 2)

    def _travel_cost(self, plan: list[list[Stop]]) -> float:
        return sum(s.travel_from_previous.cost for stops in plan for s in stops if s.travel_from_previous)

    def _hotel_stop(self, time: int, label: str, leg: TravelLeg | None) -> Stop:
        if leg is not None:
            self.spend.travel -= leg.cost
        return Stop(start=_hhmm(time), end=_hhmm(time), kind="hotel", place_id=self.hotel.id,
                    name=f"{label}: {self.hotel.name}", description=self.hotel.description,
                    category=self.hotel.category, location=Coordinates(lat=self.hotel.lat, lng=self.hotel.lng),
                    travel_from_previous=leg)

    def _day_plan(self, number: int, date: dt.date, stops: list[Stop]) -> DayPlan:
        visits = [s for s in stops if s.kind in ("attraction", "activity")]
        title = " & ".join(s.name for s in visits[:2]) or f"Free day in {self.catalog.destination_name}"
        legs = [s.travel_from_previous for s in stops if s.travel_from_previous]
        busy = sum(minutes_of(s.end) - minutes_of(s.start) for s in stops)
        travel = sum(leg.minutes for leg in legs)
        span = minutes_of(stops[-1].start) - minutes_of(stops[0].start)
        day_cost = sum(s.cost for s in stops) + sum(leg.cost for leg in legs)
        day_cost += self.catalog.breakfast * self.party
        return DayPlan(
            day=number, date=date, weekday=WEEKDAY_NAMES[date.weekday()], title=title,
            summary=_day_summary(stops), hotel=self.hotel.name, stops=stops, day_cost=self._money(day_cost),
            stats=DayStats(travel_minutes=travel,
                           walking_km=round(sum(leg.distance_km for leg in legs if leg.mode == "walk"), 2),
                           idle_minutes=max(0, span - busy - travel), visits=len(visits)),
        )


def _meal_count(plan: list[list[Stop]]) -> int:
    return sum(stop.kind == "meal" for stops in plan for stop in stops)


def cheapest_meal_pair(restaurants: list[CatalogPlace], weekday: int,
                       can_serve: Callable[[CatalogPlace, int, tuple[int, int]], list] | None = None,
                       ) -> tuple[CatalogPlace, ...]:
    """The cheapest lunch and dinner at two different restaurants that can serve them that weekday (by default:
    open for a meal starting in the meal's window); empty when there is no such pair."""
    def open_for(restaurant: CatalogPlace, day: int, window: tuple[int, int]) -> list:
        return _start_windows(restaurant, day, *window)

    serves = can_serve or open_for
    lunches, dinners = ([r for r in restaurants if serves(r, weekday, window)]
                        for window in (LUNCH_WINDOW, DINNER_WINDOW))
    pairs = [(a, b) for a in lunches for b in dinners if a is not b]
    return min(pairs, key=lambda pair: pair[0].price + pair[1].price, default=())


def _spread(ranked: list[tuple[CatalogPlace, list]], count: int) -> list[tuple[CatalogPlace, list]]:
    """`count` of the ranked restaurants spread over the map (each next one the farthest from those chosen, the
    better ranked on a tie), so that wherever the traveler is at mealtime one of them is near."""
    chosen = ranked[:1]
    rest = ranked[1:]
    while rest and len(chosen) < count:
        def gap(item: tuple[CatalogPlace, list]) -> float:
            return min(haversine_km(item[0].lat, item[0].lng, c.lat, c.lng) for c, _ in chosen)

        best = max(rest, key=gap)
        chosen.append(best)
        rest.remove(best)
    return chosen


def minutes_of(text: str) -> int:
    """'09:30' -> 570."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _day_summary(stops: list[Stop]) -> str:
    visits = [s.name for s in stops if s.kind in ("attraction", "activity")]
    meals = [s.name.split(" at ", 1)[1] for s in stops if s.kind == "meal"]
    if not visits:
        return "A slow day: rest, wander near the hotel and eat well."
    text = f"{len(visits)} stop{'s' if len(visits) > 1 else ''}: {', '.join(visits)}."
    if meals:
        text += f" Meals at {' and '.join(meals)}."
    return text
