"""Small, valid frames for the warehouse tests: built from the five seed articles and their gold labels.

`seed_frames(n)` returns documents, quantities, facts and consensus for the first `n` seed
articles (spans located in the real texts, so offsets are code points of multilingual text).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from transforms.schemas import CONSENSUS, DOCUMENTS, FACTS, QUANTITIES, conform

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "fixtures" / "seeds_gold"


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_frames(n: int = 5) -> dict[str, pl.DataFrame]:
    """documents, quantities, facts, consensus for the first n seed articles."""
    docs_meta = {d["doc"]: d for d in _jsonl(GOLD / "docs.jsonl")}
    files = sorted(SEEDS.glob("*.txt"))[:n]
    docs, quantities, facts = [], [], []
    for file in files:
        text = file.read_text(encoding="utf-8")
        doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
        meta = docs_meta[file.name]
        published = meta["published"]
        docs.append({
            "doc_id": doc_id, "source": file.name, "path": f"seeds/{file.name}", "text": text,
            "language": meta["lang"], "language_how": "input",
            "published": dt.date.fromisoformat(published) if len(published) == 10 else None,
            "published_precision": "day" if len(published) == 10 else None,
            "n_chars": len(text),
        })
        for gold in _jsonl(GOLD / "quantities.jsonl"):
            if gold["doc"] != file.name or gold["kind"] == "negative":
                continue
            start = text.find(gold["surface"])
            if start < 0:
                continue
            end = start + len(gold["surface"])
            is_date = gold["unit"] == "date"
            row = {
                "doc_id": doc_id, "start": start, "end": end, "surface": gold["surface"],
                "value": None if is_date else float(gold["value"]),
                "value_text": str(gold["value"]) if is_date else None,
                "unit": gold["unit"], "bound": gold["bound"], "object": None, "lang": meta["lang"],
                "value_norm": None if is_date else float(gold["value"]), "unit_norm": gold["unit"],
            }
            quantities.append(row)
            if gold.get("subject") and gold.get("metric"):
                key = f"{doc_id}|{start}|{end}|{gold['subject']}|{gold['metric']}|{gold['value']}"
                facts.append({
                    **{k: row[k] for k in ("doc_id", "start", "end", "surface", "value", "unit",
                                           "value_norm", "unit_norm", "value_text", "bound")},
                    "fact_id": hashlib.sha256(key.encode()).hexdigest()[:16],
                    "subject": gold["subject"], "subject_how": "lexicon", "metric": gold["metric"],
                    "modality": "reported", "period": None, "snippet": gold["surface"],
                })
    frames = {
        "documents": conform(pl.DataFrame(docs, schema_overrides={"published": pl.Date}), DOCUMENTS),
        "quantities": conform(pl.DataFrame(quantities, infer_schema_length=None), QUANTITIES),
        "facts": conform(pl.DataFrame(facts, infer_schema_length=None), FACTS).unique("fact_id", keep="first", maintain_order=True),
    }
    languages = frames["documents"].select("doc_id", "language")
    frames["consensus"] = conform(
        frames["facts"]
        .join(languages, on="doc_id", maintain_order="left")
        .group_by("subject", "metric", "period", "unit_norm", maintain_order=True)
        .agg(
            pl.col("value_norm").first(), pl.col("value_text").first(),
            pl.col("doc_id").n_unique().alias("n_sources"), pl.col("language").n_unique().alias("n_languages"),
            pl.col("value_norm").alias("values_norm"), pl.col("value_text").alias("values_text"),
            pl.col("doc_id").alias("doc_ids"), pl.col("fact_id").alias("fact_ids"),
        )
        .with_columns(pl.when(pl.col("n_sources") > 1).then(pl.lit("agreed")).otherwise(pl.lit("single_source")).alias("status")),
        CONSENSUS,
    )
    return frames


def quarantine(*reasons: str) -> pl.DataFrame:
    return pl.DataFrame(
        {"source": [f"bad{i}.txt" for i in range(len(reasons))], "stage": ["ingest"] * len(reasons), "reason": list(reasons)},
        schema={"source": pl.String, "stage": pl.String, "reason": pl.String},
    )


def run(run_id: str, **extra) -> dict:
    return {"run_id": run_id, "started_at": dt.datetime(2026, 1, 1, 12, 0), **extra}


def python(script: str, *args: str, **kwargs) -> subprocess.Popen:
    """Start `script` in a fresh interpreter that imports the project from ROOT."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.fixture(scope="session")
def seeds() -> dict[str, pl.DataFrame]:
    return seed_frames()


@pytest.fixture
def wh(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "newsfacts.duckdb"
