"""Readers in other processes during publishes, and a writer killed with SIGKILL mid-publish."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import duckdb
import pytest
from conftest import python, run

from warehouse import store

COUNTS = "SELECT (SELECT count(*) FROM curated.documents), (SELECT count(*) FROM curated.quantities)"

# Opens a fresh read-only connection per read and prints what it saw, until stdin closes.
POLLING_READER = f"""
import json, sys, threading, duckdb
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
while not stop.is_set():
    try:
        con = duckdb.connect(sys.argv[1], read_only=True)
        try:
            print(json.dumps(list(con.execute({COUNTS!r}).fetchone())), flush=True)
        finally:
            con.close()
    except Exception as exc:
        print(json.dumps({{"error": str(exc)}}), flush=True)
"""

# Opens one read-only connection, reads, waits for a line on stdin, reads again on the same connection.
HOLDING_READER = f"""
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps(list(con.execute({COUNTS!r}).fetchone())), flush=True)
sys.stdin.readline()
print(json.dumps(list(con.execute({COUNTS!r}).fetchone())), flush=True)
"""


def _state(frames):
    return [frames["documents"].height, frames["quantities"].height]


def _small(seeds):
    keep = set(seeds["documents"]["doc_id"][:2])
    out = {k: v.filter(v["doc_id"].is_in(list(keep))) for k, v in seeds.items() if k != "consensus"}
    out["consensus"] = seeds["consensus"].head(0)
    return out


def _read_until(proc, wanted, seen, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line, f"reader died: {proc.stderr.read()}"
        seen.append(json.loads(line))
        if seen[-1] == wanted:
            return
    pytest.fail(f"reader never saw {wanted}")


@pytest.mark.slow
def test_readers_see_the_old_or_the_new_state_never_a_mix(wh, seeds):
    small = _small(seeds)
    store.publish(wh, small, run("r0"), None, [])
    holder = python(HOLDING_READER, str(wh), stdin=subprocess.PIPE)
    poller = python(POLLING_READER, str(wh), stdin=subprocess.PIPE)
    seen: list = []
    try:
        assert json.loads(holder.stdout.readline()) == _state(small)
        _read_until(poller, _state(small), seen)
        for i in range(1, 7):
            frames = seeds if i % 2 else small
            store.publish(wh, frames, run(f"r{i}"), None, [])
            _read_until(poller, _state(frames), seen)
        holder.stdin.write("again\n")
        holder.stdin.flush()
        assert json.loads(holder.stdout.readline()) == _state(small), "an open reader lost its snapshot"
    finally:
        for proc in (holder, poller):
            proc.stdin.close()
            proc.wait(timeout=10)
    assert all(s in (_state(small), _state(seeds)) for s in seen), [s for s in seen if not isinstance(s, list)][:3]
    assert store.read_quality(wh)["runs"].height == 7


# Publishes `seeds` but stops (and announces it) at a given step, waiting to be killed.
KILLED_WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, "tests/warehouse")
from conftest import seed_frames, run
from warehouse import store
step = sys.argv[2]
def stall(*args, **kwargs):
    print("stalled", flush=True)
    time.sleep(600)
setattr(store, step, stall)
store.publish(Path(sys.argv[1]), seed_frames(), run("doomed"), None, [])
"""


@pytest.mark.slow
@pytest.mark.parametrize("step", ["_verify_references", "_switch"])
def test_kill_9_mid_publish_leaves_the_published_file_intact(wh, seeds, step):
    small = _small(seeds)
    store.publish(wh, small, run("r0"), None, [])
    writer = python(KILLED_WRITER, str(wh), step)
    try:
        line = writer.stdout.readline()
        assert line.strip() == "stalled", writer.stderr.read()
        staged = wh.parent / ".staging" / "doomed.duckdb"
        assert staged.exists()
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=10)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert list(con.execute(COUNTS).fetchone()) == _state(small)
        assert con.execute("SELECT list(run_id) FROM quality.runs").fetchone()[0] == ["r0"]
    finally:
        con.close()
    with store.writer_lock(wh, timeout=5):  # the dead writer's lock went with it
        removed = store.cleanup_staging(wh)
    assert staged in removed and not staged.exists()
    store.publish(wh, seeds, run("r1"), None, [])
    assert store.read_published(wh)["documents"].height == 5
