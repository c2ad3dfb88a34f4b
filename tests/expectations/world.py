"""A small clean world for the quality gate tests, and how to break it.

In: tests/fixtures/expectations/world.json (three short articles, their quantities found by surface,
their facts). Out: `build_world()`, fresh frames (documents, quantities, facts, consensus) with exactly
the schemas of transforms/schemas.py that keep every promise; `consensus_of`, a plain reconcile;
`edit`, to write one defect into one row.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import polars as pl

from transforms import schemas

WORLD = Path(__file__).resolve().parents[1] / "fixtures" / "expectations" / "world.json"


def _published(text: str | None) -> date | None:
    if text is None:
        return None
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def build_world() -> dict[str, pl.DataFrame]:
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    documents = []
    for doc in data["documents"]:
        text = doc["text"]
        documents.append({
            "doc_id": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], "source": doc["source"],
            "path": f"inbox/{doc['source']}", "text": text, "language": doc["language"], "language_how": "detected",
            "published": _published(doc["published"]), "published_precision": doc["published_precision"],
            "published_how": "input" if doc["published"] else None, "n_chars": len(text),
        })
    quantities = []
    for q in data["quantities"]:
        doc = documents[q["doc"]]
        start = doc["text"].index(q["surface"])
        quantities.append({
            "doc_id": doc["doc_id"], "start": start, "end": start + len(q["surface"]), "surface": q["surface"],
            "value": q["value"], "value_text": q.get("value_text"), "unit": q["unit"], "bound": q["bound"],
            "object": q["object"], "lang": doc["language"], "value_norm": q["value_norm"], "unit_norm": q["unit_norm"],
        })
    facts = []
    for f in data["facts"]:
        q = quantities[f["quantity"]]
        key = f"{q['doc_id']}|{q['start']}|{q['end']}|{f['subject']}|{f['metric']}|{q['value']}"
        facts.append({
            "fact_id": hashlib.sha256(key.encode()).hexdigest()[:16], "doc_id": q["doc_id"],
            "subject": f["subject"], "subject_how": "lexicon", "metric": f["metric"],
            "value": q["value"], "unit": q["unit"], "value_norm": q["value_norm"], "unit_norm": q["unit_norm"],
            "value_text": q["value_text"], "bound": q["bound"], "modality": f["modality"], "period": f["period"],
            "period_how": "clause" if f["period"] else None, "start": q["start"], "end": q["end"],
            "surface": q["surface"], "snippet": q["surface"],
        })
    frames = {
        "documents": schemas.conform(pl.DataFrame(documents, infer_schema_length=None), schemas.DOCUMENTS),
        "quantities": schemas.conform(pl.DataFrame(quantities, infer_schema_length=None), schemas.QUANTITIES),
        "facts": schemas.conform(pl.DataFrame(facts, infer_schema_length=None), schemas.FACTS),
    }
    frames["consensus"] = consensus_of(frames["facts"], frames["documents"])
    return frames


def consensus_of(facts: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """A plain reconcile for the tests: one row per (subject, metric, period, unit_norm)."""
    languages = documents.select("doc_id", "language")
    grouped = (
        facts.join(languages, on="doc_id", how="left")
        .group_by(["subject", "metric", "period", "unit_norm"], maintain_order=True)
        .agg(
            pl.col("value_norm").first(), pl.col("value_text").first(),
            pl.col("doc_id").n_unique().alias("n_sources"), pl.col("language").n_unique().alias("n_languages"),
            pl.col("value_norm").alias("values_norm"), pl.col("value_text").alias("values_text"),
            pl.col("doc_id").alias("doc_ids"), pl.col("fact_id").alias("fact_ids"),
            pl.col("value_norm").n_unique().alias("n_values"), pl.col("unit_norm").alias("units_norm"),
        )
        .with_columns(pl.col("n_sources").alias("n_independent_sources"))
        .with_columns(
            pl.when(pl.col("n_values") > 1).then(pl.lit("conflict"))
            .when(pl.col("n_sources") > 1).then(pl.lit("agreed"))
            .otherwise(pl.lit("single_source")).alias("status")
        )
    )
    return schemas.conform(grouped, schemas.CONSENSUS)


def edit(frame: pl.DataFrame, row: int, **values) -> pl.DataFrame:
    """`frame` with `values` written into row `row`, column types kept."""
    columns = []
    for name, value in values.items():
        cells = frame.get_column(name).to_list()
        cells[row] = value
        columns.append(pl.Series(name, cells, dtype=frame.schema[name]))
    return frame.with_columns(columns)
