"""Spreading a transform over worker processes gives exactly the result of one call on everything."""

import polars as pl

from flows import parallel


def stamp(documents: pl.DataFrame, mentions: pl.DataFrame | None = None) -> pl.DataFrame:
    """A stand-in transform: one row per document, with the pid that computed it."""
    import os

    counts = mentions.group_by("doc_id").len() if mentions is not None else None
    out = documents.select("doc_id", pl.col("text").str.len_chars().alias("n"), pl.lit(os.getpid()).alias("pid"))
    return out.join(counts, on="doc_id", how="left") if counts is not None else out


def documents(n: int, size: int) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [f"d{i:04d}" for i in range(n)], "text": ["x" * (size + i) for i in range(n)]})


def test_small_inputs_run_in_this_process(monkeypatch):
    monkeypatch.setenv("NEWSFACTS_WORKERS", "2")
    out = parallel.map_documents(stamp, documents(3, 10))
    import os

    assert out.get_column("pid").unique().to_list() == [os.getpid()]


def test_large_inputs_use_workers_and_keep_order_and_rows(monkeypatch):
    monkeypatch.setenv("NEWSFACTS_WORKERS", "2")
    monkeypatch.setattr(parallel, "MIN_CHARS_PER_WORKER", 1000)
    docs = documents(40, 100)
    mentions = pl.DataFrame({"doc_id": ["d0001", "d0001", "d0039"], "v": [1, 2, 3]})
    try:
        out = parallel.map_documents(stamp, docs, mentions)
    finally:
        parallel.shutdown()
    assert out.get_column("doc_id").to_list() == docs.get_column("doc_id").to_list()
    import os

    assert os.getpid() not in out.get_column("pid").to_list()  # computed by the workers
    assert out.filter(pl.col("doc_id") == "d0001").get_column("len").item() == 2
    assert out.filter(pl.col("doc_id") == "d0039").get_column("len").item() == 1


def test_documents_can_come_second(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_CHARS_PER_WORKER", 1000)
    monkeypatch.setenv("NEWSFACTS_WORKERS", "2")
    docs = documents(10, 300)
    mentions = pl.DataFrame({"doc_id": ["d0003"], "v": [1]})
    try:
        out = parallel.map_documents(swapped, docs, mentions, documents_at=1)
    finally:
        parallel.shutdown()
    assert out.height == 10 and out.filter(pl.col("doc_id") == "d0003").get_column("len").item() == 1


def swapped(mentions: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    return stamp(documents, mentions)
