"""Nothing lost, nothing half-published: runs killed with SIGKILL, then run again.

A warehouse holds the seeds. Four runs over the seeds plus synthetic articles are killed (the whole
process group, SIGKILL): 3 s after their start, 8 s after it, 0.5 s after the run entered the flow
(it holds the writer lock), and the moment its staging file appears (mid-publish). After each kill
the published file must be exactly what it was. Then the same run again must publish exactly what a
clean run on the same input publishes into a fresh warehouse (same rows in every curated table),
and leave no staging file behind.
"""

from __future__ import annotations

import pytest

from . import (
    SEEDS, killed_run, read_counts, run_in_process, snapshot, staged_files, synthetic_articles, write_jsonl,
)

pytestmark = pytest.mark.slow

N_ARTICLES = 100  # enough that a run here lasts well past 8 s (Prefect start-up included): about 20 s
# Prefect's start-up takes 5-10 s here, so "after 8 s" may still be in it: "in the flow" makes sure one kill
# lands while the run ingests and extracts (0.5 s after it took the writer lock), "mid-publish" while it
# writes its staging file.
KILLS = {
    "after 3 s": {"after": 3.0},
    "after 8 s": {"after": 8.0},
    "in the flow": {"in_flow": 0.5},
    "mid-publish": {"mid_publish": True},
}


@pytest.fixture(scope="module")
def crash_and_rerun(tmp_path_factory):
    work = tmp_path_factory.mktemp("crash")
    inbox = work / "inbox"
    write_jsonl(inbox / "synthetic.jsonl", synthetic_articles(N_ARTICLES, start=1000))
    inputs = ["--input", str(SEEDS), str(inbox)]

    crashed = work / "crashed" / "w.duckdb"
    assert run_in_process("--input", str(SEEDS), "--warehouse", str(crashed)) == 0
    before = {"counts": read_counts(crashed), "snapshot": snapshot(crashed)}
    kills = {}
    for name, how in KILLS.items():
        info = killed_run(inputs, crashed, log=work / f"{name.replace(' ', '_')}.log", **how)
        info.update(
            counts=read_counts(crashed), snapshot=snapshot(crashed),
            wal=crashed.with_name(crashed.name + ".wal").exists(),
            staged_after=[p.name for p in staged_files(crashed)],
        )
        kills[name] = info
    rerun = run_in_process(*inputs, "--warehouse", str(crashed))

    clean = work / "clean" / "w.duckdb"
    clean_code = run_in_process(*inputs, "--warehouse", str(clean))
    return {"before": before, "kills": kills, "rerun": rerun, "crashed": crashed, "clean": clean,
            "clean_code": clean_code}


def test_each_run_was_really_killed(crash_and_rerun):
    kills = crash_and_rerun["kills"]
    for name, info in kills.items():
        assert not info["finished"], f"{name}: the run finished before it could be killed: {info}"
        assert not info["group_left"], f"{name}: a process of the killed run's group survived SIGKILL"
    assert kills["in the flow"]["stage"] == "running", kills["in the flow"]
    assert kills["mid-publish"]["stage"] == "publishing", kills["mid-publish"]
    assert kills["mid-publish"]["staged_after"], "the kill mid-publish should leave its staging file behind"


@pytest.mark.parametrize("name", list(KILLS))
def test_a_killed_run_leaves_the_published_file_as_it_was(crash_and_rerun, name):
    before, info = crash_and_rerun["before"], crash_and_rerun["kills"][name]
    assert info["counts"] == before["counts"], f"killed {name} ({info['stage']}): counts changed"
    assert info["snapshot"] == before["snapshot"], f"killed {name} ({info['stage']}): content changed"
    assert not info["wal"], "a write-ahead log appeared beside the published file"


def test_the_rerun_publishes_exactly_what_a_clean_run_publishes(crash_and_rerun):
    r = crash_and_rerun
    assert r["rerun"] == 0 and r["clean_code"] == 0
    crashed, clean = snapshot(r["crashed"]), snapshot(r["clean"])
    assert crashed["documents"][0] == len(list(SEEDS.glob("*.txt"))) + N_ARTICLES
    assert crashed == clean
    assert read_counts(r["crashed"])[:-1] == read_counts(r["clean"])[:-1]


def test_no_staging_file_is_left_after_the_rerun(crash_and_rerun):
    assert staged_files(crash_and_rerun["crashed"]) == []


def test_killed_runs_leave_no_row_and_the_rerun_is_recorded(crash_and_rerun):
    import duckdb

    con = duckdb.connect(str(crash_and_rerun["crashed"]), read_only=True)
    try:
        runs = con.execute("SELECT status, n_documents, n_new_documents FROM quality.runs ORDER BY started_at").fetchall()
    finally:
        con.close()
    assert runs == [("published", 5, 5), ("published", 5 + N_ARTICLES, N_ARTICLES)]
