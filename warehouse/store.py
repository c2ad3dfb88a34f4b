"""The warehouse file: write a whole new state where readers don't look, check it, switch it in.

In: polars frames shaped like `transforms.schemas` (documents with their text, quantities, facts,
consensus), a run dict, this run's quarantine frame and check results.
Out: one DuckDB file at `path`. Schema `curated` is the whole published state; schema `quality` is
the history of every run. Read back with `read_published`, `read_quality`, `read_lineage`.

Write-audit-publish, last step: `publish` builds a complete file in `<dir>/.staging/<run_id>.duckdb`,
copies the previous quality rows into it, appends this run's, verifies the row counts and
checks.sql (every number points at a real span of a real document), CHECKPOINTs, closes, fsyncs
and `os.replace`s it over `path`. A read-write DuckDB handle locks out every reader, so the
published file is only ever opened read-only: readers keep the file they opened, new connections
see the new one, nobody sees half a run, and a crash before the switch changes nothing.

Hold `writer_lock(path)` for a whole run; `publish`, `record_run` and `cleanup_staging` take it
themselves when the calling process does not hold it yet (it is re-entrant within a process, so
threads of one process are not kept apart by it).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from transforms.schemas import CONSENSUS, DOCUMENTS, FACTS, QUANTITIES, QUARANTINE, conform
from warehouse.connection import DUCKDB_CONFIG as _CONFIG  # every connection: nothing fetched or loaded
from warehouse.connection import WarehouseError, open_read_only
from warehouse.connection import one_line as _one_line

STAGING_DIR = ".staging"
FRAMES = {"documents": DOCUMENTS, "quantities": QUANTITIES, "facts": FACTS, "consensus": CONSENSUS}
CURATED = {"quantities": "curated.quantities", "facts": "curated.facts", "consensus": "curated.fact_consensus"}

# Columns of curated.documents that are not in transforms.schemas.DOCUMENTS.
LINEAGE = {"rules_version": pl.String, "first_run_id": pl.String}

# The quality tables' rows as frames (run_id is added to quarantine and checks rows here).
RUN = {
    "run_id": pl.String,
    "started_at": pl.Datetime("us"),   # UTC
    "finished_at": pl.Datetime("us"),  # UTC; now when not given
    "status": pl.String,               # e.g. published | blocked | unchanged
    "n_documents": pl.Int64,
    "n_new_documents": pl.Int64,
    "n_quantities": pl.Int64,
    "n_facts": pl.Int64,
    "n_quarantined": pl.Int64,         # rows of this run's quarantine frame when not given
    "report_path": pl.String,
    "message": pl.String,
    "rules_version": pl.String,
}
QUARANTINE_ROWS = {"run_id": pl.String, **QUARANTINE}
CHECKS = {
    "run_id": pl.String,
    "suite": pl.String,
    "success": pl.Boolean,
    "evaluated": pl.Int64,
    "failed": pl.Int64,
    "details": pl.String,  # free text; a dict or list is stored as JSON
}

_TABLES = (
    "curated.documents", "curated.document_text", "curated.quantities", "curated.facts",
    "curated.fact_consensus", "quality.runs", "quality.quarantine", "quality.checks",
)
_HELD: dict[str, int] = {}  # writer locks this process holds: lock path -> depth


class PublishError(WarehouseError):
    """Staging or a check of the staged file failed; the published file is unchanged."""


class WarehouseBusy(WarehouseError):
    """Another process holds the writer lock."""


# --------------------------------------------------------------------------------------------
# reading


def read_published(path: Path) -> dict[str, pl.DataFrame]:
    """The curated tables as frames: documents (with `text`), quantities, facts, consensus.

    Exactly the schemas of transforms.schemas, rows in published order; empty frames when there
    is no warehouse yet.
    """
    queries = {
        "documents": "SELECT d.*, t.text FROM curated.documents AS d "
        "LEFT JOIN curated.document_text AS t USING (doc_id) ORDER BY d.rowid",
        **{name: f"SELECT * FROM {table} ORDER BY rowid" for name, table in CURATED.items()},
    }
    return _read(path, queries, FRAMES)


def published_doc_ids(path: Path) -> set[str]:
    """The doc_ids in the published warehouse (empty set when there is none)."""
    if not Path(path).exists():
        return set()
    with _reader(path) as con:
        return {row[0] for row in con.execute("SELECT doc_id FROM curated.documents").fetchall()}


def read_quality(path: Path) -> dict[str, pl.DataFrame]:
    """The quality tables as frames: runs, quarantine, checks (oldest first; empty when no warehouse)."""
    schemas = {"runs": RUN, "quarantine": QUARANTINE_ROWS, "checks": CHECKS}
    return _read(path, {name: f"SELECT * FROM quality.{name} ORDER BY rowid" for name in schemas}, schemas)


def read_lineage(path: Path) -> pl.DataFrame:
    """doc_id, source, rules_version, first_run_id of every published document."""
    schema = {"doc_id": pl.String, "source": pl.String, **LINEAGE}
    sql = "SELECT doc_id, source, rules_version, first_run_id FROM curated.documents ORDER BY rowid"
    return _read(path, {"lineage": sql}, {"lineage": schema})["lineage"]


# --------------------------------------------------------------------------------------------
# writing


def publish(
    path: Path,
    frames: dict[str, pl.DataFrame],
    run: dict,
    quarantine: pl.DataFrame | None,
    checks: list[dict],
) -> None:
    """Switch in a new warehouse whose curated tables are exactly `frames` (the whole state).

    `frames`: documents (with `text`; optional `rules_version` / `first_run_id` columns),
    quantities, facts, consensus. A document without those values keeps the ones it was published
    with; a new one gets `run["rules_version"]` and `run["run_id"]`. `run`: columns of
    quality.runs, `run_id` required. Raises PublishError (published file unchanged) when staging,
    a row count or a check of checks.sql fails; ValueError on bad arguments, before any writing.
    """
    path = Path(path)
    if set(frames) != set(FRAMES):
        raise ValueError(f"publish needs exactly the frames {', '.join(FRAMES)}; got {', '.join(sorted(frames))}")
    run_row, q_rows, c_rows = _quality_rows(run, quarantine, checks, default_status="published")
    tables = {CURATED[name]: conform(frames[name], FRAMES[name]) for name in CURATED}

    with writer_lock(path), _staged(path, run_row["run_id"][0]) as staged:
        with _writer(staged) as con:
            previous = _attach_previous(con, path)
            docs = _with_lineage(con, frames["documents"], run_row, previous)
            _insert(con, "curated.documents", docs.drop("text"))
            _insert(con, "curated.document_text", docs.select("doc_id", "text"))
            for table, frame in tables.items():
                _insert(con, table, frame)
            before = _copy_quality(con, previous)
            expected = {
                "curated.documents": docs.height,
                "curated.document_text": docs.height,
                **{table: frame.height for table, frame in tables.items()},
                **_append_quality(con, before, run_row, q_rows, c_rows),
            }
            _verify_counts(con, expected)
            _verify_references(con)
        _switch(staged, path)


def record_run(path: Path, run: dict, quarantine: pl.DataFrame | None, checks: list[dict]) -> None:
    """Append a run's quality rows; the curated tables stay exactly as published.

    For a blocked run or one with nothing new: copies the published file to staging, appends,
    verifies that only the quality tables grew, switches it in. With no warehouse yet, the new
    file has empty curated tables.
    """
    path = Path(path)
    run_row, q_rows, c_rows = _quality_rows(run, quarantine, checks, default_status="unchanged")

    with writer_lock(path), _staged(path, run_row["run_id"][0]) as staged:
        if path.exists():
            _refuse_stray_wal(path)
            shutil.copyfile(path, staged)
        with _writer(staged) as con:
            before = _counts(con, _TABLES)
            expected = {**before, **_append_quality(con, before, run_row, q_rows, c_rows)}
            _verify_counts(con, expected)
        _switch(staged, path)


@contextlib.contextmanager
def writer_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive writer lock of `path` (fcntl.flock on `<path>.lock`).

    Blocks until free, or raises WarehouseBusy after `timeout` seconds (0: try once). Re-entrant
    within a process; the OS releases it when the process dies.
    """
    lock = _lock_path(path)
    key = str(lock.resolve())
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _flock(fd, lock, timeout)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        _HELD[key] = 1
        try:
            yield
        finally:
            del _HELD[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def cleanup_staging(path: Path) -> list[Path]:
    """Remove staging files left by dead runs; returns what was removed.

    Only while the writer lock is ours or free: a live run's staging file is never touched
    (another process holding the lock means nothing is removed).
    """
    staging = Path(path).parent / STAGING_DIR
    if not staging.is_dir():
        return []
    removed = []
    try:
        with writer_lock(path, timeout=0):
            for item in sorted(staging.iterdir()):
                if not re.search(r"\.duckdb(\.wal|\.tmp)?$", item.name):
                    continue
                if item.is_dir():
                    shutil.rmtree(item)
                else:
                    item.unlink()
                removed.append(item)
    except WarehouseBusy:
        return []
    return removed


# --------------------------------------------------------------------------------------------
# reading helpers


@contextlib.contextmanager
def _reader(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_read_only(path)
    try:
        yield con
    finally:
        con.close()


def _read(path: Path, queries: dict[str, str], schemas: dict[str, dict]) -> dict[str, pl.DataFrame]:
    """Run `queries` on one read-only connection (one published file), conform to `schemas`."""
    if not Path(path).exists():
        return {name: pl.DataFrame(schema=schemas[name]) for name in queries}
    with _reader(path) as con:
        try:
            return {name: conform(con.sql(sql).pl(), schemas[name]) for name, sql in queries.items()}
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot read the warehouse {path}: {_one_line(exc)}") from exc


# --------------------------------------------------------------------------------------------
# writing helpers


def _sql(name: str) -> str:
    return resources.files("warehouse").joinpath(name).read_text(encoding="utf-8")


def _lock_path(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".lock")


def _flock(fd: int, lock: Path, timeout: float | None) -> None:
    if timeout is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = lock.read_text().strip() or "?"
                raise WarehouseBusy(f"another run (pid {holder}) is writing the warehouse ({lock})") from None
            time.sleep(0.05)


@contextlib.contextmanager
def _staged(path: Path, run_id: str) -> Iterator[Path]:
    """A fresh staging file for this run; removed again unless it was switched in."""
    staging = path.parent / STAGING_DIR
    staging.mkdir(parents=True, exist_ok=True)
    staged = staging / (re.sub(r"[^A-Za-z0-9._-]", "_", run_id) + ".duckdb")
    _remove_staged(staged)
    try:
        yield staged
    finally:
        _remove_staged(staged)


def _remove_staged(staged: Path) -> None:
    staged.unlink(missing_ok=True)
    staged.with_name(staged.name + ".wal").unlink(missing_ok=True)
    shutil.rmtree(staged.with_name(staged.name + ".tmp"), ignore_errors=True)


@contextlib.contextmanager
def _writer(staged: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a staging file with the schema applied; CHECKPOINTed on success."""
    con = duckdb.connect(str(staged), config=_CONFIG)
    try:
        con.execute(_sql("schema.sql"))
        con.execute(_sql("views.sql"))
        yield con
        con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        raise PublishError(f"staging {staged.name} failed: {_one_line(exc)}") from exc
    finally:
        con.close()


def _attach_previous(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    """Attach the published file READ_ONLY as `previous`; False when there is none yet."""
    if not path.exists():
        return False
    _refuse_stray_wal(path)
    quoted = str(path.resolve()).replace("'", "''")
    try:
        con.execute(f"ATTACH '{quoted}' AS previous (READ_ONLY)")
    except duckdb.Error as exc:
        raise PublishError(f"cannot read the published warehouse {path}: {_one_line(exc)}") from exc
    return True


def _refuse_stray_wal(path: Path) -> None:
    """A WAL beside the published file is not ours and would not match a new file: stop."""
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        raise PublishError(
            f"{wal} exists: something opened the published warehouse read-write; "
            "open it once with duckdb to checkpoint it, then run again"
        )


def _with_lineage(
    con: duckdb.DuckDBPyConnection, documents: pl.DataFrame, run_row: pl.DataFrame, previous: bool
) -> pl.DataFrame:
    """Documents conformed to DOCUMENTS + rules_version, first_run_id: given, else published, else this run's."""
    docs = conform(documents, DOCUMENTS).with_columns(
        documents[c].cast(dtype).alias(f"{c}__given") for c, dtype in LINEAGE.items() if c in documents.columns
    )
    if previous:
        old = con.sql("SELECT doc_id, rules_version, first_run_id FROM previous.curated.documents").pl()
        old = old.rename({c: f"{c}__old" for c in LINEAGE}).unique("doc_id", keep="first")
        docs = docs.join(old, on="doc_id", how="left", maintain_order="left")
    current = {"rules_version": run_row["rules_version"][0], "first_run_id": run_row["run_id"][0]}
    return docs.with_columns(
        pl.coalesce(
            [pl.col(f"{c}{s}") for s in ("__given", "__old") if f"{c}{s}" in docs.columns]
            + [pl.lit(current[c], dtype=dtype)]
        ).alias(c)
        for c, dtype in LINEAGE.items()
    ).select([*DOCUMENTS, *LINEAGE])


def _copy_quality(con: duckdb.DuckDBPyConnection, previous: bool) -> dict[str, int]:
    """Copy the previous file's quality rows (the columns both files have), DETACH it; the counts."""
    counts = {table: 0 for table in ("quality.runs", "quality.quarantine", "quality.checks")}
    if not previous:
        return counts
    here = con.execute("SELECT current_database()").fetchone()[0]
    for table in counts:
        schema, name = table.split(".")
        old_cols = _columns(con, "previous", schema, name)
        cols = [c for c in _columns(con, here, schema, name) if c in old_cols]
        if cols:
            names = ", ".join(f'"{c}"' for c in cols)
            con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM previous.{table} ORDER BY rowid")
            counts[table] = con.execute(f"SELECT count(*) FROM previous.{table}").fetchone()[0]
    con.execute("DETACH previous")
    return counts


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? "
        "AND table_name = ? ORDER BY column_index",
        [catalog, schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def _append_quality(
    con: duckdb.DuckDBPyConnection, before: dict[str, int],
    run_row: pl.DataFrame, q_rows: pl.DataFrame, c_rows: pl.DataFrame,
) -> dict[str, int]:
    """Append this run's quality rows; the row counts the quality tables must then have."""
    added = {"quality.runs": run_row, "quality.quarantine": q_rows, "quality.checks": c_rows}
    for table, frame in added.items():
        _insert(con, table, frame)
    return {table: before[table] + frame.height for table, frame in added.items()}


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """INSERT a whole frame through Arrow, matching columns by name."""
    if frame.height == 0:
        return
    con.register("_frame", frame.to_arrow())
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame")
    finally:
        con.unregister("_frame")


def _counts(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _verify_counts(con: duckdb.DuckDBPyConnection, expected: dict[str, int]) -> None:
    got = _counts(con, expected)
    wrong = [f"{t}: {got[t]} rows, expected {n}" for t, n in expected.items() if got[t] != n]
    if wrong:
        raise PublishError("staged row counts differ: " + "; ".join(wrong))


def _reference_checks() -> dict[str, str]:
    """checks.sql as {what it finds: query}."""
    parts = re.split(r"^-- check: (.+)$", _sql("checks.sql"), flags=re.MULTILINE)
    return {what.strip(): sql.strip() for what, sql in zip(parts[1::2], parts[2::2])}


def _verify_references(con: duckdb.DuckDBPyConnection) -> None:
    """Every published number points at a published document and at its span in the text."""
    problems = []
    for what, sql in _reference_checks().items():
        n, example = con.execute(sql).fetchone()
        if n:
            problems.append(f"{n} {what} (e.g. {example})")
    if problems:
        raise PublishError("staged warehouse fails reference checks: " + "; ".join(problems))


def _switch(staged: Path, path: Path) -> None:
    """fsync the closed staging file, rename it over `path`, fsync the folder."""
    if staged.with_name(staged.name + ".wal").exists():
        raise PublishError(f"{staged.name} still has a write-ahead log after CHECKPOINT; not switching it in")
    _refuse_stray_wal(path)
    fd = os.open(staged, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(staged, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# --------------------------------------------------------------------------------------------
# the quality rows of one run


def _quality_rows(
    run: dict, quarantine: pl.DataFrame | None, checks: list[dict] | None, default_status: str
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The run row, quarantine rows and check rows of one run; ValueError on unknown keys."""
    unknown = set(run) - set(RUN)
    if unknown:
        raise ValueError(f"unknown run keys {sorted(unknown)}; quality.runs has {', '.join(RUN)}")
    if not run.get("run_id"):
        raise ValueError("run needs a run_id")
    run_id = str(run["run_id"])
    q_rows = (
        pl.DataFrame(schema=QUARANTINE_ROWS)
        if quarantine is None or quarantine.height == 0
        else conform(quarantine.with_columns(pl.lit(run_id).alias("run_id")), QUARANTINE_ROWS)
    )
    row = {name: run.get(name) for name in RUN}
    row.update(
        run_id=run_id,
        status=row["status"] or default_status,
        started_at=_utc(row["started_at"]),
        finished_at=_utc(row["finished_at"] or datetime.now(timezone.utc)),
        n_quarantined=q_rows.height if row["n_quarantined"] is None else row["n_quarantined"],
    )
    for key in ("report_path", "message", "rules_version"):
        row[key] = None if row[key] is None else str(row[key])
    return pl.DataFrame([row], schema=RUN), q_rows, _checks_frame(run_id, checks or [])


def _utc(value: Any) -> datetime | None:
    """A naive UTC datetime from a datetime, a date or an ISO string (naive input is taken as UTC)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _checks_frame(run_id: str, checks: list[dict]) -> pl.DataFrame:
    rows = []
    for check in checks:
        unknown = set(check) - set(CHECKS)
        if unknown:
            raise ValueError(f"unknown check keys {sorted(unknown)}; quality.checks has {', '.join(CHECKS)}")
        row = {name: check.get(name) for name in CHECKS}
        row["run_id"] = run_id
        if row["details"] is not None and not isinstance(row["details"], str):
            row["details"] = json.dumps(row["details"], ensure_ascii=False, default=str)
        rows.append(row)
    return pl.DataFrame(rows, schema=CHECKS)
