"""Shared fixtures: one gazetteer and service per test session, a fresh database per test."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GAZETTEER_CACHE_DIR", str(ROOT / "data" / "cache"))

from live_server import LiveServer, report_logs_on_failure  # noqa: E402

from demo_data import FlightEstimator, Money, OfflineProvider, curated_keys, load_curated  # noqa: E402
from destination_parser import DestinationParser, load_gazetteer  # noqa: E402
from itinerary_service import ItineraryService  # noqa: E402
from main import create_app  # noqa: E402
from settings import Settings  # noqa: E402

# A fixed Monday far enough ahead that "30 days from today" never matters to a test.
MONDAY = dt.date(2027, 3, 1)


def make_settings(database: Path) -> Settings:
    return Settings(host="127.0.0.1", port=0, database_path=database, upload_dir=database.parent / "uploads",
                    video_dir=database.parent / "videos", max_upload_mb=10, cors_origins=(),
                    google_places_api_key=None, openai_api_key=None, kie_ai_api_key=None,
                    # in process: TestClient tests are about HTTP; the worker pool is tested on its own and by the
                    # real server tests (tests/live_server.py runs main.py with its default worker processes)
                    solver_processes=0)


@pytest.fixture(scope="session")
def curated():
    return load_curated()


@pytest.fixture(scope="session")
def parser(curated) -> DestinationParser:
    return DestinationParser(load_gazetteer(curated_keys(curated)))


@pytest.fixture(scope="session")
def service(parser, curated) -> ItineraryService:
    money = Money()
    return ItineraryService(parser, OfflineProvider(parser.gazetteer, curated, money), money, FlightEstimator(money))


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path / "app.db")


@pytest.fixture
def client(settings):
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    """A real `python main.py` on a free loopback port, shared by a test module; its log is shown on failure."""
    root = tmp_path_factory.mktemp("live-server")
    live = LiveServer(root / "app.db", log_dir=root)
    failed_before = request.session.testsfailed
    live.start()
    try:
        yield live
    finally:
        live.stop()
        report_logs_on_failure(request, live, failed_before)


def trip(**changes) -> dict:
    """A valid create-itinerary body: 4 days in Kyoto, 2 travelers, $3000, moderate pace."""
    body = {"destination": "Kyoto", "budget": 3000, "duration": 4, "travelers": 2,
            "activity_preference": "moderate", "include_flights": False, "include_hotels": True,
            "start_date": MONDAY.isoformat(), "interests": ["culture"], "currency": "USD"}
    body.update(changes)
    return body
