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


def test_at_least_ten_destinations_on_several_continents(curated, parser):
    assert len(curated) >= 10
    continents = {parser.gazetteer.country_info[d.country_code]["continentcode"] for d in curated.values()}
    assert len(continents) >= 5


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
