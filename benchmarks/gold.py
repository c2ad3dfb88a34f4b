"""Precision and recall of the extractor on hand-checked gold labels (the seeds' or a held-out set).

In: a gold folder with `quantities.jsonl` and `docs.jsonl` (tests/fixtures/seeds_gold layout) and the
folder of the articles they label. Out: a report per document and overall (recall on `required`,
precision over every predicted mention, negatives hit), printed; `score(...)` returns it as a dict.

Scoring (the gold README's rule): a predicted mention matches a gold line when its span overlaps an
occurrence of the gold surface, its unit has the same dimension and its value agrees within 0.5 %
(dates: the predicted ISO string starts with the gold one). Recall counts `required` lines;
precision counts predictions that match a `required` or `optional` line; a prediction on an `optional`
line read with another value is not counted either way. A `negative` is hit when a prediction overlaps it
without matching any labelled line.

    python -m benchmarks.gold [--gold DIR] [--articles DIR] [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transforms.extract import extract_text  # noqa: E402
from transforms.units import normal  # noqa: E402

def parse_published(value: str | None) -> tuple[dt.date | None, str | None]:
    """"2025-03" → (2025-03-01, "month"); "2024" → (2024-01-01, "year"); None → (None, None)."""
    if not value:
        return None, None
    parts = [int(p) for p in value.split("-")]
    prec = ("year", "month", "day")[len(parts) - 1]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1), prec


GOLD_UNITS = {"barrel": "oil_barrel"}  # a barrel in the news is a barrel of oil (159 l), not pint's US barrel


def dimension(unit: str | None) -> str | None:
    """The quantity a unit measures: its normal unit ('km' and 'mi' → 'm', 't' → 'kg', 'week' → 'second')."""
    if unit is None:
        return None
    return normal(GOLD_UNITS.get(unit, unit))[0]


def value_matches(pred: dict, gold: dict) -> bool:
    """Same dimension and the same value within 0.5 % (dates: prefix match of the ISO string)."""
    if dimension(pred["unit"]) != dimension(gold["unit"]):
        return False
    if gold["unit"] == "date":
        return str(pred["value"]).startswith(str(gold["value"]))
    _, fp, op = normal(pred["unit"])
    _, fg, og = normal(GOLD_UNITS.get(gold["unit"], gold["unit"]))
    if fp is None or fg is None:
        return False
    p, g = float(pred["value"]) * fp + op, float(gold["value"]) * fg + og
    return abs(p - g) <= 0.005 * max(abs(g), 1e-12)


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    out, i = [], text.find(surface)
    while i >= 0:
        out.append((i, i + len(surface)))
        i = text.find(surface, i + 1)
    return out


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def score(gold: list[dict], docs: dict[str, dict], texts: dict[str, str]) -> dict:
    """Score the extractor on `gold` lines over `texts` (doc name → text), docs giving lang/published."""
    report = {"docs": {}, "required": 0, "found": 0, "predicted": 0, "correct": 0, "negatives_hit": []}
    for name, text in sorted(texts.items()):
        info = docs.get(name, {})
        pub, prec = parse_published(info.get("published"))
        preds = extract_text(text, info.get("lang", "en"), pub, prec, name)
        lines = [g for g in gold if g["doc"] == name]
        for g in lines:
            g["_spans"] = occurrences(text, g["surface"])
        labelled = [g for g in lines if g["kind"] in ("required", "optional")]
        missed, wrong = [], []
        for g in lines:
            if g["kind"] != "required":
                continue
            hit = any(_overlaps((p["start"], p["end"]), g["_spans"]) and value_matches(p, g) for p in preds)
            report["required"] += 1
            report["found"] += hit
            if not hit:
                missed.append(g)
        optional = [g for g in lines if g["kind"] == "optional"]
        for p in preds:
            ok = any(_overlaps((p["start"], p["end"]), g["_spans"]) and value_matches(p, g) for g in labelled)
            if not ok and any(_overlaps((p["start"], p["end"]), g["_spans"]) for g in optional):
                continue  # an optional line read with another value is not counted (the gold's rule)
            report["predicted"] += 1
            report["correct"] += ok
            if not ok:
                wrong.append(p)
                for g in lines:
                    if g["kind"] == "negative" and _overlaps((p["start"], p["end"]), g["_spans"]):
                        report["negatives_hit"].append((name, g["surface"], p["surface"]))
        report["docs"][name] = {"missed": missed, "unmatched": wrong, "n_pred": len(preds)}
    report["recall"] = report["found"] / report["required"] if report["required"] else 1.0
    report["precision"] = report["correct"] / report["predicted"] if report["predicted"] else 1.0
    return report


def load(gold_dir: Path, articles: Path) -> tuple[list[dict], dict, dict]:
    gold = [json.loads(line) for line in (gold_dir / "quantities.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = {}
    if (gold_dir / "docs.jsonl").exists():
        for line in (gold_dir / "docs.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                docs[d["doc"]] = d
    names = {g["doc"] for g in gold} | set(docs)
    texts = {n: (articles / n).read_text(encoding="utf-8") for n in names if (articles / n).exists()}
    return gold, docs, texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "seeds_gold")
    ap.add_argument("--articles", type=Path, default=ROOT / "seeds")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and unmatched predictions")
    args = ap.parse_args(argv)
    gold, docs, texts = load(args.gold, args.articles)
    r = score(gold, docs, texts)
    for name, d in r["docs"].items():
        print(f"{name}: {d['n_pred']} predicted, {len(d['missed'])} required missed, {len(d['unmatched'])} unmatched")
        if args.verbose:
            for g in d["missed"]:
                print(f"    MISSED    {g['surface']!r} = {g['value']} {g['unit']}")
            for p in d["unmatched"]:
                print(f"    UNMATCHED {p['surface']!r} = {p['value']} {p['unit']} {p['bound']}")
    print(f"recall {r['recall']:.3f} ({r['found']}/{r['required']})  precision {r['precision']:.3f} "
          f"({r['correct']}/{r['predicted']})  negatives hit {len(r['negatives_hit'])}")
    for n in r["negatives_hit"]:
        print("    NEGATIVE", n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
