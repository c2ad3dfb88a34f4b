"""Shared test fixtures: paths of the repository, and one published warehouse over seeds/."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NEWSFACTS = [sys.executable, "-m", "flows.cli"]


def newsfacts(*args: str, timeout: float = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess, as a user would."""
    return subprocess.run(
        [*NEWSFACTS, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def sql(warehouse: Path, query: str) -> list[dict]:
    """Rows of a query through `newsfacts sql --format json`."""
    result = newsfacts("sql", query, "--warehouse", str(warehouse), "--format", "json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def pytest_configure(config):
    """With pytest-xdist, the controller starts the session's Prefect server (see prefect_server) before
    it starts the workers, so they inherit its address and share it: one server's start-up (about 18 s
    of CPU here) instead of one per worker."""
    if hasattr(config, "workerinput") or os.environ.get("PREFECT_API_URL") or not _uses_workers(config):
        return
    from flows.serve import local_prefect_server

    stack = contextlib.ExitStack()
    home = Path(tempfile.mkdtemp(prefix="newsfacts-tests-prefect-"))
    stack.callback(shutil.rmtree, home, ignore_errors=True)
    os.environ["PREFECT_API_URL"] = stack.enter_context(local_prefect_server(home))
    stack.callback(os.environ.pop, "PREFECT_API_URL", None)
    config._newsfacts_prefect = stack


def pytest_unconfigure(config):
    stack = getattr(config, "_newsfacts_prefect", None)
    if stack is not None:
        stack.close()


def _uses_workers(config) -> bool:
    numprocesses = getattr(config.option, "numprocesses", None)
    return bool(numprocesses) and getattr(config.option, "dist", "no") != "no"


@pytest.fixture(scope="session", autouse=True)
def prefect_server(tmp_path_factory):
    """One real Prefect server for the whole session, as `newsfacts serve` starts it.

    Without PREFECT_API_URL every process that runs a flow starts a temporary server of its own (7-10 s
    here); with one long-lived server a `newsfacts run` in a test costs what it costs a user who has one.
    Under pytest-xdist the workers share the one the controller started (pytest_configure).
    The serve test still starts its own: it removes PREFECT_API_URL from its environment.
    """
    from flows.serve import local_prefect_server

    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    with local_prefect_server(tmp_path_factory.mktemp("prefect")) as url:
        os.environ["PREFECT_API_URL"] = url
        try:
            yield url
        finally:
            del os.environ["PREFECT_API_URL"]


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory, request) -> tuple[Path, subprocess.CompletedProcess]:
    """One real `newsfacts run` over seeds/ into a fresh warehouse, shared by the end-to-end tests (read
    only). Under pytest-xdist the workers share one: the first builds it under a lock in the session's
    common temporary folder, the others read what it left (the command's exit code and output)."""
    if not hasattr(request.config, "workerinput"):
        warehouse = tmp_path_factory.mktemp("e2e") / "newsfacts.duckdb"
        return warehouse, newsfacts("run", "--input", str(SEEDS), "--warehouse", str(warehouse))
    common = tmp_path_factory.getbasetemp().parent / "seeds-e2e"
    common.mkdir(exist_ok=True)
    warehouse, outcome = common / "newsfacts.duckdb", common / "result.json"
    with open(common / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            result = newsfacts("run", "--input", str(SEEDS), "--warehouse", str(warehouse))
            outcome.write_text(json.dumps([result.args, result.returncode, result.stdout, result.stderr]))
    args, code, stdout, stderr = json.loads(outcome.read_text())
    return warehouse, subprocess.CompletedProcess(args, code, stdout, stderr)
