"""Destination resolution, offline: every kind of text a traveler types."""

from __future__ import annotations

import pytest

from destination_parser import DestinationNotFound, normalize


@pytest.mark.parametrize(
    ("text", "name", "country_code"),
    [
        # plain cities, big and small
        ("Kyoto", "Kyoto", "JP"),
        ("paris", "Paris", "FR"),
        ("  London ", "London", "GB"),
        ("Interlaken", "Interlaken", "CH"),
        ("Hallstatt", "Hallstatt", "AT"),
        ("Zermatt", "Zermatt", "CH"),
        ("Giethoorn", "Giethoorn", "NL"),
        ("Positano", "Positano", "IT"),
        # other languages and old names
        ("München", "Munich", "DE"),
        ("Muenchen", "Munich", "DE"),
        ("Bombay", "Mumbai", "IN"),
        ("Saigon", "Ho Chi Minh City", "VN"),
        ("Peking", "Beijing", "CN"),
        ("Lisboa", "Lisbon", "PT"),
        ("Wien", "Vienna", "AT"),
        ("Roma", "Rome", "IT"),
        ("東京", "Tokyo", "JP"),
        ("Москва", "Moscow", "RU"),
        # nicknames and abbreviations
        ("Big Apple", "New York City", "US"),
        ("NYC", "New York City", "US"),
        ("the Eternal City", "Rome", "IT"),
        ("City of Light", "Paris", "FR"),
        # misspellings
        ("Parris", "Paris", "FR"),
        ("Budapset", "Budapest", "HU"),
        ("Barcelonna", "Barcelona", "ES"),
        ("Amsterdamm", "Amsterdam", "NL"),
        # sentences
        ("I want to visit Japan", "Tokyo", "JP"),
        ("4 days in Kyoto please", "Kyoto", "JP"),
        ("We'd love a honeymoon in Bali", None, "ID"),
        # disambiguation
        ("Paris, Texas", "Paris", "US"),
        ("Paris, TX", "Paris", "US"),
        ("London, Ontario", "London", "CA"),
        ("Kyoto, Japan", "Kyoto", "JP"),
        ("Valencia, Venezuela", "Valencia", "VE"),
    ],
)
def test_resolves(parser, text, name, country_code):
    destination = parser.resolve(text)
    assert destination.country_code == country_code
    if name:
        assert destination.name == name
    assert destination.original_input == text
    assert destination.timezone and "/" in destination.timezone
    assert -90 <= destination.coordinates.lat <= 90


@pytest.mark.parametrize(("text", "city", "country_code"), [
    ("Finland", "Helsinki", "FI"),
    ("Japan", "Tokyo", "JP"),
    ("USA", "New York City", "US"),
    ("United States", "New York City", "US"),
    ("Italy", "Rome", "IT"),
])
def test_country_becomes_the_city_a_visitor_means(parser, text, city, country_code):
    destination = parser.resolve(text)
    assert destination.was_country is True
    assert destination.match == "country"
    assert (destination.name, destination.country_code, destination.suggested_city) == (city, country_code, city)


def test_region_becomes_its_usual_base(parser):
    destination = parser.resolve("Tuscany")
    assert (destination.name, destination.country_code) == ("Florence", "IT")
    assert destination.match == "region"
    assert destination.suggested_city == "Florence"


def test_coordinates_and_time_zone_are_real(parser):
    kyoto = parser.resolve("Kyoto")
    assert kyoto.timezone == "Asia/Tokyo"
    assert abs(kyoto.coordinates.lat - 35.02) < 0.1 and abs(kyoto.coordinates.lng - 135.75) < 0.1
    texas = parser.resolve("Paris, Texas")
    assert texas.timezone == "America/Chicago" and texas.region == "Texas"


def test_misspelling_is_labelled_not_presented_as_fact(parser):
    destination = parser.resolve("Parris")
    assert destination.match == "spelling"
    assert parser.resolve("Paris").match in {"city", "curated"}


def test_curated_destination_is_flagged(parser):
    kyoto = parser.resolve("Kyoto")
    assert kyoto.curated and kyoto.curated_id == "kyoto"
    assert parser.resolve("Interlaken").curated is False


@pytest.mark.parametrize("text", ["Xqzzyvlorp", "asdfghjkl qwerty", "!!!", "   "])
def test_unknown_text_raises_with_suggestions(parser, text):
    with pytest.raises(DestinationNotFound) as caught:
        parser.resolve(text)
    assert isinstance(caught.value.suggestions, list)


def test_near_miss_gets_suggestions(parser):
    with pytest.raises(DestinationNotFound) as caught:
        parser.resolve("Lndnn")
    assert caught.value.suggestions


def test_suggest_prefix_ranks_big_and_curated_places_first(parser):
    labels = [s.label for s in parser.suggest("Par")]
    assert labels[0].startswith("Paris")
    kinds = {s.kind for s in parser.suggest("Ja")}
    assert "country" in kinds
    assert parser.suggest("kyo")[0].curated is True
    assert parser.suggest("") == []


def test_normalize_folds_accents_and_case():
    assert normalize("  São   Paulo ") == "sao paulo"
    assert normalize("Kraków") == "krakow"
    assert normalize("Côte d'Azur") == "cote dazur"
    assert normalize("東京") == "東京"
