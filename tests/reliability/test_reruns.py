"""Nothing counted twice: the same input again, and the same article under another name.

One warehouse, four runs: the seeds; the seeds again; a folder holding only a seed under another
file name; the seeds together with that copy. Only the first adds anything; every run is recorded.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import sql

from . import COUNTS, SEEDS, run_in_process, snapshot

pytestmark = pytest.mark.slow

COPIED = "000_177e2fdb61ab9753.txt"
COPY_NAME = "the-same-article-renamed.txt"


@pytest.fixture(scope="module")
def reruns(tmp_path_factory):
    work = tmp_path_factory.mktemp("reruns")
    warehouse = work / "w.duckdb"
    renamed = work / "renamed"
    renamed.mkdir()
    shutil.copyfile(SEEDS / COPIED, renamed / COPY_NAME)
    steps = {
        "first": ["--input", str(SEEDS)],
        "same input": ["--input", str(SEEDS)],
        "renamed copy": ["--input", str(renamed)],
        "seeds and the copy": ["--input", str(SEEDS), str(renamed)],
    }
    after = {}
    for name, args in steps.items():
        code = run_in_process(*args, "--warehouse", str(warehouse))
        after[name] = {"code": code, "counts": sql(warehouse, COUNTS)[0], "snapshot": snapshot(warehouse)}
    return warehouse, after


def test_every_run_exits_0(reruns):
    _, after = reruns
    assert {name: step["code"] for name, step in after.items()} == dict.fromkeys(after, 0)


def test_the_same_input_again_publishes_the_same_rows(reruns):
    _, after = reruns
    first, second = after["first"], after["same input"]
    assert first["counts"]["documents"] == 5 and first["counts"]["quantities"] > 0
    assert {k: v for k, v in second["counts"].items() if k != "runs"} == \
           {k: v for k, v in first["counts"].items() if k != "runs"}
    assert second["snapshot"] == first["snapshot"]


def test_the_same_article_under_another_name_adds_nothing(reruns):
    warehouse, after = reruns
    for step in ("renamed copy", "seeds and the copy"):
        assert after[step]["snapshot"] == after["first"]["snapshot"], step
    sources = [row["source"] for row in sql(warehouse, "SELECT source FROM curated.documents ORDER BY source")]
    assert sources == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_every_run_is_recorded(reruns):
    warehouse, after = reruns
    assert [step["counts"]["runs"] for step in after.values()] == [1, 2, 3, 4]
    runs = sql(warehouse, "SELECT status, n_documents, n_new_documents FROM quality.runs ORDER BY started_at")
    assert runs == [
        {"status": "published", "n_documents": 5, "n_new_documents": 5},
        {"status": "unchanged", "n_documents": 5, "n_new_documents": 0},
        {"status": "unchanged", "n_documents": 1, "n_new_documents": 0},
        {"status": "unchanged", "n_documents": 5, "n_new_documents": 0},
    ]
