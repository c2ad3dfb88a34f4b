"""Reconcile: agreement, conflict and history across sources (seeds, a synthetic company, unit cases)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import polars as pl
import pytest

from transforms.facts import link_facts
from transforms.reconcile import reconcile
from transforms.schemas import CONSENSUS, FACTS, conform

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "facts"
_spec = importlib.util.spec_from_file_location("facts_gold", FIXTURES / "gold.py")
gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gold)


def one(consensus: pl.DataFrame, **where) -> dict:
    out = consensus
    for column, value in where.items():
        out = out.filter(pl.col(column).is_null() if value is None else pl.col(column) == value)
    assert out.height == 1, out
    return out.row(0, named=True)


# ------------------------------------------------------------------------------------- the seeds
@pytest.fixture(scope="module")
def seeds() -> tuple[pl.DataFrame, pl.DataFrame]:
    documents = gold.documents()
    facts = link_facts(gold.quantities(), documents)
    return facts, reconcile(facts, documents)


def test_schema(seeds):
    assert seeds[1].schema == pl.Schema(CONSENSUS)


def test_gpu_count_history_is_not_a_conflict(seeds):
    consensus = seeds[1]
    first = one(consensus, subject="Colossus", metric="gpu_count", period="2024-09")
    assert (first["value_norm"], first["status"]) == (100000.0, "agreed")
    assert first["n_sources"] >= 3 and first["n_languages"] >= 2
    upgrade = one(consensus, subject="Colossus", metric="gpu_count", period="2024-12")
    assert (upgrade["value_norm"], upgrade["status"]) == (200000.0, "agreed") and upgrade["n_sources"] >= 3


def test_planned_million_is_its_own_group(seeds):
    target = one(seeds[1], subject="Colossus", metric="gpu_count_target", value_norm=1e6)
    assert target["status"] == "agreed" and target["n_sources"] >= 3
    assert seeds[1].filter((pl.col("metric") == "gpu_count") & (pl.col("value_norm") == 1e6)).height == 0
    planned = {f["fact_id"] for f in seeds[0].filter(pl.col("modality") == "planned").to_dicts()}
    assert set(target["fact_ids"]) <= planned


def test_storage_agrees(seeds):
    # "plus d'1 EB", "über 1 EB", "lebih dari 1 EB": three sources state the same figure, bounded alike
    storage = one(seeds[1], subject="Colossus", metric="storage_capacity")
    assert storage["status"] == "agreed" and storage["n_sources"] >= 3 and storage["value_norm"] >= 1e18


def test_facility_area_conflict_keeps_every_value_and_source(seeds):
    area = one(seeds[1], subject="Colossus", metric="facility_area")
    assert area["status"] == "conflict" and area["unit_norm"] == "m2"
    values = sorted(round(v, 1) for v in area["values_norm"])
    assert values == [6967.7, 6967.7, 69677.3]
    assert sorted(d[:3] for d in area["doc_ids"]) == ["000", "001", "002"]
    assert len(area["doc_ids"]) == len(area["values_norm"]) == len(area["fact_ids"])


def test_dell_purchase_clips_and_width_agree(seeds):
    # "plus de 5 milliards de dollars" ×3: the same figure in three languages: agreed
    dell = one(seeds[1], subject="xAI", metric="purchase_value", unit_norm="USD")
    assert (dell["status"], dell["n_sources"], dell["n_languages"], dell["value_norm"]) == ("agreed", 3, 3, 5e9)
    clips = one(seeds[1], subject="Hotshot", metric="training_clips")
    assert (clips["status"], clips["n_sources"], clips["value_norm"]) == ("agreed", 3, 6e6)
    width = one(seeds[1], subject="Hotshot", metric="video_width")
    assert (width["status"], width["n_sources"], width["value_norm"]) == ("agreed", 3, 1280.0)


def test_one_amount_in_two_currencies_is_one_row(seeds):
    # "45 milliards de dollars (41,6 milliards d'euros)", 28 March 2025: the same amount at that day's rate;
    # one article, so one source; the row is in the currency stated first, each value keeps its own
    # "sa start-up … rachetait son réseau social pour 45 milliards": X is what was sold (xAI, its buyer,
    # is the facts' counterparty)
    deal = one(seeds[1], subject="X", metric="acquisition_price")
    assert (deal["unit_norm"], deal["value_norm"], deal["status"], deal["n_sources"]) == ("USD", 45e9, "single_source", 1)
    assert sorted(zip(deal["units_norm"], deal["values_norm"])) == [("EUR", 41.6e9), ("USD", 45e9)]


def test_dates_agree(seeds):
    founded = one(seeds[1], subject="Hotshot", metric="founded")
    assert (founded["value_text"], founded["status"], founded["n_sources"]) == ("2023", "agreed", 3)


@pytest.mark.parametrize("dated", [True, False], ids=["published-known", "published-unknown"])
def test_seed_acceptance_on_the_real_extractor(dated):
    """The acceptance again, on what transforms.extract + transforms.units read from seeds/ (when they
    exist), with and without publication dates (ingest may not find them)."""
    try:
        from transforms.extract import extract_mentions
        from transforms.units import normalize
    except ImportError:
        pytest.skip("extractor not available")
    documents = gold.documents()
    if not dated:
        documents = documents.with_columns(pl.lit(None, dtype=pl.Date).alias("published"),
                                           pl.lit(None, dtype=pl.String).alias("published_precision"))
    facts = link_facts(normalize(extract_mentions(documents)), documents)
    consensus = reconcile(facts, documents)
    assert facts.height >= 20 and facts.filter(pl.col("subject").is_null() | pl.col("metric").is_null()).height == 0
    gpus = consensus.filter((pl.col("subject") == "Colossus") & (pl.col("metric") == "gpu_count"))
    first = gpus.filter(pl.col("value_norm") == 1e5).row(0, named=True)
    assert first["status"] == "agreed" and first["n_sources"] >= 3 and first["n_languages"] >= 2
    upgrade = gpus.filter(pl.col("value_norm") == 2e5).row(0, named=True)
    assert upgrade["status"] == "agreed" and upgrade["n_sources"] >= 3
    target = one(consensus, subject="Colossus", metric="gpu_count_target", value_norm=1e6)
    assert target["n_sources"] >= 3
    storage = one(consensus, subject="Colossus", metric="storage_capacity")
    assert storage["value_norm"] >= 1e18 and storage["n_sources"] >= 3
    area = one(consensus, subject="Colossus", metric="facility_area")
    assert area["status"] == "conflict" and sorted(round(v) for v in area["values_norm"]) == [6968, 6968, 69677]
    dell = one(consensus, subject="xAI", metric="purchase_value")         # "plus de 5 milliards" ×3
    assert (dell["status"], dell["n_sources"], dell["n_languages"]) == ("agreed", 3, 3)
    clips = one(consensus, subject="Hotshot", metric="training_clips")
    assert (clips["status"], clips["n_sources"]) == ("agreed", 3)
    deal = one(consensus, subject="X", metric="acquisition_price")     # $45 bn = €41.6 bn, one row
    assert (deal["unit_norm"], deal["value_norm"]) == ("USD", 45e9)
    assert sorted(zip(deal["units_norm"], deal["values_norm"])) == [("EUR", 41.6e9), ("USD", 45e9)]
    width = one(consensus, subject="Hotshot", metric="video_width")
    assert (width["value_norm"], width["n_sources"]) == (1280.0, 3)
    assert consensus.select(["subject", "metric", "period", "unit_norm"]).is_unique().all()


# ----------------------------------------------------------- companies missing from the lexicon
def scenario(name: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Facts and consensus of a synthetic five-language fixture (texts + hand-checked mentions)."""
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    texts = {d["doc"]: d["text"] for d in data["documents"]}
    documents = gold.documents_frame(texts, {d["doc"]: d["lang"] for d in data["documents"]},
                                     {d["doc"]: d["published"] for d in data["documents"]})
    facts = link_facts(gold.frame(texts, data["mentions"]), documents)
    return facts, reconcile(facts, documents)


def test_synthetic_data_centre_in_five_languages():
    facts, consensus = scenario("datacenter")
    assert set(facts["subject"]) == {"Nordlicht Data"}
    assert set(facts["subject_how"]) <= {"discovered", "reference"}
    power = one(consensus, metric="power_capacity")          # 50 MW (fr, en, id) = 50 000 kW (de); 80 MW (es)
    assert power["status"] == "conflict" and power["n_sources"] == 5
    assert sorted(power["values_norm"]) == [5e7, 5e7, 5e7, 5e7, 8e7]
    assert power["value_norm"] == 5e7
    area = one(consensus, metric="facility_area")            # 20 ha = 200 000 m2
    assert (area["status"], area["n_sources"], area["n_languages"], area["value_norm"]) == ("agreed", 5, 5, 2e5)
    money = one(consensus, metric="investment")              # "rund 1,2 Milliarden" agrees with 1.2 bn
    assert (money["status"], money["n_sources"], money["unit_norm"]) == ("agreed", 5, "EUR")
    opened = one(consensus, metric="launch_date")
    assert opened["value_text"] == "2025-05" and opened["status"] == "agreed"


def test_synthetic_gigafactory_plans_in_five_languages():
    facts, consensus = scenario("gigafactory")
    assert set(facts["subject"]) == {"Voltaris"}
    area = one(consensus, metric="facility_area_target")     # 200 acres = 81 ha, worded as a plan
    assert (area["status"], area["n_sources"]) == ("agreed", 5)
    money = one(consensus, subject="Voltaris", metric="investment")  # "investirá" and "menyiapkan" agree
    assert (money["status"], money["n_sources"], money["value_norm"]) == ("agreed", 5, 4.5e9)
    jobs = one(consensus, metric="jobs_created_target")
    assert jobs["status"] == "conflict" and sorted(set(jobs["values_norm"])) == [2500.0, 3000.0]
    founded = one(consensus, metric="founded")               # not "im vergangenen Jahr" (the funding year)
    assert (founded["value_text"], founded["status"], founded["n_sources"]) == ("2016", "agreed", 4)
    funding = one(consensus, metric="funding_raised")
    assert (funding["period"], funding["status"], funding["n_sources"]) == ("2024", "agreed", 4)


def test_synthetic_acquisition_in_five_languages():
    facts, consensus = scenario("acquisition")
    # "acquired by Meridian Group", "Der Konzern Meridian übernimmt … Brightline Systems": the thing sold is the
    # subject, its buyer the counterparty of every fact
    price = one(consensus, metric="acquisition_price")
    assert (price["subject"], price["status"], price["n_sources"]) == ("Brightline Systems", "agreed", 5)
    assert set(facts.filter(pl.col("metric") == "acquisition_price")["counterparty"]) == {"Meridian"}
    revenue = one(consensus, metric="revenue")
    assert (revenue["subject"], revenue["period"], revenue["status"]) == ("Brightline Systems", "2024", "conflict")
    staff = one(consensus, metric="employees")               # present tense: not the revenue's year
    assert (staff["period"], staff["status"], staff["n_sources"]) == (None, "agreed", 5)
    users = one(consensus, metric="users")                    # "more than 12 million" ×4: the same figure
    assert (users["status"], users["n_sources"]) == ("agreed", 4)


def test_synthetic_system_in_apposition_in_five_languages():
    facts, consensus = scenario("hyperion")
    assert set(facts["subject"]) == {"Hyperion"}         # not Meta (its owner), not Nvidia (the chips' brand)
    first = one(consensus, metric="gpu_count", period="2025-01")
    later = one(consensus, metric="gpu_count", period="2025-07")   # "six months later"
    assert (first["value_norm"], first["status"], first["n_sources"]) == (100000.0, "agreed", 5)
    assert (later["value_norm"], later["status"], later["n_sources"]) == (160000.0, "agreed", 5)
    area = one(consensus, metric="facility_area")
    assert area["status"] == "conflict" and max(area["values_norm"]) == 400000.0
    assert one(consensus, metric="power_capacity")["status"] == "agreed"
    assert one(consensus, metric="power_capacity_target")["period"] == "2030"


# -------------------------------------------------------------------------------- unit cases
def fact(doc: str, value: float | None, *, bound: str = "exact", period: str | None = None, unit: str = "count",
         modality: str = "reported", metric: str = "gpu_count", value_text: str | None = None) -> dict:
    return {"fact_id": f"{doc}-{value}-{period}-{value_text}", "doc_id": doc, "subject": "Foo", "metric": metric,
            "value_norm": value, "unit_norm": unit, "value_text": value_text, "bound": bound,
            "modality": modality, "period": period, "start": 0, "end": 1}


def run(*facts: dict) -> pl.DataFrame:
    docs = pl.DataFrame({"doc_id": ["a", "b", "c", "d"], "language": ["fr", "de", "id", "en"]})
    return reconcile(conform(pl.DataFrame(list(facts), infer_schema_length=None), FACTS), docs)


def test_tolerance_and_bounds():
    assert one(run(fact("a", 100.0), fact("b", 101.5)))["status"] == "agreed"
    assert one(run(fact("a", 100.0), fact("b", 104.0)))["status"] == "conflict"
    assert one(run(fact("a", 100.0, bound="approx"), fact("b", 103.5)))["status"] == "agreed"
    assert one(run(fact("a", 100.0, bound="approx"), fact("b", 106.0)))["status"] == "conflict"
    # a bound respected is not agreement on a number: compatible
    at_least = one(run(fact("a", 5e9, bound="at_least", unit="USD"), fact("b", 6e9, unit="USD")))
    assert (at_least["status"], at_least["value_norm"]) == ("compatible", 6e9)
    assert one(run(fact("a", 5e9, bound="at_least"), fact("b", 4e9)))["status"] == "conflict"
    assert one(run(fact("a", 10.0, bound="at_most"), fact("b", 10.0)))["status"] == "agreed"  # the same figure
    assert one(run(fact("a", 5e9, bound="at_least"), fact("b", 5e9, bound="at_least")))["status"] == "agreed"
    assert one(run(fact("a", 10.0, bound="at_most"), fact("b", 12.0)))["status"] == "conflict"
    # two point values agree, a third source's bound is respected: agreed
    assert one(run(fact("a", 5e9, bound="at_least"), fact("b", 6e9), fact("c", 6e9)))["status"] == "agreed"


def test_single_source_and_languages():
    row = one(run(fact("a", 7.0)))
    assert (row["status"], row["n_sources"], row["n_languages"]) == ("single_source", 1, 1)
    row = one(run(fact("a", 7.0), fact("b", 7.0), fact("c", 7.0)))
    assert (row["status"], row["n_sources"], row["n_languages"]) == ("agreed", 3, 3)


def test_history_and_undated_values():
    out = run(fact("a", 100.0, period="2024-09"), fact("b", 200.0, period="2024-12"),
              fact("c", 200.0), fact("d", 100.0, period="2024"))
    assert one(out, period="2024-09")["doc_ids"] == ["a", "d"]   # a coarser period joins the finer match
    assert one(out, period="2024-12")["doc_ids"] == ["b", "c"]   # an undated value joins its match
    assert set(out["status"]) == {"agreed"}


def test_undated_value_time_cannot_explain_is_a_conflict():
    out = run(fact("a", 100.0, period="2024-09"), fact("b", 100.0), fact("c", 150.0))
    row = one(out)
    assert row["status"] == "conflict" and sorted(row["values_norm"]) == [100.0, 100.0, 150.0]
    # with a history of values, an unmatched undated value may be another moment: kept apart
    out = run(fact("a", 100.0, period="2024-09"), fact("b", 200.0, period="2024-12"), fact("c", 150.0))
    assert one(out, period=None)["status"] == "single_source"
    # so is a value several undated sources agree on ("Trois mois plus tard, … 200 000 puces" with no anchor)
    out = run(fact("a", 100.0, period="2024-09"), fact("b", 200.0), fact("c", 200.0))
    assert one(out, period=None)["status"] == "agreed" and one(out, period="2024-09")["status"] == "single_source"


def test_a_target_does_not_conflict_with_a_count():
    out = run(fact("a", 100.0), fact("b", 1e6, modality="planned"), fact("c", 1e6, modality="planned"))
    assert sorted(zip(out["metric"], out["status"])) == [("gpu_count", "single_source"), ("gpu_count_target", "agreed")]
    assert out.select(["subject", "metric", "period", "unit_norm"]).is_unique().all()


def test_dates_agree_by_prefix():
    row = one(run(fact("a", None, unit="date", metric="founded", value_text="2023"),
                  fact("b", None, unit="date", metric="founded", value_text="2023-05")))
    assert row["status"] == "agreed"
    row = one(run(fact("a", None, unit="date", metric="founded", value_text="2023"),
                  fact("b", None, unit="date", metric="founded", value_text="2022")))
    assert row["status"] == "conflict" and row["values_text"] == ["2023", "2022"]


def named(*names: str) -> pl.DataFrame:
    """One discovered-subject fact of 7.0 per name, each from its own document."""
    facts = []
    for doc, name in zip("abcd", names):
        facts.append({**fact(doc, 7.0), "subject": name, "subject_how": "discovered"})
    return run(*facts)


def test_shortened_discovered_names_are_one_subject():
    for short, longer in [("Brightline", "Brightline Systems"), ("Aubrac", "Aubrac AI"), ("Cakra Data", "PT Cakra Data"),
                          ("Meridian", "Meridian Group"), ("Foo", "Foo Holdings Inc.")]:
        row = one(named(short, longer))
        assert (row["subject"], row["status"], row["n_sources"]) == (longer, "agreed", 2)


def test_an_acronym_another_article_defines_is_that_subject():
    def with_aliases(doc: str, name: str, aliases: list[str]) -> dict:
        return {**fact(doc, 7.0), "subject": name, "subject_how": "discovered", "subject_aliases": aliases}
    # one article defines "Zeeland Offshore Partners (ZOP)", another writes only "ZOP"
    row = one(run(with_aliases("a", "Zeeland Offshore Partners", ["ZOP"]), with_aliases("b", "ZOP", [])))
    assert (row["subject"], row["status"], row["n_sources"]) == ("Zeeland Offshore Partners", "agreed", 2)
    # an acronym two articles define for two subjects stays itself; without a definition, no merge
    out = run(with_aliases("a", "CEE", []), with_aliases("b", "Comunidad Económica Europea", ["CEE"]),
              with_aliases("c", "Comunidad Económica Eurasiática", ["CEE"]))
    assert sorted(out["subject"]) == ["CEE", "Comunidad Económica Eurasiática", "Comunidad Económica Europea"]
    out = run(with_aliases("a", "ZOP", []), with_aliases("b", "Zeeland Offshore Partners", []))
    assert sorted(out["subject"]) == ["ZOP", "Zeeland Offshore Partners"]
    # the acronym's own metric: a figure the defining article does not speak of keeps the acronym
    out = run(with_aliases("a", "CEE", []), {**with_aliases("b", "Comunidad Económica Eurasiática", ["CEE"]),
                                              "metric": "founded", "unit_norm": "date", "value_text": "2000"})
    assert sorted(out["subject"]) == ["CEE", "Comunidad Económica Eurasiática"]


def test_a_name_is_not_merged_into_a_longer_name_that_says_more():
    out = named("Renault", "Renault Sovab")            # Sovab: a plant, another company
    assert sorted(out["subject"]) == ["Renault", "Renault Sovab"] and set(out["status"]) == {"single_source"}
    out = named("Petroleum", "British Petroleum")       # "British" says who it is: not an empty word
    assert sorted(out["subject"]) == ["British Petroleum", "Petroleum"]
    out = named("Delta", "Delta Airlines", "Delta Electronics")  # two readings: the short name stays itself
    assert sorted(out["subject"]) == ["Delta", "Delta Airlines", "Delta Electronics"]
    out = named("Aubrac", "Aubrac AI", "Aubrac AI Group")  # one reading is the widest: one subject
    assert one(out)["subject"] == "Aubrac AI Group"


def test_lexicon_names_stay_as_they_are():
    a, b = fact("a", 7.0), fact("b", 7.0)
    a.update(subject="Colossus", subject_how="lexicon")
    b.update(subject="Colossus Systems", subject_how="discovered")
    assert sorted(run(a, b)["subject"]) == ["Colossus", "Colossus Systems"]


def test_extra_fact_columns_are_ignored():
    facts = conform(pl.DataFrame([fact("a", 7.0), fact("b", 7.0)], infer_schema_length=None), FACTS)
    facts = facts.with_columns(pl.Series("note", ["the company", None]), pl.lit("Bar").alias("counterparty"))
    row = one(reconcile(facts, pl.DataFrame({"doc_id": ["a", "b"], "language": ["fr", "de"]})))
    assert (row["status"], row["n_sources"], row["n_independent_sources"]) == ("agreed", 2, 2)


def test_empty():
    out = reconcile(pl.DataFrame(schema=FACTS), pl.DataFrame())
    assert out.height == 0 and out.schema == pl.Schema(CONSENSUS)


# ---------------------------------------------------------------- time, one claim per article, rounding
def run_dated(published: dict, *facts: dict, texts: dict | None = None) -> pl.DataFrame:
    from datetime import date
    docs = pl.DataFrame({"doc_id": list(published), "language": ["en"] * len(published),
                         "published": [date.fromisoformat(p) if p else None for p in published.values()],
                         "text": [(texts or {}).get(d, "") for d in published]})
    return reconcile(conform(pl.DataFrame(list(facts), infer_schema_length=None), FACTS), docs)


def test_undated_values_published_years_apart_are_a_history():
    out = run_dated({"a": "2017-03-01", "b": "2019-06-01"}, fact("a", 33000.0, metric="employees"), fact("b", 28000.0, metric="employees"))
    assert set(out["status"]) == {"single_source"} and out.height == 2
    assert out.select(["subject", "metric", "period", "unit_norm"]).is_unique().all()
    # published close together: the same time, a conflict
    out = run_dated({"a": "2017-03-01", "b": "2017-04-01"}, fact("a", 33000.0, metric="employees"), fact("b", 28000.0, metric="employees"))
    assert one(out)["status"] == "conflict"


def test_an_undated_document_does_not_conflict_with_dated_ones():
    out = run_dated({"a": "2017-03-01", "b": None}, fact("a", 33000.0, metric="employees"), fact("b", 28000.0, metric="employees"))
    assert set(out["status"]) == {"single_source"}
    # unless its text places it at the same time
    out = run_dated({"a": "2017-03-01", "b": None}, fact("a", 33000.0, metric="employees"), fact("b", 28000.0, metric="employees"),
                    texts={"b": "In 2017 the company said ..."})
    assert one(out)["status"] == "conflict"


def test_a_lone_undated_source_conflicts_only_with_its_own_time():
    out = run_dated({"a": "2024-09-10", "b": "2024-10-01", "c": "2019-01-01"},
                    fact("a", 100.0, period="2024-09"), fact("b", 100.0), fact("c", 150.0))
    assert one(out, period="2024-09")["status"] == "agreed"


def test_an_undated_total_over_a_period_is_no_conflict_with_a_dated_one():
    # "IBM earned 4.8 billion dlrs in 1986" against "IBM said net income fell to 785 mln dlrs" (a quarter)
    out = run_dated({"a": "1987-03-02", "b": "1987-04-20"}, fact("a", 4.8e9, unit="USD", metric="profit", period="1986"),
                    fact("b", 7.85e8, unit="USD", metric="profit"))
    assert set(out["status"]) == {"single_source"} and one(out, period="1986")["values_norm"] == [4.8e9]
    # a level is another matter: an undated staff count against the one known this year disagrees
    out = run_dated({"a": "1987-03-02", "b": "1987-04-20"}, fact("a", 3000.0, metric="employees", period="1987"),
                    fact("b", 3740.0, metric="employees"))
    assert one(out)["status"] == "conflict"


def test_the_same_sentence_in_two_articles_is_one_source():
    # two rewrites of one wire story keep the sentence: one piece of evidence, not two that agree
    said = "Le cousin, Youssef, avait été condamné en première instance à quatre ans de prison, dont un an avec sursis."
    out = run(fact("a", 4.0) | {"snippet": said}, fact("b", 4.0) | {"snippet": "Selon la presse, " + said})
    row = one(out)
    assert (row["status"], row["n_sources"], row["n_independent_sources"]) == ("single_source", 2, 1)
    out = run(fact("a", 4.0) | {"snippet": said}, fact("b", 4.0) | {"snippet": "Il a écopé de quatre ans ferme, a jugé le tribunal de Paris."})
    assert one(out)["status"] == "agreed"


def test_the_same_figure_published_far_apart_is_two_moments_not_an_agreement():
    # "10 mln dlrs in credit guarantees" to Yemen in February and to Mexico in April: two events
    out = run_dated({"a": "1987-02-26", "b": "1987-04-07"}, fact("a", 1e7, unit="USD", metric="credit_guarantees"),
                    fact("b", 1e7, unit="USD", metric="credit_guarantees"))
    assert set(out["status"]) == {"single_source"} and out.height == 2
    # the same a week apart agrees; so does an article no publication date places
    out = run_dated({"a": "1987-02-26", "b": "1987-03-04", "c": None},
                    *(fact(d, 1e7, unit="USD", metric="credit_guarantees") for d in "abc"))
    assert (one(out)["status"], one(out)["n_sources"]) == ("agreed", 3)


def test_a_round_million_is_not_half_a_million():
    # "1 millón de dosis" allows 0.75 to 1.25 million, not 0.5 to 1.5: "cerca de 500,000 dosis" is another figure
    out = run(fact("a", 1e6) | {"surface": "1 millón de dosis"}, fact("b", 5e5, bound="approx") | {"surface": "cerca de 500,000 dosis"})
    assert "agreed" not in set(out["status"])
    out = run(fact("a", 1e6) | {"surface": "1 millón de dosis"}, fact("b", 1.2e6) | {"surface": "1,2 millones de dosis"})
    assert one(out)["status"] == "agreed"


def test_events_a_month_apart_are_two_events():
    out = run_dated({"a": "1987-03-02", "b": "1987-06-01"}, fact("a", 265e6, unit="USD", metric="acquisition_price"),
                    fact("b", 40e6, unit="USD", metric="acquisition_price"))
    assert set(out["status"]) == {"single_source"}


def test_one_article_giving_two_values_is_not_a_conflict():
    a1, a2, b = fact("a", 5e6, unit="USD", metric="profit"), fact("a", 3e6, unit="USD", metric="profit"), fact("b", 5e6, unit="USD", metric="profit")
    a2.update(fact_id="a-second", start=40)
    row = one(run(a1, a2, b))       # "net profit 5 mln vs 3 mln" and another article's 5 mln
    assert (row["status"], row["value_norm"], row["n_sources"]) == ("agreed", 5e6, 2)
    row = one(run(a1, a2))
    assert row["status"] == "single_source"
    assert one(run(a1, fact("b", 3e6, unit="USD", metric="profit")))["status"] == "conflict"


def test_far_apart_dates_are_two_events():
    row = one(run(fact("a", None, unit="date", metric="launch_date", value_text="2002-03"),
                  fact("b", None, unit="date", metric="launch_date", value_text="2005")))
    assert row["status"] == "single_source"


def test_a_rounded_amount_is_as_precise_as_its_digits():
    a, b = fact("a", 9.4e9, unit="USD", metric="purchase_value"), fact("b", 9e9, unit="USD", metric="purchase_value")
    b["surface"] = "$9bn"
    assert one(run(a, b))["status"] == "agreed"
    b["surface"] = "9 000 000 000 dollars"
    assert one(run(a, b))["status"] == "conflict"


# ------------------------------------------------------------------ consensus that means something
WIRE = ("PARIS, 3 mars (Reuters) - Le constructeur a annoncé mardi la suppression de postes dans ses usines "
        "françaises, une décision qui concerne plus de 42.000 salariés selon les syndicats, lesquels appellent "
        "à une grève nationale la semaine prochaine pour protester contre le plan de la direction.")
OTHER = ("Les syndicats du groupe, qui compte 45 000 salariés en France, ont rencontré le ministre de "
         "l'Industrie jeudi soir; aucun accord n'a été trouvé sur le calendrier des fermetures de sites.")


def staff(doc: str, value: float, bound: str = "exact") -> dict:
    return fact(doc, value, bound=bound, metric="employees")


def test_agreement_resting_on_a_bound_is_compatible():
    # "plus de 42.000 salariés" and "45 000 salariés": no contradiction, but no two sources give the number
    row = one(run_dated({"a": "2025-03-03", "b": "2025-03-06"}, staff("a", 42000.0, "at_least"), staff("b", 45000.0),
                        texts={"a": WIRE, "b": OTHER}))
    assert (row["status"], row["value_norm"], row["n_sources"], row["n_independent_sources"]) == ("compatible", 45000.0, 2, 2)
    # "jusqu'à 50 000" and "plus de 42 000": bounds only, still compatible
    row = one(run(staff("a", 42000.0, "at_least"), staff("b", 50000.0, "at_most")))
    assert row["status"] == "compatible"
    # one source, bound or not, is a single source
    assert one(run(staff("a", 42000.0, "at_least")))["status"] == "single_source"


def test_reprints_of_one_wire_story_are_one_source():
    reprint = "Publié par Le Journal du Centre. " + WIRE + " Lire aussi: nos autres articles."
    published = {"a": "2025-03-03", "b": "2025-03-03", "c": "2025-03-04"}
    texts = {"a": WIRE, "b": reprint, "c": OTHER}
    row = one(run_dated(published, staff("a", 42000.0), staff("b", 42000.0), texts=texts))
    assert (row["status"], row["n_sources"], row["n_independent_sources"]) == ("single_source", 2, 1)
    # another article giving the same number: two independent sources
    row = one(run_dated(published, staff("a", 42000.0), staff("b", 42000.0), staff("c", 42000.0), texts=texts))
    assert (row["status"], row["n_sources"], row["n_independent_sources"]) == ("agreed", 3, 2)
    # reprints that differ on the number are a conflict: the two copies really say different things
    row = one(run_dated(published, staff("a", 42000.0), staff("b", 24000.0), texts=texts))
    assert (row["status"], row["n_sources"], row["n_independent_sources"]) == ("conflict", 2, 1)


def test_texts_that_share_a_few_sentences_are_independent():
    mixed = OTHER + " " + WIRE[:120]
    row = one(run_dated({"a": "2025-03-03", "b": "2025-03-03"}, staff("a", 42000.0), staff("b", 42000.0),
                        texts={"a": WIRE, "b": mixed}))
    assert (row["status"], row["n_independent_sources"]) == ("agreed", 2)


def deal(doc: str, value: float, currency: str) -> dict:
    return {**fact(doc, value, unit=currency, metric="acquisition_price"), "fact_id": f"{doc}-{currency}"}


def test_amounts_in_two_currencies_are_compared_at_the_day_s_rate():
    # $45 bn and €41.6 bn on 28 March 2025 (1 EUR = 1.0816 USD that day): one amount, two sources
    row = one(run_dated({"a": "2025-03-28", "b": "2025-03-28"}, deal("a", 45e9, "USD"), deal("b", 41.6e9, "EUR")))
    assert (row["status"], row["n_sources"], row["unit_norm"], row["value_norm"]) == ("agreed", 2, "USD", 45e9)
    assert (row["values_norm"], row["units_norm"]) == ([45e9, 41.6e9], ["USD", "EUR"])
    # the row is in the currency most facts use, and its value in it
    row = one(run_dated({"a": "2025-03-28", "b": "2025-03-28", "c": "2025-03-29"},
                        deal("a", 45e9, "USD"), deal("b", 41.6e9, "EUR"), deal("c", 41.6e9, "EUR")))
    assert (row["status"], row["unit_norm"], row["value_norm"], row["n_sources"]) == ("agreed", "EUR", 41.6e9, 3)
    # a different amount in another currency is a conflict, not a second row
    row = one(run_dated({"a": "2025-03-28", "b": "2025-03-28"}, deal("a", 45e9, "USD"), deal("b", 30e9, "EUR")))
    assert row["status"] == "conflict" and sorted(row["units_norm"]) == ["EUR", "USD"]


def test_an_undated_amount_is_compared_at_the_latest_rate_with_a_wider_tolerance():
    # $45 bn was €41.7 bn on 28 March 2025: €43.5 bn is more than 3 % off, a conflict
    row = one(run_dated({"a": "2025-03-28", "b": "2025-03-28"}, deal("a", 45e9, "USD"), deal("b", 43.5e9, "EUR")))
    assert row["status"] == "conflict"
    # undated, at the latest rate (about €40 bn) give or take 10 %: €43.5 bn may be the same amount, €30 bn not
    row = one(run_dated({"a": None, "b": "2025-03-28"}, deal("a", 45e9, "USD"), deal("b", 43.5e9, "EUR")))
    assert row["status"] == "agreed"
    out = run_dated({"a": None, "b": None}, deal("a", 45e9, "USD"), deal("b", 30e9, "EUR"))
    assert one(out)["status"] == "conflict"


def test_an_undated_amount_is_converted_at_the_rate_of_the_years_its_text_names():
    # BBC, 2004, no date line: "£722m ($1.3bn)" then: $1.3bn was about £720m in 2004-2005, £1bn at the latest rate
    texts = {"a": "Profits for 2004 rose to £722m.", "b": "Its 2004 profit of $1.3bn beat forecasts."}
    row = one(run_dated({"a": None, "b": None}, deal("a", 722e6, "GBP"), deal("b", 1.3e9, "USD"), texts=texts))
    assert row["status"] == "agreed" and sorted(row["units_norm"]) == ["GBP", "USD"]
    texts = {"a": "Profits rose to £722m.", "b": "Its profit of $1.3bn beat forecasts."}   # no year: latest rate
    row = one(run_dated({"a": None, "b": None}, deal("a", 722e6, "GBP"), deal("b", 1.3e9, "USD"), texts=texts))
    assert row["status"] == "conflict"


def test_currencies_the_rates_do_not_cover_stay_apart():
    # no ECB rate before 1999: two rows, each in its own currency, as the article wrote it
    out = run_dated({"a": "1987-03-02", "b": "1987-03-02"}, deal("a", 265e6, "USD"), deal("b", 38e9, "JPY"))
    assert sorted(zip(out["unit_norm"], out["value_norm"], out["status"])) == [
        ("JPY", 38e9, "single_source"), ("USD", 265e6, "single_source")]
    assert out["units_norm"].to_list() == [["JPY"], ["USD"]] or out["units_norm"].to_list() == [["USD"], ["JPY"]]
    # a currency the ECB does not quote
    out = run_dated({"a": "2025-03-28", "b": "2025-03-28"}, deal("a", 45e9, "USD"), deal("b", 160e9, "AED"))
    assert sorted(out["unit_norm"]) == ["AED", "USD"]


def test_amounts_of_different_things_that_coincide_do_not_agree():
    def tonnes(doc: str, value: float, snippet: str, surface: str) -> dict:
        return {**fact(doc, value, unit="kg", metric="traded_tonnage"), "snippet": snippet, "surface": surface}

    docs = pl.DataFrame({"doc_id": ["a", "b", "c"], "language": ["en", "en", "en"]})

    def consensus(*facts):
        return reconcile(conform(pl.DataFrame(list(facts), infer_schema_length=None), FACTS), docs)

    poultry = tonnes("a", 1.5e7, "Foo sold 15,000 tonnes of poultry to Iraq.", "15,000 tonnes")
    wheat = tonnes("b", 1.5e7, "Foo sold 15,000 tonnes of wheat to Egypt.", "15,000 tonnes")
    row = one(consensus(poultry, wheat))
    assert (row["status"], row["n_sources"]) == ("single_source", 1)
    # said once without what it counts: no judgement, the values agree
    unsaid = tonnes("c", 1.5e7, "Foo sold 15,000 tonnes last week.", "15,000 tonnes")
    assert one(consensus(poultry, unsaid))["status"] == "agreed"


def test_two_places_or_two_claimants_are_two_claims_not_a_conflict():
    def crowd(doc: str, value: float, scope: str | None, claimant: str | None) -> dict:
        return {**fact(doc, value, metric="protesters"), "scope": scope, "claimant": claimant}
    # "1 400 selon la police, 2 000 selon les organisateurs": no conflict, the better attested claim is the row
    out = run(crowd("a", 1400.0, "Lille", "police"), crowd("b", 1400.0, "Lille", "police"),
              crowd("c", 2000.0, "Lille", "organisers"))
    row = one(out)
    assert (row["status"], row["value_norm"], row["scope"], row["claimant"]) == ("agreed", 1400.0, "Lille", "police")
    # the same number in two cities is no agreement
    out = run(crowd("a", 2000.0, "Lille", None), crowd("b", 2000.0, "Marseille", None))
    assert one(out)["status"] == "single_source"


def test_metrics_that_name_no_single_quantity_claim_no_conflict():
    # users (monthly or daily, one country or the world) and offers (raised bids): the best attested value
    for metric in ("users", "offer_per_share"):
        out = run_dated({"a": "2017-03-01", "b": "2017-03-02"}, fact("a", 330.0, metric=metric), fact("b", 280.0, metric=metric))
        assert one(out)["status"] == "single_source"



def test_a_quarter_a_half_and_an_interval_have_their_days():
    from datetime import date
    from transforms.reconcile import _period_span
    assert _period_span("1987-Q1") == (date(1987, 1, 1).toordinal(), date(1987, 3, 31).toordinal())
    assert _period_span("2024-H2") == (date(2024, 7, 1).toordinal(), date(2024, 12, 31).toordinal())
    assert _period_span("2024-01/2024-06") == (date(2024, 1, 1).toordinal(), date(2024, 6, 30).toordinal())
    assert _period_span("2024-Q5") is None and _period_span("2024-H3") is None
