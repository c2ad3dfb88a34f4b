"""publish / record_run / read_published: round trips, quality history, refusals, locks, staging."""

from __future__ import annotations

import re
import subprocess

import duckdb
import polars as pl
import pytest
from conftest import python, quarantine, run
from polars.testing import assert_frame_equal

from transforms.schemas import CONSENSUS, DOCUMENTS, FACTS, QUANTITIES, QUARANTINE
from warehouse import connection, store

SCHEMAS = {"documents": DOCUMENTS, "quantities": QUANTITIES, "facts": FACTS, "consensus": CONSENSUS}


def _subset(frames: dict[str, pl.DataFrame], doc_ids: set[str]) -> dict[str, pl.DataFrame]:
    out = {name: f.filter(pl.col("doc_id").is_in(list(doc_ids))) for name, f in frames.items() if name != "consensus"}
    fact_ids = set(out["facts"]["fact_id"])
    out["consensus"] = frames["consensus"].filter(
        pl.col("fact_ids").list.eval(pl.element().is_in(list(fact_ids))).list.all()
    )
    return out


def test_missing_warehouse_reads_as_empty_frames_of_the_right_schema(wh):
    frames = store.read_published(wh)
    assert set(frames) == set(SCHEMAS)
    for name, schema in SCHEMAS.items():
        assert frames[name].height == 0
        assert dict(frames[name].schema) == schema
    assert store.published_doc_ids(wh) == set()
    assert store.read_quality(wh)["runs"].height == 0


def test_publish_then_read_round_trips_every_frame(wh, seeds):
    store.publish(wh, seeds, run("r1"), quarantine("unreadable"), [{"suite": "facts", "success": True, "evaluated": 9, "failed": 0}])
    back = store.read_published(wh)
    for name in SCHEMAS:
        assert_frame_equal(back[name], seeds[name])
    assert store.published_doc_ids(wh) == set(seeds["documents"]["doc_id"])
    assert not list((wh.parent / ".staging").iterdir()), "staging file left behind after a publish"


def test_table_columns_match_the_frame_schemas(wh, seeds):
    store.publish(wh, seeds, run("r1"), quarantine(), [])
    duck = {"String": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE", "Date": "DATE",
            "List(Float64)": "DOUBLE[]", "List(String)": "VARCHAR[]"}
    con = duckdb.connect(str(wh), read_only=True)
    try:
        for table, schema in [("documents", DOCUMENTS), ("quantities", QUANTITIES), ("facts", FACTS), ("fact_consensus", CONSENSUS)]:
            cols = dict(con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'curated' AND table_name = ?", [table]).fetchall())
            for name, dtype in schema.items():
                if table == "documents" and name == "text":
                    continue
                assert cols.get(name) == duck[str(dtype)], f"{table}.{name}"
        text_cols = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'document_text'").fetchall()
        assert [c for (c,) in text_cols] == ["doc_id", "text"]
    finally:
        con.close()


def test_publish_twice_keeps_quality_rows_of_both_runs(wh, seeds):
    first = _subset(seeds, set(seeds["documents"]["doc_id"][:2]))
    store.publish(wh, first, run("r1", rules_version="v1", n_documents=2), quarantine("bad a", "bad b"),
                  [{"suite": "documents", "success": True, "evaluated": 3, "failed": 0}])
    store.publish(wh, seeds, run("r2", rules_version="v2", n_documents=5), quarantine("bad c"),
                  [{"suite": "documents", "success": True, "evaluated": 3, "failed": 0},
                   {"suite": "facts", "success": False, "evaluated": 4, "failed": 1, "details": {"failed": ["x"]}}])
    q = store.read_quality(wh)
    assert q["runs"]["run_id"].to_list() == ["r1", "r2"]
    assert q["runs"]["n_quarantined"].to_list() == [2, 1]
    assert q["runs"]["status"].to_list() == ["published", "published"]
    assert q["quarantine"].select("run_id", "reason").rows() == [("r1", "bad a"), ("r1", "bad b"), ("r2", "bad c")]
    assert q["checks"].select("run_id", "suite", "success").rows() == [
        ("r1", "documents", True), ("r2", "documents", True), ("r2", "facts", False)]
    assert q["checks"]["details"][2] == '{"failed": ["x"]}'
    assert store.read_published(wh)["documents"].height == 5
    # lineage: a document keeps the run that first published it and the rules it was read with
    lineage = dict(zip(*store.read_lineage(wh).select("doc_id", "first_run_id")))
    old = set(first["documents"]["doc_id"])
    assert {d for d, r in lineage.items() if r == "r1"} == old
    assert {d for d, r in lineage.items() if r == "r2"} == set(seeds["documents"]["doc_id"]) - old
    versions = dict(zip(*store.read_lineage(wh).select("doc_id", "rules_version")))
    assert {versions[d] for d in old} == {"v1"}


def test_lineage_columns_given_in_the_frame_win(wh, seeds):
    store.publish(wh, seeds, run("r1", rules_version="v1"), None, [])
    docs = seeds["documents"].with_columns(pl.lit("v2").alias("rules_version"))
    store.publish(wh, {**seeds, "documents": docs}, run("r2", rules_version="v2"), None, [])
    lineage = store.read_lineage(wh)
    assert set(lineage["rules_version"]) == {"v2"}
    assert set(lineage["first_run_id"]) == {"r1"}


def test_publish_replaces_curated_with_the_whole_state(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    fewer = _subset(seeds, set(seeds["documents"]["doc_id"][:1]))
    store.publish(wh, fewer, run("r2"), None, [])
    back = store.read_published(wh)
    for name in SCHEMAS:
        assert_frame_equal(back[name], fewer[name])


def test_record_run_leaves_curated_untouched(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    before = store.read_published(wh)
    store.record_run(wh, run("r2", status="blocked", message="3 facts failed the gate"), quarantine("gate"),
                     [{"suite": "facts", "success": False, "evaluated": 4, "failed": 3}])
    after = store.read_published(wh)
    for name in SCHEMAS:
        assert_frame_equal(after[name], before[name])
    q = store.read_quality(wh)
    assert q["runs"].select("run_id", "status", "message").rows() == [
        ("r1", "published", None), ("r2", "blocked", "3 facts failed the gate")]
    assert q["quarantine"]["run_id"].to_list() == ["r2"]
    assert q["checks"].select("run_id", "failed").rows() == [("r2", 3)]
    assert not list((wh.parent / ".staging").iterdir())


def test_record_run_without_a_warehouse_creates_one_with_empty_curated_tables(wh):
    store.record_run(wh, run("r1", status="blocked"), quarantine("nothing readable"), [])
    assert wh.exists()
    assert all(f.height == 0 for f in store.read_published(wh).values())
    assert store.read_quality(wh)["runs"]["status"].to_list() == ["blocked"]


def test_run_times_are_stored_in_utc(wh):
    import datetime as dt
    paris = dt.timezone(dt.timedelta(hours=1))
    store.record_run(wh, {"run_id": "r1", "started_at": dt.datetime(2026, 1, 1, 13, 0, tzinfo=paris),
                          "finished_at": "2026-01-01T12:30:00+00:00"}, None, [])
    runs = store.read_quality(wh)["runs"]
    assert runs["started_at"][0] == dt.datetime(2026, 1, 1, 12, 0)
    assert runs["finished_at"][0] == dt.datetime(2026, 1, 1, 12, 30)


def _assert_refused_and_unchanged(wh, before, exc, match, **publish_args):
    with pytest.raises(exc, match=match):
        store.publish(wh, **publish_args)
    after = store.read_published(wh)
    for name in SCHEMAS:
        assert_frame_equal(after[name], before[name])
    assert store.read_quality(wh)["runs"]["run_id"].to_list() == ["r1"]
    assert not list((wh.parent / ".staging").iterdir()), "a failed publish left its staging file"


def test_a_quantity_whose_span_is_not_its_surface_is_refused(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    before = store.read_published(wh)
    shifted = seeds["quantities"].with_columns(pl.when(pl.int_range(pl.len()) == 3)
                                               .then(pl.col("start") + 1).otherwise(pl.col("start")).alias("start"))
    _assert_refused_and_unchanged(wh, before, store.PublishError, "span is not their surface",
                                  frames={**seeds, "quantities": shifted}, run=run("r2"), quarantine=None, checks=[])


def test_a_fact_of_an_unpublished_document_is_refused(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    before = store.read_published(wh)
    orphan = seeds["facts"].with_columns(pl.lit("0000000000000000").alias("doc_id"))
    _assert_refused_and_unchanged(wh, before, store.PublishError, "facts whose document is not published",
                                  frames={**seeds, "facts": orphan}, run=run("r2"), quarantine=None, checks=[])


def test_consensus_citing_a_missing_fact_is_refused(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    before = store.read_published(wh)
    bad = seeds["consensus"].with_columns(pl.concat_list(pl.col("fact_ids"), pl.lit("nope")).alias("fact_ids"))
    _assert_refused_and_unchanged(wh, before, store.PublishError, "citations of a fact that is not published",
                                  frames={**seeds, "consensus": bad}, run=run("r2"), quarantine=None, checks=[])


def test_duplicate_documents_and_reused_run_ids_are_refused(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    before = store.read_published(wh)
    doubled = pl.concat([seeds["documents"], seeds["documents"].head(1)])
    _assert_refused_and_unchanged(wh, before, store.PublishError, "(?i)duplicate key",
                                  frames={**seeds, "documents": doubled}, run=run("r2"), quarantine=None, checks=[])
    _assert_refused_and_unchanged(wh, before, store.PublishError, "(?i)duplicate key.*r1",
                                  frames=seeds, run=run("r1"), quarantine=None, checks=[])


def test_bad_arguments_are_refused_before_anything_is_written(wh, seeds):
    with pytest.raises(ValueError, match="needs exactly the frames"):
        store.publish(wh, {k: v for k, v in seeds.items() if k != "consensus"}, run("r1"), None, [])
    with pytest.raises(ValueError, match="unknown run keys"):
        store.publish(wh, seeds, run("r1", n_docs=3), None, [])
    with pytest.raises(ValueError, match="unknown check keys"):
        store.record_run(wh, run("r1"), None, [{"suite": "x", "success": True, "score": 1}])
    with pytest.raises(ValueError, match="run_id"):
        store.record_run(wh, {"status": "blocked"}, None, [])
    assert not wh.exists()


def test_a_stray_wal_beside_the_published_file_stops_publishing(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    wal = wh.with_name(wh.name + ".wal")
    wal.write_bytes(b"junk")
    with pytest.raises(store.PublishError, match="read-write"):
        store.publish(wh, seeds, run("r2"), None, [])
    wal.unlink()
    assert store.read_quality(wh)["runs"]["run_id"].to_list() == ["r1"]


def test_cleanup_staging_removes_files_of_dead_runs(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    staging = wh.parent / ".staging"
    dead = staging / "r0.duckdb"
    con = duckdb.connect(str(dead))
    con.execute("CREATE TABLE t AS SELECT 1")
    con.close()
    (staging / "r0.duckdb.wal").write_bytes(b"x")
    (staging / "r0.duckdb.tmp").mkdir()
    (staging / "notes.txt").write_text("not ours")
    removed = store.cleanup_staging(wh)
    assert sorted(p.name for p in removed) == ["r0.duckdb", "r0.duckdb.tmp", "r0.duckdb.wal"]
    assert [p.name for p in staging.iterdir()] == ["notes.txt"]
    assert store.read_published(wh)["documents"].height == 5
    assert store.cleanup_staging(wh) == []


def test_writer_lock_keeps_a_second_process_out(wh):
    wh.parent.mkdir(parents=True)
    script = (
        "import sys; from pathlib import Path; from warehouse import store\n"
        "with store.writer_lock(Path(sys.argv[1])):\n"
        "    print('locked', flush=True); sys.stdin.readline()\n"
    )
    holder = python(script, str(wh), stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(store.WarehouseBusy, match=r"pid \d+"):
            with store.writer_lock(wh, timeout=0.2):
                pass
        staging = wh.parent / ".staging"
        staging.mkdir()
        (staging / "live.duckdb").write_bytes(b"")
        assert store.cleanup_staging(wh) == [], "cleaned up while another run holds the lock"
        assert (staging / "live.duckdb").exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    with store.writer_lock(wh, timeout=1):
        with store.writer_lock(wh, timeout=0):  # re-entrant within a process
            pass


def test_staging_file_name_is_safe_for_any_run_id(wh, seeds):
    store.publish(wh, seeds, run("2026-01-01T12:00:00/../x"), None, [])
    assert store.read_quality(wh)["runs"]["run_id"].to_list() == ["2026-01-01T12:00:00/../x"]
    assert [p.name for p in wh.parent.iterdir() if re.search(r"\.duckdb$", p.name)] == [wh.name]


def test_quarantine_frame_is_taken_by_column_name(wh):
    q = pl.DataFrame({"reason": ["r"], "stage": ["ingest"], "source": ["a.txt"]})
    store.record_run(wh, run("r1"), q, [])
    got = store.read_quality(wh)["quarantine"]
    assert got.select(list(QUARANTINE)).rows() == [("a.txt", "ingest", "r")]


def test_empty_frames_publish_an_empty_state(wh):
    store.publish(wh, store.read_published(wh), run("r1", status="published"), None, [])
    assert all(f.height == 0 for f in store.read_published(wh).values())
    assert store.read_quality(wh)["runs"]["n_quarantined"].to_list() == [0]


def test_a_held_connection_keeps_its_file_and_new_reads_see_the_new_one(wh, seeds):
    store.publish(wh, _subset(seeds, set(seeds["documents"]["doc_id"][:2])), run("r1"), None, [])
    held = connection.open_read_only(wh)
    try:
        store.publish(wh, seeds, run("r2"), None, [])
        assert store.read_published(wh)["documents"].height == 5
        assert store.published_doc_ids(wh) == set(seeds["documents"]["doc_id"])
        assert held.execute("SELECT count(*) FROM curated.documents").fetchone()[0] == 2
    finally:
        held.close()


def test_read_only_connections_cannot_write(wh, seeds):
    store.publish(wh, seeds, run("r1"), None, [])
    con = connection.open_read_only(wh)
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM curated.facts")
    finally:
        con.close()
    assert store.read_published(wh)["facts"].height == seeds["facts"].height


# The two tables as published before `compatible`, n_independent_sources, units_norm and facts.counterparty.
OLD_TABLES = """
CREATE SCHEMA curated;
CREATE TABLE curated.facts (
    fact_id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, subject VARCHAR NOT NULL, metric VARCHAR NOT NULL,
    value DOUBLE, unit VARCHAR NOT NULL, value_norm DOUBLE, unit_norm VARCHAR NOT NULL, value_text VARCHAR,
    bound VARCHAR NOT NULL, modality VARCHAR NOT NULL, period VARCHAR, start BIGINT NOT NULL, "end" BIGINT NOT NULL,
    subject_how VARCHAR, period_how VARCHAR, surface VARCHAR, snippet VARCHAR);
CREATE TABLE curated.fact_consensus (
    subject VARCHAR NOT NULL, metric VARCHAR NOT NULL, period VARCHAR, unit_norm VARCHAR NOT NULL, value_norm DOUBLE,
    value_text VARCHAR, status VARCHAR NOT NULL CHECK (status IN ('agreed', 'conflict', 'single_source')),
    n_sources BIGINT NOT NULL, n_languages BIGINT, values_norm DOUBLE[], values_text VARCHAR[], doc_ids VARCHAR[],
    fact_ids VARCHAR[]);
"""


def test_a_warehouse_published_with_the_old_status_check_still_takes_runs(wh, seeds):
    wh.parent.mkdir(parents=True)
    con = duckdb.connect(str(wh))
    con.execute(OLD_TABLES)
    con.execute(store._sql("schema.sql"))   # what an older publish left: the old tables, the rest added
    con.close()
    # a blocked or unchanged run copies the published file: its old tables stay, the quality rows are added
    store.record_run(wh, run("r1", status="blocked"), quarantine(), [])
    assert store.read_published(wh)["consensus"].schema == pl.Schema(CONSENSUS)
    # a publish writes a new file with the new schema: compatible rows, counterparties, independent sources
    frames = dict(seeds)
    frames["consensus"] = seeds["consensus"].with_columns(pl.lit("compatible").alias("status"),
                                                          pl.col("n_sources").alias("n_independent_sources"))
    frames["facts"] = seeds["facts"].with_columns(pl.lit("Dell").alias("counterparty"))
    store.publish(wh, frames, run("r2"), quarantine(), [])
    back = store.read_published(wh)
    assert set(back["consensus"]["status"]) == {"compatible"} and set(back["facts"]["counterparty"]) == {"Dell"}
    assert store.read_quality(wh)["runs"]["run_id"].to_list() == ["r1", "r2"]
