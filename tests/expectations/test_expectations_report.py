"""The data quality report: the run page, its Data Docs, the index of runs, and escaping of article text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import polars as pl
import pytest

from expectations import audit, report
from tests.expectations.world import build_world, consensus_of, edit

STARTED = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def a_run(run_id: str = "20261123T120000Z-9999", status: str = "published", minutes: int = 0) -> dict:
    """A run summary; the default id is one GX once misread as a time (dateutil reads "-9999" as a UTC offset)."""
    return {
        "run_id": run_id, "started_at": STARTED + timedelta(minutes=minutes),
        "finished_at": STARTED + timedelta(minutes=minutes, seconds=42), "status": status,
        "n_documents": 3, "n_new_documents": 3, "counts": {"documents": 3, "quantities": 10, "facts": 7},
        "messages": ["3 documents read"], "timings": {"extract": 1.25},
    }


@pytest.fixture(scope="module")
def clean():
    world = build_world()
    return world, audit.audit(world, reconcile=consensus_of)


def html_files(folder: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in folder.rglob("*.html")}


def test_the_run_page_the_data_docs_and_the_index(tmp_path, clean):
    world, result = clean
    page = report.write_report(tmp_path, a_run(), result.frames, result.quarantine, result)

    assert page == tmp_path / "20261123T120000Z-9999" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "Run 20261123T120000Z-9999" in text and "published" in text and "42.0 s" in text
    assert 'href="data_docs/index.html"' in text
    assert (page.parent / "data_docs" / "index.html").exists()
    assert len(list((page.parent / "data_docs" / "validations").rglob("*.html"))) == len(result.validations) == 8
    for suite in ("documents.rows", "facts.rows", "consensus.table", "run.quarantine"):
        assert suite in text
    # the consensus, each fact with its document, surface and snippet
    assert "gpu_count" in text and "agreed" in text and "single_source" in text
    assert "de_colossus.txt" in text and "<mark>100.000 Grafikkarten</mark>" in text
    assert "5,000,000,000" in text
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="20261123T120000Z-9999/index.html"' in index


def test_article_text_and_source_names_come_out_escaped(tmp_path, clean):
    world, _ = clean
    # defects: an article named like a script, a snippet with a script, and a unit that is one
    # (the unit fails its promise, so it reaches the quarantine and the Data Docs as well)
    documents = edit(world["documents"], 0, source="<script>alert('source')</script>.txt")
    facts = edit(world["facts"], 3, snippet="Colossus <script>alert('text')</script> 100.000 Grafikkarten")
    quantities = edit(world["quantities"], 7, unit="<script>alert('unit')</script>")
    dirty = dict(world, documents=documents, facts=facts, quantities=quantities)
    result = audit.audit(dirty, reconcile=consensus_of)
    assert result.quarantine.height == 1

    report.write_report(tmp_path, a_run(), result.frames, result.quarantine, result)

    pages = html_files(tmp_path)
    assert len(pages) > 3
    for path, text in pages.items():
        assert "<script>alert" not in text, path
    run_page = (tmp_path / "20261123T120000Z-9999" / "index.html").read_text(encoding="utf-8")
    for what in ("source", "text", "unit"):
        assert f"&lt;script&gt;alert(&#39;{what}&#39;)&lt;/script&gt;" in run_page
    data_docs = "".join(text for path, text in pages.items() if "data_docs" in path.parts)
    assert "&lt;script&gt;alert(&#x27;unit&#x27;)&lt;/script&gt;" in data_docs


def test_a_blocked_run_says_why(tmp_path):
    world = build_world()
    # defect: a duplicate fact_id
    dirty = dict(world, facts=edit(world["facts"], 1, fact_id=world["facts"].get_column("fact_id")[0]))
    result = audit.audit(dirty, reconcile=consensus_of)
    assert not result.passed

    page = report.write_report(tmp_path, a_run(status="blocked"), dirty, result.quarantine, result)

    text = page.read_text(encoding="utf-8")
    assert 'class="badge blocked"' in text and "publishing was blocked" in text
    assert "facts: fact_id is unique, but 2 of 7 rows break it" in text


def test_a_run_without_audit_has_no_data_docs(tmp_path):
    world = build_world()
    empty = pl.DataFrame(schema={"source": pl.String, "stage": pl.String, "reason": pl.String})
    page = report.write_report(tmp_path, a_run(status="unchanged"), world, empty, None)
    text = page.read_text(encoding="utf-8")
    assert "No audit ran in this run." in text and "Nothing was quarantined." in text
    assert not (page.parent / "data_docs").exists()


def test_facts_without_consensus_are_listed_with_their_sources(tmp_path):
    world = build_world()
    frames = {k: v for k, v in world.items() if k != "consensus"}
    text = report.write_report(tmp_path, a_run(), frames, None, None).read_text(encoding="utf-8")
    assert "Facts (7)" in text and "<mark>bis zu 10 Sekunden</mark>" in text


def test_the_index_points_at_the_latest_run_and_lists_the_others(tmp_path):
    world = build_world()
    report.write_report(tmp_path, a_run("run-1", "published"), world, None, None)
    report.write_report(tmp_path, a_run("run-2", "blocked", minutes=5), world, None, None)
    report.write_report(tmp_path, a_run("run/../3", "unchanged", minutes=10), world, None, None)

    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'Latest run: <a href="run_.._3/index.html">run/../3</a>' in index
    links = [index.index(f'href="{name}/index.html"', index.index("<table>")) for name in ("run_.._3", "run-2", "run-1")]
    assert links == sorted(links)
    assert (tmp_path / "run_.._3" / "index.html").exists() and not (tmp_path.parent / "3").exists()


def test_a_rebuilt_report_shows_the_new_validations_only(tmp_path, clean):
    world, result = clean
    report.write_report(tmp_path, a_run(), result.frames, result.quarantine, result)
    page = report.write_report(tmp_path, a_run(), result.frames, result.quarantine, result)
    pages = list((page.parent / "data_docs" / "validations").rglob("*.html"))
    assert len(pages) == len(result.validations)
