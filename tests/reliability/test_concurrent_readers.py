"""Nobody locked out, nothing half-published: readers in other processes while a run publishes.

One warehouse holds the seeds (the old state). Then a run adds a few hundred synthetic articles (the
new state) while three other processes read the published file: one opens a fresh read-only DuckDB
connection every 0.2 s, one calls `newsfacts sql` every 0.2 s (plus its ~0.5 s start-up), and one
keeps a single read-only connection open across the whole run. Every read must succeed and show the
old or the new counts, old before new; the run must publish all the same.
"""

from __future__ import annotations

import time

import pytest

from . import SEEDS, Holder, Reader, read_counts, run_in_process, synthetic_articles, write_jsonl

pytestmark = pytest.mark.slow

N_ARTICLES = 100  # the run lasts well over 2 s here (asserted below: about 7 s), long enough for a dozen reads


@pytest.fixture(scope="module")
def publish_under_readers(tmp_path_factory):
    work = tmp_path_factory.mktemp("readers")
    warehouse = work / "w.duckdb"
    assert run_in_process("--input", str(SEEDS), "--warehouse", str(warehouse)) == 0
    old = read_counts(warehouse)
    articles = write_jsonl(work / "inbox" / "synthetic.jsonl", synthetic_articles(N_ARTICLES))

    holder = Holder(warehouse)
    readers = {
        "duckdb": Reader(warehouse, "duckdb", 0.2, work / "duckdb.log"),
        "cli": Reader(warehouse, "cli", 0.2, work / "cli.log"),
    }
    try:
        time.sleep(1.5)  # a few reads of the old state first
        started = time.time()
        code = run_in_process("--input", str(SEEDS), str(articles.parent), "--warehouse", str(warehouse))
        finished = time.time()
        time.sleep(2.0)  # and a few of the new one
    finally:
        reads = {via: reader.stop() for via, reader in readers.items()}
        held_after = holder.read_again()
    return {
        "code": code, "old": old, "new": read_counts(warehouse), "reads": reads, "started": started,
        "finished": finished, "holder": (holder.first, held_after),
    }


def test_the_run_publishes_while_others_read(publish_under_readers):
    r = publish_under_readers
    assert r["code"] == 0
    old, new = r["old"], r["new"]
    assert new[0] == old[0] + N_ARTICLES, (old, new)  # documents
    assert new[-1] == old[-1] + 1  # quality.runs
    assert r["finished"] - r["started"] > 2, "the run was too short to overlap with any reader"


@pytest.mark.parametrize("via", ["duckdb", "cli"])
def test_no_read_ever_fails(publish_under_readers, via):
    reads = publish_under_readers["reads"][via]
    errors = [read["error"] for read in reads if "error" in read]
    assert errors == [], errors[:3]


@pytest.mark.parametrize("via", ["duckdb", "cli"])
def test_every_read_sees_the_old_or_the_new_state(publish_under_readers, via):
    r = publish_under_readers
    seen = [read["counts"] for read in r["reads"][via] if "counts" in read]
    during = [read for read in r["reads"][via] if r["started"] <= read["t"] <= r["finished"]]
    assert len(during) >= 3, f"only {len(during)} reads while the run was going: the test proves nothing"
    assert {tuple(s) for s in seen} <= {tuple(r["old"]), tuple(r["new"])}, sorted({tuple(s) for s in seen})
    assert seen[0] == r["old"] and seen[-1] == r["new"], "the reader did not see both sides of the switch"
    switch = seen.index(r["new"])
    assert all(s == r["new"] for s in seen[switch:]), "a reader saw the old state again after the new one"


def test_an_open_reader_keeps_its_snapshot_and_does_not_block_the_run(publish_under_readers):
    r = publish_under_readers
    first, again = r["holder"]
    assert first == r["old"]
    assert again == r["old"], "a connection opened before the switch must keep the file it opened"
    assert r["code"] == 0, "the run must publish while a reader holds a connection open"
