"""Units: what the lexicon's unit names resolve to, and `normalize` (MENTIONS → QUANTITIES)."""

from __future__ import annotations

import polars as pl
import pytest

from transforms import schemas
from transforms.numbers import LANGS, lexicon
from transforms.units import normal, normalize, resolve


@pytest.mark.parametrize("name,unit,factor", [
    ("kilometer", "m", 1000.0),
    ("exabyte", "byte", 1e18),
    ("megawatt", "W", 1e6),
    ("gigawatt_hour", "Wh", 1e9),
    ("milliliter", "l", 0.001),
    ("pound", "kg", 0.45359237),
    ("kilometer / hour", "m/s", 1 / 3.6),
    ("sq_ft", "sq_ft", 1.0),
    ("second", "second", 1.0),
    ("megapixel", "pixel", 1e6),
])
def test_resolve(name, unit, factor):
    u, f, offset = resolve(name)
    assert u == unit and f == pytest.approx(factor) and offset == 0


def test_fahrenheit_has_an_offset():
    u, f, offset = resolve("degF")
    assert u == "degC" and 212 * f + offset == pytest.approx(100)


def test_every_lexicon_unit_resolves():
    """Every unit word and symbol in every language file names something we can convert."""
    for lang in LANGS:
        lex = lexicon(lang)
        for table in ("unit_symbols", "unit_words", "units"):
            for surface, name in lex.get(table, {}).items():
                unit, factor, _ = resolve(name)
                assert factor > 0, (lang, surface)
                assert unit in schemas.UNITS or unit in {"m", "kg", "l", "m/s", "degC", "Hz", "bit/s", "C"}, (lang, surface, unit)


def test_pint_checks_the_fixed_factors():
    from transforms.units import NORMAL, ureg

    reg = ureg()
    for unit, pint_name in [("minute", "minute"), ("hour", "hour"), ("day", "day"), ("week", "week"),
                            ("km2", "km**2"), ("hectare", "hectare"), ("sq_ft", "ft**2"),
                            ("acre", "43560 * ft**2")]:  # the international acre (pint's "acre" is the US survey one)
        target = "second" if NORMAL[unit][0] == "second" else "m**2"
        assert NORMAL[unit][1] == pytest.approx(reg.Quantity(pint_name).to(target).magnitude)
    assert NORMAL["month"][1] == pytest.approx(30.436875 * 86400)
    assert NORMAL["year"][1] == pytest.approx(365.2425 * 86400)


def mentions(rows):
    return pl.DataFrame(
        [{"doc_id": "d", "start": 0, "end": 1, "surface": "x", "value": v, "value_text": t, "unit": u,
          "bound": "exact", "object": None, "lang": "fr"} for v, t, u in rows], schema=schemas.MENTIONS)


def test_normalize():
    out = normalize(mentions([
        (75000.0, None, "sq_ft"), (4.0, None, "month"), (1e18, None, "byte"), (5e9, None, "USD"),
        (None, "2024-09", "date"), (120000.0, None, "m"), (2.0, None, "l"), (3.0, None, "hectare"),
        (10.0, None, "km2"), (1.0, None, "year"), (50.0, None, "percent"), (7.0, None, "furlong_per_fortnight"),
    ]))
    assert out.schema == pl.Schema(schemas.QUANTITIES)
    got = out.select("unit_norm", "value_norm").rows()
    assert got[0][0] == "m2" and got[0][1] == pytest.approx(6967.7, rel=1e-4)
    assert got[1] == ("second", pytest.approx(4 * 30.436875 * 86400))
    assert got[2] == ("byte", 1e18)
    assert got[3] == ("USD", 5e9)
    assert got[4] == ("date", None)
    assert got[5] == ("m", 120000.0)
    assert got[6] == ("m3", pytest.approx(0.002))
    assert got[7] == ("m2", 30000.0)
    assert got[8] == ("m2", 1e7)
    assert got[9] == ("second", pytest.approx(365.2425 * 86400))
    assert got[10] == ("percent", 50.0)
    assert got[11][1] is None  # an unknown unit is not given a made-up value


def test_normalize_keeps_rows_and_order():
    m = mentions([(1.0, None, "hour"), (2.0, None, "count"), (3.0, None, "hour")])
    out = normalize(m)
    assert out.height == 3 and out.get_column("value").to_list() == [1.0, 2.0, 3.0]
    assert out.get_column("value_norm").to_list() == [3600.0, 2.0, 10800.0]


def test_normalize_empty():
    assert normalize(pl.DataFrame(schema=schemas.MENTIONS)).schema == pl.Schema(schemas.QUANTITIES)


def test_normal_currency_code():
    assert normal("IDR") == ("IDR", 1.0, 0.0)
