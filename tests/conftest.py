"""Shared test fixtures: paths of the repository, and one published warehouse over seeds/."""

from __future__ import annotations

import contextlib
import fcntl
import functools
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
    """One real Prefect server for the whole session, as `newsfacts serve` starts it.

    Without PREFECT_API_URL every process that runs a flow starts a temporary server of its own (7-10 s
    here); with one long-lived server a `newsfacts run` in a test costs what it costs a user who has one.
    The main process (under pytest-xdist, the controller, before it starts the workers, which inherit the
    address) starts it and does not wait: the server takes about 20 s to answer, during which the tests
    that need no flow run. A test marked `slow` (it starts a flow or a subprocess) waits for it first
    (pytest_runtest_setup). The serve test still starts its own: it removes PREFECT_API_URL from its
    environment.
    """
    if hasattr(config, "workerinput") or os.environ.get("PREFECT_API_URL"):
        return
    from flows.serve import start_prefect_server, stop_prefect_server

    stack = contextlib.ExitStack()
    home = Path(tempfile.mkdtemp(prefix="newsfacts-tests-prefect-"))
    stack.callback(shutil.rmtree, home, ignore_errors=True)
    server, os.environ["PREFECT_API_URL"] = start_prefect_server(home)
    stack.callback(stop_prefect_server, server)
    stack.callback(os.environ.pop, "PREFECT_API_URL", None)
    config._newsfacts_prefect = stack


def pytest_unconfigure(config):
    stack = getattr(config, "_newsfacts_prefect", None)
    if stack is not None:
        stack.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a slow test (and its fixtures), wait until the session's Prefect server answers."""
    url = os.environ.get("PREFECT_API_URL", "")
    if item.get_closest_marker("slow") is not None and url and _prefect_failure(url):
        pytest.fail(f"the session's Prefect server ({url}): {_prefect_failure(url)}")


@functools.cache
def _prefect_failure(url: str) -> str:
    """Why the Prefect API at `url` never answered ("" once it did); waited for once per process."""
    from flows.serve import wait_healthy

    try:
        wait_healthy(url, timeout=300)
    except RuntimeError as err:
        return str(err)
    return ""


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


def pytest_collection_modifyitems(config, items):
    """Slow modules first (stable: each module keeps its order). Under pytest-xdist (--dist loadfile)
    the workers start with the long modules and end on quick unit tests, instead of one worker
    running a minute-long module alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
