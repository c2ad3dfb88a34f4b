"""The custom expectations' rules and the plausible ranges, as plain Python (no GX run needed)."""

from __future__ import annotations

import math

import polars as pl
import pytest

from expectations import audit, custom, suites
from transforms import schemas


@pytest.mark.parametrize("text, ok", [
    ("2025-03-18", True), ("2024-09", True), ("2023", True), ("2024-02-29", True),
    ("2025-02-29", False),  # not a leap year
    ("2024-13", False), ("2024-00", False), ("2024-9", False), ("24-09", False), ("2024-09-31", False),
    ("2024-09-18T10:00", False), ("Q3 2024", False), ("", False), (None, False), (2024, False),
    ("٢٠٢٤", False),  # Arabic-Indic digits are digits to Python, not to ISO 8601
])
def test_iso_dates(text, ok):
    assert custom.is_iso_date(text) is ok


def test_iso_dates_within_years():
    assert custom.is_iso_date("1800", 1800, 2100)
    assert not custom.is_iso_date("1799-12-31", 1800, 2100)
    assert not custom.is_iso_date("2101", 1800, 2100)


def test_keyed_ranges_take_the_longest_known_prefix():
    custom.register_ranges("test", {"gpu_count": [1, 1e8], "price|USD": [1, 1e13]}, default_range=[0, 5])
    assert custom.range_of("test", ("gpu_count", "count")) == (1.0, 1e8)
    assert custom.range_of("test", ("price", "USD")) == (1.0, 1e13)
    assert custom.range_of("test", ("price", "IDR")) == (0.0, 5.0)  # a USD range does not judge rupiah
    assert custom.range_of("test", (None, "USD")) == (0.0, 5.0)


def test_a_range_upside_down_is_refused():
    with pytest.raises(ValueError):
        custom.register_ranges("bad", {"x": [10, 1]})


def test_allowed_units():
    assert {"count", "USD", "IDR", "sq_ft", "date"} <= custom.allowed_units()
    assert "sq_ft" not in custom.allowed_units(normalized=True)
    assert "m" in custom.allowed_units(also=["m"]) and "furlong" not in custom.allowed_units()


@pytest.mark.parametrize("value, shown", [
    (5e12, "5e12"), (1e8, "1e8"), (2500000.0, "2500000"), (1e18, "1e18"), (100000.0, "100000"), (6967.73, "6967.73"),
    (-3.0, "-3"), (0.5, "0.5"), (math.nan, "NaN"), (math.inf, "inf"),
])
def test_numbers_in_reasons(value, shown):
    assert audit.number(value) == shown


def test_ranges_file_covers_every_contract_unit():
    limits = suites.load_limits()
    assert schemas.UNITS - {"date"} <= set(limits.unit)
    assert limits.metric["gpu_count|count"] == (1.0, 1e8)
    assert 0 < limits.max_quarantined_share < 1
    assert {"m", "kg", "degC"} <= limits.extra_units


def test_every_unit_the_normalizer_can_write_is_allowed_with_a_range():
    # a unit the extractor writes but the gate does not know quarantines every such mention ("3000 mAh" -> C)
    from transforms import units
    from transforms.numbers import lexicon

    limits = suites.load_limits()
    allowed = schemas.UNITS | limits.extra_units
    targets = set(lexicon("en")["unit_targets"].values())
    assert targets, "no unit targets in common.toml"
    for target in targets:
        assert target in allowed and target in limits.unit, target
        assert units.normal(target)[0] in allowed, (target, units.normal(target))


def test_metric_ranges_from_the_metric_lexicon_take_precedence(tmp_path):
    metrics = tmp_path / "metrics.toml"
    metrics.write_text(
        '[gpu_count]\nrange = [10, 1e7]\nunit = "count"\ncues = ["GPU"]\n\n'
        '[metrics.power_capacity]\nrange = [1, 1e10]\n\n'
        '[[metric]]\nname = "river_length"\nrange = [1, 7e6]\nunit_norm = "m"\n',
        encoding="utf-8")
    limits = suites.load_limits(metrics_file=metrics)
    assert limits.metric["gpu_count|count"] == (10.0, 1e7)
    assert limits.metric["power_capacity"] == (1.0, 1e10)
    assert "power_capacity|W" not in limits.metric  # the lexicon's range replaces ours, whatever its unit
    assert limits.metric["river_length|m"] == (1.0, 7e6)
    assert limits.metric["storage_capacity|byte"] == (1.0, 1e24)  # still from ranges.toml
    assert limits.metric["valuation|EUR"] == limits.metric["valuation|USD"]  # unit = [a list]


def test_no_metric_lexicon_is_fine(tmp_path):
    assert suites.load_limits(metrics_file=tmp_path / "absent.toml").metric["gpu_count|count"] == (1.0, 1e8)


def test_every_promise_says_something_and_row_promises_say_why():
    for suite in suites.suites().values():
        assert suite.promises
        for number, promise in enumerate(suite.promises):
            assert promise.says and promise.expectation.description == promise.says
            assert suite.critical or promise.because, (suite.name, promise.says)
        assert [e.meta["promise"] for e in suite.expectation_suite.expectations] == list(range(len(suite.promises)))


def test_schema_problems():
    frame = schemas.empty(schemas.FACTS).drop("surface").with_columns(pl.col("start").cast(pl.String))
    assert audit.schema_problems(frame, schemas.FACTS) == [
        "column start is String, not Int64", "required column surface is missing"]
    assert audit.schema_problems(schemas.empty(schemas.FACTS), schemas.FACTS) == []
