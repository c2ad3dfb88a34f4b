"""Generalization: five articles in five languages about a company no lexicon knows (Solarwerk, made up),
through the real transforms: each date line is found, the company is discovered, MW/kW and hectares/km²
are one value, and the one source that says 510 MW where four say 580 MW makes a conflict."""

from __future__ import annotations

import polars as pl
import pytest

from flows.inputs import iter_input_batches
from tests.conftest import FIXTURES
from transforms import dates, extract, facts, ingest, reconcile, units

ARTICLES = FIXTURES / "other_company"


@pytest.fixture(scope="module")
def world():
    (raw, _), = list(iter_input_batches([ARTICLES]))
    documents, rejected = ingest.parse_inputs(raw, lang=None)
    assert rejected.is_empty()
    documents = dates.fill_published(documents)
    quantities = units.normalize(extract.extract_mentions(documents))
    linked = facts.link_facts(quantities, documents)
    return documents, linked, reconcile.reconcile(linked, documents)


def test_every_date_line_gives_the_publication_date(world):
    documents, _, _ = world
    published = dict(zip(documents.get_column("source"), documents.get_column("published").cast(pl.String)))
    assert published == {"fr_solaris.txt": "2025-03-12", "de_solaris.txt": "2025-03-14", "id_solaris.txt": "2025-03-13",
                         "en_solaris.txt": "2025-03-13", "es_solaris.txt": "2025-03-13"}
    assert set(documents.get_column("published_how")) == {"text"}


def _row(consensus: pl.DataFrame, metric: str) -> dict:
    rows = consensus.filter((pl.col("subject") == "Solarwerk") & (pl.col("metric") == metric)).to_dicts()
    assert len(rows) == 1, (metric, rows)
    return rows[0]


@pytest.mark.parametrize("metric, value, unit, status, n_sources", [
    ("facility_area", 3e7, "m2", "agreed", 5),       # 3 000 hectares ×4 and 30 Quadratkilometer
    ("investment", 2e9, "EUR", "agreed", 5),         # 2 milliards d'euros, 2.000 millones de euros, ...
    ("employees", 1200, "count", "agreed", 4),       # "emploie 1 200 personnes", "beschäftigt 1.200 Mitarbeiter"
    ("power_capacity", 5.8e8, "W", "conflict", 5),   # 580 MW, 580.000 kW, 580 megawatts ... against 510 MW
])
def test_what_the_sources_agree_and_disagree_on(world, metric, value, unit, status, n_sources):
    row = _row(world[2], metric)
    assert (row["unit_norm"], row["status"], row["n_sources"]) == (unit, status, n_sources)
    assert row["value_norm"] == pytest.approx(value)
    if status == "conflict":
        assert sorted(set(row["values_norm"])) == pytest.approx([5.1e8, 5.8e8])


def test_the_founding_year_is_agreed(world):
    row = _row(world[2], "founded")
    assert (row["value_text"], row["status"], row["n_sources"]) == ("2009", "agreed", 4)


def test_a_crowd_is_not_staff(world):
    # the same noun without an employment cue counts something else
    from transforms.metrics import choose_metric

    sentence = "Selon la police, 1 200 personnes ont manifesté devant le siège de Solarwerk."
    start = sentence.index("1 200")
    assert choose_metric("count", sentence, start, start + len("1 200 personnes"), "fr", obj="personnes") is None
    sentence = "Solarwerk emploie 1 200 personnes."
    start = sentence.index("1 200")
    assert choose_metric("count", sentence, start, start + len("1 200 personnes"), "fr", obj="personnes").metric == "employees"
