"""`newsfacts run` with no Prefect API configured: a run with nothing new is recorded without starting
Prefect's temporary server; a run with something new is a real flow run."""

from __future__ import annotations

import shutil

import pytest

from flows import pipeline as pipeline_module
from tests.conftest import SEEDS, sql

pytestmark = pytest.mark.slow


class FlowStarts:
    """Stands in for the Prefect flow object: keeps its plain function, counts the flow runs asked for."""

    def __init__(self):
        self.fn = pipeline_module.pipeline.fn
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return "the flow ran"


@pytest.fixture
def no_api(monkeypatch, seeds_warehouse, tmp_path):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    flow = FlowStarts()
    monkeypatch.setattr(pipeline_module, "pipeline", flow)
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(seeds_warehouse[0], warehouse)
    return flow, warehouse


def test_nothing_new_is_recorded_without_a_flow_run(no_api):
    flow, warehouse = no_api
    before = sql(warehouse, "SELECT count(*) AS n FROM quality.runs")[0]["n"]

    run = pipeline_module.run([str(SEEDS)], str(warehouse))

    assert flow.calls == 0
    assert run["status"] == "unchanged" and run["n_documents"] == 5 and run["n_new_documents"] == 0
    last = sql(warehouse, "SELECT status, n_new_documents, n_quantities FROM quality.runs ORDER BY started_at DESC LIMIT 1")
    assert sql(warehouse, "SELECT count(*) AS n FROM quality.runs")[0]["n"] == before + 1
    assert last[0]["status"] == "unchanged" and last[0]["n_new_documents"] == 0 and last[0]["n_quantities"] > 40
    assert (warehouse.parent / "reports" / run["run_id"] / "index.html").is_file()


def test_a_new_article_goes_to_the_flow_and_the_check_records_nothing(no_api, tmp_path):
    flow, warehouse = no_api
    inputs = tmp_path / "inbox"
    shutil.copytree(SEEDS, inputs)
    (inputs / "new.txt").write_text("xAI a levé 6 milliards de dollars en décembre 2024.", encoding="utf-8")
    before = sql(warehouse, "SELECT count(*) AS n FROM quality.runs")[0]["n"]

    assert pipeline_module.run([str(inputs)], str(warehouse)) == "the flow ran"

    assert flow.calls == 1
    assert sql(warehouse, "SELECT count(*) AS n FROM quality.runs")[0]["n"] == before
