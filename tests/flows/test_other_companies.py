"""Generalization: three made-up companies no lexicon knows (Solarwerk, Nimbus, Voltaria), five articles
each in five languages, through the real transforms (no database): each date line is found, the company is
discovered, MW/kW/GW, hectares/m²/km² and scaled amounts are one value, targets are kept apart, and the
one source that disagrees makes a conflict that keeps every value."""

from __future__ import annotations

import functools

import polars as pl
import pytest

from flows.inputs import iter_input_batches
from tests.conftest import FIXTURES
from transforms import dates, extract, facts, ingest, reconcile, units

COMPANIES = FIXTURES / "other_companies"


@functools.cache
def world(company: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    (raw, _), = list(iter_input_batches([COMPANIES / company]))
    documents, rejected = ingest.parse_inputs(raw, lang=None)
    assert rejected.is_empty()
    documents = dates.fill_published(documents)
    linked = facts.link_facts(units.normalize(extract.extract_mentions(documents)), documents)
    return documents, reconcile.reconcile(linked, documents)


@pytest.mark.parametrize("company, published", [
    ("solarwerk", {"fr": "2025-03-12", "de": "2025-03-14", "id": "2025-03-13", "en": "2025-03-13", "es": "2025-03-13"}),
    # "Publié le 4 juin 2025", "05.06.2025", "Jakarta, 5 Juni 2025 -", "June 4, 2025", "4 de junio de 2025"
    ("nimbus", {"fr": "2025-06-04", "de": "2025-06-05", "id": "2025-06-05", "en": "2025-06-04", "es": "2025-06-04"}),
    # a Berlin dateline and an Indonesian "Rabu (2/10/2024)"; a lede that opens on the event's date
    # ("Le 2 octobre 2024, ...") says when it happened, not when it was written: fr, en and es stay undated
    ("voltaria", {"fr": None, "de": "2024-10-03", "id": "2024-10-02", "en": None, "es": None}),
])
def test_the_date_lines_give_the_publication_dates(company, published):
    documents, _ = world(company)
    found = dict(zip(documents.get_column("language"), documents.get_column("published").cast(pl.String)))
    assert found == published


# (company, metric, unit_norm, value_norm, status, n_sources); each row a promise about what the sources say
EXPECTED = [
    ("solarwerk", "facility_area", "m2", 3e7, "agreed", 5),       # 3 000 hectares ×4 and 30 Quadratkilometer
    ("solarwerk", "investment", "EUR", 2e9, "agreed", 5),         # 2 milliards d'euros, 2.000 millones de euros...
    ("solarwerk", "employees", "count", 1200, "agreed", 4),       # "emploie 1 200 personnes", "1.200 Mitarbeiter"
    ("solarwerk", "power_capacity", "W", 5.8e8, "conflict", 5),   # 580 MW, 580.000 kW, 580 megawatts, against 510 MW
    ("nimbus", "funding_raised", "USD", 3e8, "agreed", 5),        # 300 millions de dollars, $300 million, 300 juta dolar AS
    ("nimbus", "power_capacity_target", "W", 1.5e8, "agreed", 5),  # plans: 150 MW, 150.000 Kilowatt, 150-megawatt
    ("nimbus", "facility_area_target", "m2", 2e5, "agreed", 5),    # 20 hectares, 200.000 Quadratmeter, 20 hektare
    ("nimbus", "valuation", "USD", 2e9, "conflict", 5),            # 2 milliards ×4 against $2.5 billion
    ("voltaria", "power_capacity", "W", 4.8e8, "conflict", 5),     # 480 MW, 480.000 Kilowatt ... against 450 MW
    ("voltaria", "facility_area", "m2", 7.8e7, "agreed", 5),       # 78 km², 7.800 Hektar, 78 square kilometres
    # "cost 2.5 billion euros", "costó 2.500 millones": en and es say it in the sentence after Voltaria's; de, fr
    # and id say it after a sentence about the unnamed park ("Der Park …", "le parc compte …"), which names no
    # one: no fact there (precision first: on 3000 real articles, reading past such a sentence was right
    # for fewer than half the amounts it claimed)
    ("voltaria", "investment", "EUR", 2.5e9, "agreed", 2),
    ("voltaria", "power_capacity_target", "W", 1e10, "agreed", 2),  # "vise 10 GW d'ici 2030", "aims to reach 10 gigawatts"
]


@pytest.mark.parametrize("company, metric, unit, value, status, n_sources", EXPECTED,
                         ids=[f"{c}-{m}" for c, m, *_ in EXPECTED])
def test_what_the_sources_agree_and_disagree_on(company, metric, unit, value, status, n_sources):
    _, consensus = world(company)
    rows = consensus.filter((pl.col("subject").str.to_lowercase() == company) & (pl.col("metric") == metric)
                            & (pl.col("unit_norm") == unit)).to_dicts()
    assert len(rows) == 1, (metric, consensus.select("subject", "metric", "status", "values_norm").to_dicts())
    row = rows[0]
    assert (row["unit_norm"], row["status"], row["n_sources"]) == (unit, status, n_sources)
    assert row["value_norm"] == pytest.approx(value)
    if status == "conflict":
        assert len(set(row["values_norm"])) == 2  # every value kept, the majority's and the dissenter's


def test_no_fact_goes_to_the_investor_or_without_a_subject():
    for company in ("solarwerk", "nimbus", "voltaria"):
        _, consensus = world(company)
        assert set(consensus.get_column("subject").str.to_lowercase()) == {company}


def test_the_founding_year_is_agreed():
    _, consensus = world("solarwerk")
    row = consensus.filter(pl.col("metric") == "founded").to_dicts()[0]
    assert (row["value_text"], row["status"], row["n_sources"]) == ("2009", "agreed", 4)


def test_a_crowd_is_not_staff():
    # the same noun without an employment cue counts something else
    from transforms.metrics import choose_metric

    sentence = "Selon la police, 1 200 personnes ont manifesté devant le siège de Solarwerk."
    start = sentence.index("1 200")
    # a crowd that demonstrates: protesters (lexicon/metrics_people.toml), never staff
    crowd = choose_metric("count", sentence, start, start + len("1 200 personnes"), "fr", obj="personnes")
    assert crowd is not None and crowd.metric == "protesters"
    sentence = "Solarwerk emploie 1 200 personnes."
    start = sentence.index("1 200")
    assert choose_metric("count", sentence, start, start + len("1 200 personnes"), "fr", obj="personnes").metric == "employees"


def test_a_weekday_abbreviation_ending_a_title_is_not_a_date():
    # "... en mer" ends the title; "mer" is also Wednesday's abbreviation: the date is the next line's alone
    documents, _ = world("voltaria")
    text = documents.filter(pl.col("language") == "fr").get_column("text")[0]
    mentions = extract.extract_text(text, "fr")
    dates_found = [m["surface"] for m in mentions if m["unit"] == "date"]
    assert "Le 2 octobre 2024" in dates_found and not any("mer" in d for d in dates_found)
