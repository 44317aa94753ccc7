"""Budget arithmetic: exact to the cent, whatever the inputs (property-based), and the seed's caps."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary_service import (
    CostModel,
    allocate_budget,
    minimum_breakdown,
    reallocate,
)
from models import BUDGET_CATEGORIES, BudgetBreakdown, ItineraryRequest

DESTINATIONS = ["Kyoto", "Paris", "Bangkok", "Interlaken", "Cape Town"]


@pytest.fixture(scope="module")
def catalogs(service):
    async def gather():
        result = {}
        for name in DESTINATIONS:
            destination = await service.resolve(name)
            result[name] = await service.provider.catalog(destination, "USD")
        return result

    return asyncio.run(gather())


def exact_sum(breakdown: BudgetBreakdown) -> Decimal:
    amounts = [Decimal(str(line.amount)) for line in breakdown.categories.values()]
    return sum(amounts, Decimal("0")) + Decimal(str(breakdown.remaining_budget))


requests = st.builds(
    ItineraryRequest,
    destination=st.sampled_from(DESTINATIONS),
    budget=st.decimals(min_value=100, max_value=500_000, places=2).map(float),
    duration=st.integers(1, 30),
    travelers=st.integers(1, 20),
    activity_preference=st.sampled_from(["relaxed", "moderate", "high"]),
    include_flights=st.booleans(),
    include_hotels=st.booleans(),
    user_location=st.just("London"),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests, fare=st.floats(50, 3000))
def test_categories_and_remainder_always_add_up_to_the_total(catalogs, request, fare):
    costs = CostModel(catalogs[request.destination], request.travelers, request.duration, fare)
    breakdown, bands = allocate_budget(request.budget, costs, request)
    assert set(breakdown.categories) == set(BUDGET_CATEGORIES)
    assert exact_sum(breakdown) == Decimal(str(request.budget)).quantize(Decimal("0.01"))
    assert Decimal(str(breakdown.total_allocated)) == sum(
        (Decimal(str(line.amount)) for line in breakdown.categories.values()), Decimal("0"))
    assert all(line.amount >= 0 for line in breakdown.categories.values())
    if not request.include_flights:
        assert breakdown.categories["flights"].amount == 0
    if not request.include_hotels:
        assert breakdown.categories["hotels"].amount == 0
    assert bands["hotel"] in {"budget", "mid", "luxury"} and bands["food"] in {"budget", "mid", "upscale"}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests, chosen=st.lists(st.sampled_from(BUDGET_CATEGORIES), min_size=1, max_size=6))
def test_reallocation_keeps_the_total_to_the_cent(catalogs, request, chosen):
    costs = CostModel(catalogs[request.destination], request.travelers, request.duration, 400.0)
    breakdown, _ = allocate_budget(request.budget, costs, request)
    after = reallocate(breakdown, request.budget, chosen)
    assert exact_sum(after) == exact_sum(breakdown)
    if breakdown.remaining_budget > 0:
        assert after.remaining_budget == 0
    for category in BUDGET_CATEGORIES:
        grew = after.categories[category].amount > breakdown.categories[category].amount
        assert not grew or category in chosen


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests)
def test_minimum_grows_with_days_and_travelers(catalogs, request):
    def minimum(**changes) -> float:
        changed = request.model_copy(update=changes)
        costs = CostModel(catalogs[changed.destination], changed.travelers, changed.duration, 500.0)
        return sum(minimum_breakdown(costs, changed).values())

    base = minimum()
    assert minimum(duration=request.duration + 1) > base
    assert minimum(travelers=request.travelers + 1) > base
    if request.include_flights:
        assert minimum(include_flights=False) < base


def test_seed_caps_choose_the_hotel_and_restaurant_bands(catalogs):
    request = ItineraryRequest(destination="Paris", budget=3000, duration=4, travelers=2)
    costs = CostModel(catalogs["Paris"], 2, 4, 0.0)
    _, bands = allocate_budget(3000, costs, request)
    assert costs.hotel_total(bands["hotel"]) <= 0.4 * 3000
    rich = ItineraryRequest(destination="Paris", budget=60000, duration=4, travelers=2)
    _, rich_bands = allocate_budget(60000, costs, rich)
    assert rich_bands == {"hotel": "luxury", "food": "upscale"}


def test_cheaper_country_has_a_lower_minimum(catalogs):
    request = ItineraryRequest(destination="x", budget=1000, duration=5, travelers=2)
    paris = sum(minimum_breakdown(CostModel(catalogs["Paris"], 2, 5, 0.0), request).values())
    bangkok = sum(minimum_breakdown(CostModel(catalogs["Bangkok"], 2, 5, 0.0), request).values())
    assert bangkok < paris / 2
