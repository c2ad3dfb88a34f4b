"""The cache folder: a table built once per package version, then read; a broken cache costs a build."""

from __future__ import annotations

import pickle
from datetime import date

from transforms import cache, currencies


def test_a_word_set_is_built_once_then_read_from_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_CACHE", str(tmp_path))
    builds = []

    def build():
        builds.append(1)
        return frozenset({"memphis"})

    assert cache.stored("test-set", ("polars",), build) == {"memphis"}
    assert cache.stored("test-set", ("polars",), build) == {"memphis"}
    assert len(builds) == 1
    [stored] = tmp_path.glob("*-test-set.pickle")
    assert pickle.loads(stored.read_bytes()) == {"memphis"}


def test_a_broken_or_unwritable_cache_only_costs_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_CACHE", str(tmp_path))
    cache.stored("test-set", ("polars",), lambda: frozenset({"a"}))
    [stored] = tmp_path.glob("*-test-set.pickle")
    stored.write_bytes(b"not a pickle")
    assert cache.stored("test-set", ("polars",), lambda: frozenset({"b"})) == {"b"}

    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("NEWSFACTS_CACHE", str(blocked / "below"))
    assert cache.stored("test-set", ("polars",), lambda: frozenset({"c"})) == {"c"}



def test_a_stored_value_of_another_kind_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_CACHE", str(tmp_path))
    cache.stored("test-set", ("polars",), lambda: frozenset({"a"}))
    assert cache.stored("test-set", ("polars",), lambda: {"b": 1}, kind=dict) == {"b": 1}


def test_the_ecb_rates_read_from_the_cache_convert_as_the_package_does(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACTS_CACHE", str(tmp_path))
    built = currencies._build_converter()
    stored = cache.stored("ecb-rates", ("currencyconverter",), currencies._build_converter, kind=type(built))
    again = cache.stored("ecb-rates", ("currencyconverter",), lambda: None, kind=type(built))
    for day in (date(2005, 7, 1), date(2016, 12, 25), date(2024, 3, 4)):
        assert again.convert(100, "IDR", "EUR", day) == built.convert(100, "IDR", "EUR", day)
        assert stored.convert(1, "USD", "EUR", day) == built.convert(1, "USD", "EUR", day)
