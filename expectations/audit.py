"""The quality gate: run the suites of expectations/suites.py on a run's frames, before publishing.

In: frames keyed "documents", "quantities", "facts", "consensus" (schemas of transforms/schemas.py;
documents with `text`; extra columns are kept and ignored). Out: an AuditResult: whether publishing may
go on, the frames minus quarantined rows, the quarantine (QUARANTINE schema) with a reason per row,
why publishing is blocked, and a summary per suite (with the GX validation result, for Data Docs).

    audit_rows(frames)    row suites on documents, quantities, facts: breaking rows are quarantined
                          (with the quantities and facts of a quarantined document, and the facts of a
                          quarantined quantity); blocks when a table loses more than the allowed share
    audit_tables(frames)  table suites on all four frames (keys, links, counts): any failure blocks
    audit(frames)         both, in that order (consensus rebuilt from the audited facts when given
                          `reconcile`)

Great Expectations runs on pandas copies of the frames (GX 1.x does not read polars), in one
ephemeral context per process, created on first use.
"""

from __future__ import annotations

import copy
import importlib
import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

import polars as pl
import polars.selectors as cs

from transforms.schemas import CONSENSUS, DOCUMENTS, FACTS, QUANTITIES, QUARANTINE

SCHEMAS = {"documents": DOCUMENTS, "quantities": QUANTITIES, "facts": FACTS, "consensus": CONSENSUS}
HEAVY = ("text", "doc_text", "snippet")  # never copied to pandas
EXAMPLE_COLUMNS = {  # how a blocking message names the rows it is about
    "documents": ("doc_id", "source"),
    "quantities": ("doc_id", "start", "end", "unit", "value", "value_text"),
    "facts": ("fact_id", "doc_id", "subject", "metric"),
    "consensus": ("subject", "metric", "period", "unit_norm", "status", "n_sources"),
    "run": ("table", "rows", "quarantined", "share"),
}


@dataclass
class AuditResult:
    passed: bool                            # False: block publishing
    frames: dict[str, pl.DataFrame]         # the input frames minus quarantined rows
    quarantine: pl.DataFrame                # QUARANTINE schema: source, stage ("audit:<suite>"), reason
    blocking: list[str] = field(default_factory=list)  # why publishing is blocked, one sentence each
    suites: list[dict] = field(default_factory=list)   # per suite: name, table, critical, success, evaluated,
    # failed, rows, seconds, failures [{type, column, description, unexpected_count, error}], validation (GX)

    @property
    def validations(self) -> list:
        """The GX ExpectationSuiteValidationResults of the suites that ran (for Data Docs)."""
        return [s["validation"] for s in self.suites if s.get("validation") is not None]

    def combine(self, later: AuditResult) -> AuditResult:
        """This audit followed by `later` (e.g. rows then tables): both must pass."""
        return AuditResult(
            passed=self.passed and later.passed,
            frames=later.frames,
            quarantine=pl.concat([self.quarantine, later.quarantine]),
            blocking=self.blocking + later.blocking,
            suites=self.suites + later.suites,
        )


# ---------------------------------------------------------------- Great Expectations, once per process


def ephemeral_context():
    """A GX context held in memory: no files, no progress bars, no analytics, no temporary docs site."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


class _Runner:
    """One ephemeral GX context with a pandas data source; one asset and batch definition per suite."""

    def __init__(self) -> None:
        self.context = ephemeral_context()
        self.source = self.context.data_sources.add_pandas("newsfacts")
        self.batches: dict[str, object] = {}

    def validate(self, suite, frame):
        """Two passes: every expectation with BASIC results (half the cost of COMPLETE), then the
        failed ones again with COMPLETE, for the index of every unexpected row."""
        import great_expectations as gx

        batch_definition = self.batches.get(suite.name)
        if batch_definition is None:
            asset = self.source.add_dataframe_asset(suite.name)
            batch_definition = self.batches[suite.name] = asset.add_batch_definition_whole_dataframe("all")
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite.expectation_suite, result_format="BASIC")
        failed = [o for o in result.results if not o.success and not _raised(o)]
        if failed:
            again = gx.ExpectationSuite(
                name=suite.name, expectations=[copy.copy(suite.promise_for(o.expectation_config).expectation)
                                               for o in failed])
            detailed = {o.expectation_config.meta["promise"]: o
                        for o in batch.validate(again, result_format="COMPLETE").results}
            result.results = [detailed.get(o.expectation_config.meta["promise"], o) for o in result.results]
        return result


_runner: _Runner | None = None
_lock = threading.Lock()


def _validate(suite, frame: pl.DataFrame):
    """Run `suite` on a pandas copy of `frame` (row positions are the pandas index)."""
    global _runner
    columns = [name for name, dtype in frame.schema.items() if name not in HEAVY and not isinstance(dtype, pl.List)]
    pandas = frame.select(columns).with_columns(cs.float().fill_nan(math.inf)).to_pandas()
    with _lock:
        if _runner is None:
            _runner = _Runner()
        return _runner.validate(suite, pandas)


# ---------------------------------------------------------------- the two audits


def preload() -> None:
    """Import Great Expectations in the background: 4-5 s that can overlap with extraction, whose work is
    in the worker processes while this one mostly waits (Python's import lock makes the audit wait for it)."""
    threading.Thread(target=importlib.import_module, args=("expectations.suites",), name="newsfacts-preload-gx",
                     daemon=True).start()


def audit_rows(frames: dict[str, pl.DataFrame]) -> AuditResult:
    """Row suites on documents, quantities and facts: breaking rows are removed and quarantined."""
    from expectations.suites import ROW_SUITES, limits, suites

    built, entries, blocking = suites(), [], []
    frames = dict(frames)
    problems = {table: schema_problems(frames[table], SCHEMAS[table]) for table in ROW_SUITES if table in frames}
    for table, found in problems.items():
        if not found:
            frames[table] = _typed(frames[table], SCHEMAS[table])
    out = dict(frames)
    checked_documents = _unique_documents(frames.get("documents"))
    bad: dict[str, dict[int, tuple[str, str]]] = {}  # table -> row -> (stage, reason)
    wrong_numbers: dict[str, set[int]] = {}  # table -> rows that broke a `wrong_number` promise

    for table, name in ROW_SUITES.items():
        if table not in frames:
            continue
        frame, suite = frames[table], built[name]
        if problems[table]:
            entries.append(_schema_entry(suite, frame, problems[table]))
            blocking += [f"{table}: {problem}" for problem in problems[table]]
            continue
        check = _prepare_documents(frame) if table == "documents" else _prepare_spans(frame, checked_documents)
        entry, reasons, errors, wrong_numbers[table] = _run_row_suite(suite, check)
        entries.append(entry)
        blocking += errors
        bad[table] = {row: (f"audit:{name}", "; ".join(why) + _context(table, check.row(row, named=True)))
                      for row, why in reasons.items()}

    _cascade(frames, bad, wrong_numbers.get("facts", set()))
    quarantine, counts = [], []
    for table in ROW_SUITES:
        if table not in bad:
            continue
        frame, rows = frames[table], bad[table]
        keep = pl.Series([True] * frame.height).scatter(list(rows), False) if rows else None
        out[table] = frame.filter(keep) if rows else frame
        quarantine += [(_source(table, frame.row(i, named=True), i), *rows[i]) for i in sorted(rows)]
        counts.append({"table": table, "rows": frame.height, "quarantined": len(rows),
                       "share": len(rows) / frame.height if frame.height else 0.0})

    share = built["run.quarantine"]
    run = pl.DataFrame(counts, schema={"table": pl.String, "rows": pl.Int64, "quarantined": pl.Int64,
                                       "share": pl.Float64})
    entry, errors = _run_table_suite(share, run)
    entries.append(entry)
    limit = limits().max_quarantined_share
    too_many = [f"{r['table']}: {r['quarantined']} of {r['rows']} rows ({r['share']:.0%}) were quarantined, "
                f"more than {limit:.0%}: a stage is probably broken" for r in run.iter_rows(named=True)
                if r["share"] > limit]
    blocking += too_many or errors

    quarantine_frame = pl.DataFrame(quarantine, schema=QUARANTINE, orient="row")
    return AuditResult(not blocking, out, quarantine_frame, blocking, entries)


def audit_tables(frames: dict[str, pl.DataFrame]) -> AuditResult:
    """Table suites on documents, quantities, facts and consensus: any failure blocks publishing."""
    from expectations.suites import TABLE_SUITES, suites

    built, entries, blocking = suites(), [], []
    for table in TABLE_SUITES:
        if table not in frames:
            blocking.append(f"{table}: the frame was not given to the audit")
    documents, facts = frames.get("documents"), frames.get("facts")
    doc_ids = _ids(documents, "doc_id")
    fact_ids = _ids(facts, "fact_id")

    for table, name in TABLE_SUITES.items():
        frame = frames.get(table)
        if frame is None:
            continue
        suite = built[name]
        problems = schema_problems(frame, SCHEMAS[table])
        if problems:
            entries.append(_schema_entry(suite, frame, problems))
            blocking += [f"{table}: {problem}" for problem in problems]
            continue
        frame = _typed(frame, SCHEMAS[table])
        if table in ("quantities", "facts"):
            known = pl.col("doc_id").is_in(doc_ids.implode()).fill_null(False)
            frame = frame.with_columns(known.alias("document_exists"))
        elif table == "consensus":
            frame = frame.with_columns(
                pl.col("doc_ids").list.unique().list.len().cast(pl.Int64).alias("n_doc_ids_distinct"),
                pl.col("doc_ids").list.eval(~pl.element().is_in(doc_ids.implode())).list.sum()
                .fill_null(0).cast(pl.Int64).alias("n_doc_ids_unknown"),
                pl.col("fact_ids").list.eval(~pl.element().is_in(fact_ids.implode())).list.sum()
                .fill_null(0).cast(pl.Int64).alias("n_fact_ids_unknown"),
            )
        entry, errors = _run_table_suite(suite, frame)
        entries.append(entry)
        blocking += errors

    empty = pl.DataFrame(schema=QUARANTINE)
    return AuditResult(not blocking, dict(frames), empty, blocking, entries)


def audit(
    frames: dict[str, pl.DataFrame],
    reconcile: Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame] | None = None,
) -> AuditResult:
    """audit_rows, then audit_tables on what remains. With `reconcile(facts, documents)`, the consensus
    is rebuilt from the audited facts first; without, frames["consensus"] is checked as given."""
    rows = audit_rows(frames)
    remaining = dict(rows.frames)
    if reconcile is not None:
        remaining["consensus"] = reconcile(remaining["facts"], remaining["documents"])
    return rows.combine(audit_tables(remaining))


# ---------------------------------------------------------------- schema (columns and types)


def schema_problems(frame: pl.DataFrame, schema: dict) -> list[str]:
    """Missing columns and wrong types, as sentences (an all-NULL column of type Null is accepted)."""
    problems = []
    for name, dtype in schema.items():
        if name not in frame.columns:
            problems.append(f"required column {name} is missing")
        elif frame.schema[name] != dtype and frame.schema[name] != pl.Null:
            problems.append(f"column {name} is {frame.schema[name]}, not {dtype}")
    return problems


def _typed(frame: pl.DataFrame, schema: dict) -> pl.DataFrame:
    """All-NULL columns of type Null cast to the schema's type (nothing else changes)."""
    nulls = [name for name in schema if frame.schema[name] == pl.Null]
    return frame.with_columns(pl.col(name).cast(schema[name]) for name in nulls) if nulls else frame


def _schema_entry(suite, frame: pl.DataFrame, problems: list[str]) -> dict:
    return {
        "name": suite.name, "table": suite.table, "critical": True, "success": False,
        "evaluated": 1, "failed": 1, "rows": frame.height, "seconds": 0.0, "validation": None,
        "failures": [{"type": "schema", "column": None, "description": "; ".join(problems),
                      "unexpected_count": None, "error": None}],
    }


# ---------------------------------------------------------------- derived columns the suites read


def _unique_documents(documents: pl.DataFrame | None) -> pl.DataFrame:
    schema = {"doc_id": pl.String, "doc_n_chars": pl.Int64, "doc_text": pl.String, "doc_source": pl.String}
    if documents is None or schema_problems(documents, {k: DOCUMENTS[k] for k in ("doc_id", "text", "source")}):
        return pl.DataFrame(schema=schema)
    unique = documents.filter(pl.col("doc_id").is_not_null()).unique(subset="doc_id", keep="first", maintain_order=True)
    return unique.select(
        pl.col("doc_id"),
        pl.col("text").str.len_chars().alias("doc_n_chars"),
        pl.col("text").alias("doc_text"),
        pl.col("source").alias("doc_source"),
    ).cast(schema)


def _prepare_documents(documents: pl.DataFrame) -> pl.DataFrame:
    return documents.with_columns(
        pl.col("text").str.len_chars().cast(pl.Int64).alias("text_length"),
        pl.col("published").dt.year().cast(pl.Int64).alias("published_year"),
    )


def _prepare_spans(frame: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """The frame with its document's length, source and text at start..end (when the offsets fit)."""
    joined = frame.join(documents, on="doc_id", how="left", maintain_order="left")
    fits = (pl.col("start") >= 0) & (pl.col("start") < pl.col("end")) & (pl.col("end") <= pl.col("doc_n_chars"))
    return joined.with_columns(
        pl.when(fits).then(pl.col("doc_text").str.slice(pl.col("start"), pl.col("end") - pl.col("start")))
        .alias("text_at_span")
    ).drop("doc_text")


def _ids(frame: pl.DataFrame | None, column: str) -> pl.Series:
    if frame is None or column not in frame.columns:
        return pl.Series(column, [], dtype=pl.String)
    return frame.get_column(column).drop_nulls().cast(pl.String)


# ---------------------------------------------------------------- running a suite, reading its result


def _run_row_suite(suite, check: pl.DataFrame) -> tuple[dict, dict[int, list[str]], list[str], set[int]]:
    """Validate; the reasons per failing row, the errors (an expectation that could not run), and the rows
    that broke a promise saying their number is wrong."""
    started = time.perf_counter()
    result = _validate(suite, check)
    reasons: dict[int, list[str]] = defaultdict(list)
    errors, wrong_numbers = [], set()
    for outcome in result.results:
        promise = suite.promise_for(outcome.expectation_config)
        if _raised(outcome):
            errors.append(f"{suite.name}: could not check that {promise.says}: {_exception(outcome)}")
            continue
        if outcome.success:
            continue
        rows = sorted(int(i) for i in outcome.result.get("unexpected_index_list") or [])
        if not rows:  # failed, yet no row to quarantine: never let that pass silently
            errors.append(f"{suite.name}: {promise.says} failed without naming its rows")
        for row in rows:
            reasons[row].append(_reason(promise, check.row(row, named=True)))
        if promise.wrong_number:
            wrong_numbers.update(rows)
    entry = _entry(suite, result, check.height, time.perf_counter() - started, errors_are_critical=bool(errors))
    return entry, dict(reasons), errors, wrong_numbers


def _run_table_suite(suite, frame: pl.DataFrame) -> tuple[dict, list[str]]:
    """Validate; one blocking sentence per broken promise."""
    started = time.perf_counter()
    result = _validate(suite, frame)
    blocking = []
    for outcome in result.results:
        promise = suite.promise_for(outcome.expectation_config)
        if _raised(outcome):
            blocking.append(f"{suite.name}: could not check that {promise.says}: {_exception(outcome)}")
        elif not outcome.success:
            count = outcome.result.get("unexpected_count")
            examples = _examples(suite.table, frame, outcome)
            blocking.append(f"{suite.table}: {promise.says}, but {count} of {frame.height} rows break it"
                            + (f" (e.g. {'; '.join(examples)})" if examples else ""))
    return _entry(suite, result, frame.height, time.perf_counter() - started), blocking


def _entry(suite, result, rows: int, seconds: float, errors_are_critical: bool = False) -> dict:
    failures = []
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        kwargs = config.kwargs
        failures.append({
            "type": config.type,
            "column": kwargs.get("column") or kwargs.get("column_list")
            or [c for c in (kwargs.get("column_A"), kwargs.get("column_B")) if c] or None,
            "description": config.description or config.type,
            "unexpected_count": (outcome.result or {}).get("unexpected_count"),
            "error": _exception(outcome) if _raised(outcome) else None,
        })
    return {
        "name": suite.name, "table": suite.table, "critical": suite.critical or errors_are_critical,
        "success": bool(result.success), "evaluated": len(result.results), "failed": len(failures),
        "rows": rows, "seconds": round(seconds, 4), "failures": failures, "validation": result,
    }


def _raised(outcome) -> bool:
    info = outcome.exception_info or {}
    if "raised_exception" not in info:  # keyed by metric when several metrics failed
        return any(isinstance(v, dict) and v.get("raised_exception") for v in info.values())
    return bool(info.get("raised_exception"))


def _exception(outcome) -> str:
    info = outcome.exception_info or {}
    if "exception_message" in info:
        return str(info.get("exception_message"))
    return "; ".join(str(v.get("exception_message")) for v in info.values() if isinstance(v, dict))


def _examples(table: str, frame: pl.DataFrame, outcome, limit: int = 3) -> list[str]:
    columns = [c for c in EXAMPLE_COLUMNS.get(table, ()) if c in frame.columns]
    seen: list[str] = []
    for row in outcome.result.get("unexpected_index_list") or []:
        values = frame.row(int(row), named=True)
        text = ", ".join(f"{c} {_Shown(values[c])!r}" for c in columns)
        if text not in seen:
            seen.append(text)
        if len(seen) >= limit:
            break
    return seen


# ---------------------------------------------------------------- reasons a person understands


_CONTROL = {9: "\\t", 10: "\\n", 13: "\\r"}  # shown escaped, so a reason stays on one line


class _Shown:
    """A row value as a reason shows it: numbers compact (5e12), strings quoted by !r, NULL for None."""

    def __init__(self, value) -> None:
        self.value = value

    def __str__(self) -> str:
        value = self.value
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, float):
            return number(value)
        text = str(value).translate(_CONTROL)
        return text if len(text) <= 80 else text[:77] + "…"

    def __repr__(self) -> str:
        if isinstance(self.value, str):
            return "'" + str(self) + "'"
        return str(self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def number(value: float) -> str:
    """5e12 → '5e12', 100000.0 → '100000', 6967.73 → '6967.73', NaN → 'NaN'."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == int(value) and abs(value) < 1e7:
        return str(int(value))
    text = f"{value:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def _reason(promise, row: dict) -> str:
    from expectations.custom import ExpectMulticolumnValuesToNotBeNull, range_of

    fields = {name: _Shown(value) for name, value in row.items()}
    expectation = promise.expectation
    if isinstance(expectation, ExpectMulticolumnValuesToNotBeNull):
        fields["missing"] = ", ".join(c for c in expectation.column_list if _missing(row.get(c))) or "a value"
    if hasattr(expectation, "ranges"):
        bounds = range_of(expectation.ranges, tuple(row.get(column) for column in expectation.column_list[:-1]))
        fields["range"] = f"{number(bounds[0])}..{number(bounds[1])}" if bounds else "(none)"
    try:
        return promise.because.format(**fields) if promise.because else f"breaks the promise: {promise.says}"
    except (KeyError, IndexError, ValueError):
        return f"breaks the promise: {promise.says}"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _context(table: str, row: dict) -> str:
    """Where the row comes from: " (doc 1a2b3c4d…, 000_x.txt, '5 000 000 000 000 GPU')"."""
    doc_id = row.get("doc_id")
    parts = [f"doc {doc_id[:8]}…" if isinstance(doc_id, str) and len(doc_id) > 8 else f"doc {_Shown(doc_id)}"]
    source = row.get("source") if table == "documents" else row.get("doc_source")
    if source:
        parts.append(str(_Shown(source)))
    if table != "documents" and row.get("surface"):
        parts.append(repr(_Shown(row["surface"])))
    return " (" + ", ".join(parts) + ")"


def _source(table: str, row: dict, position: int) -> str:
    """The quarantine's `source`: the doc_id (documents, quantities) or the fact_id (facts)."""
    key = row.get("fact_id") if table == "facts" else row.get("doc_id")
    key = key or row.get("doc_id") or row.get("source")
    return str(key) if key else f"{table} row {position}"


def _cascade(frames: dict[str, pl.DataFrame], bad: dict[str, dict[int, tuple[str, str]]],
             wrong_facts: set[int]) -> None:
    """Quarantine the quantities and facts of a quarantined document, the facts of a quarantined quantity,
    and the quantity of a fact whose value is implausible for its metric."""
    documents = frames.get("documents")
    if "documents" in bad and bad["documents"]:
        rows = bad["documents"]
        ids = documents.get_column("doc_id")
        kept = {ids[i] for i in range(documents.height) if i not in rows}
        gone = {ids[i]: rows[i] for i in rows if ids[i] is not None and ids[i] not in kept}
        for table in ("quantities", "facts"):
            if table not in bad or not gone:
                continue
            for i, doc_id in enumerate(frames[table].get_column("doc_id").to_list()):
                if doc_id in gone and i not in bad[table]:
                    stage, why = gone[doc_id]
                    bad[table][i] = (stage, f"its document was quarantined: {why}")

    if bad.get("facts") and "quantities" in bad:
        # A value implausible for its metric (5e12 GPUs) is a wrong number wherever it is published:
        # the quantity it was read from stays out too.
        _same_quantity(frames, bad, "facts", sorted(wrong_facts), "quantities", "its fact is implausible")

    if bad.get("quantities") and "facts" in bad:
        _same_quantity(frames, bad, "quantities", sorted(bad["quantities"]), "facts", "its quantity was quarantined")


def _same_quantity(frames: dict[str, pl.DataFrame], bad: dict, source: str, rows: list[int], target: str,
                   because: str) -> None:
    """Quarantine the rows of `target` read from the same quantity (QUANTITY_KEY) as `rows` of `source`."""
    from expectations.suites import QUANTITY_KEY

    if not rows:
        return
    key_types = {c: QUANTITIES[c] for c in QUANTITY_KEY}
    gone = (frames[source][rows].select(QUANTITY_KEY).cast(key_types)
            .with_columns(pl.Series("why", [bad[source][i][1] for i in rows]),
                          pl.Series("stage", [bad[source][i][0] for i in rows]))
            .unique(subset=QUANTITY_KEY, keep="first", maintain_order=True))
    matched = (frames[target].select(QUANTITY_KEY).cast(key_types).with_row_index("row")
               .join(gone, on=QUANTITY_KEY, how="inner", nulls_equal=True))
    for row, stage, why in matched.select("row", "stage", "why").iter_rows():
        if row not in bad[target]:
            bad[target][row] = (stage, f"{because}: {why}")
