"""New extraction rules: the next run over the same inputs reprocesses every document once, and publishes."""

from __future__ import annotations

import pytest

from flows import cli, pipeline
from tests.conftest import SEEDS, sql

pytestmark = pytest.mark.slow

COUNTS = ("SELECT (SELECT count(*) FROM curated.documents) d, (SELECT count(*) FROM curated.quantities) q, "
          "(SELECT count(*) FROM curated.facts) f")


def test_a_rules_change_reprocesses_each_document_once(tmp_path, monkeypatch):
    warehouse = tmp_path / "w.duckdb"
    assert cli.main(["run", "--input", str(SEEDS), "--warehouse", str(warehouse)]) == 0
    before = sql(warehouse, COUNTS)

    # the stale documents come in again with the inputs: they must not be processed twice (doubled rows
    # would block the run on the unique-key promises)
    monkeypatch.setattr(pipeline, "rules_version", lambda: "new-rules")
    assert cli.main(["run", "--input", str(SEEDS), "--warehouse", str(warehouse)]) == 0

    assert sql(warehouse, COUNTS) == before
    runs = sql(warehouse, "SELECT status, n_new_documents, message FROM quality.runs ORDER BY started_at")
    assert [r["status"] for r in runs] == ["published", "published"]
    assert runs[-1]["n_new_documents"] == 0 and "5 documents reprocessed" in runs[-1]["message"]
    assert {r["rules_version"] for r in sql(warehouse, "SELECT rules_version FROM curated.documents")} == {"new-rules"}
