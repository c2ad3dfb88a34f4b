"""Run bookkeeping as pure functions: which documents are new, and the next published state.

In: the published frames (documents, quantities, facts), the frames of this run's new documents,
the current rules version. Out: the ids to (re)process and the merged frames to audit and publish.
"""

from __future__ import annotations

import polars as pl

from transforms import schemas

CURATED = ("documents", "quantities", "facts")


def stale_doc_ids(published_documents: pl.DataFrame, rules_version: str) -> set[str]:
    """Published documents extracted by other rules than the current ones: they must be redone."""
    if "rules_version" not in published_documents.columns:
        return set(published_documents.get_column("doc_id").to_list())
    stale = published_documents.filter(pl.col("rules_version").fill_null("") != rules_version)
    return set(stale.get_column("doc_id").to_list())


def new_documents(documents: pl.DataFrame, skip_ids: set[str]) -> pl.DataFrame:
    """The documents whose id is not in `skip_ids` (already published, or seen earlier this run)."""
    if not skip_ids:
        return documents
    return documents.filter(~pl.col("doc_id").is_in(list(skip_ids)))


def stamp_documents(documents: pl.DataFrame, rules_version: str, run_id: str) -> pl.DataFrame:
    """Documents of this run, with the rules that extracted them and the run that first published them."""
    return documents.with_columns(
        pl.lit(rules_version).alias("rules_version"),
        pl.lit(run_id).alias("first_run_id"),
    )


def merge_state(
    published: dict[str, pl.DataFrame],
    new_parts: list[dict[str, pl.DataFrame]],
    drop_ids: set[str],
) -> dict[str, pl.DataFrame]:
    """The next published state: what was published, minus `drop_ids`, plus the new parts."""
    merged = {}
    for name in CURATED:
        frames = []
        old = published.get(name)
        if old is not None and not old.is_empty():
            if drop_ids:
                old = old.filter(~pl.col("doc_id").is_in(list(drop_ids)))
            frames.append(old)
        frames += [part[name] for part in new_parts if not part[name].is_empty()]
        if frames:
            merged[name] = pl.concat(frames, how="diagonal_relaxed")
        else:
            merged[name] = schemas.empty(_schema_of(name))
    return merged


def _schema_of(name: str) -> dict:
    return {"documents": schemas.DOCUMENTS, "quantities": schemas.QUANTITIES, "facts": schemas.FACTS}[name]
