"""Samples of a warehouse to read by hand: conflicts, agreements and facts with their sentences.

In: a published warehouse (`newsfacts run` over ../shared/corpora, for instance). Out: a Markdown file
with three numbered lists drawn at random (fixed seed): `conflict` rows, `agreed` rows of two or more
documents, and facts; each item shows the row and, for every fact it cites, the source, the sentence
and the number in it. A reader marks each item right or wrong; the counts go in benchmarks/README.md
(the acceptance of issue 10 is read this way).

    python -m benchmarks.samples --warehouse W.duckdb [--out samples.md] [--n-conflicts 40]
                                 [--n-agreed 40] [--n-facts 40] [--seed 7]
                                 [--by metric --per-group 6 --groups 30]

With `--by COLUMN` the facts are drawn per value of that column of curated.facts (the most frequent
`--groups` values, `--per-group` facts each), to read precision per metric or per subject rule and find
the classes that are mostly wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

FACT_SQL = """
SELECT f.fact_id, f.subject, f.metric, f.value, f.unit, f.value_text, f.bound, f.period, f.counterparty,
       f.surface, f.snippet, d.source
FROM curated.facts f JOIN curated.documents d USING (doc_id)
"""


def _facts_by_id(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple]:
    if not ids:
        return {}
    rows = con.execute(FACT_SQL + " WHERE f.fact_id IN (SELECT unnest(?))", [ids]).fetchall()
    return {row[0]: row for row in rows}


def _fact_lines(fact: tuple) -> list[str]:
    _id, subject, metric, value, unit, value_text, bound, period, counterparty, surface, snippet, source = fact
    shown = value_text if value is None else f"{value:g} {unit}"
    party = f", counterparty {counterparty}" if counterparty else ""
    sentence = (snippet or "").replace(surface or "\0", f"**{surface}**", 1)
    return [f"  - `{source}` {subject} · {metric} = {shown} ({bound}, period {period}{party})",
            f"    > {sentence}"]


def _consensus_section(con: duckdb.DuckDBPyConnection, title: str, where: str, n: int, seed: int) -> list[str]:
    total = con.execute(f"SELECT count(*) FROM curated.fact_consensus WHERE {where}").fetchone()[0]
    con.execute(f"SELECT setseed({seed / 1000})")
    rows = con.execute(f"""SELECT subject, metric, period, unit_norm, status, value_norm, value_text, fact_ids
                          FROM curated.fact_consensus WHERE {where} ORDER BY random() LIMIT {n}""").fetchall()
    out = [f"## {title}: {len(rows)} of {total}", ""]
    for i, (subject, metric, period, unit, status, value, value_text, fact_ids) in enumerate(rows, 1):
        facts = _facts_by_id(con, list(fact_ids))
        out.append(f"{i}. **{subject} · {metric}** · {period} · {unit} · {status} · {value_text or value}")
        for fid in fact_ids:
            if fid in facts:
                out += _fact_lines(facts[fid])
        out.append("")
    return out


def _facts_section(con: duckdb.DuckDBPyConnection, n: int, seed: int) -> list[str]:
    total = con.execute("SELECT count(*) FROM curated.facts").fetchone()[0]
    con.execute(f"SELECT setseed({seed / 1000})")
    rows = con.execute(FACT_SQL + f" ORDER BY random() LIMIT {n}").fetchall()
    out = [f"## Facts: {len(rows)} of {total}", ""]
    for i, fact in enumerate(rows, 1):
        out.append(f"{i}.")
        out += _fact_lines(fact)
    return out + [""]


def _facts_by_group_section(con: duckdb.DuckDBPyConnection, column: str, groups: int, per_group: int,
                            seed: int) -> list[str]:
    top = con.execute(f"""SELECT {column}, count(*) FROM curated.facts GROUP BY 1
                          ORDER BY 2 DESC, 1 LIMIT {groups}""").fetchall()
    out = [f"## Facts by {column}: {per_group} of each of the {len(top)} most frequent", ""]
    for value, total in top:
        con.execute(f"SELECT setseed({seed / 1000})")
        rows = con.execute(FACT_SQL + f" WHERE f.{column} IS NOT DISTINCT FROM ? ORDER BY random() LIMIT {per_group}",
                           [value]).fetchall()
        out += [f"### {column} = {value} ({total} facts)", ""]
        for i, fact in enumerate(rows, 1):
            out.append(f"{i}. `{fact[0]}`")
            out += _fact_lines(fact)
        out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warehouse", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("samples.md"))
    ap.add_argument("--n-conflicts", type=int, default=40)
    ap.add_argument("--n-agreed", type=int, default=40)
    ap.add_argument("--n-facts", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--by", choices=["metric", "subject_rule", "subject_how", "period_how"],
                    help="draw the facts per value of this column instead of at random")
    ap.add_argument("--per-group", type=int, default=6)
    ap.add_argument("--groups", type=int, default=30)
    args = ap.parse_args(argv)
    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        lines = [f"# Samples of {args.warehouse.name}", ""]
        lines += _consensus_section(con, "Conflicts", "status = 'conflict'", args.n_conflicts, args.seed)
        lines += _consensus_section(con, "Agreed by two or more documents", "status = 'agreed' AND n_sources >= 2",
                                    args.n_agreed, args.seed)
        if args.by:
            lines += _facts_by_group_section(con, args.by, args.groups, args.per_group, args.seed)
        else:
            lines += _facts_section(con, args.n_facts, args.seed)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
