"""Expectations that Great Expectations does not ship, for the newsfacts suites (pandas only).

In: nothing (importing the module registers the expectations and their metrics with GX).
Out: four expectation classes (each a custom metric + expectation), used in expectations/suites.py
like any built-in:

    ExpectColumnValuesToBeIsoDates        "2025-03-18", "2024-09", "2023"; a real calendar day; years in range
    ExpectColumnValuesToBeInKeyedRange    each value within the range of its row's key (unit, metric, ...)
    ExpectColumnValuesToBeAllowedUnits    a contract unit, an ISO 4217 code, or one of a few more
    ExpectMulticolumnValuesToNotBeNull    every listed column has a value, row by row (one check, not ten)

and the plain-Python rules behind them: `is_iso_date`, `register_ranges` / `range_of`, `allowed_units`.
Like the built-in map expectations, the first three do not judge NULL values: the fourth does.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import ClassVar, List, Optional

import babel.numbers
import pandas as pd
from great_expectations.compatibility import pydantic
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
    MulticolumnMapExpectation,
)
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    MulticolumnMapMetricProvider,
    column_condition_partial,
    multicolumn_condition_partial,
)

from transforms.schemas import UNITS, UNITS_NORM

ISO_4217 = frozenset(babel.numbers.list_currencies())
"""Currency codes CLDR knows (current and historical ISO 4217 codes), through babel."""

_ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?|-Q([1-4]))?")


def is_iso_date(text: object, min_year: int | None = None, max_year: int | None = None) -> bool:
    """True for "YYYY", "YYYY-MM", "YYYY-MM-DD" (a real month or day) or a quarter "YYYY-Qn", year within
    bounds; or an ISO 8601 interval of two of them, in order ("1987-01/1987-06": a half-year)."""
    if not isinstance(text, str):
        return False
    if "/" in text:
        first, _, last = text.partition("/")
        return (is_iso_date(first, min_year, max_year) and is_iso_date(last, min_year, max_year)
                and "/" not in last and first <= last)
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return False
    year, month, day, _quarter = (int(part) if part else None for part in match.groups())
    if (min_year is not None and year < min_year) or (max_year is not None and year > max_year):
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return False
    return True


# ---------------------------------------------------------------- ISO dates (a column map metric)


class ColumnValuesIsoDate(ColumnMapMetricProvider):
    """Row by row: is the value an ISO date ("YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-Qn") or an interval
    of two ("1987-01/1987-06") within the years."""

    condition_metric_name = "column_values.newsfacts_iso_date"
    condition_value_keys = ("min_year", "max_year")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, min_year=None, max_year=None, **kwargs):
        return column.map(lambda value: is_iso_date(value, min_year, max_year)).astype(bool)


class ExpectColumnValuesToBeIsoDates(ColumnMapExpectation):
    """Expect each value to be an ISO date as precise as known: "2025-03-18", "2024-09" or "2023".

    The month and day must exist (no "2024-13", no "2025-02-30"); `min_year` / `max_year` bound the
    year when given. NULL values are not judged.
    """

    min_year: Optional[int] = None
    max_year: Optional[int] = None

    map_metric = "column_values.newsfacts_iso_date"
    success_keys = ("mostly", "min_year", "max_year")
    args_keys = ("column",)

    library_metadata: ClassVar[dict] = {"maturity": "experimental", "tags": ["newsfacts"], "contributors": []}


# ---------------------------------------------------------------- keyed ranges (a multicolumn map metric)
#
# The range tables live here, registered by name, and expectations name them: GX copies an
# expectation's parameters many times per validation, and a 40-entry table costs ~25 ms a call.

_RANGE_TABLES: dict[str, tuple[dict, tuple | None]] = {}


def register_ranges(name: str, ranges: dict, default_range=None) -> None:
    """Name a table {key: [lo, hi]} for ExpectColumnValuesToBeInKeyedRange(ranges=name).

    A key with several parts is written joined by "|" ("gpu_count|count"); its first parts alone
    ("gpu_count") cover every completion. Keys without a range take `default_range` (None: no limit).
    """
    table = {str(key): _pair(bounds) for key, bounds in ranges.items()}
    _RANGE_TABLES[name] = (table, _pair(default_range) if default_range is not None else None)


def range_of(name: str, parts: tuple) -> tuple[float, float] | None:
    """The [lo, hi] that table `name` gives a row whose key columns hold `parts` (None: unlimited)."""
    table, default = _RANGE_TABLES[name]
    for n in range(len(parts), 0, -1):
        if any(part is None or (isinstance(part, float) and math.isnan(part)) for part in parts[:n]):
            continue
        found = table.get("|".join(str(part) for part in parts[:n]))
        if found is not None:
            return found
    return default


def _pair(bounds) -> tuple[float, float]:
    lo, hi = (float(b) for b in bounds)
    if lo > hi:
        raise ValueError(f"range {bounds} has its low end above its high end")
    return (lo, hi)


class MulticolumnValuesInKeyedRange(MulticolumnMapMetricProvider):
    """Row by row: is the last column's value within the range its key columns select."""

    condition_metric_name = "multicolumn_values.newsfacts_in_keyed_range"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_list",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )
    condition_value_keys = ("ranges",)

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list, ranges=None, **kwargs):
        keys, values = column_list.iloc[:, :-1], column_list.iloc[:, -1]
        distinct = {tuple(row): range_of(ranges, tuple(row)) for row in keys.drop_duplicates().itertuples(index=False)}
        bounds = [distinct[tuple(row)] for row in keys.itertuples(index=False)]
        lo = pd.Series([b[0] if b else -math.inf for b in bounds], index=column_list.index, dtype="float64")
        hi = pd.Series([b[1] if b else math.inf for b in bounds], index=column_list.index, dtype="float64")
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")
        return (numbers >= lo) & (numbers <= hi)


class ExpectColumnValuesToBeInKeyedRange(MulticolumnMapExpectation):
    """Expect each value to lie in the plausible range of its key, e.g. `value` by `unit`.

    `column_list` is the key column(s) then the value column: ["unit", "value"], or
    ["metric", "unit_norm", "value_norm"]; `ranges` names a table given to `register_ranges`.
    NaN and infinite values are outside every range. Rows with a NULL are not judged
    (`ignore_row_if="any_value_is_missing"`).
    """

    ranges: str
    ignore_row_if: str = "any_value_is_missing"

    map_metric = "multicolumn_values.newsfacts_in_keyed_range"
    success_keys = ("mostly", "ranges")
    args_keys = ("column_list", "ranges")

    library_metadata: ClassVar[dict] = {"maturity": "experimental", "tags": ["newsfacts"], "contributors": []}


# ---------------------------------------------------------------- allowed units (a column map metric)


def allowed_units(normalized: bool = False, also=()) -> frozenset:
    """Contract units (schemas.UNITS, or UNITS_NORM when `normalized`), ISO 4217 codes, and `also`."""
    return (UNITS_NORM if normalized else UNITS) | ISO_4217 | frozenset(also)


class ColumnValuesAllowedUnit(ColumnMapMetricProvider):
    """Row by row: is the value a contract unit, an ISO 4217 code, or one of `also`."""

    condition_metric_name = "column_values.newsfacts_allowed_unit"
    condition_value_keys = ("normalized", "also")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, normalized=False, also=(), **kwargs):
        return column.isin(allowed_units(normalized, also)).astype(bool)


class ExpectColumnValuesToBeAllowedUnits(ColumnMapExpectation):
    """Expect each unit to be a contract unit (schemas.UNITS; UNITS_NORM when `normalized`), an
    ISO 4217 code (babel's list), or one of `also` (e.g. the SI symbols of expectations/ranges.toml).
    NULL values are not judged.
    """

    normalized: bool = False
    also: List[str] = pydantic.Field(default_factory=list)

    map_metric = "column_values.newsfacts_allowed_unit"
    success_keys = ("mostly", "normalized", "also")
    args_keys = ("column",)

    library_metadata: ClassVar[dict] = {"maturity": "experimental", "tags": ["newsfacts"], "contributors": []}


# ---------------------------------------------------------------- required values (a multicolumn map metric)


class MulticolumnValuesNotNull(MulticolumnMapMetricProvider):
    """Row by row: does every listed column hold a value."""

    condition_metric_name = "multicolumn_values.newsfacts_not_null"
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_list",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list, **kwargs):
        return column_list.notna().all(axis=1)


class ExpectMulticolumnValuesToNotBeNull(MulticolumnMapExpectation):
    """Expect every row to have a value in each column of `column_list` (one expectation for the
    required columns of a table, so GX walks its validation graph once, not once per column)."""

    ignore_row_if: str = "never"

    map_metric = "multicolumn_values.newsfacts_not_null"
    success_keys = ("mostly",)
    args_keys = ("column_list",)

    library_metadata: ClassVar[dict] = {"maturity": "experimental", "tags": ["newsfacts"], "contributors": []}
