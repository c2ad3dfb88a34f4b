"""Prefect tasks: each one calls one transform (or one warehouse step) on a whole batch of documents.

Tasks are thin on purpose; the work is in transforms/, expectations/ and warehouse/. No task caches
its inputs (frames are large and a run must always see the current files). Called outside a flow run
(the pipeline's cheap "anything new?" pass, see flows/pipeline.py), a task is its plain function.
"""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.utilities.annotations import quote

from expectations import audit as quality
from expectations import report as reporting
from flows import parallel
from transforms import dates, extract, facts, ingest, reconcile, units
from warehouse import store


def _task(function):
    """A Prefect task inside a flow run; the plain function outside one (no API server needed)."""
    prefect_task = task(cache_policy=NO_CACHE, persist_result=False)(function)

    @functools.wraps(function)
    def call(*args, **kwargs):
        if FlowRunContext.get() is not None:
            return prefect_task(*args, **kwargs)
        return function(*(a.unquote() if isinstance(a, quote) else a for a in args), **kwargs)

    return call


@_task
def load_published(warehouse: Path) -> dict[str, pl.DataFrame]:
    return store.read_published(warehouse)


@_task
def load_lineage(warehouse: Path) -> pl.DataFrame:
    return store.read_lineage(warehouse)


@_task
def ingest_batch(raw: list, lang: str | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    return ingest.parse_inputs(raw, lang=lang)


@_task
def date_documents(documents: pl.DataFrame) -> pl.DataFrame:
    return parallel.map_documents(dates.fill_published, documents)


@_task
def extract_mentions(documents: pl.DataFrame) -> pl.DataFrame:
    return parallel.map_documents(extract.extract_mentions, documents)


@_task
def normalize(mentions: pl.DataFrame) -> pl.DataFrame:
    return units.normalize(mentions)


@_task
def link_facts(quantities: pl.DataFrame, documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """FACTS, and the quantities with why each is no fact (`no_fact`)."""
    return parallel.map_documents(facts.link, documents, quantities, documents_at=1)


@_task
def audit_rows(frames: dict[str, pl.DataFrame]) -> quality.AuditResult:
    return quality.audit_rows(frames)


@_task
def reconcile_facts(facts_frame: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    return reconcile.reconcile(facts_frame, documents)


@_task
def audit_tables(frames: dict[str, pl.DataFrame]) -> quality.AuditResult:
    return quality.audit_tables(frames)


@_task
def publish(warehouse: Path, frames: dict, run: dict, quarantine: pl.DataFrame, checks: list) -> None:
    store.publish(warehouse, frames, run, quarantine, checks)


@_task
def record_run(warehouse: Path, run: dict, quarantine: pl.DataFrame, checks: list) -> None:
    store.record_run(warehouse, run, quarantine, checks)


@_task
def write_report(report_dir: Path, run: dict, frames: dict, quarantine: pl.DataFrame, audit) -> Path:
    return reporting.write_report(report_dir, run, frames, quarantine, audit)
