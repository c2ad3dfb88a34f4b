"""A failing critical suite blocks publishing: exit 3, the published tables untouched, the run recorded."""

from __future__ import annotations

import polars as pl
import pytest

from flows import cli
from tests.conftest import SEEDS, sql
from transforms import facts

pytestmark = pytest.mark.slow

COUNTS = ("SELECT (SELECT count(*) FROM curated.documents) d, (SELECT count(*) FROM curated.quantities) q, "
          "(SELECT count(*) FROM curated.facts) f, (SELECT count(*) FROM curated.fact_consensus) c")


def test_duplicate_facts_block_publishing_and_keep_the_previous_tables(tmp_path, monkeypatch, capsys):
    warehouse = tmp_path / "w.duckdb"
    assert cli.main(["run", "--input", str(SEEDS), "--warehouse", str(warehouse)]) == 0
    before = sql(warehouse, COUNTS)

    # The defect: a linker bug that emits every fact twice (same fact_id), which the facts suite forbids.
    link = facts.link

    def link_twice(q, d):
        linked, quantities = link(q, d)
        return pl.concat([linked] * 2), quantities

    monkeypatch.setattr(facts, "link", link_twice)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "new.txt").write_text(
        "Le supercalculateur Colossus de xAI compte désormais 150 000 puces Nvidia, selon la société.", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["run", "--input", str(SEEDS), str(inbox), "--warehouse", str(warehouse)]) == cli.EXIT_BLOCKED

    out = capsys.readouterr()
    assert "blocked" in out.err
    assert sql(warehouse, COUNTS) == before
    runs = sql(warehouse, "SELECT status FROM quality.runs ORDER BY started_at")
    assert [r["status"] for r in runs] == ["published", "blocked"]
    report = out.out.strip().splitlines()[-1]
    assert "blocked" in open(report, encoding="utf-8").read().lower()
