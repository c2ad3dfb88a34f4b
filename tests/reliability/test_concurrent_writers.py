"""Nothing lost when two runs write the same warehouse at once (no lost update).

Publishing replaces the whole file, so two runs that both started from the same published state
would each switch in a file without the other's articles. The writer lock must serialize them:
run A (a subprocess, a hundred articles) holds the lock; run B (this process) starts meanwhile with
other articles and must wait, then build on what A published. In the end both sets of articles are
published.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from . import NEWSFACTS, ROOT, lock_holder, read_counts, run_in_process, synthetic_articles, write_jsonl

pytestmark = pytest.mark.slow

N_A, N_B = 100, 40  # A runs about 15 s after it takes the lock: B starts meanwhile


@pytest.fixture(scope="module")
def two_writers(tmp_path_factory):
    work = tmp_path_factory.mktemp("writers")
    warehouse = work / "w.duckdb"
    a = write_jsonl(work / "a" / "a.jsonl", synthetic_articles(N_A, start=2000))
    b = write_jsonl(work / "b" / "b.jsonl", synthetic_articles(N_B, start=3000))
    lock = warehouse.with_name(warehouse.name + ".lock")
    with open(work / "a.log", "w") as err:
        writer_a = subprocess.Popen([*NEWSFACTS, "run", "--input", str(a), "--warehouse", str(warehouse)],
                                    cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 120
        while lock_holder(lock) != str(writer_a.pid) and writer_a.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        a_held_the_lock = lock_holder(lock) == str(writer_a.pid) and writer_a.poll() is None
        code_b = run_in_process("--input", str(b), "--warehouse", str(warehouse))
        code_a = writer_a.wait(timeout=300)
    finally:
        if writer_a.poll() is None:
            writer_a.kill()
            writer_a.wait()
    return {"warehouse": warehouse, "a_held_the_lock": a_held_the_lock, "code_a": code_a, "code_b": code_b,
            "log_a": (work / "a.log").read_text()}


def test_both_runs_publish(two_writers):
    w = two_writers
    assert w["a_held_the_lock"], "run A finished before run B started: nothing was concurrent"
    assert w["code_a"] == 0, w["log_a"][-1000:]
    assert w["code_b"] == 0


def test_the_two_runs_really_overlapped(two_writers):
    import duckdb

    con = duckdb.connect(str(two_writers["warehouse"]), read_only=True)
    try:
        (a_started, a_finished), (b_started, b_finished) = con.execute(
            "SELECT started_at, finished_at FROM quality.runs ORDER BY started_at").fetchall()
    finally:
        con.close()
    assert b_started < a_finished, "run B started after A had finished: the lock was never tested"
    assert b_finished > a_finished


def test_no_article_is_lost(two_writers):
    import duckdb

    con = duckdb.connect(str(two_writers["warehouse"]), read_only=True)
    try:
        sources = {row[0] for row in con.execute("SELECT source FROM curated.documents").fetchall()}
        runs = con.execute("SELECT status, n_new_documents FROM quality.runs ORDER BY started_at").fetchall()
    finally:
        con.close()
    expected = {f"syn-{i:05d}" for i in [*range(2000, 2000 + N_A), *range(3000, 3000 + N_B)]}
    assert sources == expected, f"lost: {sorted(expected - sources)[:5]}"
    assert runs == [("published", N_A), ("published", N_B)]
    assert read_counts(two_writers["warehouse"])[0] == N_A + N_B
