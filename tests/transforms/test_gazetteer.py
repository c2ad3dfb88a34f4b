"""Gazetteer lookups."""

from __future__ import annotations

from transforms import gazetteer


def test_places_given_names_and_dictionary_words():
    assert gazetteer.is_place("Memphis") and gazetteer.is_place("Allemagne") and not gazetteer.is_place("Hotshot")
    assert gazetteer.is_given_name("Marie") and not gazetteer.is_given_name("Colossus")
    assert gazetteer.is_dictionary_word("Rechenzentrum", "de") and not gazetteer.is_dictionary_word("Novomatic", "de")


def test_states_provinces_and_regions_are_places_in_the_languages_pycountry_ships():
    for region in ("Piemonte", "Piémont", "Sachsen-Anhalt", "Saxe-Anhalt", "Jawa Barat", "Normandie", "Bavaria"):
        assert gazetteer.is_subdivision(region) and gazetteer.is_place(region), region
    # a region is a place a company may share its name with, like a city; not a country or continent
    assert not gazetteer.is_place("Piemonte", cities=False)


def test_a_region_whose_name_is_a_common_word_or_only_a_district_is_not_taken():
    assert not gazetteer.is_subdivision("Centre") and not gazetteer.is_subdivision("Marche")  # words
    assert not gazetteer.is_subdivision("Santander")  # a Colombian department's name, and a bank's
