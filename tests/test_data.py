"""The curated dataset and reference data load, validate, and hold together."""

from __future__ import annotations

import json

import pytest

from demo_data import (
    PLACES_DIR,
    REFERENCE_DIR,
    CuratedDestination,
    DataError,
    Money,
    haversine_km,
    load_curated,
    parse_interval,
)
from models import INTERESTS
from tools import spotcheck
from tools.check_data import check_destination, check_file


def test_sixty_destinations_on_every_inhabited_continent(curated, parser):
    assert len(curated) >= 60
    continents = {parser.gazetteer.country_info[d.country_code]["continentcode"] for d in curated.values()}
    assert continents == {"AF", "AS", "EU", "NA", "OC", "SA"}


def test_the_data_check_passes_on_every_file():
    money = Money()
    problems = {path.name: check_file(path, money) for path in sorted(PLACES_DIR.glob("*.json"))}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_data_check_finds_what_a_reviewer_would(curated):
    data = curated["kyoto"].model_copy(deep=True)
    twin = data.attractions[1].model_copy(update={"name": "Another Temple", "id": "another-temple",
                                                   "description": "A second temple on the very same spot."})
    data.attractions.append(twin)
    data.restaurants = data.restaurants[:5]
    data.hotels = [h for h in data.hotels if h.band != "luxury"]
    problems = check_destination(data, Money())
    assert any("under 30 m apart" in p for p in problems)
    assert any("too few restaurants" in p for p in problems)
    assert any("luxury hotels in only 0" in p for p in problems)


def test_landmarks_sit_where_an_independent_source_puts_them(curated):
    checks = spotcheck.run(curated)
    assert len(checks) >= 90
    assert len({c.destination for c in checks}) >= 60
    assert spotcheck.share_within(checks) >= spotcheck.REQUIRED_SHARE
    recorded = spotcheck.RESULTS.read_text(encoding="utf-8")
    assert recorded == spotcheck.report(checks), "data/spotcheck/RESULTS.md is stale: python -m tools.spotcheck --write"


@pytest.mark.parametrize("destination", sorted(load_curated()))
def test_destination_content(curated, parser, destination):
    data = curated[destination]
    assert len(data.attractions) >= 15
    assert {r.band for r in data.restaurants} == {"budget", "mid", "upscale"}
    assert {h.band for h in data.hotels} == {"budget", "mid", "luxury"}
    for place in data.attractions:
        assert set(place.tags) <= set(INTERESTS)
        assert 0 < place.quality_score <= 50
        assert any(place.hours.intervals(day) for day in range(7)), f"{place.id} never opens"
    names = [p.name for p in [*data.attractions, *data.restaurants, *data.hotels]]
    assert len(names) == len(set(names)), "duplicated names"
    everything = [*data.attractions, *data.restaurants, *data.hotels]
    for i, a in enumerate(everything):
        for b in everything[i + 1 :]:
            assert haversine_km(a.lat, a.lng, b.lat, b.lng) >= 0.03 or a.name == b.name, (a.name, b.name)
    # the gazetteer knows the city, and it is where the dataset says
    resolved = parser.resolve(f"{data.gazetteer_name or data.name}, {data.country_code}")
    assert resolved.curated_id == destination
    assert haversine_km(resolved.coordinates.lat, resolved.coordinates.lng, data.center.lat, data.center.lng) < 15
    assert Money().supports(data.currency)


def test_quality_score_has_the_seeds_form(curated):
    place = curated["kyoto"].attractions[0]
    assert place.quality_score == round(place.rating * min(place.reviews / 100, 10), 2)


def test_schema_rejects_broken_files(tmp_path):
    good = json.loads((PLACES_DIR / "kyoto.json").read_text())
    broken = dict(good, attractions=[dict(good["attractions"][0], lat=good["center"]["lat"] + 1.0),
                                     *good["attractions"][1:]])
    with pytest.raises(ValueError, match="from the centre"):
        CuratedDestination.model_validate(broken)
    hours = dict(good["attractions"][0]["hours"], mon=["18:00-09:00"])
    broken = dict(good, attractions=[dict(good["attractions"][0], hours=hours), *good["attractions"][1:]])
    with pytest.raises(ValueError, match="ends before it starts"):
        CuratedDestination.model_validate(broken)
    (tmp_path / "kyoto.json").write_text(json.dumps(dict(good, attractions=good["attractions"][:3])))
    with pytest.raises(DataError, match=r"kyoto\.json"):
        load_curated(tmp_path)


@pytest.mark.parametrize(("text", "expected"), [("09:00-17:30", (540, 1050)), ("00:00-24:00", (0, 1440))])
def test_parse_interval(text, expected):
    assert parse_interval(text) == expected


@pytest.mark.parametrize("text", ["9-17", "25:00-26:00", "10:00-10:00", "10:00-24:30"])
def test_parse_interval_rejects_malformed(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_reference_data_covers_every_country(parser):
    money = Money()
    countries = parser.gazetteer.country_info
    assert all(code in money.price_levels for code in countries)
    assert money.price_level("US") == 1.0
    assert money.price_level("CH") > 1.0 > money.price_level("IN")
    assert money.convert(100, "USD", "USD") == 100
    assert 80 < money.convert(100, "USD", "EUR") < 100
    airports = json.loads((REFERENCE_DIR / "major_airports.json").read_text())["iata"]
    assert len(airports) >= 300


def test_the_readme_lists_every_curated_destination(curated):
    readme = (PLACES_DIR.parents[1] / "README.md").read_text(encoding="utf-8")
    assert [d.name for d in curated.values() if d.name not in readme] == []
    assert f"{len(curated)} destinations on every inhabited continent" in readme
