"""`newsfacts serve`: real scheduled runs on a local Prefect server, each recorded, stopped by SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import duckdb
import pytest

from tests.conftest import NEWSFACTS, ROOT, SEEDS

pytestmark = pytest.mark.slow


def test_scheduled_runs_are_recorded_and_sigterm_stops_cleanly(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    serve = subprocess.Popen(
        [*NEWSFACTS, "serve", "--interval", "5", "--input", str(SEEDS), "--warehouse", str(warehouse)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        runs = []
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline and len(runs) < 2:  # the first run, then one the schedule repeats
            time.sleep(3)
            if warehouse.exists():
                runs = _runs(warehouse)
            assert serve.poll() is None, serve.stderr.read()
        assert len(runs) >= 2, runs
        assert runs[0] == {"status": "published", "n_new_documents": 5}
        assert all(run == {"status": "unchanged", "n_new_documents": 0} for run in runs[1:])
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            code = serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()  # leave nothing running behind a failed test
            serve.wait()
            pytest.fail("serve did not stop within 60 s of SIGTERM:\n" + serve.stderr.read()[-3000:])
    stderr = serve.stderr.read()
    assert code == 0, stderr
    port = re.search(r"http://127\.0\.0\.1:(\d+)/api", stderr).group(1)
    leftover = subprocess.run(["pgrep", "-f", f"prefect server start .*--port {port}"], capture_output=True)
    assert leftover.stdout == b"", "the local Prefect server was left running"


def _runs(warehouse) -> list[dict]:
    """quality.runs as published, read in this process (a `newsfacts sql` process per poll would cost
    more CPU than the serve process it watches)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("SELECT status, n_new_documents FROM quality.runs ORDER BY started_at").fetchall()
    finally:
        con.close()
    return [{"status": status, "n_new_documents": n} for status, n in rows]
