"""End to end over seeds/: the real command line, a real Prefect flow, a real DuckDB file and report.

The seeds run is a separate process, as a user starts it. The other runs here go through the same
command line in this process (`cli.main`): what they check (escaping, a second run) does not depend on
a fresh process, and a cold one costs ~20 s of CPU (imports, Great Expectations, lexicons).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows import cli
from tests.conftest import SEEDS, newsfacts, sql

pytestmark = pytest.mark.slow


def test_run_publishes_and_prints_the_report_path_last(seeds_warehouse):
    warehouse, result = seeds_warehouse
    assert result.returncode == 0, result.stderr
    last_line = result.stdout.strip().splitlines()[-1]
    assert last_line.endswith("index.html")
    report = Path(last_line)
    assert report.is_file()
    assert report.parent.parent == warehouse.parent / "reports"


def test_the_five_seeds_are_documents_with_their_languages(seeds_warehouse):
    warehouse, _ = seeds_warehouse
    rows = sql(warehouse, "SELECT source, language, n_chars FROM curated.documents ORDER BY source")
    assert [r["source"] for r in rows] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert [r["language"] for r in rows] == ["fr", "de", "id", "fr", "fr"]
    assert all(r["n_chars"] > 1000 for r in rows)


def test_enough_quantities_and_facts_are_published(seeds_warehouse):
    warehouse, _ = seeds_warehouse
    (counts,) = sql(warehouse, "SELECT (SELECT count(*) FROM curated.quantities) AS q, (SELECT count(*) FROM curated.facts) AS f")
    assert counts["q"] >= 40
    assert counts["f"] >= 20


def test_every_quantity_surface_is_the_text_at_its_offsets(seeds_warehouse):
    warehouse, _ = seeds_warehouse
    bad = sql(warehouse, """
        SELECT q.doc_id, q.start, q."end", q.surface FROM curated.quantities q JOIN curated.document_text t USING (doc_id)
        WHERE substring(t.text, q.start + 1, q."end" - q.start) <> q.surface""")
    assert bad == []


def test_the_run_is_recorded(seeds_warehouse):
    warehouse, _ = seeds_warehouse
    runs = sql(warehouse, "SELECT status, n_documents, n_new_documents FROM quality.runs")
    assert runs == [{"status": "published", "n_documents": 5, "n_new_documents": 5}]


def test_sql_refuses_to_write(seeds_warehouse):
    warehouse, _ = seeds_warehouse
    for statement in ["DELETE FROM curated.facts", "CREATE TABLE x AS SELECT 1", "DROP TABLE curated.facts"]:
        result = newsfacts("sql", statement, "--warehouse", str(warehouse))
        assert result.returncode != 0, statement
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert sql(warehouse, "SELECT count(*) AS n FROM curated.documents") == [{"n": 5}]


def test_article_text_and_names_are_escaped_in_the_report(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hostile = "<script>alert(1)</script> La société <b>Acme</b> a levé 5 millions d'euros auprès de 12 investisseurs."
    (inbox / "<img src=x onerror=alert(1)>.txt").write_text(hostile, encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    capsys.readouterr()
    assert cli.main(["run", "--input", str(inbox), "--warehouse", str(warehouse)]) == 0
    report_dir = Path(capsys.readouterr().out.strip().splitlines()[-1]).parent
    for page in [report_dir / "index.html", warehouse.parent / "reports" / "index.html"]:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x onerror=alert(1)>" not in html
        assert "<b>Acme</b>" not in html


def test_a_second_run_changes_nothing_and_is_recorded(seeds_warehouse, tmp_path):
    published, first = seeds_warehouse
    assert first.returncode == 0, first.stderr
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(published, warehouse)  # the first run's file (the shared one stays as it is)
    before = sql(warehouse, "SELECT (SELECT count(*) FROM curated.quantities) q, (SELECT count(*) FROM curated.facts) f, (SELECT count(*) FROM curated.fact_consensus) c")
    assert cli.main(["run", "--input", str(SEEDS), "--warehouse", str(warehouse)]) == 0
    after = sql(warehouse, "SELECT (SELECT count(*) FROM curated.quantities) q, (SELECT count(*) FROM curated.facts) f, (SELECT count(*) FROM curated.fact_consensus) c")
    assert after == before
    runs = sql(warehouse, "SELECT status, n_documents, n_new_documents FROM quality.runs ORDER BY started_at")
    assert runs == [
        {"status": "published", "n_documents": 5, "n_new_documents": 5},
        {"status": "unchanged", "n_documents": 5, "n_new_documents": 0},
    ]
