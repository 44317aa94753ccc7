"""The REST API as PRODUCT.md section 2 describes it, every 4xx path included, and persistence across restarts."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import MONDAY, trip
from fastapi.testclient import TestClient

from itinerary_service import check_itinerary
from main import create_app
from models import BUDGET_CATEGORIES, Itinerary


def create(client, **changes) -> dict:
    response = client.post("/api/create-itinerary", json=trip(**changes))
    assert response.status_code == 200, response.text
    return response.json()


def test_kyoto_trip_end_to_end(client):
    body = create(client)
    itinerary = body["itinerary"]
    assert len(body["itinerary_id"]) == 32
    assert itinerary["destination"]["name"] == "Kyoto"
    assert itinerary["destination"]["timezone"] == "Asia/Tokyo"
    assert itinerary["start_date"] == MONDAY.isoformat() and itinerary["end_date"] == "2027-03-04"
    assert [d["day"] for d in itinerary["daily_activities"]] == [1, 2, 3, 4]
    assert itinerary["sources"]["places"] == "curated"
    for day in itinerary["daily_activities"]:
        kinds = [s["kind"] for s in day["stops"]]
        assert kinds[0] == kinds[-1] == "hotel"
        assert kinds.count("meal") == 2
        assert 2 <= day["stats"]["visits"] <= 5
    assert check_itinerary(Itinerary.model_validate(itinerary)) == []
    breakdown = itinerary["budget_breakdown"]
    total = sum(line["amount"] for line in breakdown["categories"].values())
    assert round(total + breakdown["remaining_budget"], 2) == 3000


def test_every_plan_carries_the_checkers_verdict(client):
    itinerary = create(client)["itinerary"]
    assert itinerary["feasibility"]["passed"] is True and itinerary["feasibility"]["problems"] == []
    assert any("opening hours" in rule for rule in itinerary["feasibility"]["rules"])
    stored = client.get(f"/api/itinerary/{create(client)['itinerary_id']}").json()
    assert stored["feasibility"]["passed"] is True


def test_get_itinerary_returns_what_was_created(client):
    body = create(client)
    fetched = client.get(f"/api/itinerary/{body['itinerary_id']}")
    assert fetched.status_code == 200
    assert fetched.json() == body["itinerary"]


def test_itinerary_survives_restart(settings):
    with TestClient(create_app(settings)) as first:
        body = create(first, destination="Paris")
    with TestClient(create_app(settings)) as second:
        fetched = second.get(f"/api/itinerary/{body['itinerary_id']}")
        assert fetched.status_code == 200
        assert fetched.json()["destination"]["name"] == "Paris"
        assert second.get("/api/health").json()["database"]["itineraries"] == 1


def test_unknown_itinerary_is_404(client):
    response = client.get("/api/itinerary/does-not-exist")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    page = client.get("/itinerary/does-not-exist")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_insufficient_budget_is_refused_with_ways_out(client):
    response = client.post("/api/create-itinerary", json=trip(budget=300, duration=7, include_flights=True,
                                                               user_location="New York"))
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "insufficient_budget"
    assert body["current_budget"] == 300
    assert body["minimum_budget"] > 300
    assert set(body["minimum_breakdown"]) >= {"flights", "hotels", "food", "travel", "activities"}
    assert round(sum(body["minimum_breakdown"].values()), 2) == pytest.approx(body["minimum_budget"], abs=0.05)
    assert body["suggestions"][-1]["action"] == "raise_budget"
    assert body["suggestions"][-1]["changes"]["budget"] >= body["minimum_budget"]
    assert any(s["changes"].get("include_flights") is False for s in body["suggestions"])
    for suggestion in body["suggestions"]:
        changed = {"budget": 300, "duration": 7, "include_flights": True, "user_location": "New York"}
        retried = client.post("/api/validate-budget", json=trip(**{**changed, **suggestion["changes"]}))
        assert retried.json()["valid"], suggestion


def test_budget_within_ninety_percent_of_minimum_is_accepted(client):
    minimum = client.post("/api/validate-budget", json=trip()).json()["minimum_budget"]
    assert client.post("/api/validate-budget", json=trip(budget=minimum * 0.91)).json()["valid"] is True
    assert client.post("/api/validate-budget", json=trip(budget=minimum * 0.89)).json()["valid"] is False
    tight = client.post("/api/create-itinerary", json=trip(budget=round(minimum * 0.92, 2)))
    assert tight.status_code == 200, tight.text
    assert check_itinerary(Itinerary.model_validate(tight.json()["itinerary"])) == []


def test_validate_budget_shape(client):
    body = client.post("/api/validate-budget", json=trip()).json()
    assert set(body) >= {"valid", "minimum_budget", "breakdown", "message"}
    assert body["valid"] is True


@pytest.mark.parametrize(("changes", "field"), [
    ({"budget": -5}, "budget"),
    ({"budget": 0}, "budget"),
    ({"budget": "lots"}, "budget"),
    ({"duration": 0}, "duration"),
    ({"duration": 31}, "duration"),
    ({"travelers": 0}, "travelers"),
    ({"travelers": 21}, "travelers"),
    ({"activity_preference": "frantic"}, "activity_preference"),
    ({"interests": ["knitting"]}, "interests"),
    ({"destination": ""}, "destination"),
    ({"destination": "x" * 201}, "destination"),
    ({"start_date": "next tuesday"}, "start_date"),
    ({"start_date": "2020-01-01"}, "start_date"),
    ({"start_date": "2099-01-01"}, "start_date"),
    ({"currency": "DOLLARS"}, "currency"),
])
def test_invalid_fields_are_422_with_a_clear_message(client, changes, field):
    response = client.post("/api/create-itinerary", json=trip(**changes))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert field in body["message"]


def test_missing_fields_and_bad_json_are_422(client):
    response = client.post("/api/create-itinerary", json={"destination": "Kyoto"})
    assert response.status_code == 422 and "budget" in response.json()["message"]
    response = client.post("/api/create-itinerary", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    response = client.post("/api/create-itinerary", content=b"[]", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_unknown_destination_is_422_with_suggestions(client):
    response = client.post("/api/create-itinerary", json=trip(destination="Xqzzyvlorp"))
    assert response.status_code == 422
    assert response.json()["error"] == "destination_not_found"
    near = client.post("/api/create-itinerary", json=trip(destination="Lndnn"))
    assert near.status_code == 422 and "London, United Kingdom" in near.json()["suggestions"]


def test_unsupported_currency_and_missing_origin_are_422(client):
    response = client.post("/api/create-itinerary", json=trip(currency="XYZ"))
    assert response.status_code == 422 and response.json()["error"] == "unsupported_currency"
    response = client.post("/api/create-itinerary", json=trip(include_flights=True))
    assert response.status_code == 422 and response.json()["error"] == "origin_required"
    response = client.post("/api/create-itinerary", json=trip(include_flights=True, user_location="Xqzzyvlorp"))
    assert response.status_code == 422 and response.json()["error"] == "destination_not_found"
    assert response.json()["field"] == "user_location"


def test_flights_are_estimated_between_real_airports(client):
    itinerary = create(client, destination="Paris", budget=6000, include_flights=True,
                       user_location="New York")["itinerary"]
    flights = itinerary["flights"]
    assert flights["origin_airport"].startswith(("JFK", "EWR", "LGA"))
    assert flights["destination_airport"].startswith(("CDG", "ORY"))
    assert 5500 < flights["distance_km"] < 6100
    cheapest = flights["options"][0]["price_per_person"]
    assert 300 < cheapest < 1500
    assert itinerary["budget_breakdown"]["categories"]["flights"]["amount"] == pytest.approx(cheapest * 2, abs=0.02)


def test_other_currency_is_used_throughout(client):
    itinerary = create(client, currency="JPY", budget=450_000)["itinerary"]
    assert itinerary["currency"] == "JPY"
    usd = create(client)["itinerary"]
    hotels = itinerary["budget_breakdown"]["categories"]["hotels"]["amount"]
    assert hotels > 50 * usd["budget_breakdown"]["categories"]["hotels"]["amount"]
    # the venue's own price and currency travel with every place, whatever the itinerary's currency
    fushimi = next(a for a in usd["attractions"] if a["id"] == "fushimi-inari")
    assert fushimi["local_currency"] == "JPY" and fushimi["local_price"] == 0
    ryokan = usd["hotels"][0]
    assert ryokan["local_currency"] == "JPY" and ryokan["local_price"] > 50 * ryokan["price"]


def test_reallocate_budget_keeps_the_sum(client):
    body = create(client, budget=6000)
    before = body["itinerary"]["budget_breakdown"]
    response = client.post("/api/reallocate-budget", json={"itinerary_id": body["itinerary_id"],
                                                           "selected_categories": ["activities", "food"]})
    assert response.status_code == 200
    after = response.json()["budget_breakdown"]
    assert after["remaining_budget"] < 0.02
    gained = {c: after["categories"][c]["amount"] - before["categories"][c]["amount"] for c in BUDGET_CATEGORIES}
    assert gained["activities"] > 0 and gained["food"] > 0 and gained["hotels"] == 0
    assert round(after["total_allocated"] + after["remaining_budget"], 2) == 6000
    stored = client.get(f"/api/itinerary/{body['itinerary_id']}").json()["budget_breakdown"]
    assert stored == after


def test_reallocate_errors(client):
    response = client.post("/api/reallocate-budget", json={"itinerary_id": "nope", "selected_categories": ["food"]})
    assert response.status_code == 404
    response = client.post("/api/reallocate-budget", json={"itinerary_id": "nope", "selected_categories": ["spa"]})
    assert response.status_code == 422
    response = client.post("/api/reallocate-budget", json={"itinerary_id": "nope", "selected_categories": []})
    assert response.status_code == 422


def test_resolve_and_suggest(client):
    response = client.get("/api/destinations/resolve", params={"q": "Big Apple"})
    assert response.status_code == 200
    assert response.json()["name"] == "New York City" and response.json()["match"] == "nickname"
    missing = client.get("/api/destinations/resolve", params={"q": "Lndnn"})
    assert missing.status_code == 404 and missing.json()["suggestions"][0] == "London, United Kingdom"
    assert client.get("/api/destinations/resolve").status_code == 422
    assert client.get("/api/destinations/resolve", params={"q": "x" * 201}).status_code == 422
    suggestions = client.get("/api/destinations/suggest", params={"q": "kyo"}).json()
    assert suggestions[0]["name"] == "Kyoto"
    assert client.get("/api/destinations/suggest", params={"q": "kyo", "limit": 0}).status_code == 422


def test_health_and_pages(client):
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["database"]["schema_version"] >= 1
    assert health["curated_destinations"] >= 60
    assert health["services"] == {"google_places": False, "openai": False, "kie_ai": False}
    page = client.get("/")
    assert page.status_code == 200 and 'id="plan-form"' in page.text
    body = create(client)
    page = client.get(f"/itinerary/{body['itinerary_id']}")
    assert page.status_code == 200 and body["itinerary_id"] in page.text
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/api/create-itinerary" in schema["paths"]


def test_default_start_date_is_thirty_days_ahead(client):
    body = trip()
    del body["start_date"]
    itinerary = client.post("/api/create-itinerary", json=body).json()["itinerary"]
    assert itinerary["start_date"] == (dt.date.today() + dt.timedelta(days=30)).isoformat()


def test_destination_outside_the_curated_set_is_labelled(client):
    itinerary = create(client, destination="Interlaken", budget=5000)["itinerary"]
    assert itinerary["sources"]["places"] == "gazetteer"
    assert any("no curated places" in note for note in itinerary["sources"]["notes"])
    assert "GOOGLE_PLACES_API_KEY" in " ".join(itinerary["sources"]["notes"])
    assert check_itinerary(Itinerary.model_validate(itinerary)) == []


def test_curated_destinations_are_listed(client, curated):
    listed = client.get("/api/destinations/curated").json()
    assert {d["id"] for d in listed} == set(curated)
    kyoto = next(d for d in listed if d["id"] == "kyoto")
    assert kyoto["country"] == "Japan" and kyoto["continent"] == "Asia" and kyoto["local_name"] == "京都"
    assert kyoto["attractions"] + kyoto["activities"] == len(curated["kyoto"].attractions)
    assert [(d["continent"], d["name"]) for d in listed] == sorted((d["continent"], d["name"]) for d in listed)
    assert client.get("/openapi.json").json()["paths"]["/api/destinations/curated"]
