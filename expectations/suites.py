"""The promises newsfacts makes about its data, one suite per table and level, as GX expectations.

In: the plausible ranges (expectations/ranges.toml; per-metric ranges from transforms/lexicon/metrics.toml
when it gives `range = [lo, hi]`). Out: `suites()`, every Suite below, built once per process.

Two levels:
- row suites ("<table>.rows"): a row that breaks a promise is quarantined with the `because` sentence
  (formatted with the row's fields, and `{range}` for a range promise); the other rows go on.
- table suites ("<table>.table", "run.quarantine"): one failure blocks publishing.

expectations/audit.py shows each suite a pandas copy of its table plus a few derived columns:
    documents.rows        text_length (characters of `text`), published_year
    quantities.rows,      doc_n_chars (length of the document's text), text_at_span (the document's text
    facts.rows            at start..end, when the offsets fit), doc_source (for the reasons)
    quantities.table,     document_exists (the row's doc_id is a document of this run)
    facts.table
    consensus.table       n_doc_ids_distinct, n_doc_ids_unknown (not in documents),
                          n_fact_ids_unknown (not in facts)
    run.quarantine        one row per table: table, rows, quarantined, share
NaN and infinite values reach GX as +inf (GX reads NaN as missing), so "is a finite number" catches them.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from expectations.custom import (
    ExpectColumnValuesToBeAllowedUnits,
    ExpectColumnValuesToBeInKeyedRange,
    ExpectColumnValuesToBeIsoDates,
    ExpectMulticolumnValuesToNotBeNull,
    register_ranges,
)
from transforms.schemas import BOUNDS, MODALITIES, STATUSES, UNITS

RANGES_FILE = Path(__file__).with_name("ranges.toml")
METRICS_FILE = Path(__file__).resolve().parents[1] / "transforms" / "lexicon" / "metrics.toml"
FINITE = 1.7e308  # |x| <= FINITE: a finite float64


@dataclass(frozen=True)
class Promise:
    """One promise: what it says, the GX expectation that checks it, and why a breaking row is kept out."""

    says: str
    expectation: gxe.Expectation
    because: str = ""  # row suites: a sentence over the row's fields, e.g. "unit {unit} is not allowed"
    wrong_number: bool = False  # a breaking fact's number is wrong: the quantity it was read from stays out too


@dataclass(frozen=True)
class Suite:
    name: str            # "<table>.rows" | "<table>.table" | "run.quarantine"
    table: str           # the frame it checks
    critical: bool       # True: a failure blocks publishing; False: failing rows are quarantined
    promises: tuple[Promise, ...]

    @functools.cached_property
    def expectation_suite(self) -> gx.ExpectationSuite:
        for number, promise in enumerate(self.promises):
            promise.expectation.meta = {"promise": number}
        return gx.ExpectationSuite(name=self.name, expectations=[p.expectation for p in self.promises])

    def promise_for(self, expectation_config) -> Promise:
        """The promise a validation result belongs to (GX results carry the expectation's config)."""
        return self.promises[expectation_config.meta["promise"]]


def promise(says: str, expectation: gxe.Expectation, because: str = "", wrong_number: bool = False) -> Promise:
    expectation.description = says
    return Promise(says, expectation, because, wrong_number)


# ---------------------------------------------------------------- the plausible ranges


@dataclass(frozen=True)
class Limits:
    unit: dict[str, tuple[float, float]]        # unit -> range of a value in that unit
    currency: tuple[float, float]               # any ISO 4217 code without its own range
    years: tuple[int, int]                      # years an ISO date may name
    metric: dict[str, tuple[float, float]]      # "metric" or "metric|unit_norm" -> range of value_norm
    max_quarantined_share: float
    extra_units: frozenset = field(default=frozenset())  # units allowed besides UNITS and ISO 4217


def load_limits(ranges_file: Path = RANGES_FILE, metrics_file: Path | None = None) -> Limits:
    """The ranges of ranges.toml, with per-metric ranges from the metric lexicon taking precedence
    (every lexicon/metrics*.toml, or only `metrics_file` when given)."""
    data = tomllib.loads(ranges_file.read_text(encoding="utf-8"))
    metric = _metric_ranges(data.get("metric", {}))
    files = [metrics_file] if metrics_file is not None else sorted(METRICS_FILE.parent.glob("metrics*.toml"))
    lexicon: dict[str, tuple[float, float]] = {}
    for path in files:
        if path.exists():
            lexicon |= _metric_ranges(tomllib.loads(path.read_text(encoding="utf-8")))
    if lexicon:
        named = {key.split("|")[0] for key in lexicon}
        metric = {key: bounds for key, bounds in metric.items() if key.split("|")[0] not in named} | lexicon
    unit = {name: _pair(bounds) for name, bounds in data["unit"].items()}
    return Limits(
        unit=unit,
        currency=_pair(data["currency"]["default"]),
        years=tuple(int(y) for y in data["date"]["years"]),
        metric=metric,
        max_quarantined_share=float(data["audit"]["max_quarantined_share"]),
        extra_units=frozenset(unit) - UNITS,
    )


def _pair(bounds) -> tuple[float, float]:
    lo, hi = (float(b) for b in bounds)
    return (lo, hi)


def _metric_ranges(tree, name: str | None = None) -> dict[str, tuple[float, float]]:
    """Every table with `range = [lo, hi]` in a TOML tree, keyed by its `name` or its table key.

    A `range_unit`, `unit_norm` or `unit` beside the range (a unit or a list) restricts it to facts
    in that unit_norm; a money metric (`dimension = "money"`) without one is read in USD.
    """
    found: dict[str, tuple[float, float]] = {}
    if isinstance(tree, dict):
        bounds = tree.get("range")
        if name is not None and isinstance(bounds, list) and len(bounds) == 2:
            metric = str(tree.get("name", name))
            units = tree.get("range_unit") or tree.get("unit_norm") or tree.get("unit")
            if units is None and tree.get("dimension") == "money":
                units = "USD"  # an amount range without its currency is read in US dollars
            if isinstance(units, str):
                units = [units]
            for unit in units if isinstance(units, list) and units else [None]:
                found[f"{metric}|{unit}" if unit else metric] = _pair(bounds)
        for key, value in tree.items():
            found.update(_metric_ranges(value, key))
    elif isinstance(tree, list):
        for item in tree:
            if isinstance(item, dict) and "name" in item:
                found.update(_metric_ranges(item, str(item["name"])))
    return found


# ---------------------------------------------------------------- shared promises


def _required(table: str, columns: list[str]) -> Promise:
    return promise(f"every {table} has {', '.join(columns)}",
                   ExpectMulticolumnValuesToNotBeNull(column_list=columns),
                   "{missing} is missing")


def _offsets(table: str) -> list[Promise]:
    """A row's span lies inside its document, and its surface is the text there."""
    return [
        promise("offsets are not negative", gxe.ExpectColumnValuesToBeBetween(column="start", min_value=0),
                "start offset {start} is negative"),
        promise("a span is not empty: end > start",
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="end", column_B="start",
                                                            ignore_row_if="either_value_is_missing"),
                "the span {start}..{end} is empty or reversed"),
        promise("a span ends inside its document's text: end <= its length",
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="doc_n_chars", column_B="end", or_equal=True,
                                                            ignore_row_if="either_value_is_missing"),
                "offset {end} is past the end of the document ({doc_n_chars} characters)"),
        promise(f"a {table}'s surface is the document's text at start..end",
                gxe.ExpectColumnPairValuesToBeEqual(column_A="surface", column_B="text_at_span",
                                                    ignore_row_if="either_value_is_missing"),
                "the surface {surface!r} is not the text at {start}..{end} ({text_at_span!r})"),
    ]


def _one_of(column: str, allowed, what: str) -> Promise:
    return promise(f"{column} is one of {', '.join(sorted(allowed))}",
                   gxe.ExpectColumnValuesToBeInSet(column=column, value_set=sorted(allowed)),
                   f"{column} {{{column}!r}} is not {what}")


def _finite(column: str) -> Promise:
    return promise(f"{column} is a finite number",
                   gxe.ExpectColumnValuesToBeBetween(column=column, min_value=-FINITE, max_value=FINITE),
                   f"{column} {{{column}}} is not a finite number")


def _units(limits: Limits, column: str, normalized: bool) -> Promise:
    also = sorted(limits.extra_units)
    if normalized:
        return promise(f"{column} is a normalized unit (count, percent, pixel, byte, bit, second, m2, W, Wh, "
                       "date, an ISO 4217 code, or an SI unit of ranges.toml)",
                       ExpectColumnValuesToBeAllowedUnits(column=column, normalized=True, also=also),
                       f"{column} {{{column}!r}} is not a normalized unit")
    return promise(f"{column} is a contract unit, an ISO 4217 code, or an SI unit of ranges.toml",
                   ExpectColumnValuesToBeAllowedUnits(column=column, also=also),
                   f"unit {{{column}!r}} is not an allowed unit")


def _in_unit_range(unit: str, value: str) -> Promise:
    return promise(f"{value} is plausible for its {unit} (ranges.toml [unit], [currency])",
                   ExpectColumnValuesToBeInKeyedRange(column_list=[unit, value], ranges="unit"),
                   f"{value} {{{value}}} {{{unit}}} is outside the plausible range {{range}} for this unit")


def _iso_date(limits: Limits, column: str) -> Promise:
    lo, hi = limits.years
    return promise(f"{column} is an ISO date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn, or an interval of two) between {lo} and {hi}",
                   ExpectColumnValuesToBeIsoDates(column=column, min_year=lo, max_year=hi),
                   f"{column} {{{column}!r}} is not an ISO date between {lo} and {hi}")


def _dates_have_text(unit: str, value: str) -> list[Promise]:
    return [
        promise(f"{value} is given unless {unit} is date",
                gxe.ExpectColumnValuesToNotBeNull(column=value, row_condition=Column(unit) != "date"),
                f"{value} is missing for a {{{unit}}} amount"),
        promise(f"a date ({unit} = date) has its ISO text in value_text",
                gxe.ExpectColumnValuesToNotBeNull(column="value_text", row_condition=Column(unit) == "date"),
                "the date has no value_text"),
    ]


# ---------------------------------------------------------------- row suites: a breaking row is quarantined


def documents_rows(limits: Limits) -> Suite:
    lo, hi = limits.years
    return Suite("documents.rows", "documents", False, (
        _required("document", ["doc_id", "source", "language", "n_chars", "text_length"]),
        promise("doc_id is 16 lowercase hex digits (the start of the text's sha256)",
                gxe.ExpectColumnValuesToMatchRegex(column="doc_id", regex=r"^[0-9a-f]{16}\Z"),
                "doc_id {doc_id!r} is not 16 hex digits"),
        promise("n_chars is the length of the text",
                gxe.ExpectColumnPairValuesToBeEqual(column_A="n_chars", column_B="text_length",
                                                    ignore_row_if="either_value_is_missing"),
                "n_chars {n_chars} is not the length of its text ({text_length} characters)"),
        promise("language is an ISO 639-1 code (two lowercase letters)",
                gxe.ExpectColumnValuesToMatchRegex(column="language", regex=r"^[a-z]{2}\Z"),
                "language {language!r} is not an ISO 639-1 code"),
        promise(f"a publication date falls between {lo} and {hi}",
                gxe.ExpectColumnValuesToBeBetween(column="published_year", min_value=lo, max_value=hi),
                f"publication year {{published_year}} is not between {lo} and {hi}"),
        _one_of("published_precision", {"day", "month", "year"}, "a precision (day, month, year)"),
    ))


def quantities_rows(limits: Limits) -> Suite:
    return Suite("quantities.rows", "quantities", False, (
        _required("quantity", ["doc_id", "start", "end", "surface", "unit", "bound"]),
        *_offsets("quantity"),
        _units(limits, "unit", normalized=False),
        _one_of("bound", BOUNDS, "a bound"),
        _finite("value"),
        *_dates_have_text("unit", "value"),
        _iso_date(limits, "value_text"),
        _in_unit_range("unit", "value"),
        _units(limits, "unit_norm", normalized=True),
        _finite("value_norm"),
        _in_unit_range("unit_norm", "value_norm"),
    ))


def facts_rows(limits: Limits) -> Suite:
    return Suite("facts.rows", "facts", False, (
        _required("fact", ["fact_id", "doc_id", "subject", "metric", "unit", "unit_norm", "bound", "modality",
                           "start", "end"]),
        promise("a subject is not blank", gxe.ExpectColumnValuesToMatchRegex(column="subject", regex=r"\S"),
                "the subject is blank"),
        promise("a counterparty, when there is one, is not blank",
                gxe.ExpectColumnValuesToMatchRegex(column="counterparty", regex=r"\S"),
                "the counterparty is blank"),
        promise("a metric is a snake_case name",
                gxe.ExpectColumnValuesToMatchRegex(column="metric", regex=r"^[a-z][a-z0-9_]*\Z"),
                "metric {metric!r} is not a snake_case name"),
        _units(limits, "unit", normalized=False),
        _units(limits, "unit_norm", normalized=True),
        _one_of("bound", BOUNDS, "a bound"),
        _one_of("modality", MODALITIES, "a modality"),
        _iso_date(limits, "period"),
        _iso_date(limits, "value_text"),
        *_dates_have_text("unit_norm", "value_norm"),
        _finite("value"),
        _finite("value_norm"),
        _in_unit_range("unit", "value"),
        _in_unit_range("unit_norm", "value_norm"),
        promise("value_norm is plausible for its metric (metrics.toml, ranges.toml [metric])",
                ExpectColumnValuesToBeInKeyedRange(column_list=["metric", "unit_norm", "value_norm"],
                                                   ranges="metric"),
                "{metric} {value_norm} is outside the plausible range {range} for this metric",
                wrong_number=True),  # 5e12 GPUs: wrong in curated.quantities too
        *_offsets("fact"),
    ))


# ---------------------------------------------------------------- table suites: one failure blocks publishing


def documents_table() -> Suite:
    return Suite("documents.table", "documents", True, (
        promise("doc_id is unique", gxe.ExpectColumnValuesToBeUnique(column="doc_id")),
    ))


QUANTITY_KEY = ["doc_id", "start", "end", "unit", "value", "value_text"]


def quantities_table() -> Suite:
    return Suite("quantities.table", "quantities", True, (
        promise("one row per quantity: (doc_id, start, end, unit, value, value_text) is unique",
                gxe.ExpectCompoundColumnsToBeUnique(column_list=QUANTITY_KEY)),
        promise("every quantity's doc_id is a document",
                gxe.ExpectColumnValuesToBeInSet(column="document_exists", value_set=[True])),
    ))


def facts_table() -> Suite:
    return Suite("facts.table", "facts", True, (
        promise("fact_id is unique", gxe.ExpectColumnValuesToBeUnique(column="fact_id")),
        promise("every fact's doc_id is a document",
                gxe.ExpectColumnValuesToBeInSet(column="document_exists", value_set=[True])),
    ))


CONSENSUS_KEY = ["subject", "metric", "period", "unit_norm"]


def consensus_table() -> Suite:
    return Suite("consensus.table", "consensus", True, (
        promise("one row per (subject, metric, period, unit_norm)",
                gxe.ExpectCompoundColumnsToBeUnique(column_list=CONSENSUS_KEY, ignore_row_if="never")),
        promise("every consensus row has subject, metric, unit_norm, status, n_sources, n_independent_sources "
                "and its doc_ids",
                ExpectMulticolumnValuesToNotBeNull(
                    column_list=["subject", "metric", "unit_norm", "status", "n_sources", "n_independent_sources",
                                 "n_doc_ids_distinct"])),
        promise(f"status is one of {', '.join(sorted(STATUSES))}",
                gxe.ExpectColumnValuesToBeInSet(column="status", value_set=sorted(STATUSES))),
        promise("n_sources is the number of distinct doc_ids",
                gxe.ExpectColumnPairValuesToBeEqual(column_A="n_sources", column_B="n_doc_ids_distinct",
                                                    ignore_row_if="neither")),
        promise("every doc_id of a consensus row is a document",
                gxe.ExpectColumnValuesToBeBetween(column="n_doc_ids_unknown", min_value=0, max_value=0)),
        promise("every fact_id of a consensus row is a fact",
                gxe.ExpectColumnValuesToBeBetween(column="n_fact_ids_unknown", min_value=0, max_value=0)),
        promise("n_sources is at least 1", gxe.ExpectColumnValuesToBeBetween(column="n_sources", min_value=1)),
        promise("n_languages is at most n_sources",
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="n_sources", column_B="n_languages",
                                                            or_equal=True, ignore_row_if="either_value_is_missing")),
        promise("n_independent_sources is at most n_sources (reprints of one text count once)",
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="n_sources", column_B="n_independent_sources",
                                                            or_equal=True, ignore_row_if="either_value_is_missing")),
        promise("n_independent_sources is at least 1",
                gxe.ExpectColumnValuesToBeBetween(column="n_independent_sources", min_value=1)),
        promise("an agreed value has two or more independent sources",
                gxe.ExpectColumnValuesToBeBetween(column="n_independent_sources", min_value=2,
                                                  row_condition=Column("status") == "agreed")),
        promise("a compatible value has two or more independent sources",
                gxe.ExpectColumnValuesToBeBetween(column="n_independent_sources", min_value=2,
                                                  row_condition=Column("status") == "compatible")),
        promise("a single_source value has exactly one independent source",
                gxe.ExpectColumnValuesToBeBetween(column="n_independent_sources", min_value=1, max_value=1,
                                                  row_condition=Column("status") == "single_source")),
    ))


def run_quarantine(limits: Limits) -> Suite:
    share = limits.max_quarantined_share
    return Suite("run.quarantine", "run", True, (
        promise(f"at most {share:.0%} of a table's rows are quarantined in a run (more means a stage is broken)",
                gxe.ExpectColumnValuesToBeBetween(column="share", min_value=0, max_value=share)),
    ))


@functools.cache
def limits() -> Limits:
    return load_limits()


@functools.cache
def suites() -> dict[str, Suite]:
    """Every suite, by name (built once per process)."""
    found = limits()
    register_ranges("unit", found.unit, default_range=found.currency)
    register_ranges("metric", found.metric)
    built = [
        documents_rows(found), quantities_rows(found), facts_rows(found),
        documents_table(), quantities_table(), facts_table(), consensus_table(), run_quarantine(found),
    ]
    return {suite.name: suite for suite in built}


ROW_SUITES = {"documents": "documents.rows", "quantities": "quantities.rows", "facts": "facts.rows"}
TABLE_SUITES = {"documents": "documents.table", "quantities": "quantities.table", "facts": "facts.table",
                "consensus": "consensus.table"}
