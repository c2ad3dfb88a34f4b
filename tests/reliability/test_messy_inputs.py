"""Nothing lost: one run over the seeds mixed with every kind of awkward input.

The folder holds the five seeds plus: an empty file, a binary file, a Latin-1 French article, a
UTF-16 (with BOM) German article, an HTML page (scripts, styles, navigation and a footer around the
article), a file larger than --max-bytes, a JSONL file with one malformed line among good ones, an
article claiming an implausible number of GPUs, and article text carrying HTML markup. The run must
exit 0; what cannot be read is in quality.quarantine with a reason a person understands; the odd
encodings and the HTML page are read right; the implausible value is not published; the report
shows article text escaped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import sql

from . import SEEDS, run_in_process

pytestmark = pytest.mark.slow

MAX_BYTES = 12_000  # the seeds are under 4 kB

LATIN1_FR = (
    "Le centre de données Hélios, près d'Orléans, compte désormais 12 500 serveurs. "
    "Sa construction a coûté 850 millions d'euros, a précisé la société, "
    "et la surface atteindra 40 000 mètres carrés. L'équipe prévoit une mise en service rapide.\n"
)
UTF16_DE = (
    "Das Rechenzentrum Nordlicht in Süddeutschland verfügt über 24.000 Grafikprozessoren. "
    "Der Bau kostete 1,2 Milliarden Euro, die Fläche beträgt 15.000 Quadratmeter. "
    "Die Betreiber äußerten sich zufrieden über den Fortschritt.\n"
)
# Numbers outside the article (script, style, navigation, footer) must not be read as quantities.
HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Aurora</title>
<style>body { counter-reset: 987654; } .x::after { content: "555 555 servers"; }</style>
<script>var visits = 777777; document.write("333 333 GPUs");</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li>Top 444 444 stories</li></ul></nav>
<article><h1>Aurora expands</h1>
<p>The Aurora data center in Texas now houses 36,000 servers, the operator said on Monday.</p>
<p>The expansion cost $2.5 billion and adds 90,000 square feet of floor space.</p>
<p>Engineers expect the site to be fully running by the end of the year.</p>
</article>
<footer>Copyright 888 888 Corp</footer></body></html>"""
NOT_ARTICLE = ["987654", "555 555", "777777", "333 333", "444 444", "888 888", "visits", "document.write", "Home"]
IMPLAUSIBLE = ("Le supercalculateur Colossus de xAI compte 5 000 000 000 000 puces Nvidia, selon un communiqué "
               "publié par la société à Memphis.\n")
SCRIPT = "<script>alert(document.cookie)</script>"
IMG = "<img src=x onerror=alert(document.domain)>"
JSONL = [
    {"id": "jsonl-ok", "text": "La start-up Lumio a levé 30 millions d'euros auprès de quatre investisseurs, "
                               "a annoncé son fondateur."},
    '{"id": "jsonl-broken", "text": "Cette ligne est coupée',
    {"id": "jsonl-markup", "published": SCRIPT,
     "text": f"xAI {SCRIPT} a levé 6 milliards de dollars {IMG} auprès d'investisseurs, selon la société."},
]

# (source in the warehouse, surface, value, unit) that must be published
EXPECTED = [
    ("latin1_fr.txt", "12 500 serveurs", 12500, "count"),
    ("latin1_fr.txt", "850 millions d'euros", 850e6, "EUR"),
    ("latin1_fr.txt", "40 000 mètres carrés", 40000, "m2"),
    ("utf16_de.txt", "über 24.000 Grafikprozessoren", 24000, "count"),
    ("utf16_de.txt", "1,2 Milliarden Euro", 1.2e9, "EUR"),
    ("utf16_de.txt", "15.000 Quadratmeter", 15000, "m2"),
    ("aurora.html", "36,000 servers", 36000, "count"),
    ("aurora.html", "$2.5 billion", 2.5e9, "USD"),
    ("aurora.html", "90,000 square feet", 90000, "sq_ft"),
    ("jsonl-ok", "30 millions d'euros", 30e6, "EUR"),
    ("jsonl-markup", "6 milliards de dollars", 6e9, "USD"),
]


def build_inbox(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (folder / "latin1_fr.txt").write_bytes(LATIN1_FR.encode("latin-1"))
    (folder / "utf16_de.txt").write_bytes(UTF16_DE.encode("utf-16"))  # Python writes the BOM
    (folder / "aurora.html").write_text(HTML, encoding="utf-8")
    (folder / "oversized.txt").write_text("Le projet Titan compte 1 000 serveurs. " * 1000, encoding="utf-8")
    lines = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in JSONL]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "implausible.txt").write_text(IMPLAUSIBLE, encoding="utf-8")
    assert (folder / "utf16_de.txt").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert (folder / "oversized.txt").stat().st_size > MAX_BYTES
    return folder


@pytest.fixture(scope="module")
def messy_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("messy")
    inbox = build_inbox(work / "inbox")
    warehouse = work / "w.duckdb"
    code = run_in_process("--input", str(inbox), "--warehouse", str(warehouse), "--max-bytes", str(MAX_BYTES))
    return warehouse, code


@pytest.fixture(scope="module")
def quarantine(messy_run):
    warehouse, _ = messy_run
    return sql(warehouse, "SELECT source, stage, reason FROM quality.quarantine")


def test_the_run_exits_0_and_publishes(messy_run):
    warehouse, code = messy_run
    assert code == 0
    assert sql(warehouse, "SELECT status FROM quality.runs") == [{"status": "published"}]


def test_every_readable_document_is_published(messy_run):
    warehouse, _ = messy_run
    sources = {r["source"] for r in sql(warehouse, "SELECT source FROM curated.documents")}
    readable = {p.name for p in SEEDS.glob("*.txt")} | {
        "latin1_fr.txt", "utf16_de.txt", "aurora.html", "jsonl-ok", "jsonl-markup", "implausible.txt"}
    assert sources == readable


@pytest.mark.parametrize("source, words", [
    ("empty.txt", ["empty"]),
    ("binary.txt", ["binary"]),
    ("oversized.txt", ["too large", f"{MAX_BYTES:,}"]),
    ("batch.jsonl#L2", ["line 2", "JSON"]),
])
def test_unreadable_inputs_are_quarantined_with_a_readable_reason(quarantine, source, words):
    rows = [r for r in quarantine if r["source"] == source]
    assert len(rows) == 1, (source, quarantine)
    reason = rows[0]["reason"]
    assert rows[0]["stage"] == "ingest"
    assert all(word.lower() in reason.lower() for word in words), reason
    assert "Traceback" not in reason and "\n" not in reason


def test_the_implausible_value_is_quarantined_with_its_reason(quarantine):
    rows = [r for r in quarantine if "implausible.txt" in r["reason"]]
    assert rows, quarantine
    assert any("gpu_count" in r["reason"] and "5 000 000 000 000" in r["reason"] for r in rows), rows


def test_no_implausible_gpu_count_is_published(messy_run):
    warehouse, _ = messy_run
    facts = sql(warehouse, "SELECT count(*) AS n, max(value_norm) AS top FROM curated.facts WHERE metric = 'gpu_count'")
    assert facts[0]["n"] > 0, "no gpu_count fact at all: the check would prove nothing"
    assert facts[0]["top"] < 1e12, facts
    consensus = sql(warehouse, "SELECT value_norm, values_norm FROM curated.fact_consensus WHERE metric = 'gpu_count'")
    assert consensus and all(max([r["value_norm"] or 0, *r["values_norm"]]) < 1e12 for r in consensus), consensus


def test_the_implausible_mention_is_not_published_either(messy_run):
    # The gate keeps the gpu_count fact out (its range is 1..1e8), and ranges.toml names this very case
    # ("5 000 000 000 000 GPU") as what the ranges must catch; the mention it was read from is the same
    # number on the same span, so it must not be published in curated.quantities either.
    warehouse, _ = messy_run
    rows = sql(warehouse, """
        SELECT q.surface, q.value, q.unit, q.object FROM curated.quantities q JOIN curated.documents d USING (doc_id)
        WHERE d.source = 'implausible.txt' AND q.value >= 1e12""")
    assert rows == [], rows


def test_latin1_utf16_and_html_articles_are_read_right(messy_run):
    warehouse, _ = messy_run
    texts = {r["source"]: r["text"] for r in sql(warehouse, """
        SELECT d.source, t.text FROM curated.documents d JOIN curated.document_text t USING (doc_id)
        WHERE d.source IN ('latin1_fr.txt', 'utf16_de.txt', 'aurora.html')""")}
    assert texts["latin1_fr.txt"].strip() == LATIN1_FR.strip()
    assert texts["utf16_de.txt"].strip() == UTF16_DE.strip()
    html = texts["aurora.html"]
    assert "36,000 servers" in html and "90,000 square feet" in html
    assert [word for word in NOT_ARTICLE if word in html] == []


def test_their_amounts_are_published_with_the_right_values(messy_run):
    warehouse, _ = messy_run
    rows = sql(warehouse, """
        SELECT d.source, q.surface, q.value, q.unit FROM curated.quantities q JOIN curated.documents d USING (doc_id)""")
    found = {(r["source"], r["surface"]): (r["value"], r["unit"]) for r in rows}
    missing = [(s, surface, value, unit) for s, surface, value, unit in EXPECTED
               if found.get((s, surface)) != (pytest.approx(value), unit)]
    assert missing == [], {k: v for k, v in found.items() if k[0] in {m[0] for m in missing}}
    numbers = {r["value"] for r in rows if r["source"] == "aurora.html"}
    assert numbers == {36000, 2.5e9, 90000}, "numbers outside the article were read"


def test_article_text_reaches_the_report_only_escaped(messy_run):
    warehouse, _ = messy_run
    (run,) = sql(warehouse, "SELECT report_path FROM quality.runs")
    report = Path(run["report_path"])
    assert report.is_file()
    pages = list((warehouse.parent / "reports").rglob("*.html"))
    raw = {str(p.relative_to(warehouse.parent)): [m for m in (SCRIPT, IMG) if m in p.read_text(encoding="utf-8")]
           for p in pages}
    assert {page: found for page, found in raw.items() if found} == {}
    # and the markup did reach the report (escaped), so the check above is not vacuous
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in report.read_text(encoding="utf-8")
