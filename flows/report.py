"""`newsfacts report`: rebuild the data quality report of the last run from the published warehouse.

In: the warehouse file. Out: the path of the rebuilt report's index.html. The suites are run again on
the published tables, so the Data Docs show the state users query now.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from expectations import audit as quality
from expectations import report as reporting
from transforms import schemas
from warehouse import store
from warehouse.query import run_query


def rebuild_report(warehouse: Path) -> Path:
    columns, rows = run_query(warehouse, "SELECT * FROM quality.runs ORDER BY started_at DESC LIMIT 1")
    if not rows:
        raise RuntimeError(f"{warehouse} has no run yet: run `newsfacts run` first")
    run = dict(zip(columns, rows[0]))
    columns, rows = run_query(warehouse, f"SELECT source, stage, reason FROM quality.quarantine WHERE run_id = '{run['run_id']}'")
    quarantine = pl.DataFrame(rows, schema=schemas.QUARANTINE, orient="row") if rows else schemas.empty(schemas.QUARANTINE)
    frames = store.read_published(warehouse)
    audit = quality.audit_tables(frames)
    run.setdefault("messages", [])
    run["messages"] = [run.get("message")] if run.get("message") else []
    run["counts"] = {name: frame.height for name, frame in frames.items()}
    return reporting.write_report(warehouse.parent / "reports", run, frames, quarantine, audit)
