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


def rebuild_report(warehouse: Path) -> Path:
    if not warehouse.exists():
        raise RuntimeError(f"no warehouse at {warehouse} yet: run `newsfacts run` first")
    quality_tables = store.read_quality(warehouse)
    runs = quality_tables["runs"].sort("started_at", descending=True)
    if runs.is_empty():
        raise RuntimeError(f"{warehouse} has no run yet: run `newsfacts run` first")
    run = runs.row(0, named=True)
    quarantine = schemas.conform(
        quality_tables["quarantine"].filter(pl.col("run_id") == run["run_id"]), schemas.QUARANTINE)
    frames = store.read_published(warehouse)
    audit = quality.audit_tables(frames)
    run.setdefault("messages", [])
    run["messages"] = [run.get("message")] if run.get("message") else []
    run["counts"] = {name: frame.height for name, frame in frames.items()}
    return reporting.write_report(warehouse.parent / "reports", run, frames, quarantine, audit)
