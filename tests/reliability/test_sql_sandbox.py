"""Nobody harmed by a reader: `newsfacts sql` can neither write nor read any file but the warehouse.

Each statement goes through the real command line against a published warehouse. It must be refused
(non-zero exit, one line on stderr, no traceback), show nothing of the file it aimed at, and create
nothing; afterwards the warehouse file and its folder are exactly as they were.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.conftest import newsfacts, sql

from . import SEEDS, run_in_process

pytestmark = pytest.mark.slow

SECRET = "/etc/passwd"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    work = tmp_path_factory.mktemp("sandbox")
    warehouse = work / "w.duckdb"
    assert run_in_process("--input", str(SEEDS), "--warehouse", str(warehouse)) == 0
    outside = tmp_path_factory.mktemp("outside")
    return warehouse, outside, _state(work)


def _state(folder):
    """Every file under the folder with the sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# (statement, files it would create, relative to the `outside` folder)
WRITES = [
    ("COPY curated.facts TO '{out}/facts.csv'", ["facts.csv"]),
    ("COPY (SELECT * FROM curated.documents) TO '{out}/docs.parquet' (FORMAT parquet)", ["docs.parquet"]),
    ("EXPORT DATABASE '{out}/dump'", ["dump"]),
    ("ATTACH '{out}/other.duckdb' AS other", ["other.duckdb"]),
    ("CREATE TABLE curated.evil AS SELECT 1 AS x", []),
    ("INSERT INTO quality.runs (run_id) VALUES ('forged')", []),
    ("INSTALL httpfs", []),
    ("LOAD httpfs", []),
    ("SET enable_external_access = true", []),
    ("EXPLAIN ANALYZE COPY (SELECT 1) TO '{out}/explain.csv'", ["explain.csv"]),
    ("SELECT * FROM query('COPY (SELECT 1) TO ''{out}/nested.csv''')", ["nested.csv"]),
]
READS = [
    f"SELECT * FROM read_csv('{SECRET}')",
    f"SELECT * FROM read_csv_auto('{SECRET}', header = false, sep = ':')",
    f"SELECT content FROM read_text('{SECRET}')",
    f"SELECT content FROM read_blob('{SECRET}')",
    f"SELECT * FROM '{SECRET}'",
    f"SELECT * FROM glob('/etc/*')",
    f"SELECT * FROM sniff_csv('{SECRET}')",
    f"DESCRIBE SELECT * FROM read_csv('{SECRET}')",
    f"SELECT * FROM read_json_auto('{SECRET}')",
]


@pytest.mark.parametrize("statement, creates", WRITES, ids=[w[0].split(" ")[0] + "-" + str(i) for i, w in enumerate(WRITES)])
def test_statements_that_write_are_refused(published, statement, creates):
    warehouse, outside, _ = published
    query = statement.format(out=outside)
    result = newsfacts("sql", query, "--warehouse", str(warehouse))
    assert result.returncode != 0, (query, result.stdout)
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    assert [name for name in creates if (outside / name).exists()] == []


@pytest.mark.parametrize("statement", READS)
def test_other_files_cannot_be_read(published, statement):
    warehouse, _, _ = published
    result = newsfacts("sql", statement, "--warehouse", str(warehouse), "--format", "csv")
    assert result.returncode != 0, (statement, result.stdout[:200])
    assert "root:" not in result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr


def test_the_warehouse_and_its_folder_are_untouched(published):
    # defined last, so it runs after every refusal above
    warehouse, outside, before = published
    assert _state(warehouse.parent) == before
    assert list(outside.iterdir()) == []
    assert sql(warehouse, "SELECT count(*) AS n FROM quality.runs") == [{"n": 1}]
