"""The newsfacts pipeline as one Prefect flow: the table of contents of a run.

    inputs ─ ingest ─ date ─ extract ─ normalize ─ link   (per batch of documents, streamed)
    published + new ─ audit rows ─ reconcile ─ audit tables ─ publish | record blocked ─ report

In: input paths, a warehouse file. Out: a run summary (dict); the warehouse and the report on disk.
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
from prefect import flow
from prefect.utilities.annotations import quote

from expectations import audit as quality
from flows import inputs, parallel, progress, tasks
from transforms import runs, schemas
from transforms.version import rules_version
from warehouse import store

PUBLISHED, BLOCKED, UNCHANGED = "published", "blocked", "unchanged"


def new_run_id() -> str:
    now = datetime.now(timezone.utc)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


@flow(name="newsfacts", log_prints=False, validate_parameters=False)
def pipeline(
    input_paths: list[str],
    warehouse: str,
    lang: str | None = None,
    batch_size: int = 1000,
    max_bytes: int = 20_000_000,
    only_if_unchanged: bool = False,
) -> dict | None:
    """One pipeline run over `input_paths` into `warehouse`; returns the run summary.

    only_if_unchanged: record the run only if no document is new or stale, else stop at the first one
    and return None (see `run`)."""
    warehouse_path = Path(warehouse)
    run = {"run_id": new_run_id(), "started_at": datetime.now(timezone.utc), "counts": {}, "messages": []}
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    store.cleanup_staging(warehouse_path)
    version = rules_version()

    with store.writer_lock(warehouse_path):
        published = tasks.load_published(warehouse_path)
        redo = runs.stale_doc_ids(tasks.load_lineage(warehouse_path), version)
        seen = set(published["documents"].get_column("doc_id").to_list()) - redo
        if only_if_unchanged and redo:
            return None
        new_parts, quarantine = [], []
        n_documents = 0

        paths = [Path(p) for p in input_paths]
        with progress.bar("documents", total=None if only_if_unchanged else inputs.count_inputs(paths),
                          shown=not only_if_unchanged) as advance:
            for raw, unreadable in inputs.iter_input_batches(paths, batch_size=batch_size, max_bytes=max_bytes):
                quarantine.append(unreadable)
                # quote: Prefect would otherwise walk every raw item looking for futures (4 s on 20k articles)
                documents, rejected = tasks.ingest_batch(quote(raw), lang)
                quarantine.append(rejected)
                n_documents += documents.height
                documents = runs.new_documents(documents, seen)
                seen |= set(documents.get_column("doc_id").to_list())
                if only_if_unchanged and not documents.is_empty():
                    return None
                if not documents.is_empty():
                    if not new_parts:
                        quality.preload()  # the audit will be needed: import it while the workers extract
                    new_parts.append(process_batch(documents, run["run_id"], version))
                advance(len(raw))
        parallel.shutdown()

        if redo:
            # stale documents that came in again with the inputs were reprocessed with them: not twice
            again = set().union(*(set(part["documents"].get_column("doc_id").to_list()) for part in new_parts))
            stale = published["documents"].filter(pl.col("doc_id").is_in(list(redo - again)))
            if not stale.is_empty():
                new_parts.append(process_batch(stale, run["run_id"], version))
            run["messages"].append(f"{len(redo)} documents reprocessed: the extraction rules changed")

        run.update(n_documents=n_documents, n_new_documents=sum(p["documents"].height for p in new_parts) - len(redo))
        quarantine = pl.concat([schemas.conform(q, schemas.QUARANTINE) for q in quarantine]) if quarantine else schemas.empty(schemas.QUARANTINE)

        if not new_parts:
            return finish(run, UNCHANGED, warehouse_path, published, quarantine, audit=None)

        # Row-level promises are checked on what this run adds; table-level ones on the next published state.
        rows = tasks.audit_rows(runs.merge_state({}, new_parts, drop_ids=set()))
        state = runs.merge_state(published, [rows.frames], drop_ids=redo)
        state["consensus"] = tasks.reconcile_facts(state["facts"], state["documents"])
        audit = rows.combine(tasks.audit_tables(state))
        quarantine = pl.concat([quarantine, schemas.conform(audit.quarantine, schemas.QUARANTINE)])
        if not audit.passed:
            run["messages"] += [f"publishing blocked: {reason}" for reason in audit.blocking]
            return finish(run, BLOCKED, warehouse_path, published, quarantine, audit, candidate=state)
        return finish(run, PUBLISHED, warehouse_path, state, quarantine, audit)


def run(input_paths: list[str], warehouse: str, **options) -> dict:
    """A run as `newsfacts run` starts it: the pipeline flow, unless there is nothing to orchestrate.

    Without a configured Prefect API, every process that runs a flow first starts a temporary API server
    (7-10 s here), only to host that one run. So the flow's own code is first run as plain functions,
    stopping at the first new or stale document: when there is none, that pass records the `unchanged`
    run (quality.runs, report) in a few seconds; otherwise the real flow run does the work.
    """
    if not os.environ.get("PREFECT_API_URL"):
        unchanged = pipeline.fn(input_paths, warehouse, only_if_unchanged=True, **options)
        if unchanged is not None:
            return unchanged
    return pipeline(input_paths, warehouse, **options)


def process_batch(documents: pl.DataFrame, run_id: str, version: str) -> dict[str, pl.DataFrame]:
    """Extract, normalize and link the facts of one batch of new documents."""
    documents = runs.stamp_documents(tasks.date_documents(documents), version, run_id)
    mentions = tasks.extract_mentions(documents)
    quantities = tasks.normalize(mentions)
    facts, quantities = tasks.link_facts(quantities, documents)
    return {"documents": documents, "quantities": quantities, "facts": facts}


RUN_COLUMNS = ("run_id", "started_at", "finished_at", "status", "n_documents", "n_new_documents",
               "n_quantities", "n_facts", "n_quarantined", "report_path")


def run_row(run: dict) -> dict:
    """The run as a row of quality.runs."""
    row = {key: run[key] for key in RUN_COLUMNS}
    return {**row, "message": "; ".join(run["messages"]) or None, "rules_version": rules_version()}


def finish(run: dict, status: str, warehouse: Path, frames: dict, quarantine: pl.DataFrame, audit, candidate=None) -> dict:
    """Record the run (publishing `frames` when status is published), then write its report."""
    report_dir = warehouse.parent / "reports"
    run.update(
        status=status,
        finished_at=datetime.now(timezone.utc),
        n_quantities=frames["quantities"].height,
        n_facts=frames["facts"].height,
        n_quarantined=quarantine.height,
        report_path=str(report_dir / run["run_id"] / "index.html"),
    )
    run["counts"] = {name: frame.height for name, frame in frames.items()}
    if status == UNCHANGED:
        run["messages"].append("no new or changed documents: nothing to extract, audit or publish")
    checks = [
        {"suite": s["name"], "success": s["success"], "evaluated": s.get("evaluated", 0), "failed": s.get("failed", 0)}
        for s in (audit.suites if audit else [])
    ]
    row = run_row(run)
    if status == PUBLISHED:
        tasks.publish(warehouse, frames, row, quarantine, checks)
    else:
        tasks.record_run(warehouse, row, quarantine, checks)
    shown = candidate if candidate is not None else frames
    run["report_path"] = str(tasks.write_report(report_dir, run, shown, quarantine, audit))
    return run
