"""Spread per-document transforms over the machine's cores.

In: a pure transform over a frame of documents (and frames keyed by doc_id), the frames. Out: the same
frame the transform would return on the whole input, rows in input order. Documents are split into one
chunk per worker; small inputs run in this process, where a pool would cost more than it saves.
A pool of worker processes is started once per process, on first use, and reused by every batch.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

import polars as pl

MIN_CHARS_PER_WORKER = 1_000_000  # below this, starting or feeding a worker costs more than it saves
_pool: ProcessPoolExecutor | None = None


def workers() -> int:
    configured = os.environ.get("NEWSFACTS_WORKERS")
    return max(1, int(configured)) if configured else (os.cpu_count() or 1)


def map_documents(transform: Callable[..., pl.DataFrame | tuple], documents: pl.DataFrame,
                  *by_document: pl.DataFrame, documents_at: int = 0) -> pl.DataFrame | tuple:
    """`transform(documents, *by_document)`, computed on chunks of documents in parallel.

    `by_document` frames (e.g. the quantities of these documents) travel with their documents'
    chunk: each call sees only the rows whose doc_id is in its chunk, so per-document results
    are exactly those of one call on everything. `documents_at` is the position of the documents
    among the transform's arguments (1 for `link_facts(quantities, documents)`). A transform that
    returns a tuple of frames gets a tuple back, each frame concatenated over the chunks.
    """
    n = min(workers(), _chunks_worth(documents))
    if n <= 1:
        return transform(*_arguments(documents, by_document, documents_at))
    parts = []
    for chunk in _split(documents, n):
        ids = chunk.get_column("doc_id").implode()
        others = tuple(frame.filter(pl.col("doc_id").is_in(ids)) for frame in by_document)
        parts.append(_arguments(chunk, others, documents_at))
    results = list(_executor().map(_call, [transform] * len(parts), parts))
    if isinstance(results[0], tuple):  # a transform with several frames out: each concatenated
        return tuple(pl.concat(column, how="vertical_relaxed") for column in zip(*results))
    return pl.concat(results, how="vertical_relaxed")


def _arguments(documents: pl.DataFrame, others: tuple, documents_at: int) -> tuple:
    return (*others[:documents_at], documents, *others[documents_at:])


def _chunks_worth(documents: pl.DataFrame) -> int:
    if documents.is_empty() or "text" not in documents.columns:
        return 1
    chars = documents.get_column("text").str.len_chars().sum() or 0
    return max(1, int(chars // MIN_CHARS_PER_WORKER))


def _split(documents: pl.DataFrame, n: int) -> list[pl.DataFrame]:
    """n contiguous chunks of about equal text length, so workers finish together."""
    weights = documents.get_column("text").str.len_chars().fill_null(0).cum_sum()
    total = weights[-1] or 1
    chunk_of = (weights * n // (total + 1)).clip(0, n - 1)
    return [documents.filter(chunk_of == i) for i in range(n) if (chunk_of == i).any()]


def _call(transform: Callable[..., pl.DataFrame], args: tuple) -> pl.DataFrame:
    return transform(*args)


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn: workers must not inherit Prefect's threads and event loop (fork would copy their locks)
        _pool = ProcessPoolExecutor(max_workers=workers(), mp_context=multiprocessing.get_context("spawn"))
        atexit.register(shutdown)
    return _pool


def shutdown() -> None:
    """Stop the worker processes (the next map_documents starts new ones)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
