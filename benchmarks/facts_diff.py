"""What a linking change adds and removes on real news, to read before the change lands.

`dump` links a fixed random sample of ../shared/corpora (every language, the same articles for the same
--n and --seed) with the code it is run from, in process (no Prefect, no warehouse), and writes the facts
and the reasons of quantities left without one to a Parquet file. `compare` reads two dumps (before and
after a change) and prints the facts whose period changed and the facts only one of them has, counted by
metric and rule, with a random sample of each and its sentence, for a reader to judge.

    python -m benchmarks.facts_diff dump BEFORE.parquet [--n 3000] [--seed 5] [--corpora ../shared/corpora]
    (change the rules)
    python -m benchmarks.facts_diff dump AFTER.parquet
    python -m benchmarks.facts_diff compare BEFORE.parquet AFTER.parquet [--show 25]

To dump the committed code while the working tree holds the change: `git worktree add /tmp/base HEAD`,
then run `dump` from /tmp/base with this virtualenv's python (the folder's own packages come first).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import polars as pl

KEY = ["doc", "start", "subject", "metric"]


def _sample(corpora: Path, n: int, seed: int) -> list[dict]:
    lines = []
    for path in sorted(corpora.glob("*/*.jsonl")):
        with path.open(encoding="utf-8") as f:
            lines += [(f"{path.parent.name}/{path.name}#{i}", line) for i, line in enumerate(f)]
    picked = random.Random(seed).sample(lines, min(n, len(lines)))
    records = []
    for doc, line in sorted(picked):
        record = json.loads(line)
        records.append({"id": doc, "text": record["text"], "lang": record.get("lang"),
                        "published": record.get("published"), "title": record.get("title")})
    return records


def dump(out: Path, corpora: Path, n: int, seed: int) -> None:
    from transforms import dates, extract, facts, ingest, units

    records = _sample(corpora, n, seed)
    raw = [ingest.RawInput(source="sample.jsonl", path="sample.jsonl", kind="jsonl",
                           data="\n".join(json.dumps(r) for r in records).encode())]
    documents, _ = ingest.parse_inputs(raw)
    documents = dates.fill_published(documents)
    quantities = units.normalize(extract.extract_mentions(documents))
    linked, explained = facts.link(quantities, documents)
    names = documents.select("doc_id", pl.col("source").alias("doc"))
    linked = linked.join(names, on="doc_id").select("doc", "start", "surface", "subject", "metric", "counterparty",
                                                    "subject_rule", "period", "snippet")
    unlinked = explained.join(names, on="doc_id").filter(pl.col("no_fact").is_not_null()).select(
        "doc", "start", "surface", "no_fact")
    out.parent.mkdir(parents=True, exist_ok=True)
    linked.write_parquet(out)
    unlinked.write_parquet(out.with_suffix(".unlinked.parquet"))
    print(f"{documents.height} documents, {quantities.height} quantities, {linked.height} facts -> {out}")


def compare(before: Path, after: Path, show: int, seed: int) -> None:
    a, b = pl.read_parquet(before), pl.read_parquet(after)
    removed = a.join(b, on=KEY, how="anti")
    added = b.join(a, on=KEY, how="anti")
    print(f"facts: {a.height} before, {b.height} after; {removed.height} removed, {added.height} added")
    if "period" in a.columns and "period" in b.columns:
        moved = a.join(b, on=KEY, suffix="_after").filter(pl.col("period").ne_missing(pl.col("period_after")))
        print(f"period changed on {moved.height} facts")
        for row in random.Random(seed).sample(moved.to_dicts(), min(show, moved.height)):
            print(f"- {row['doc']} {row['subject']} · {row['metric']}: {row['period']} -> {row['period_after']}: "
                  f"{(row['snippet'] or '')[:200]}")
    for title, frame in (("REMOVED", removed), ("ADDED", added)):
        by_metric = Counter(frame["metric"].to_list()).most_common(12)
        by_rule = Counter(frame["subject_rule"].to_list()).most_common()
        print(f"\n## {title} ({frame.height}) by metric: {by_metric}\n   by rule: {by_rule}")
        rows = frame.to_dicts()
        for row in random.Random(seed).sample(rows, min(show, len(rows))):
            sentence = (row["snippet"] or "").replace(row["surface"], f"**{row['surface']}**", 1)
            party = f" (counterparty {row['counterparty']})" if row["counterparty"] else ""
            print(f"- {row['doc']} {row['subject']}{party} · {row['metric']} [{row['subject_rule']}]: {sentence[:300]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--n", type=int, default=3000)
    d.add_argument("--seed", type=int, default=5)
    d.add_argument("--corpora", type=Path, default=Path("../shared/corpora"))
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=25)
    c.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.corpora, args.n, args.seed)
    else:
        compare(args.before, args.after, args.show, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
