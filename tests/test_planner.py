"""Day plans are feasible everywhere, and the checker catches every kind of infeasible plan."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from conftest import MONDAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo_data import load_curated
from itinerary_service import TIGHT_BUDGET_RATIO, InsufficientBudget, check_itinerary, verdict
from models import INTERESTS, Itinerary, ItineraryRequest
from planner import PACES, WALK_MAX_KM, Spend, TripPlanner, leg_minutes, route_km, travel_leg

CURATED = sorted(load_curated())
CURATED_NAMES = sorted(f"{d.name}, {d.country_code}" for d in load_curated().values())
NOT_CURATED = ["Interlaken", "Hallstatt", "Manado", "Ljubljana", "Paris, Texas", "Montenegro"]
START_DATES = [MONDAY, MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=5)]  # Mon, Wed, Sat


def plan(service, **fields) -> Itinerary:
    body = {"destination": "Kyoto", "budget": 8000, "duration": 4, "travelers": 2, "start_date": MONDAY}
    body.update(fields)
    return asyncio.run(service.create_itinerary(ItineraryRequest(**body)))


@pytest.mark.parametrize("destination", CURATED)
@pytest.mark.parametrize("pace", list(PACES))
def test_every_curated_destination_plans_feasible_weeks(service, curated, destination, pace):
    name = curated[destination].name
    # one start weekday a pace, rotated over the destinations (a week's plan meets every weekday anyway)
    for start in [START_DATES[(CURATED.index(destination) + list(PACES).index(pace)) % len(START_DATES)]]:
        itinerary = plan(service, destination=f"{name}, {curated[destination].country_code}", duration=7,
                         activity_preference=pace, start_date=start, budget=12000)
        assert itinerary.destination.curated_id == destination
        assert check_itinerary(itinerary) == [], (destination, pace, start, check_itinerary(itinerary))
        visits = [s.place_id for d in itinerary.daily_activities for s in d.stops
                  if s.kind in ("attraction", "activity")]
        assert len(visits) == len(set(visits))
        if pace == "high":
            assert len(visits) >= 15, (destination, start, len(visits))
        short = plan(service, destination=f"{name}, {curated[destination].country_code}", duration=4,
                     activity_preference=pace, start_date=start, budget=8000)
        assert check_itinerary(short) == []
        assert all(d.stats.visits >= 2 for d in short.daily_activities), (destination, pace, start)


@pytest.mark.parametrize("destination", NOT_CURATED)
@pytest.mark.parametrize("pace", list(PACES))
def test_destinations_outside_the_dataset_still_plan_feasibly(service, destination, pace):
    itinerary = plan(service, destination=destination, activity_preference=pace, budget=9000)
    assert itinerary.sources.places == "gazetteer"
    assert check_itinerary(itinerary) == []


@pytest.mark.parametrize("travelers", [1, 3, 7])
@pytest.mark.parametrize("duration", [1, 2, 12])
def test_party_size_and_length(service, travelers, duration):
    budget = 900 * travelers * duration
    itinerary = plan(service, destination="Rome", travelers=travelers, duration=duration, budget=budget)
    assert len(itinerary.daily_activities) == duration
    assert check_itinerary(itinerary) == []


def test_pace_controls_how_full_a_day_is(service):
    counts = {}
    for pace in PACES:
        itinerary = plan(service, destination="Paris", duration=3, activity_preference=pace)
        counts[pace] = sum(d.stats.visits for d in itinerary.daily_activities)
        assert all(d.stats.visits <= PACES[pace].max_visits for d in itinerary.daily_activities)
    assert counts["relaxed"] < counts["moderate"] < counts["high"]


def test_interests_steer_the_choice(service):
    def tagged(interest: str) -> int:
        itinerary = plan(service, destination="London", duration=2, interests=[interest])
        stops = [s for d in itinerary.daily_activities for s in d.stops if s.kind in ("attraction", "activity")]
        return sum(interest in s.tags for s in stops)

    assert tagged("nature") > plan_count_without(service, "London", "nature")
    assert tagged("art") > plan_count_without(service, "London", "art")


def plan_count_without(service, destination: str, interest: str) -> int:
    itinerary = plan(service, destination=destination, duration=2, interests=[])
    stops = [s for d in itinerary.daily_activities for s in d.stops if s.kind in ("attraction", "activity")]
    return sum(interest in s.tags for s in stops)


def test_best_places_come_first_and_closed_days_are_respected(service, curated):
    itinerary = plan(service, destination="Paris", duration=7, activity_preference="high")
    louvre = [d for d in itinerary.daily_activities for s in d.stops if s.place_id == "louvre"]
    assert louvre, "the Louvre belongs in a week in Paris"
    assert all(d.weekday != "Tuesday" for d in louvre)  # the Louvre closes on Tuesdays


def test_travel_legs_use_the_shared_travel_time_function(service):
    itinerary = plan(service, destination="Tokyo", duration=2)
    for day in itinerary.daily_activities:
        for previous, stop in zip(day.stops, day.stops[1:]):
            leg = stop.travel_from_previous
            km = route_km(previous.location.lat, previous.location.lng, stop.location.lat, stop.location.lng)
            assert leg.minutes == leg_minutes(leg.mode, km)
            if leg.mode == "walk":
                assert leg.cost == 0 and km <= 4.0


def test_travel_modes_by_distance():
    assert travel_leg(48.8606, 2.3376, 48.8606, 2.3376) == ("walk", 0, 0.0)
    mode, minutes, _ = travel_leg(48.8606, 2.3376, 48.8638, 2.3272)  # Louvre -> Orangerie, ~1 km
    assert mode == "walk" and 8 <= minutes <= 20
    mode, minutes, _ = travel_leg(48.8606, 2.3376, 48.8867, 2.3431)  # Louvre -> Sacré-Cœur, ~3 km
    assert mode == "transit" and 15 <= minutes <= 30
    mode, _, _ = travel_leg(48.8606, 2.3376, 48.8049, 2.1204)  # Louvre -> Versailles, ~17 km
    assert mode in {"transit", "taxi"}


# ------------------------------------------------------------------------------------------------ the checker


@pytest.fixture
def good(service) -> Itinerary:
    itinerary = plan(service, destination="Paris", duration=2, activity_preference="moderate")
    assert check_itinerary(itinerary) == []
    return itinerary


def first(itinerary: Itinerary, kind: str):
    return next(s for s in itinerary.daily_activities[0].stops if s.kind == kind)


def test_checker_rejects_a_closed_venue(good):
    stop = first(good, "attraction")
    stop.opening_hours = "Closed"
    assert any("closed" in p for p in check_itinerary(good))


def test_checker_rejects_a_visit_outside_opening_hours(good):
    stop = next(s for s in good.daily_activities[0].stops if s.kind == "attraction" and s.opening_hours
                and s.opening_hours not in ("Open 24 hours", "Closed"))
    stop.opening_hours = "05:00-06:00"
    assert any("outside its hours" in p for p in check_itinerary(good))


def test_checker_rejects_an_overlong_day(good):
    last = good.daily_activities[0].stops[-1]
    last.start = last.end = "23:50"
    assert any("runs outside" in p for p in check_itinerary(good))


def test_checker_rejects_a_meal_outside_its_window(good):
    stops = good.daily_activities[0].stops
    meal = first(good, "meal")
    meal.start, meal.end = "16:00", "17:00"
    problems = check_itinerary(good)
    assert any("outside the meal windows" in p for p in problems)
    assert any("one lunch and one dinner" in p for p in problems)
    assert stops  # the day itself is still there


def test_checker_rejects_an_impossible_travel_time(good):
    stop = next(s for s in good.daily_activities[0].stops[1:] if s.travel_from_previous.minutes > 3)
    stop.travel_from_previous.minutes = 1
    assert any("faster than possible" in p for p in check_itinerary(good))


def test_checker_rejects_arriving_before_leaving(good):
    stops = good.daily_activities[0].stops
    stops[2].start = stops[1].start
    assert any("before the traveler can arrive" in p for p in check_itinerary(good))


def test_checker_rejects_a_repeated_place(good):
    repeat = first(good, "attraction")
    day_two = good.daily_activities[1].stops
    target = next(s for s in day_two if s.kind == "attraction")
    target.place_id = repeat.place_id
    assert any("visited twice" in p for p in check_itinerary(good))


def test_checker_rejects_costs_beyond_the_breakdown(good):
    good.budget_breakdown.categories["activities"].amount = 1.0
    assert any("activities cost" in p for p in check_itinerary(good))


def test_checker_rejects_a_day_not_anchored_at_the_hotel(good):
    good.daily_activities[0].stops.pop()
    assert any("hotel" in p for p in check_itinerary(good))


# ------------------------------------------------------------------------------------------------ any request


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    destination=st.sampled_from([*CURATED_NAMES, "Interlaken", "Hallstatt", "Ljubljana", "Luang Prabang"]),
    start=st.dates(min_value=MONDAY, max_value=MONDAY + dt.timedelta(days=365)),
    duration=st.integers(1, 10),
    travelers=st.integers(1, 8),
    pace=st.sampled_from(list(PACES)),
    interests=st.lists(st.sampled_from(INTERESTS), max_size=3, unique=True),
    per_person_day=st.integers(60, 1500),
    include_hotels=st.booleans(),
)
def test_any_affordable_request_plans_feasibly(service, destination, start, duration, travelers, pace, interests,
                                               per_person_day, include_hotels):
    request = ItineraryRequest(destination=destination, start_date=start, duration=duration, travelers=travelers,
                               activity_preference=pace, interests=interests, include_hotels=include_hotels,
                               budget=per_person_day * travelers * duration)
    try:
        itinerary = asyncio.run(service.create_itinerary(request))
    except InsufficientBudget as refused:
        assert refused.validation.minimum_budget * 0.9 > request.budget
        return
    assert check_itinerary(itinerary) == []
    assert len(itinerary.daily_activities) == duration
    breakdown = itinerary.budget_breakdown
    assert round(breakdown.total_allocated + breakdown.remaining_budget, 2) == request.budget
    if breakdown.remaining_budget < 0:  # only a tight budget may fall short, and the breakdown says so
        minimum = asyncio.run(service.validate_budget(request)).minimum_budget
        assert request.budget < TIGHT_BUDGET_RATIO * minimum
        assert "over_budget" in breakdown.notes


def test_a_broken_plan_gets_a_failing_verdict(good):
    assert verdict(good).passed
    first(good, "attraction").start = "03:00"
    broken = verdict(good)
    assert not broken.passed and broken.problems and broken.rules


def test_a_stop_that_cannot_be_scheduled_is_left_out_not_a_crash(service, caplog):
    destination = asyncio.run(service.resolve("Paris"))
    catalog = asyncio.run(service.provider.catalog(destination, "USD"))
    louvre = next(a for a in catalog.attractions if a.id == "louvre")
    assert not louvre.hours.intervals(1)  # closed on Tuesdays
    request = ItineraryRequest(destination="Paris", budget=3000, duration=1, travelers=1, start_date=MONDAY)
    planner = TripPlanner(catalog, request, catalog.hotels[0], Spend(activities=500, food=500, travel=500), "mid",
                          MONDAY)
    stops = planner._schedule(1, [(louvre, None)], WALK_MAX_KM)
    assert [s.kind for s in stops] == ["hotel", "hotel"]
    assert "Louvre" in caplog.text
