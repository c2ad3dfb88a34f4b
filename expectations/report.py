"""The data quality report of a run: one HTML page, the GX Data Docs beside it, and an index of runs.

In: the report folder, the run summary (run_id, started_at, finished_at, status, n_documents,
n_new_documents, counts {stage: rows}, messages; optional timings {step: seconds}), the frames shown
(documents, quantities, facts, consensus), the quarantine (QUARANTINE schema) and the AuditResult (or None).
Out: `report_dir/<run_id>/index.html` (returned), `report_dir/<run_id>/data_docs/` (GX Data Docs of the
audit's validations), `report_dir/<run_id>/run.json`, and `report_dir/index.html`, which points at the
latest run and lists the earlier ones.

Every value from the data is HTML-escaped: Jinja autoescapes the pages, and the validation results are
escaped before GX renders its Data Docs (GX does not escape the values it shows).
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import polars as pl
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

TEMPLATES = Path(__file__).with_name("templates")
MAX_ROWS = 1000          # quarantine rows, consensus rows and loose facts shown on the page
MAX_SOURCES = 25         # facts shown under one consensus row
STATUS_ORDER = {"conflict": 0, "agreed": 1, "compatible": 2, "single_source": 3}

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def write_report(report_dir: Path, run: dict, frames: dict[str, pl.DataFrame], quarantine: pl.DataFrame,
                 audit=None) -> Path:
    """Write the run's page, its Data Docs and the index of runs; return the run's index.html."""
    report_dir = Path(report_dir)
    run_id = safe_name(str(run.get("run_id") or "run"))
    folder = report_dir / run_id
    folder.mkdir(parents=True, exist_ok=True)

    validations = list(getattr(audit, "validations", []) or [])
    data_docs = build_data_docs(folder / "data_docs", validations, run_id) if validations else None
    summary = _run_summary(run, run_id)
    page = _env.get_template("run.html").render(
        run=summary,
        audit=_audit_view(audit),
        data_docs=data_docs.relative_to(folder).as_posix() if data_docs else None,
        quarantine=_quarantine_view(quarantine),
        consensus=_consensus_view(frames),
        loose_facts=_loose_facts_view(frames),
    )
    index = folder / "index.html"
    _write_atomically(index, page)
    _write_atomically(folder / "run.json", json.dumps(summary, default=str, indent=1))
    write_index(report_dir, latest=run_id)
    return index


def write_index(report_dir: Path, latest: str | None = None) -> Path:
    """`report_dir/index.html`: the latest run first, then every other run in the folder, newest first."""
    runs = []
    for path in Path(report_dir).glob("*/run.json"):
        try:
            runs.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    runs.sort(key=lambda r: (r.get("folder") == latest, str(r.get("started_at") or "")), reverse=True)
    page = _env.get_template("index.html").render(runs=runs, latest=latest)
    target = Path(report_dir) / "index.html"
    _write_atomically(target, page)
    return target


def _write_atomically(path: Path, text: str) -> None:
    """A reader (a browser, a scheduled run's index) sees the old file or the new one, never half of one."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def safe_name(text: str) -> str:
    """A run id usable as a folder name: letters, digits, '.', '_' and '-' only."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", text).strip(".") or "run"


# ---------------------------------------------------------------- GX Data Docs


def build_data_docs(target: Path, validations: list, run_id: str) -> Path:
    """Render the validation results as GX Data Docs in `target`; return its index.html.

    A fresh ephemeral context per report, so the site shows this run's validations only.
    """
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    from expectations.audit import _lock, ephemeral_context

    # GX reads a time out of a run name it can parse: "20261123T120000Z-9999" would be one with an
    # offset of -99:99, which breaks its pages. "run-..." is no time; run_time is given outright.
    run = RunIdentifier(run_name=f"run-{run_id}", run_time=datetime.now(timezone.utc))
    shutil.rmtree(target, ignore_errors=True)  # a rebuilt report shows the new validations only
    with _lock:  # GX keeps one current context per process: one user at a time
        context = ephemeral_context()
        context.add_data_docs_site("newsfacts", {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(target)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
        for validation in validations:
            key = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=validation.suite_name),
                run_id=run,
                batch_identifier=safe_name(validation.suite_name),
            )
            clean = escaped(validation)
            clean.meta["run_id"] = {"run_name": run.run_name, "run_time": run.run_time.isoformat()}
            context.validation_results_store.set(key, clean)
        context.build_data_docs(site_names=["newsfacts"])
    return target / "index.html"


def escaped(validation, keep: int = 20):
    """A copy of a validation result whose data values are HTML-escaped and lists cut to `keep` items."""
    clean = copy.deepcopy(validation)
    for outcome in clean.results:
        outcome.result = _escape((outcome.result or {}), keep)
        outcome.result.pop("unexpected_index_query", None)
        config = outcome.expectation_config
        if config.description:
            config.description = html.escape(config.description)
    return clean


def _escape(value, keep: int):
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {key: _escape(item, keep) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escape(item, keep) for item in list(value)[:keep]]
    return value


# ---------------------------------------------------------------- what the page shows


def _run_summary(run: dict, folder: str) -> dict:
    started, finished = _time(run.get("started_at")), _time(run.get("finished_at"))
    seconds = (finished - started).total_seconds() if started and finished else None
    return {
        "run_id": str(run.get("run_id") or folder),
        "folder": folder,
        "status": str(run.get("status") or "unknown"),
        "started_at": started.isoformat(sep=" ", timespec="seconds") if started else None,
        "finished_at": finished.isoformat(sep=" ", timespec="seconds") if finished else None,
        "seconds": round(seconds, 2) if seconds is not None else None,
        "n_documents": run.get("n_documents"),
        "n_new_documents": run.get("n_new_documents"),
        "counts": {str(k): v for k, v in (run.get("counts") or {}).items()},
        "timings": {str(k): round(float(v), 2) for k, v in (run.get("timings") or {}).items()},
        "messages": [str(m) for m in (run.get("messages") or []) if m],
    }


def _time(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _audit_view(audit) -> dict | None:
    if audit is None:
        return None
    suites = [{key: s.get(key) for key in ("name", "table", "critical", "success", "evaluated", "failed", "rows",
                                             "seconds", "failures")} for s in audit.suites]
    return {"passed": audit.passed, "blocking": list(audit.blocking), "suites": suites}


def _quarantine_view(quarantine: pl.DataFrame | None) -> dict:
    if quarantine is None or quarantine.is_empty():
        return {"total": 0, "by_stage": [], "rows": []}
    by_stage = quarantine.group_by("stage").len().sort("len", descending=True).rows()
    return {"total": quarantine.height, "by_stage": by_stage,
            "rows": quarantine.head(MAX_ROWS).select("source", "stage", "reason").to_dicts()}


def _number(value) -> str:
    """A value as the page shows it: 5,000,000,000 · 6,967.73 · 1e18."""
    if value is None:
        return ""
    value = float(value)
    if value != value or abs(value) == float("inf") or abs(value) >= 1e15:
        from expectations.audit import number

        return number(value)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:,.6f}".rstrip("0").rstrip(".")


def _documents(frames: dict) -> dict[str, dict]:
    documents = frames.get("documents")
    if documents is None or "doc_id" not in documents.columns:
        return {}
    columns = [c for c in ("doc_id", "source", "language") if c in documents.columns]
    return {row["doc_id"]: row for row in documents.select(columns).to_dicts()}


def _fact_view(fact: dict, documents: dict[str, dict]) -> dict:
    document = documents.get(fact.get("doc_id"), {})
    return {
        "doc_id": fact.get("doc_id"),
        "source": document.get("source") or fact.get("doc_id"),
        "language": document.get("language"),
        "subject": fact.get("subject"),
        "metric": fact.get("metric"),
        "value": fact.get("value_text") if fact.get("value_norm") is None else _number(fact.get("value_norm")),
        "unit": fact.get("unit_norm"),
        "period": fact.get("period"),
        "bound": fact.get("bound"),
        "surface": fact.get("surface"),
        "snippet": highlight(fact.get("snippet"), fact.get("surface")),
    }


def highlight(snippet: str | None, surface: str | None) -> Markup:
    """The snippet, escaped, with the surface marked (<mark>) where it occurs."""
    if not snippet:
        return Markup.escape(surface or "")
    if surface and surface in snippet:
        before, _, after = snippet.partition(surface)
        return Markup("{}<mark>{}</mark>{}").format(before, surface, after)
    return Markup.escape(snippet)


def _consensus_view(frames: dict) -> dict:
    consensus, facts = frames.get("consensus"), frames.get("facts")
    if consensus is None or consensus.is_empty():
        return {"total": 0, "rows": [], "counts": {}}
    documents = _documents(frames)
    rows = sorted(consensus.to_dicts(), key=lambda r: (STATUS_ORDER.get(r.get("status"), len(STATUS_ORDER)),
                                                        str(r.get("subject")), str(r.get("metric"))))[:MAX_ROWS]
    by_id = {}
    if facts is not None and "fact_id" in facts.columns:
        wanted = pl.Series([f for row in rows for f in (row.get("fact_ids") or [])[:MAX_SOURCES]], dtype=pl.String)
        by_id = {row["fact_id"]: row for row in facts.filter(pl.col("fact_id").is_in(wanted.implode())).to_dicts()}
    shown = []
    for row in rows:
        fact_ids = row.get("fact_ids") or []
        sources = [_fact_view(by_id[f], documents) for f in fact_ids[:MAX_SOURCES] if f in by_id]
        values = [_number(v) for v in (row.get("values_norm") or []) if v is not None]
        values += [v for v in (row.get("values_text") or []) if v is not None]
        shown.append({
            "subject": row.get("subject"), "metric": row.get("metric"), "period": row.get("period"),
            "unit": row.get("unit_norm"), "status": row.get("status"),
            "value": row.get("value_text") if row.get("value_norm") is None else _number(row.get("value_norm")),
            "values": values, "n_sources": row.get("n_sources"), "n_languages": row.get("n_languages"),
            "sources": sources, "more": max(0, len(fact_ids) - len(sources)),
        })
    counts = dict(consensus.group_by("status").len().rows())
    return {"total": consensus.height, "rows": shown, "counts": counts}


def _loose_facts_view(frames: dict) -> dict:
    """Facts listed on their own when there is no consensus frame to group them."""
    consensus, facts = frames.get("consensus"), frames.get("facts")
    if facts is None or facts.is_empty() or (consensus is not None and not consensus.is_empty()):
        return {"total": 0, "rows": []}
    documents = _documents(frames)
    return {"total": facts.height, "rows": [_fact_view(f, documents) for f in facts.head(MAX_ROWS).to_dicts()]}
