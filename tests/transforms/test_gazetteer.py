"""Gazetteer lookups, and the word sets it keeps in the cache folder."""

from __future__ import annotations

import pickle

from transforms import gazetteer


def test_places_given_names_and_dictionary_words():
    assert gazetteer.is_place("Memphis") and gazetteer.is_place("Allemagne") and not gazetteer.is_place("Hotshot")
    assert gazetteer.is_given_name("Marie") and not gazetteer.is_given_name("Colossus")
    assert gazetteer.is_dictionary_word("Rechenzentrum", "de") and not gazetteer.is_dictionary_word("Novomatic", "de")


def test_a_word_set_is_built_once_then_read_from_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_CACHE", str(tmp_path))
    builds = []

    def build():
        builds.append(1)
        return frozenset({"memphis"})

    assert gazetteer._stored("test-set", ("polars",), build) == {"memphis"}
    assert gazetteer._stored("test-set", ("polars",), build) == {"memphis"}
    assert len(builds) == 1
    [stored] = tmp_path.glob("*-test-set.pickle")
    assert pickle.loads(stored.read_bytes()) == {"memphis"}


def test_a_broken_or_unwritable_cache_only_costs_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_CACHE", str(tmp_path))
    gazetteer._stored("test-set", ("polars",), lambda: frozenset({"a"}))
    [stored] = tmp_path.glob("*-test-set.pickle")
    stored.write_bytes(b"not a pickle")
    assert gazetteer._stored("test-set", ("polars",), lambda: frozenset({"b"})) == {"b"}

    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("NEWSFACTS_CACHE", str(blocked / "below"))
    assert gazetteer._stored("test-set", ("polars",), lambda: frozenset({"c"})) == {"c"}


def test_states_provinces_and_regions_are_places_in_the_languages_pycountry_ships():
    for region in ("Piemonte", "Piémont", "Sachsen-Anhalt", "Saxe-Anhalt", "Jawa Barat", "Normandie", "Bavaria"):
        assert gazetteer.is_subdivision(region) and gazetteer.is_place(region), region
    # a region is a place a company may share its name with, like a city; not a country or continent
    assert not gazetteer.is_place("Piemonte", cities=False)


def test_a_region_whose_name_is_a_common_word_or_only_a_district_is_not_taken():
    assert not gazetteer.is_subdivision("Centre") and not gazetteer.is_subdivision("Marche")  # words
    assert not gazetteer.is_subdivision("Santander")  # a Colombian department's name, and a bank's
