"""Shared test fixtures: paths of the repository, and one published warehouse over seeds/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


@pytest.fixture(scope="session", autouse=True)
def prefect_server(tmp_path_factory):
    """One real Prefect server for the whole session, as `newsfacts serve` starts it.

    Without PREFECT_API_URL every process that runs a flow starts a temporary server of its own (7-10 s
    here); with one long-lived server a `newsfacts run` in a test costs what it costs a user who has one.
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
def seeds_warehouse(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """One real `newsfacts run` over seeds/ into a fresh warehouse, shared by the end-to-end tests."""
    warehouse = tmp_path_factory.mktemp("e2e") / "newsfacts.duckdb"
    result = newsfacts("run", "--input", str(SEEDS), "--warehouse", str(warehouse))
    return warehouse, result
