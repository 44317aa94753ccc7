"""The real server: `python main.py` in a subprocess, driven over HTTP, restarted, and hit with concurrent requests."""

from __future__ import annotations

import asyncio
import re
import signal
import time

import httpx
import pytest
from conftest import trip

ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.base_url, timeout=30.0) as client:
        yield client


@pytest.fixture(scope="module")
def kyoto(server) -> dict:
    """One itinerary created over HTTP, shared by the read-only tests."""
    response = httpx.post(server.base_url + "/api/create-itinerary", json=trip(), timeout=30.0)
    assert response.status_code == 200, response.text
    return response.json()


def test_health_answers(http):
    response = http.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["curated_destinations"] > 0
    # trips are solved in worker processes: VROOM holds the GIL, so a thread would stall this very endpoint
    assert body["solver_processes"] == 2
    assert body["services"] == {"google_places": False, "openai": False, "kie_ai": False}


def test_create_then_get_itinerary(http, kyoto):
    assert ID.match(kyoto["itinerary_id"])
    itinerary = kyoto["itinerary"]
    assert itinerary["destination"]["name"] == "Kyoto"
    assert [day["day"] for day in itinerary["daily_activities"]] == [1, 2, 3, 4]
    for day in itinerary["daily_activities"]:
        assert any(stop["kind"] == "meal" for stop in day["stops"])

    fetched = http.get(f"/api/itinerary/{kyoto['itinerary_id']}")
    assert fetched.status_code == 200
    assert fetched.headers["content-type"].startswith("application/json")
    assert fetched.json() == itinerary


def test_pages_and_static_files(http, kyoto):
    home = http.get("/")
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    assert 'id="plan-form"' in home.text and 'id="destination"' in home.text and "/static/plan.js" in home.text

    page = http.get(f"/itinerary/{kyoto['itinerary_id']}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'data-itinerary-id="{kyoto["itinerary_id"]}"' in page.text
    assert "/static/itinerary.js" in page.text

    for asset in ("/static/common.js", "/static/plan.js", "/static/itinerary.js", "/static/app.css"):
        response = http.get(asset)
        assert response.status_code == 200, asset
        assert response.content, asset


def test_invalid_request_is_422(http):
    response = http.post("/api/create-itinerary", json=trip(duration=0, travelers=21))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert {d["field"] for d in body["detail"]} == {"duration", "travelers"}

    not_json = http.post("/api/create-itinerary", content=b"{not json", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422
    assert not_json.json()["error"] == "invalid_request"


def test_tiny_budget_is_400_with_suggestions(http):
    response = http.post("/api/create-itinerary", json=trip(budget=50))
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "insufficient_budget"
    assert body["current_budget"] == 50
    assert body["minimum_budget"] > 50
    raise_budget = [s for s in body["suggestions"] if s["action"] == "raise_budget"]
    assert raise_budget and raise_budget[0]["changes"]["budget"] >= body["minimum_budget"]


def test_unknown_itinerary_is_404(http):
    api = http.get("/api/itinerary/0123456789abcdef0123456789abcdef")
    assert api.status_code == 404
    assert api.json()["error"] == "not_found"
    page = http.get("/itinerary/0123456789abcdef0123456789abcdef")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert 'id="not-found"' in page.text
    assert http.get("/api/no-such-route").status_code == 404


def test_itinerary_survives_a_real_restart(server):
    created = httpx.post(server.base_url + "/api/create-itinerary", json=trip(destination="Paris"), timeout=30.0)
    assert created.status_code == 200, created.text
    itinerary_id = created.json()["itinerary_id"]
    count_before = httpx.get(server.base_url + "/api/health").json()["database"]["itineraries"]
    old_url = server.base_url

    try:
        exit_code = server.stop()
        # uvicorn shuts down gracefully, then re-raises SIGTERM: exit code 0 or -SIGTERM are both clean.
        assert exit_code in (0, -signal.SIGTERM), f"unexpected exit code {exit_code}:\n{server.log()}"
        log = server.log()
        assert "Application shutdown complete" in log and "Finished server process" in log, log
        with pytest.raises(httpx.TransportError):
            httpx.get(old_url + "/api/health", timeout=2.0)
    finally:
        server.start()  # same DATABASE_PATH, fresh process (also keeps the module's server up if this test fails)

    with httpx.Client(base_url=server.base_url, timeout=30.0) as http:
        fetched = http.get(f"/api/itinerary/{itinerary_id}")
        assert fetched.status_code == 200, fetched.text
        assert fetched.json() == created.json()["itinerary"]
        assert http.get("/api/health").json()["database"]["itineraries"] == count_before
        page = http.get(f"/itinerary/{itinerary_id}")
        assert page.status_code == 200


async def test_concurrent_creates_while_health_answers(server):
    destinations = ["Kyoto", "Paris", "London", "Rome", "Barcelona"]
    limits = httpx.Limits(max_connections=40, max_keepalive_connections=40)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60.0, limits=limits) as client:
        count_before = (await client.get("/api/health")).json()["database"]["itineraries"]
        creates_done = asyncio.Event()
        health: list[tuple[int, float]] = []  # (status, seconds) of health checks sent while the creates ran

        async def poll_health() -> None:
            while not creates_done.is_set():
                started = time.perf_counter()
                response = await client.get("/api/health", timeout=10.0)
                health.append((response.status_code, time.perf_counter() - started))
                await asyncio.sleep(0.02)  # pacing between polls

        async def create(n: int) -> httpx.Response:
            destination = destinations[n % len(destinations)]
            return await client.post("/api/create-itinerary", json=trip(destination=destination))

        poller = asyncio.create_task(poll_health())
        started = time.perf_counter()
        try:
            responses = await asyncio.gather(*(create(n) for n in range(20)))
        finally:
            creates_done.set()
        elapsed = time.perf_counter() - started
        await poller

        failures = [(r.status_code, r.text[:300]) for r in responses if r.status_code != 200]
        assert not failures, failures
        ids = [r.json()["itinerary_id"] for r in responses]
        assert len(set(ids)) == 20 and all(ID.match(i) for i in ids)
        for n, response in enumerate(responses):
            assert response.json()["itinerary"]["destination"]["name"] == destinations[n % len(destinations)]

        assert health, f"no /api/health request was made while the 20 creates ran ({elapsed:.2f} s)"
        assert all(status == 200 for status, _ in health), health
        slowest = max(seconds for _, seconds in health)
        assert slowest < 5.0, f"/api/health took {slowest:.2f} s while the 20 creates ran"

        after = await client.get("/api/health")
        assert after.json()["database"]["itineraries"] == count_before + 20
        fetched = await asyncio.gather(*(client.get(f"/api/itinerary/{i}") for i in ids))
        assert all(r.status_code == 200 for r in fetched)
