"""run_query refuses anything that writes or reaches outside the file; format_rows prints three ways."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from conftest import run

from warehouse import store
from warehouse.query import QueryError, format_rows, run_query


@pytest.fixture(scope="module")
def published(tmp_path_factory, seeds):
    wh = tmp_path_factory.mktemp("query") / "newsfacts.duckdb"
    store.publish(wh, seeds, run("r1"), None, [{"suite": "facts", "success": True, "evaluated": 2, "failed": 0}])
    return wh


def test_missing_warehouse_is_a_one_line_error(wh):
    with pytest.raises(QueryError) as err:
        run_query(wh, "SELECT 1")
    assert str(err.value) == f"no warehouse at {wh} yet: run `newsfacts run` first"


def test_select_returns_columns_and_rows(published, seeds):
    cols, rows = run_query(published, "SELECT doc_id, language FROM curated.documents ORDER BY doc_id")
    assert cols == ["doc_id", "language"]
    assert rows == sorted(seeds["documents"].select("doc_id", "language").rows())


@pytest.mark.parametrize("sql", [
    "DESCRIBE curated.facts",
    "SHOW TABLES",
    "SUMMARIZE curated.quantities",
    "PRAGMA table_info('curated.facts')",
    "FROM curated.fact_sources LIMIT 1",
    "WITH x AS (SELECT 1 AS a) SELECT * FROM x;",
    "EXPLAIN SELECT * FROM curated.facts",
    "PRAGMA version",
    "SELECT * FROM quality.run_summary",
    "SELECT * FROM curated.consensus_sources",
    "SELECT * FROM quality.linking_coverage",
])
def test_read_only_forms_are_allowed(published, sql):
    cols, rows = run_query(published, sql)
    assert cols


@pytest.mark.parametrize("sql, match", [
    ("INSERT INTO curated.documents (doc_id) VALUES ('x')", "INSERT"),
    ("UPDATE curated.facts SET value = 0", "UPDATE"),
    ("DELETE FROM curated.facts", "DELETE"),
    ("DROP TABLE curated.facts", "DROP"),
    ("CREATE TABLE t AS SELECT 1", "CREATE"),
    ("CREATE TEMP TABLE t AS SELECT 1", "CREATE"),
    ("CREATE VIEW v AS SELECT 1", "CREATE"),
    ("ALTER TABLE curated.facts ADD COLUMN x INT", "ALTER"),
    ("COPY curated.facts TO '{out}'", "COPY"),
    ("COPY (SELECT 1) TO '{out}' (FORMAT csv)", "COPY"),
    ("EXPORT DATABASE '{dir}'", "EXPORT"),
    ("ATTACH '{dir}/x.duckdb' AS x", "ATTACH"),
    ("DETACH newsfacts", "DETACH"),
    ("INSTALL httpfs", "refused"),
    ("LOAD httpfs", "refused"),
    ("SET enable_external_access = true", "SET"),
    ("PRAGMA enable_profiling", "PRAGMA"),
    ("CHECKPOINT", "refused"),
    ("CALL checkpoint()", "CALL"),
    ("BEGIN TRANSACTION", "TRANSACTION"),
    ("EXPLAIN ANALYZE INSERT INTO curated.documents (doc_id) VALUES ('x')", "EXPLAIN only"),
    ("SELECT 1; DROP TABLE curated.facts", "one statement"),
    ("SELECT * FROM read_csv('{dir}/other.csv')", "disabled"),
    ("SELECT * FROM '{dir}/other.csv'", "other.csv"),
    ("SELECT * FROM read_text('/etc/hostname')", "disabled"),
    ("SELECT * FROM glob('{dir}/*')", "disabled"),
    ("", "empty query"),
])
def test_statements_that_write_or_reach_outside_are_refused(published, tmp_path, sql, match):
    out = tmp_path / "out.csv"
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    sql = sql.format(out=out, dir=tmp_path)
    before = published.stat().st_mtime_ns
    with pytest.raises(QueryError, match=match) as err:
        run_query(published, sql)
    assert "\n" not in str(err.value)
    assert not out.exists() and not (tmp_path / "x.duckdb").exists()
    assert published.stat().st_mtime_ns == before
    assert store.read_published(published)["facts"].height > 0


def test_sql_errors_are_one_line(published):
    with pytest.raises(QueryError, match="nope") as err:
        run_query(published, "SELECT * FROM curated.nope")
    assert "\n" not in str(err.value)
    with pytest.raises(QueryError) as err:
        run_query(published, "SELEC 1")
    assert "\n" not in str(err.value) and "syntax" in str(err.value).lower()


ROWS = [
    ("Colossus", 200000.0, [1.0, 2.5], dt.date(2024, 9, 1), None, True, 3),
    ("a, \"quoted\"\nline", 6967.73, [], dt.date(2025, 3, 18), "x", False, -1),
]
COLS = ["subject", "value_norm", "values_norm", "published", "note", "ok", "n"]


def test_csv_is_a_header_then_one_line_per_row():
    text = format_rows(COLS, ROWS, "csv")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == COLS
    assert parsed[1] == ["Colossus", "200000.0", "[1.0, 2.5]", "2024-09-01", "", "true", "3"]
    assert parsed[2][0] == 'a, "quoted"\nline' and parsed[2][2] == "[]"
    assert len(parsed) == 3


def test_json_is_one_object_per_line_with_lists_and_iso_dates():
    lines = format_rows(COLS, ROWS, "json").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first == {"subject": "Colossus", "value_norm": 200000.0, "values_norm": [1.0, 2.5],
                     "published": "2024-09-01", "note": None, "ok": True, "n": 3}
    assert json.loads(lines[1])["values_norm"] == []
    assert format_rows(["a", "a"], [(1, 2)], "json").strip() == '{"a": 1, "a_2": 2}'
    assert format_rows(["x"], [(float("nan"),)], "json").strip() == '{"x": null}'


def test_table_is_aligned_text_one_line_per_row():
    text = format_rows(COLS, ROWS, "table")
    lines = text.splitlines()
    assert lines[0].split() == COLS
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 5 and lines[-1] == "(2 rows)"
    # numbers are right-aligned: the end of the value column lines up
    header_end = lines[0].index("value_norm") + len("value_norm")
    assert lines[2][:header_end].endswith("200000") and lines[3][:header_end].endswith("6967.73")
    assert "NULL" in lines[2] and "⏎" in lines[3]


def test_table_of_real_rows(published):
    cols, rows = run_query(published, "SELECT subject, metric, values_norm, doc_ids FROM curated.fact_consensus ORDER BY ALL LIMIT 3")
    text = format_rows(cols, rows, "table")
    assert len(text.splitlines()) == 2 + len(rows) + 1


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="table, csv or json"):
        format_rows(["a"], [(1,)], "xml")
