"""Fact linking and reconciliation on text we did not write: subjects, cross-article facts, false conflicts.

In: the gold sets under --shared (default ../shared): `gold/real-news` (texts read from `corpora/` by
`<file>#<line>`), `gold/dev-news` (texts beside the labels) and `gold/seeds` (texts in `seeds/`). Each set
becomes one JSONL input, one article a line (`id` = the gold doc name, so `curated.documents.source` is
the gold name), goes through the real pipeline (`.venv/bin/newsfacts run`) into a fresh warehouse in a
temp dir (or --keep DIR), and is read back read-only. Out: one table, rows = sets; with -v the details;
with --json every number (and the detail rows) in a file. Nothing is written inside the repository.

Scoring rules (gold/README.md; values "match" within 0.5 % after converting the gold value from its unit
to the contract `unit_norm` with transforms.units.normal; dates match when the published ISO string starts
with the gold one, real-news YYYYMMDD / YYYYMM / YYYY ints read as ISO):

- Subjects (real-news only). Each labelled row of facts.jsonl is located by (surface, occurrence):
  case-sensitive plain substring search, each search restarting one character after the previous hit.
  The facts "on" a label are the facts of that document whose [start, end) overlaps its span. A fact is
  right when it overlaps an `is_fact` label whose subject or one of whose aliases equals the fact's
  subject after `name_key` (casefold, accents and punctuation dropped, apostrophes deleted, a leading
  "the" and the legal forms in LEGAL_FORMS dropped). Precision = right facts / facts on >= 1 label (a
  fact only on `is_fact: false` labels is wrong); recall = is_fact labels with >= 1 right fact / is_fact
  labels. Also: facts on no label, recall per metric_class, precision and recall per language.
- Cross-article facts (real-news cross.jsonl, dev-news facts.jsonl, seeds facts.jsonl). `agree` /
  `conflict` / `single_source`: found when one fact_consensus row with the same unit_norm covers all the
  fact's documents (source names through doc_ids), lists every expected value (values_norm, dates
  values_text) and has the status agreed / conflict / single_source. `claims` and `history`: found when
  each (doc, value) is published (a curated.facts row of that doc, same unit_norm, value matches) and no
  row of the forbidden status (claims: agreed; history: conflict) merges two of its entries, i.e. cites
  facts (fact_ids) or lists values (values_norm) matching two different expected values from two
  different documents. (A row that merely covers two of the docs is not enough: the same docs often
  share a real agreement, e.g. 58 600 in gilets jaunes #590 and #1898.)
- False conflicts: every `conflict` row whose documents are all in the set. It is TRUE when some gold
  `conflict` fact with the same unit_norm lists all of its documents and each of its values matches a
  gold value; otherwise FALSE (a `claims` pair published as a conflict is FALSE).
- Agreed rows of 2+ documents: matched when some gold `agree` fact with the same unit_norm lists all
  of the row's documents and the row's value matches one of its values. Unmatched rows are not
  necessarily wrong on real-news (not every agreement is labelled, reprints are deliberately left out):
  they are shown as "unlabelled".
- Extraction (dev-news, seeds): benchmarks.gold.score on the same texts (recall, precision, negatives).
- Linking coverage: documents with quantities but no fact.

    python -m benchmarks.linking [--set real-news|dev-news|seeds|all] [--shared ../shared] [--keep DIR]
                                 [-v] [--json FILE]

Benchmark only: not imported by the tests, needs no network.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.gold import load, occurrences, score  # noqa: E402
from transforms.units import normal  # noqa: E402

SETS = ("real-news", "dev-news", "seeds")
TOL = 0.005
STATUS = {"agree": "agreed", "conflict": "conflict", "single_source": "single_source"}
FORBIDDEN = {"claims": "agreed", "history": "conflict"}  # a row of this status must not merge the entries
STATUS_ORDER = ("agree", "conflict", "claims", "history", "single_source")
# Legal forms dropped from names before comparing subjects (whole tokens, after casefold).
LEGAL_FORMS = {"inc", "incorporated", "corp", "corporation", "co", "company", "cos", "ltd", "limited", "plc",
               "pty", "ag", "sa", "se", "nv", "bv", "gmbh", "kg", "spa", "tbk", "pt", "llc", "lp"}
GOLD_UNIT_ALIASES = {"h": "hour"}  # gold unit codes that are not contract units


# --------------------------------------------------------------------------------------------- inputs

@dataclass
class Article:
    name: str
    text: str
    lang: str | None
    published: str | None
    title: str | None = None


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def articles_real(shared: Path) -> list[Article]:
    out, cache = [], {}
    for row in _jsonl(shared / "gold" / "real-news" / "articles.jsonl"):
        file, line = row["doc"].rsplit("#", 1)
        if file not in cache:
            cache[file] = (shared / "corpora" / file).read_text(encoding="utf-8").splitlines()
        rec = json.loads(cache[file][int(line)])
        out.append(Article(row["doc"], rec["text"], rec.get("lang"), rec.get("published"), rec.get("title")))
    return out


def _articles_from(folder: Path, docs_jsonl: Path) -> list[Article]:
    return [Article(d["doc"], (folder / d["doc"]).read_text(encoding="utf-8"), d.get("lang"), d.get("published"))
            for d in _jsonl(docs_jsonl)]


def articles_dev(shared: Path) -> list[Article]:
    gold = shared / "gold" / "dev-news"
    return _articles_from(gold, gold / "docs.jsonl")


def articles_seeds(shared: Path) -> list[Article]:
    return _articles_from(shared / "seeds", shared / "gold" / "seeds" / "docs.jsonl")


ARTICLES = {"real-news": articles_real, "dev-news": articles_dev, "seeds": articles_seeds}


def write_input(articles: list[Article], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            rec = {"id": a.name, "text": a.text, "lang": a.lang, "published": a.published, "title": a.title}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def run_pipeline(input_dir: Path, warehouse: Path) -> tuple[int, str]:
    exe = ROOT / ".venv" / "bin" / "newsfacts"
    if not exe.exists():
        exe = Path(sys.executable).with_name("newsfacts")
    cmd = [str(exe), "run", "--input", str(input_dir), "--warehouse", str(warehouse)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=warehouse.parent)
    return proc.returncode, (proc.stderr or proc.stdout).strip()


# ------------------------------------------------------------------------------------------ warehouse

@dataclass
class Warehouse:
    texts: dict[str, str] = field(default_factory=dict)          # source → text the offsets point into
    facts: list[dict] = field(default_factory=list)              # + "source"
    consensus: list[dict] = field(default_factory=list)          # + "sources" (set of source names)
    quantities: list[dict] = field(default_factory=list)         # + "source"
    fact_by_id: dict[str, dict] = field(default_factory=dict)
    facts_of: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))


def _rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def read_warehouse(path: Path) -> Warehouse:
    import duckdb

    w = Warehouse()
    if not path.exists():
        return w
    con = duckdb.connect(str(path), read_only=True)
    try:
        source = {r["doc_id"]: r["source"] for r in _rows(con, "SELECT doc_id, source FROM curated.documents")}
        for r in _rows(con, "SELECT doc_id, text FROM curated.document_text"):
            w.texts[source.get(r["doc_id"], r["doc_id"])] = r["text"]
        w.facts = _rows(con, "SELECT * FROM curated.facts ORDER BY doc_id, start")
        w.consensus = _rows(con, "SELECT * FROM curated.fact_consensus")
        w.quantities = _rows(con, "SELECT * FROM curated.quantities")
    finally:
        con.close()
    for f in w.facts:
        f["source"] = source.get(f["doc_id"], f["doc_id"])
        w.fact_by_id[f["fact_id"]] = f
        w.facts_of[f["source"]].append(f)
    for q in w.quantities:
        q["source"] = source.get(q["doc_id"], q["doc_id"])
    for r in w.consensus:
        r["sources"] = {source.get(d, d) for d in (r.get("doc_ids") or [])}
    return w


# ------------------------------------------------------------------------------------------- matching

def name_key(name: str | None) -> str:
    """'Dixons Group PLC' → 'dixons group'; 'The Walt Disney Co.' → 'walt disney'; 'S.A.' → 'sa' (dropped)."""
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = "".join("" if c in "'\u2019." else c if c.isalnum() else " " for c in s)
    tokens = s.split()
    if tokens[:1] == ["the"]:
        tokens = tokens[1:]
    kept = [t for t in tokens if t not in LEGAL_FORMS]
    return " ".join(kept or tokens)


def close(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= TOL * max(abs(b), 1e-12)


def iso(value) -> str:
    """Gold date → ISO prefix: 19870414 → '1987-04-14', 201503 → '2015-03', '2025-05' stays."""
    s = str(value)
    if s.isdigit():
        return "-".join(x for x in (s[:4], s[4:6], s[6:8]) if x)
    return s


def gold_norm(value, unit: str) -> tuple[str, float | str]:
    """A gold (value, unit) → (unit_norm, value in unit_norm); dates → ('date', ISO prefix)."""
    if unit == "date":
        return "date", iso(value)
    u, factor, offset = normal(GOLD_UNIT_ALIASES.get(unit, unit))
    return u, float(value) * (factor if factor is not None else 1.0) + offset


def matches(x, gold_v) -> bool:
    """A published value (number, or ISO text for dates) against a normalized gold value."""
    if isinstance(gold_v, str):
        return x is not None and str(x).startswith(gold_v)
    return isinstance(x, (int, float)) and close(x, gold_v)


def value_hits(gold_v, numbers: list, texts: list) -> bool:
    return any(matches(x, gold_v) for x in (texts if isinstance(gold_v, str) else numbers))


def row_values(r: dict) -> tuple[list, list]:
    nums = list(r.get("values_norm") or []) or [r.get("value_norm")]
    texts = list(r.get("values_text") or []) or [r.get("value_text")]
    return nums, texts


def fact_hits(f: dict, unit_norm: str, gold_v) -> bool:
    return f["unit_norm"] == unit_norm and value_hits(gold_v, [f.get("value_norm")], [f.get("value_text")])


# ----------------------------------------------------------------------------------------- cross facts

def load_cross(set_name: str, shared: Path) -> list[dict]:
    path = {"real-news": shared / "gold" / "real-news" / "cross.jsonl",
            "dev-news": shared / "gold" / "dev-news" / "facts.jsonl",
            "seeds": shared / "gold" / "seeds" / "facts.jsonl"}[set_name]
    out = []
    for g in _jsonl(path):
        values = g.get("values") or [g.get("value")] * len(g["docs"])
        if len(values) == 1 and len(g["docs"]) > 1:
            values = values * len(g["docs"])
        normed = [gold_norm(v, g["unit"]) for v in values]
        out.append({**g, "values": values, "unit_norm": normed[0][0], "norm": [v for _, v in normed],
                    "entries": list(zip(g["docs"], [v for _, v in normed]))})
    return out


def same_value(a, b) -> bool:
    return a == b if isinstance(b, str) or isinstance(a, str) else close(a, b)


def covering_row(g: dict, w: Warehouse) -> dict | None:
    docs = set(g["docs"])
    for r in w.consensus:
        if r["unit_norm"] != g["unit_norm"] or r["status"] != STATUS[g["status"]] or not docs <= r["sources"]:
            continue
        nums, texts = row_values(r)
        if all(value_hits(v, nums, texts) for v in g["norm"]):
            return r
    return None


def unpublished(g: dict, w: Warehouse) -> list[tuple[str, object]]:
    return [(d, v) for d, v in g["entries"] if not any(fact_hits(f, g["unit_norm"], v) for f in w.facts_of[d])]


def merges(r: dict, g: dict, w: Warehouse) -> bool:
    """Does row r hold two of g's entries with different values from different documents?"""
    hit = set()
    cited = [w.fact_by_id[i] for i in (r.get("fact_ids") or []) if i in w.fact_by_id]
    nums, texts = row_values(r)
    for k, (d, v) in enumerate(g["entries"]):
        if d not in r["sources"]:
            continue
        if any(f["source"] == d and fact_hits(f, g["unit_norm"], v) for f in cited):
            hit.add(k)
    if r["unit_norm"] == g["unit_norm"] and len({d for d, _ in g["entries"] if d in r["sources"]}) >= 2:
        hit |= {k for k, (d, v) in enumerate(g["entries"]) if d in r["sources"] and value_hits(v, nums, texts)}
    pairs = [(g["entries"][a], g["entries"][b]) for a in hit for b in hit if a < b]
    return any(d1 != d2 and not same_value(v1, v2) for (d1, v1), (d2, v2) in pairs)


def judge_cross(g: dict, w: Warehouse) -> tuple[bool, str]:
    if g["status"] in FORBIDDEN:
        missing = unpublished(g, w)
        bad = [r for r in w.consensus if r["status"] == FORBIDDEN[g["status"]] and merges(r, g, w)]
        if missing:
            return False, "not published: " + ", ".join(f"{d} {v}" for d, v in missing)
        if bad:
            return False, f"merged by a {FORBIDDEN[g['status']]} row: {_row_str(bad[0])}"
        return True, ""
    r = covering_row(g, w)
    return r is not None, "" if r else "no covering row"


def nearest_rows(g: dict, w: Warehouse, n: int = 3) -> list[dict]:
    docs = set(g["docs"])
    rows = [r for r in w.consensus if r["unit_norm"] == g["unit_norm"] and r["sources"] & docs]

    def distance(r: dict) -> float:
        nums, texts = row_values(r)
        if g["unit_norm"] == "date":
            return min((0.0 if value_hits(v, nums, texts) else 1.0) for v in g["norm"])
        return min((abs(x - v) / max(abs(v), 1e-12) for x in nums if x is not None for v in g["norm"]), default=9e9)

    return sorted(rows, key=lambda r: (distance(r), -len(r["sources"] & docs)))[:n]


def score_cross(gold: list[dict], w: Warehouse) -> dict:
    out = {s: {"expected": 0, "found": 0} for s in STATUS_ORDER}
    missed = []
    for g in gold:
        ok, why = judge_cross(g, w)
        out[g["status"]]["expected"] += 1
        out[g["status"]]["found"] += ok
        if not ok:
            missed.append({"fact": g, "why": why, "nearest": nearest_rows(g, w)})
    return {"by_status": {s: v for s, v in out.items() if v["expected"]}, "missed": missed}


def row_in_gold(r: dict, g: dict, values: list) -> bool:
    """Gold fact g (same unit_norm) lists all of r's documents and every one of `values` matches a gold value."""
    return (g["unit_norm"] == r["unit_norm"] and r["sources"] <= set(g["docs"])
            and all(any(matches(x, v) for v in g["norm"]) for x in values))


def _values_of(r: dict) -> list:
    nums, texts = row_values(r)
    return texts if r["unit_norm"] == "date" else nums


def score_conflicts(gold: list[dict], w: Warehouse, names: set[str]) -> dict:
    rows = []
    for r in w.consensus:
        if r["status"] == "conflict" and r["sources"] <= names:
            true = any(g["status"] == "conflict" and row_in_gold(r, g, _values_of(r)) for g in gold)
            rows.append({"row": r, "true": true})
    return {"conflicts": len(rows), "false": sum(not x["true"] for x in rows), "rows": rows}


def score_agreed(gold: list[dict], w: Warehouse, names: set[str]) -> dict:
    rows = []
    for r in w.consensus:
        if r["status"] == "agreed" and len(r["sources"]) >= 2 and r["sources"] <= names:
            value = r.get("value_text") if r["unit_norm"] == "date" else r.get("value_norm")
            match = next((g for g in gold if g["status"] == "agree" and row_in_gold(r, g, [value])), None)
            rows.append({"row": r, "gold": match})
    return {"total": len(rows), "matched": sum(x["gold"] is not None for x in rows), "rows": rows}


# -------------------------------------------------------------------------------------------- subjects

def locate_labels(shared: Path, w: Warehouse, articles: dict[str, Article]) -> list[dict]:
    labels = _jsonl(shared / "gold" / "real-news" / "facts.jsonl")
    for lab in labels:
        text = w.texts.get(lab["doc"]) or articles[lab["doc"]].text
        spans = occurrences(text, lab["surface"])
        lab["span"] = spans[lab["occurrence"] - 1] if len(spans) >= lab["occurrence"] else None
        names = [lab["subject"], *lab["subject_aliases"]] if lab["is_fact"] else []
        lab["keys"] = {name_key(n) for n in names}
        lab["lang"] = articles[lab["doc"]].lang
    return labels


def score_subjects(labels: list[dict], w: Warehouse, names: set[str]) -> dict:
    by_doc = defaultdict(list)
    for lab in labels:
        if lab["span"]:
            by_doc[lab["doc"]].append(lab)
    lang_of = {lab["doc"]: lab["lang"] for lab in labels}
    wrong, off_label, right_facts, on_label = [], [], 0, 0
    per_lang = defaultdict(lambda: {"facts": 0, "right": 0, "labels": 0, "found": 0})
    for f in w.facts:
        if f["source"] not in names:
            continue
        on = [lab for lab in by_doc[f["source"]] if f["start"] < lab["span"][1] and lab["span"][0] < f["end"]]
        if not on:
            off_label.append(f)
            continue
        ok = any(name_key(f["subject"]) in lab["keys"] for lab in on)
        on_label += 1
        right_facts += ok
        per_lang[lang_of.get(f["source"])]["facts"] += 1
        per_lang[lang_of.get(f["source"])]["right"] += ok
        for lab in on:
            lab.setdefault("facts", []).append(f)
        if not ok:
            wrong.append({"fact": f, "labels": on})
    missed, per_class = [], defaultdict(lambda: {"labels": 0, "found": 0})
    for lab in labels:
        if not lab["is_fact"]:
            continue
        hit = any(name_key(f["subject"]) in lab["keys"] for f in lab.get("facts", []))
        per_class[lab["metric_class"]]["labels"] += 1
        per_class[lab["metric_class"]]["found"] += hit
        per_lang[lab["lang"]]["labels"] += 1
        per_lang[lab["lang"]]["found"] += hit
        if not hit:
            missed.append(lab)
    n_labels = sum(lab["is_fact"] for lab in labels)
    return {"precision": right_facts / on_label if on_label else None, "right": right_facts, "on_labels": on_label,
            "recall": (n_labels - len(missed)) / n_labels if n_labels else None, "labels": n_labels,
            "found": n_labels - len(missed), "off_label": len(off_label),
            "unlocated": sum(not lab["span"] for lab in labels),
            "per_class": dict(per_class), "per_lang": dict(per_lang),
            "missed": missed, "wrong": wrong, "off_label_facts": off_label}


# -------------------------------------------------------------------------------------------- one set

def extraction(set_name: str, shared: Path) -> dict | None:
    where = {"dev-news": (shared / "gold" / "dev-news", shared / "gold" / "dev-news"),
             "seeds": (shared / "gold" / "seeds", shared / "seeds")}.get(set_name)
    if not where:
        return None
    gold, docs, texts = load(*where)
    r = score(gold, docs, texts)
    return {"recall": r["recall"], "precision": r["precision"], "negatives_hit": len(r["negatives_hit"]),
            "found": r["found"], "required": r["required"], "correct": r["correct"], "predicted": r["predicted"]}


def score_set(set_name: str, shared: Path, work: Path) -> dict:
    articles = ARTICLES[set_name](shared)
    by_name = {a.name: a for a in articles}
    names = set(by_name)
    write_input(articles, work / set_name / "input")
    warehouse = work / f"{set_name}.duckdb"
    rc, message = run_pipeline(work / set_name / "input", warehouse)
    w = read_warehouse(warehouse)
    gold = load_cross(set_name, shared)
    with_q = {q["source"] for q in w.quantities}
    res = {"set": set_name, "rc": rc, "message": message if rc else "", "docs": len(articles),
           "published_docs": len(w.texts), "facts": len(w.facts), "consensus_rows": len(w.consensus),
           "docs_without_facts": sorted(with_q - set(w.facts_of)), "docs_missing": sorted(names - set(w.texts)),
           "cross": score_cross(gold, w), "conflicts": score_conflicts(gold, w, names),
           "agreed": score_agreed(gold, w, names), "extraction": extraction(set_name, shared),
           "subjects": None}
    if set_name == "real-news":
        res["subjects"] = score_subjects(locate_labels(shared, w, by_name), w, names)
    return res


# -------------------------------------------------------------------------------------------- output

def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _row_str(r: dict) -> str:
    nums, texts = row_values(r)
    vals = texts if r["unit_norm"] == "date" else [f"{v:.6g}" if v is not None else "None" for v in nums]
    return (f"[{r['status']}] {r['subject']} · {r['metric']} · {r.get('period')} · {r['unit_norm']} "
            f"= {'/'.join(map(str, vals))}  ({', '.join(sorted(r['sources']))})")


def _fact_str(f: dict) -> str:
    extra = f" counterparty={f['counterparty']}" if "counterparty" in f else ""
    return f"{f['subject']} · {f['metric']}{extra}"


def table(results: list[dict]) -> str:
    head = ["set", "rc", "docs", "facts", "no-fact", "subjP", "subjR"] + list(STATUS_ORDER) + \
           ["falseConf", "agreed2+", "extrR", "extrP", "neg"]
    lines = [head]
    for r in results:
        s, c, x = r["subjects"], r["cross"]["by_status"], r["extraction"]
        cells = [r["set"], str(r["rc"]), f"{r['published_docs']}/{r['docs']}", str(r["facts"]),
                 str(len(r["docs_without_facts"])), _pct(s and s["precision"]), _pct(s and s["recall"])]
        cells += [f"{c[k]['found']}/{c[k]['expected']}" if k in c else "-" for k in STATUS_ORDER]
        cells += [f"{r['conflicts']['false']}/{r['conflicts']['conflicts']}",
                  f"{r['agreed']['matched']}/{r['agreed']['total']}"]
        cells += [_pct(x["recall"]), _pct(x["precision"]), str(x["negatives_hit"])] if x else ["-", "-", "-"]
        lines.append(cells)
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    return "\n".join("  ".join(cell.ljust(wd) for cell, wd in zip(row, widths)).rstrip() for row in lines)


def summary(r: dict) -> list[str]:
    out = []
    if r["rc"]:
        why = " (the quality gate blocked publishing)" if r["rc"] == 3 else ""
        last = r["message"].splitlines()[-1] if r["message"] else ""
        out.append(f"{r['set']}: newsfacts run exited {r['rc']}{why}: {last}")
    if r["docs_missing"]:
        out.append(f"{r['set']}: not published: {', '.join(r['docs_missing'])}")
    cov = r["docs_without_facts"]
    listed = f" ({', '.join(cov)})" if cov else ""
    out.append(f"{r['set']}: linking coverage: {len(cov)} of {r['published_docs']} documents have quantities "
               f"but no fact{listed}")
    s = r["subjects"]
    if s:
        out.append(f"{r['set']}: subjects: precision {s['right']}/{s['on_labels']}, "
                   f"recall {s['found']}/{s['labels']}, "
                   f"facts on no labelled number {s['off_label']}, labels not located {s['unlocated']}")
        classes = sorted(s["per_class"].items(), key=lambda kv: -kv[1]["labels"])
        out.append("  recall per metric_class: " + ", ".join(f"{k} {v['found']}/{v['labels']}" for k, v in classes))
        langs = sorted(s["per_lang"].items(), key=lambda kv: str(kv[0]))
        out.append("  per language (precision; recall): " + ", ".join(
            f"{k} {v['right']}/{v['facts']}; {v['found']}/{v['labels']}" for k, v in langs))
    a = r["agreed"]
    out.append(f"{r['set']}: agreed rows with 2+ documents: {a['matched']} match a gold agree fact, "
               f"{a['total'] - a['matched']} unlabelled")
    return out


def details(r: dict) -> list[str]:
    out = [f"\n=== {r['set']} ==="]
    s = r["subjects"]
    if s:
        out.append(f"-- labelled facts with no right-subject fact ({len(s['missed'])})")
        for lab in sorted(s["missed"], key=lambda x: (x["doc"], x["span"] or (0, 0))):
            got = "; ".join(_fact_str(f) for f in lab.get("facts", [])) or "no fact"
            out.append(f"  {lab['doc']}  {lab['surface']!r}  gold: {lab['subject']} · {lab['metric']} "
                       f"[{lab['metric_class']}]  published: {got}")
        out.append(f"-- wrong facts ({len(s['wrong'])})")
        for x in sorted(s["wrong"], key=lambda x: (x["fact"]["source"], x["fact"]["start"])):
            f = x["fact"]
            gold = "; ".join(lab["subject"] if lab["is_fact"] else f"not a fact ({lab['metric']})"
                             for lab in x["labels"])
            out.append(f"  {f['source']}  {f['surface']!r}  published: {_fact_str(f)}  gold: {gold}")
        out.append(f"-- facts on no labelled number ({s['off_label']})")
        for f in s["off_label_facts"]:
            out.append(f"  {f['source']}  {f['surface']!r} [{f['start']},{f['end']})  {_fact_str(f)}")
    out.append(f"-- missed cross facts ({len(r['cross']['missed'])})")
    for m in r["cross"]["missed"]:
        g = m["fact"]
        out.append(f"  [{g['status']}] {g['subject']} · {g['metric']} = {g['values']} {g['unit']} "
                   f"({', '.join(dict.fromkeys(g['docs']))}): {m['why']}")
        for row in m["nearest"]:
            out.append(f"      near: {_row_str(row)}")
    out.append(f"-- conflict rows ({r['conflicts']['conflicts']})")
    for x in r["conflicts"]["rows"]:
        out.append(f"  {'TRUE ' if x['true'] else 'FALSE'} {_row_str(x['row'])}")
    out.append("-- agreed rows with 2+ documents")
    for x in r["agreed"]["rows"]:
        out.append(f"  {'matched    ' if x['gold'] else 'unlabelled '} {_row_str(x['row'])}")
    return out


def numbers(r: dict) -> dict:
    """The numbers of one set's result (and the -v lines), for --json."""
    s = r["subjects"]
    keep = ("precision", "recall", "right", "on_labels", "found", "labels", "off_label", "unlocated",
            "per_class", "per_lang")
    return {"set": r["set"], "rc": r["rc"], "docs": r["docs"], "published_docs": r["published_docs"],
            "facts": r["facts"], "consensus_rows": r["consensus_rows"], "docs_without_facts": r["docs_without_facts"],
            "docs_missing": r["docs_missing"], "subjects": {k: s[k] for k in keep} if s else None,
            "cross": r["cross"]["by_status"],
            "conflicts": {k: r["conflicts"][k] for k in ("conflicts", "false")},
            "agreed_2plus": {k: r["agreed"][k] for k in ("total", "matched")},
            "extraction": r["extraction"], "details": details(r)[1:]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", default="all", choices=[*SETS, "all"])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--keep", type=Path, help="build inputs and warehouses here and keep them")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-document details")
    ap.add_argument("--json", type=Path, help="write every number to this file")
    args = ap.parse_args(argv)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="newsfacts-linking-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        chosen = SETS if args.set == "all" else (args.set,)
        results = [score_set(name, args.shared.resolve(), work) for name in chosen]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.verbose:
        for r in results:
            print("\n".join(details(r)))
        print()
    print(table(results))
    for r in results:
        print("\n".join(summary(r)))
    if args.json:
        text = json.dumps([numbers(r) for r in results], ensure_ascii=False, indent=1)
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
