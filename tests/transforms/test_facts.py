"""Facts: linking quantities to a subject, a metric, a modality and a period.

Inputs are built from the seeds' gold mentions (tests/fixtures/facts/gold.py), never from their
subject or metric labels; a second set runs on the real extractor when it is importable.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest

from transforms.attribution import RULES

from transforms.facts import link_facts, sentences
from transforms import metrics as M
from transforms.metrics import choose_metric
from transforms.schemas import FACTS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "facts"
_spec = importlib.util.spec_from_file_location("facts_gold", FIXTURES / "gold.py")
gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gold)

DOC = {n[:3]: n for n in gold.texts()}  # "000" → "000_177e2fdb61ab9753.txt"


@pytest.fixture(scope="module")
def documents() -> pl.DataFrame:
    return gold.documents()


@pytest.fixture(scope="module")
def facts(documents) -> pl.DataFrame:
    return link_facts(gold.quantities(), documents)


def rows(facts: pl.DataFrame, **where) -> list[dict]:
    out = facts
    for column, value in where.items():
        out = out.filter(pl.col(column) == value)
    return out.to_dicts()


def test_schema_and_every_fact_has_subject_and_metric(facts):
    assert facts.schema == pl.Schema(FACTS)
    assert facts.height >= 20
    assert facts.filter(pl.col("subject").is_null() | pl.col("metric").is_null()).height == 0
    assert facts["fact_id"].n_unique() == facts.height
    assert set(facts["subject_rule"]) <= set(RULES)  # every fact says which attribution rule decided it


def test_fact_ids_are_stable(documents, facts):
    again = link_facts(gold.quantities(), documents)
    assert again["fact_id"].to_list() == facts["fact_id"].to_list()


def test_gpu_counts_and_their_periods(facts):
    gpus = rows(facts, subject="Colossus", metric="gpu_count", modality="reported")
    by = {(r["doc_id"][:3], " ".join(r["surface"].split())): (r["value_norm"], r["period"], r["period_how"]) for r in gpus}
    # "lancée en septembre dernier, était équipée de 100 000 cartes graphiques"
    assert by[("000", "100 000 cartes graphiques")] == (100000.0, "2024-09", "clause")
    # "Trois mois plus tard, une version améliorée, dotée de 200 000 puces"
    assert by[("000", "200 000 puces et")] == (200000.0, "2024-12", "relative")
    assert by[("003", "100 000 puces Nvidia")] == (100000.0, "2024-09", "clause")
    # no date near it: unknown, not the publication date
    assert by[("004", "100 000 processeurs graphiques")] == (100000.0, None, None)
    assert by[("002", "200.000 chip dan")][1] == "2024-12"


def test_storage_is_colossus_at_least_an_exabyte(facts):
    storage = rows(facts, metric="storage_capacity")
    assert {r["doc_id"][:3] for r in storage} == {"000", "001", "002"}
    assert all(r["subject"] == "Colossus" and r["value_norm"] >= 1e18 and r["bound"] == "at_least" for r in storage)


def test_targets_are_planned(facts):
    planned = rows(facts, modality="planned")
    million = [r for r in planned if r["value_norm"] == 1e6]
    assert {r["doc_id"][:3] for r in million} == {"000", "001", "002"}
    assert all(r["subject"] == "Colossus" and r["metric"] == "gpu_count" for r in million)
    assert {r["period"] for r in million} == {"2025"}  # "d'ici la fin de l'année", "bis Ende des Jahres"
    # "ce système pourrait doubler sa capacité …, pour atteindre 200 000 GPU"
    assert [(r["doc_id"][:3], r["value_norm"]) for r in planned if r["value_norm"] != 1e6] == [("004", 200000.0)]


def test_facility_area_is_in_square_metres(facts):
    area = sorted((r["doc_id"][:3], round(r["value_norm"], 1)) for r in rows(facts, metric="facility_area"))
    assert area == [("000", 6967.7), ("001", 6967.7), ("002", 69677.3)]
    assert {r["subject"] for r in rows(facts, metric="facility_area")} == {"Colossus"}


def test_money_facts(facts):
    purchase = rows(facts, metric="purchase_value")
    assert {(r["doc_id"][:3], r["subject"], r["value_norm"], r["unit_norm"]) for r in purchase} == {
        ("000", "xAI", 5e9, "USD"), ("001", "xAI", 5e9, "USD"), ("002", "xAI", 5e9, "USD")}
    x_deal = rows(facts, metric="acquisition_price")
    # the thing sold is the subject, its buyer the counterparty
    assert {(r["subject"], r["counterparty"], r["value_norm"], r["unit_norm"]) for r in x_deal} == {
        ("X", "xAI", 45e9, "USD"), ("X", "xAI", 41.6e9, "EUR")}
    assert {r["period"] for r in x_deal} == {"2025-03-28"}  # "vendredi 28 mars"
    funding = rows(facts, metric="funding_raised")
    assert [(r["subject"], r["subject_how"], r["bound"]) for r in funding] == [("xAI", "reference", "approx")]


def test_hotshot_facts(facts):
    hot = rows(facts, subject="Hotshot")
    metrics = {(r["doc_id"][:3], r["metric"]) for r in hot}
    for doc in ("000", "001", "002"):
        for metric in ("video_width", "video_height", "video_duration", "training_clips", "training_duration", "founded"):
            assert (doc, metric) in metrics, (doc, metric)
    widths = {r["value_norm"] for r in hot if r["metric"] == "video_width"}
    heights = {r["value_norm"] for r in hot if r["metric"] == "video_height"}
    assert (widths, heights) == ({1280.0}, {720.0})
    assert {r["value_text"] for r in hot if r["metric"] == "founded"} == {"2023"}


def test_not_facts(facts):
    surfaces = set(facts["surface"].to_list())
    assert "des milliers de processeurs graphiques" not in surfaces      # vague
    assert "cinquante mille" not in surfaces                             # "…, dont cinquante mille": a part
    assert "doubler" not in surfaces                                     # a factor
    assert "Trois mois plus tard" not in surfaces                        # a time step
    assert not any("bit" in (u or "") for u in facts["unit_norm"].to_list())  # 32 bits: no metric
    assert "18/3/2025" not in surfaces                                   # a date with no cue


def test_sentences_keep_abbreviations_and_split_lines():
    text = "Selon M. Musk, tout va bien. Le titre\nNouvelle ligne… Suite ici."
    spans = [text[s:e].strip() for s, e in sentences(text, "fr")]
    assert spans == ["Selon M. Musk, tout va bien.", "Le titre", "Nouvelle ligne…", "Suite ici."]
    text = "Es kostet 5 Mrd. Euro. Dann kommt Dr. Meier."
    assert [text[s:e].strip() for s, e in sentences(text, "de")] == ["Es kostet 5 Mrd. Euro.", "Dann kommt Dr. Meier."]


def test_quantities_without_documents_or_metric_are_dropped(documents):
    q = gold.frame({"x": "Il fait 20 degrés."}, [{"doc": "x", "surface": "20 degrés", "value": 20, "unit": "degC"}])
    docs = gold.documents_frame({"x": "Il fait 20 degrés."}, {"x": "fr"}, {"x": None})
    assert link_facts(q, docs).height == 0
    assert link_facts(q, documents).height == 0  # doc "x" is not among the documents


def test_empty_input():
    empty = link_facts(pl.DataFrame(schema=gold.QUANTITIES), gold.documents())
    assert empty.schema == pl.Schema(FACTS) and empty.height == 0


def test_on_the_real_extractor():
    """The same acceptance on what transforms.extract + transforms.units produce (when they exist)."""
    try:
        from transforms.extract import extract_mentions
        from transforms.units import normalize
    except ImportError:
        pytest.skip("extractor not available")
    docs = gold.documents()
    facts = link_facts(normalize(extract_mentions(docs)), docs)
    assert facts.height >= 20
    assert facts.filter(pl.col("subject").is_null() | pl.col("metric").is_null()).height == 0
    million = facts.filter((pl.col("value_norm") == 1e6) & (pl.col("modality") == "planned"))
    assert million["doc_id"].n_unique() >= 3 and set(million["subject"]) == {"Colossus"}
    width = facts.filter((pl.col("metric") == "video_width") & (pl.col("value_norm") == 1280))
    assert width["doc_id"].n_unique() == 3 and set(width["subject"]) == {"Hotshot"}


# ------------------------------------------------------------------------------ small cases
def link(text: str, lang: str, mentions: list[tuple], published: str | None = "2025-06-02") -> list[dict]:
    """Facts of one text; mentions as (surface, value, unit[, bound[, counted noun]])."""
    rows = [{"doc": "d", "surface": m[0], "value": m[1], "unit": m[2], "bound": m[3] if len(m) > 3 else "exact",
             "object": m[4] if len(m) > 4 else None} for m in mentions]
    docs = gold.documents_frame({"d": text}, {"d": lang}, {"d": published})
    return link_facts(gold.frame({"d": text}, rows), docs).to_dicts()


def test_a_buy_cue_followed_by_an_organisation_is_an_acquisition():
    text = "Elon Musk a finalisé l'achat de Twitter pour 44 milliards de dollars. xAI a annoncé l'achat de serveurs pour 5 milliards de dollars."
    facts = link(text, "fr", [("44 milliards de dollars", 44e9, "USD"), ("5 milliards de dollars", 5e9, "USD")])
    # the thing sold is the subject; its buyer, a company, the counterparty (Musk is a person: none)
    assert [(f["metric"], f["subject"], f["counterparty"]) for f in facts] == [
        ("acquisition_price", "X", None), ("purchase_value", "xAI", None)]
    text = "Microsoft a finalisé l'achat de Twitter pour 44 milliards de dollars."
    facts = link(text, "fr", [("44 milliards de dollars", 44e9, "USD")])
    assert [(f["metric"], f["subject"], f["counterparty"]) for f in facts] == [("acquisition_price", "X", "Microsoft")]


def test_target_year_from_the_publication_date():
    text = "La société Zephyr Robotics prévoit d'atteindre 500 salariés d'ici la fin de l'année."
    [fact] = link(text, "fr", [("500 salariés", 500, "count")])
    assert (fact["subject"], fact["metric"], fact["modality"], fact["period"], fact["period_how"]) == (
        "Zephyr Robotics", "employees", "planned", "2025", "published")
    [fact] = link(text, "fr", [("500 salariés", 500, "count")], published=None)
    assert fact["period"] is None  # no publication date: unknown, not guessed


def test_a_plan_after_a_conjunction_is_another_statement():
    text = "Le groupe Zephyr a investi 2 milliards d'euros dans ce projet et compte porter sa capacité à 100 MW d'ici 2027."
    facts = link(text, "fr", [("2 milliards d'euros", 2e9, "EUR"), ("100 MW", 1e8, "W"), ("d'ici 2027", "2027", "date")])
    by = {f["metric"]: (f["modality"], f["period"]) for f in facts}
    assert by == {"investment": ("reported", None), "power_capacity": ("planned", "2027")}


def test_a_date_speaks_of_its_own_statement():
    text = "Brightline reported revenue of $310 million last year and has about 1,800 employees."
    facts = link("The company Brightline Systems is growing. " + text, "en",
                 [("$310 million", 310e6, "USD"), ("last year", "2024", "date"), ("about 1,800 employees", 1800, "count", "approx")])
    assert {f["metric"]: f["period"] for f in facts} == {"revenue": "2024", "employees": None}


def test_a_time_step_needs_an_anchor_close_by():
    text = ("Le data center Orion a ouvert en mars 2024 avec 20 MW. Trois mois plus tard, le data center "
            "Orion disposait de 40 MW.")
    facts = link(text, "fr", [("mars 2024", "2024-03", "date"), ("20 MW", 2e7, "W"), ("Trois mois", 3, "month"),
                              ("40 MW", 4e7, "W")])
    assert [(f["value_norm"], f["period"], f["period_how"]) for f in facts if f["metric"] == "power_capacity"] == [
        (2e7, "2024-03", "clause"), (4e7, "2024-06", "relative")]
    assert all(f["subject"] == "Orion" for f in facts)


def test_a_language_without_its_own_cue_file_still_links():
    text = "A empresa Zephyr Robotics tem 350 funcionários."
    [fact] = link(text, "pt", [("350 funcionários", 350, "count")])
    assert (fact["metric"], fact["subject"]) == ("employees", "Zephyr Robotics")


def test_a_price_per_share_is_not_a_deal_value():
    text = "The company Acme Widgets agreed to be acquired for 35 dlrs a share, or about 265 mln dlrs."
    facts = link(text, "en", [("35 dlrs", 35, "USD"), ("about 265 mln dlrs", 265e6, "USD", "approx")])
    assert [(f["metric"], f["value_norm"]) for f in facts] == [("acquisition_price", 265e6)]


def test_a_count_of_something_else_is_not_a_fact():
    text = "La société Zephyr Robotics emploie 350 salariés et vend dans 22 pays."
    rows = [{"doc": "d", "surface": "350 salariés", "value": 350, "unit": "count", "object": "salariés"},
            {"doc": "d", "surface": "22 pays", "value": 22, "unit": "count", "object": "pays"}]
    docs = gold.documents_frame({"d": text}, {"d": "fr"}, {"d": "2025-06-02"})
    facts = link_facts(gold.frame({"d": text}, rows), docs).to_dicts()
    assert [(f["metric"], f["value_norm"]) for f in facts] == [("employees", 350.0)]


def test_followers_of_a_person_are_not_users_of_the_network():
    text = "Musk a racheté Twitter. Donald Trump compte 80 millions d'abonnés sur Twitter."
    facts = link(text, "fr", [("80 millions d'abonnés", 80e6, "count")])
    assert facts == []


def test_a_value_word_gives_the_amount_of_the_noun_before_it():
    # "worth" after an offer is the offer's amount, not a valuation; the bidder after "from" owns it
    text = "Australian winemaker Southcorp has rejected a takeover offer worth 3.1bn Australian dollars from brewing giant Fosters Group."
    [fact] = link(text, "en", [("3.1bn Australian dollars", 3.1e9, "AUD")])
    assert (fact["metric"], fact["subject"], fact["subject_rule"]) == ("offer_value", "Fosters", "offered_by")
    text = "The start-up Zephyr Robotics is now worth 3bn dollars."
    [fact] = link(text, "en", [("3bn dollars", 3e9, "USD")])
    assert (fact["metric"], fact["subject"]) == ("valuation", "Zephyr Robotics")


def test_a_bidder_is_named_in_the_offer_s_own_phrase():
    text = ("Last week, Trans World Airlines Inc made a conditional offer to acquire USAir for 52 dlrs per share, "
            "a bid that was rejected by the USAir board.")
    facts = link(text, "en", [("52 dlrs per share", 52, "USD")])
    assert all(f["subject"] != "USAir" for f in facts)


def test_raised_to_is_an_increase_not_money_raised():
    text = "WMC is arguing against an offer from Xstrata Plc, which Xstrata raised to A$8.4bn last week."
    facts = link(text, "en", [("A$8.4bn", 8.4e9, "AUD")])
    assert [f["metric"] for f in facts] != ["funding_raised"]
    text = "The start-up Zephyr Robotics raised $40 million in a funding round."
    [fact] = link(text, "en", [("$40 million", 40e6, "USD")])
    assert (fact["metric"], fact["subject"]) == ("funding_raised", "Zephyr Robotics")


def test_a_reporter_does_not_own_the_amounts_of_the_clause_it_reports():
    text = "Moodys erwartet, dass der Anteil der Problemkredite von 45 Prozent auf 60 Prozent steigen wird."
    assert link(text, "de", [("45 Prozent", 45, "percent"), ("60 Prozent", 60, "percent")]) == []
    text = "The start-up Zephyr Robotics said that it raised $40 million in a funding round."
    [fact] = link(text, "en", [("$40 million", 40e6, "USD")])
    assert fact["subject"] == "Zephyr Robotics"  # the clause goes on about the reporter


def test_an_acronym_of_common_words_is_a_term_not_a_company():
    text = ("Memasuki kuartal I 2017, same-store sales growth (SSSG) tercatat masih minus 0,2 persen. "
            "Pada April SSSG tercatat naik 3,1 persen, lalu menjadi 4,1 persen pada bulan Mei.")
    facts = link(text, "id", [("3,1 persen", 3.1, "percent"), ("4,1 persen", 4.1, "percent")])
    assert all(f["subject"] != "SSSG" for f in facts)


def test_a_sentence_that_goes_on_is_about_the_sentence_right_before_only():
    text = ("Le ministre Christophe Castaner a fait le point. Au Pont, une conductrice a paniqué. "
            "Elle a foncé sur eux, percutant mortellement une femme de 63 ans.")
    assert link(text, "fr", [("63 ans", 63, "year")]) == []


def test_a_count_that_is_no_whole_number_is_no_fact():
    text = "CSR Ltd is also offering one share plus cash for every two Pioneer shares, which values Pioneer at 2.62 per share."
    assert link(text, "en", [("2.62", 2.62, "count")]) == []


def test_buying_shares_of_a_company_is_not_buying_the_company():
    text = "SoftBank berencana membeli saham Tokopedia dengan nilai mencapai 9 miliar dolar AS."
    facts = link(text, "id", [("9 miliar dolar AS", 9e9, "USD")])
    assert all(f["subject"] != "Tokopedia" for f in facts)
    text = "SoftBank berencana membeli Tokopedia dengan nilai mencapai 9 miliar dolar AS."
    [fact] = link(text, "id", [("9 miliar dolar AS", 9e9, "USD")])
    assert (fact["subject"], fact["counterparty"]) == ("Tokopedia", "SoftBank")


def test_a_relative_clause_is_about_the_phrase_right_before_it():
    text = "Zephyr Robotics plans to buy Orion Labs with cash worth 9 billion dollars, which would give it 14 percent of the market."
    facts = link(text, "en", [("14 percent", 14, "percent")])
    assert all(f["subject"] != "Orion Labs" for f in facts)


def test_the_target_of_a_bid_does_not_own_the_offer():
    text = ("General Partners said it has started a tender offer for all common shares of GenCorp Inc. "
            "GenCorp has about 22.3 mln shares outstanding, making the value of the offer about 2.23 billion dlrs.")
    facts = link(text, "en", [("about 2.23 billion dlrs", 2.23e9, "USD", "approx")])
    assert all(f["subject"] != "GenCorp" for f in facts)
    # unless it bids itself in that sentence
    text = ("Trans World Airlines made an offer to acquire USAir Group. "
            "In February USAir had offered to pay 71 dlrs per share in cash for half of Piedmont's stock.")
    [fact] = link(text, "en", [("71 dlrs", 71, "USD")])
    assert (fact["subject"], fact["metric"]) == ("USAir", "offer_per_share")


def test_worth_after_a_common_noun_is_that_noun_s_amount_not_a_valuation():
    text = "The start-up Zephyr Robotics announced fiscal measures worth 5 billion dollars."
    assert link(text, "en", [("5 billion dollars", 5e9, "USD")]) == []
    text = "The start-up Zephyr Robotics could be worth 5 billion dollars."
    [fact] = link(text, "en", [("5 billion dollars", 5e9, "USD")])
    assert (fact["metric"], fact["subject"]) == ("valuation", "Zephyr Robotics")


def test_earned_on_sales_of_is_a_profit_then_a_revenue():
    text = "The company Zephyr Robotics earned 71.6 mln dlrs on sales of 6.7 billion dlrs in 1986."
    facts = link(text, "en", [("71.6 mln dlrs", 71.6e6, "USD"), ("6.7 billion dlrs", 6.7e9, "USD")])
    assert [(f["metric"], f["value_norm"]) for f in facts] == [("profit", 71.6e6), ("revenue", 6.7e9)]


def test_amounts_matched_to_names_respectively_get_no_subject():
    text = "Zephyr Robotics and Orion Labs employ 350 and 120 people respectively."
    assert link(text, "en", [("350", 350, "count"), ("120 people", 120, "count")]) == []


def test_a_distance_from_a_place_is_not_the_place_s():
    text = "Le ministre s'est rendu à Trèbes, à 20 km de Carcassonne, où six personnes sont décédées."
    assert [f for f in link(text, "fr", [("20 km", 20000, "m")]) if f["metric"] == "distance"] == []


def test_a_part_of_a_year_makes_the_period_that_part():
    text = "The company Zephyr Robotics reported revenues of 2.32 billion dlrs for the first quarter."
    [fact] = link(text, "en", [("2.32 billion dlrs", 2.32e9, "USD")], published="1987-04-20")
    assert (fact["metric"], fact["period"], fact["period_how"]) == ("revenue", "1987-Q1", "published")
    [fact] = link(text, "en", [("2.32 billion dlrs", 2.32e9, "USD")], published="1987-02-10")
    assert fact["period"] == "1986-Q1"  # the latest first quarter that had ended
    text = "La société Zephyr Robotics a réalisé un chiffre d'affaires de 40 millions d'euros au premier semestre 2024."
    [fact] = link(text, "fr", [("40 millions d'euros", 40e6, "EUR"), ("2024", "2024", "date")])
    assert (fact["period"], fact["period_how"]) == ("2024-01/2024-06", "clause")


def test_a_part_of_a_year_written_with_a_hyphen_or_abbreviated_is_that_part():
    text = "Zephyr Robotics saw its fourth-quarter 2004 profits fall 15% to $56m."
    [fact] = [f for f in link(text, "en", [("$56m", 56e6, "USD"), ("2004", "2004", "date")]) if f["value_norm"] == 56e6]
    assert (fact["metric"], fact["period"]) == ("profit", "2004-Q4")
    text = "In the 1986 1st qtr, Zephyr Robotics reported a net loss of 118.4 mln dlrs."
    [fact] = [f for f in link(text, "en", [("118.4 mln dlrs", 118.4e6, "USD"), ("1986", "1986", "date")])
              if f["value_norm"] == 118.4e6]
    assert fact["period"] == "1986-Q1"


def test_a_quarter_that_does_not_say_which_leaves_the_value_undated_not_the_year_s():
    text = "Net profit of Zephyr Robotics was $186m in the quarter, the company said in 2004."
    facts = [f for f in link(text, "en", [("$186m", 186e6, "USD"), ("2004", "2004", "date")]) if f["value_norm"] == 186e6]
    assert [(f["metric"], f["period"]) for f in facts] == [("profit", None)]


def test_an_amount_per_day_is_a_rate_not_a_total_but_a_year_s_flow_is_one():
    text = "La société Zephyr Robotics produit 20 tonnes par jour."
    assert link(text, "fr", [("20 tonnes", 20000, "kg")]) == []
    text = "Le site de la société Zephyr Robotics a une capacité de 120 000 tonnes par an."
    assert [f["value_norm"] for f in link(text, "fr", [("120 000 tonnes", 1.2e8, "kg")])] == [1.2e8]


def test_a_statistics_office_or_regulator_known_by_its_acronym_reports_figures_it_does_not_own():
    text = "Traders watched the EIA report. The EIA said residual fuel stocks fell to 36.4 mln barrels."
    assert all(f["subject"] != "EIA" for f in link(text, "en", [("36.4 mln barrels", 5.79e6, "m3")]))


def test_an_amount_paired_with_one_per_share_is_per_share_too():
    text = "The company Zephyr Robotics said first quarter net income rose to 1.04 dlrs from 83 cts a share."
    facts = link(text, "en", [("1.04 dlrs", 1.04, "USD"), ("83 cts", 0.83, "USD")])
    assert [f for f in facts if f["metric"] == "profit"] == []
    text = "The company Zephyr Robotics said first quarter net income rose to 104 mln dlrs from 83 mln dlrs."
    facts = link(text, "en", [("104 mln dlrs", 104e6, "USD"), ("83 mln dlrs", 83e6, "USD")])
    assert {f["metric"] for f in facts} == {"profit"}


def test_an_amount_after_per_is_a_denominator():
    text = "Einsame Spitze in dieser Auswertung ist Israel mit 17 Forschern pro 1.000 Einwohnern."
    assert link(text, "de", [("1.000 Einwohnern", 1000, "count")]) == []


# ----------------------------------------------------------------------------- a protest's counts
PROTEST = ("Le mouvement des « bonnets verts » a tenu son sixième samedi de mobilisation. "
           "À Rennes, 5 000 personnes ont défilé selon les organisateurs, 3 200 selon la préfecture. "
           "Au total, 41 manifestants ont été interpellés, selon la même source. "
           "La CGT a rassemblé 900 personnes à Brest. Douze policiers ont été blessés. "
           "Les bonnets verts promettent de revenir samedi.")


def test_a_protest_s_counts_are_the_movement_s_with_their_place_and_claimant():
    facts = link(PROTEST, "fr", [("3 200", 3200, "count"), ("5 000 personnes", 5000, "count"),
                                 ("41 manifestants", 41, "count"), ("900 personnes", 900, "count"),
                                 ("Douze policiers", 12, "count")])
    got = {(f["value_norm"], f["subject"], f["metric"], f["scope"], f["claimant"]) for f in facts}
    assert (5000.0, "bonnets verts", "protesters", "Rennes", "organisers") in got
    assert (3200.0, "bonnets verts", "protesters", None, "police") in got  # past another amount: no place
    assert (41.0, "bonnets verts", "arrested", None, "police") in got  # "la même source": the préfecture
    # a count an organisation of its sentence may own, and a count of the police, are not the movement's
    assert not any(f["value_norm"] in (900.0, 12.0) and f["subject"] == "bonnets verts" for f in facts)


def test_protest_counts_need_a_movement_named_in_the_document():
    text = "À Rennes, 3 200 personnes ont défilé selon la préfecture."
    assert link(text, "fr", [("3 200 personnes", 3200, "count")]) == []


def test_the_whole_of_a_proportion_is_no_count():
    text = "Le mouvement des gilets jaunes continue. Pour huit Français sur dix, les gilets jaunes ont raison."
    assert link(text, "fr", [("dix", 10, "count")]) == []


def test_an_amount_per_share_in_a_sentence_about_an_offer_is_the_offer_s_price():
    text = ("Brightline Systems said its tender offer expired and that it had accepted 2.3 mln shares in the company "
            "at 90.25 dlrs each.")
    [fact] = link(text, "en", [("90.25 dlrs", 90.25, "USD")])
    assert (fact["subject"], fact["metric"]) == ("Brightline Systems", "offer_per_share")


def test_the_cash_and_the_stock_part_of_one_offer_are_two_scopes():
    text = "Zephyr Robotics offered 71 dlrs cash per share for half of the stock, and 73 dlrs per share in stock for the rest."
    facts = link(text, "en", [("71 dlrs", 71, "USD"), ("73 dlrs", 73, "USD")])
    assert {(f["value_norm"], f["subject"], f["metric"], f["scope"]) for f in facts} == {
        (71.0, "Zephyr Robotics", "offer_per_share", "cash"), (73.0, "Zephyr Robotics", "offer_per_share", "stock")}


def test_a_possessive_before_the_amount_names_its_owner():
    text = ("Mining group WMC Resources rejected the bid. Analysts said Xstrata's bid of A$6.35 a share was low, "
            "and Xstrata would raise it.")
    [fact] = link(text, "en", [("A$6.35", 6.35, "AUD")])
    assert (fact["subject"], fact["metric"], fact["subject_rule"]) == ("Xstrata", "offer_per_share", "possessive")


def test_a_common_word_of_a_longer_name_is_no_subject():
    text = "L'hôtel de Lassay, la résidence du président de l'Assemblée, recevra une enveloppe de six millions d'euros."
    assert all(f["subject"] != "Assemblée" for f in link(text, "fr", [("six millions d'euros", 6e6, "EUR")]))


def test_a_sale_s_price_belongs_to_the_thing_sold_and_its_buyer_comes_after_it():
    text = ("Gencorp said its RKO General subsidiary agreed to sell KHJ-TV to MCA Inc <MCA> for 217 mln dlrs, "
            "and KHJ-TV will keep its staff.")
    [fact] = link(text, "en", [("217 mln dlrs", 217e6, "USD")])
    assert (fact["subject"], fact["metric"], fact["counterparty"]) == ("KHJ-TV", "acquisition_price", "MCA")
    # what is sold is named right after the verb, or there is no fact
    text = "A South Korean firm agreed to sell a drilling platform worth 40 mln dlrs to the Oil Commission of India."
    assert link(text, "en", [("40 mln dlrs", 40e6, "USD")]) == []


def test_credit_guarantees_for_sales_are_no_revenue():
    text = ("The Commodity Credit Corporation, CCC, has authorized 3.0 mln dlrs in credit guarantees for sales of "
            "U.S. rice to Algeria, the U.S. Agriculture Department said.")
    [fact] = link(text, "en", [("3.0 mln dlrs", 3e6, "USD")])
    assert (fact["subject"], fact["metric"]) == ("CCC", "credit_guarantees")


def test_a_part_with_a_place_of_its_own_is_that_place_s_count():
    text = ("Le mouvement des gilets jaunes faiblit. Un total de 51.400 personnes se sont mobilisées samedi en France, "
            "dont 4.000 à Paris. Les gilets jaunes ont défilé derrière des banderoles. "
            "13 800 personnes ont participé au cortège, selon le cabinet Occurence.")
    facts = link(text, "fr", [("51.400 personnes", 51400, "count"), ("4.000", 4000, "count"),
                              ("13 800 personnes", 13800, "count")])
    got = {(f["value_norm"], f["subject"], f["scope"], f["claimant"]) for f in facts}
    assert (4000.0, "gilets jaunes", "Paris", None) in got
    assert (13800.0, "gilets jaunes", None, "cabinet occurence") in got


def test_results_per_share_are_their_own_metrics():
    text = "Brightline Systems earned 74.7 mln dlrs, or 55 cts a share, up from a loss of 1.1 mln dlrs, or 19 cts a share."
    at = text.index("55 cts")
    assert choose_metric("USD", text, at, at + 6, "en", per_share=True).metric == "earnings_per_share"
    at = text.index("19 cts")
    assert choose_metric("USD", text, at, at + 6, "en", per_share=True).metric == "loss_per_share"


def test_a_part_of_the_year_said_a_year_earlier_is_that_part_of_the_year_before():
    text = ("Brightline Systems reported first quarter earnings fell to 1.5 mln dlrs. In the year-ago first quarter "
            "Brightline Systems earned 23.1 mln dlrs.")
    facts = {f["value_norm"]: f["period"] for f in link(text, "en", [("1.5 mln dlrs", 1.5e6, "USD"),
                                                                      ("23.1 mln dlrs", 23.1e6, "USD")],
                                                           published="1987-04-20")}
    assert facts == {1.5e6: "1987-Q1", 23.1e6: "1986-Q1"}
    # "fell to X from Y a year earlier": the year-ago words are Y's, and X's year is not settled by them
    text = "Brightline Systems said first quarter earnings fell to 1.5 mln dlrs from 3.5 mln dlrs a year earlier."
    facts = {f["value_norm"]: f["period"] for f in link(text, "en", [("1.5 mln dlrs", 1.5e6, "USD"),
                                                                      ("3.5 mln dlrs", 3.5e6, "USD")],
                                                           published="1987-04-20")}
    assert facts[1.5e6] is None and facts.get(3.5e6, "1986-Q1") == "1986-Q1"


def test_a_speaker_does_not_own_the_figures_he_gives():
    # a person who says a figure is its source, not its owner; what is said of the person is theirs
    text = ("Le ministre de la Santé, Olivier Véran, a annoncé une enveloppe de 300 millions d'euros pour les salaires.\n"
            "« C'est possible », explique José Maria Quicio, un retraité de 78 ans.")
    facts = link(text, "fr", [("300 millions d'euros", 3e8, "EUR"), ("78 ans", 78, "year")])
    assert [(f["subject"], f["metric"], f["value"]) for f in facts] == [("José Maria Quicio", "age", 78)]


def test_a_speaker_who_goes_on_about_himself_owns_it():
    text = "Elon Musk said he had bought a stake of 9.2 pct. Musk is a billionaire."
    facts = link(text, "en", [("9.2 pct", 9.2, "percent")])
    assert [(f["subject"], f["metric"]) for f in facts] == [("Elon Musk", "stake")]


def test_a_nearer_person_blocks_a_company_metric_from_the_name_before():
    # the concert's takings are McCartney's, a person: the place before him must not take them
    text = ("Lewat konser di Negeri Sakura itu, Paul McCartney berhasil mengumpulkan pendapatan US$ 22,8 juta. "
            "McCartney senang.")
    assert link(text, "id", [("US$ 22,8 juta", 22.8e6, "USD")]) == []


def test_qualified_results_are_not_the_net_result():
    def metric_of(text: str, amount: str, lang: str = "en") -> str | None:
        at = text.index(amount)
        choice = choose_metric("USD", text, at, at + len(amount), lang)
        return choice.metric if choice else None

    text = "It expects revenues for the year of 242 mln dlrs with operating income of about 51 mln dlrs."
    assert metric_of(text, "242 mln dlrs") == "revenue"  # the cue after it introduces its own amount
    assert metric_of(text, "about 51 mln dlrs") == "operating_profit"
    text = "The company reported a 12.6 mln dlr loss in 1986 due largely to a 9.0 mln dlr restructuring charge."
    assert metric_of(text, "12.6 mln dlr") == "net_loss"
    assert metric_of(text, "9.0 mln dlr") == "one_off_charge"
    assert metric_of("Son résultat d'exploitation atteint 3 millions d'euros.", "3 millions d'euros", "fr") == "operating_profit"


def test_a_change_says_what_changed_or_is_no_fact():
    text = ("In 2004 Siemens posted a profit of 3.36 bln euros, a rise of 27% from 2003. "
            "Siemens said revenues grew 6.4%. Siemens saw a rise of 3% in absences.")
    facts = link(text, "en", [("27%", 27, "percent"), ("6.4%", 6.4, "percent"), ("3%", 3, "percent")])
    assert {(f["value"], f["metric"], f["scope"]) for f in facts} == {
        (27.0, "growth_rate", "profit"), (6.4, "growth_rate", "revenue")}  # absences: a change of nothing known


def test_an_amount_a_level_changed_by_is_not_the_level():
    text = "Siemens restated its earnings by 5 bln dlrs. Siemens trimmed its workforce by 21,000 to 300,000 employees."
    facts = link(text, "en", [("5 bln dlrs", 5e9, "USD"), ("21,000", 21000, "count"), ("300,000 employees", 3e5, "count")])
    assert [(f["metric"], f["value"]) for f in facts] == [("employees", 300000.0)]


def test_a_source_named_after_according_to_does_not_own_the_figure():
    text = ("Selon les données de Siemens, les ventes ont atteint 40 milliards d'euros. "
            "Selon le groupe Siemens, ses ventes ont atteint 50 milliards d'euros.")
    facts = link(text, "fr", [("40 milliards d'euros", 4e10, "EUR"), ("50 milliards d'euros", 5e10, "EUR")])
    assert [(f["subject"], f["value"]) for f in facts] == [("Siemens", 5e10)]  # 'ses ventes': its own


def test_what_a_project_costs_is_an_investment_what_a_thing_costs_is_a_cost():
    text = "Le projet a coûté 2,5 milliards d'euros."
    at = text.index("2,5")
    assert M.instead(choose_metric("EUR", text, at, at + 20, "fr"), text, "fr").metric == "investment"
    text = "A GameBoy Advance costs about US $200 in Poland."
    at = text.index("about")
    assert M.instead(choose_metric("USD", text, at, at + 13, "en"), text, "en").metric == "cost"


def test_the_organisation_quoting_itself_is_no_mere_source():
    # "nach Angaben des Unternehmens": the company speaks of its own plant, so the figure stays its own
    text = ("Der Konzern Siemens baut ein Werk in Sachsen. "
            "Während der Bauphase sollen nach Angaben des Unternehmens bis zu 5.000 Arbeitsplätze entstehen.")
    facts = link(text, "de", [("bis zu 5.000 Arbeitsplätze", 5000, "count", "at_most")])
    assert [(f["subject"], f["metric"]) for f in facts] == [("Siemens", "jobs_created")]


def test_a_sentence_that_opens_with_the_metric_in_a_story_about_one_company_is_the_company_s():
    story = ("Brightline Systems doubles its profit. The software company Brightline Systems said on Monday that "
             "demand was strong. Brightline Systems plans to hire. Analysts were surprised by the figures. "
             "Net income jumped to 3 bln dlrs. The unit's sales rose to 9 bln dlrs. The union asked for 4 bln dlrs.")
    facts = link(story, "en", [("3 bln dlrs", 3e9, "USD"), ("9 bln dlrs", 9e9, "USD"), ("4 bln dlrs", 4e9, "USD")])
    assert [(f["subject"], f["metric"], f["value"], f["subject_rule"]) for f in facts] == [
        ("Brightline Systems", "profit", 3e9, "document_topic")]  # a part's sales, the union's demand: not its
    other = story.replace("Analysts were", "Meridian Corp and Analysts were")  # another company came up since
    assert link(other, "en", [("3 bln dlrs", 3e9, "USD")]) == []


def test_a_registered_name_and_its_legal_form_are_one_mention_in_wire_copy():
    # "Corp" after the name is no unknown name between the company and its figure
    text = "Mitchell Energy and Development Corp said it will hold its capital spending to 96 mln dlrs."
    facts = link(text, "en", [("96 mln dlrs", 9.6e7, "USD")])
    assert [(f["subject"], f["metric"]) for f in facts] == [("Mitchell Energy and Development", "investment")]


def test_an_amount_in_cents_is_a_price_of_one_share_not_a_total():
    text = "Hilton Hotels Corp expects earnings for the first quarter to be about 90 cts. Foo Corp said its profit was 90 mln dlrs."
    facts = link(text, "en", [("about 90 cts", 0.9, "USD", "approx"), ("90 mln dlrs", 9e7, "USD")])
    assert [(f["subject"], f["metric"]) for f in facts] == [("Hilton Hotels", "earnings_per_share"), ("Foo", "profit")]


def test_an_analyst_s_employer_does_not_own_the_figures_the_analyst_gives():
    text = ("Levesque Beaubien Inc oil analyst Robert Plexman forecasts operating profit will rise to 1.44 billion dlrs. "
            "Searle Corp chairman Sheldon Gilgore said Searle's operating loss in 1986 was 87 mln dlrs.")
    facts = link(text, "en", [("1.44 billion dlrs", 1.44e9, "USD"), ("87 mln dlrs", 8.7e7, "USD")])
    assert [(f["subject"], f["value"]) for f in facts] == [("Searle", 8.7e7)]  # a chairman speaks for his own company


def test_shares_counted_in_a_stake_are_the_holder_s():
    text = "Harris Associates said it raised its stake in Centerre Bancorporation to 508,062 shares."
    facts = link(text, "en", [("508,062 shares", 508062, "count")])
    assert all(f["subject"] != "Centerre Bancorporation" for f in facts)


def test_the_loans_a_bank_holds_are_not_its_debt():
    text = ("Horizon Funding Corp said it was sold. Horizon services 3.6 billion stg in mortgage loans. "
            "Foo Corp said its debt was 2 billion dlrs.")
    facts = link(text, "en", [("3.6 billion stg", 3.6e9, "GBP"), ("2 billion dlrs", 2e9, "USD")])
    assert [(f["subject"], f["metric"], f["value"]) for f in facts if f["metric"] == "debt"] == [("Foo", "debt", 2e9)]


def test_the_earlier_value_of_a_comparison_has_its_own_period_or_no_fact():
    text = "The company Zephyr Robotics said net profit rose to 310 mln dlrs in 1986 from 240 mln dlrs in 1985."
    facts = link(text, "en", [("310 mln dlrs", 3.1e8, "USD"), ("1986", "1986", "date"), ("240 mln dlrs", 2.4e8, "USD"),
                              ("1985", "1985", "date")])
    assert sorted((f["value_norm"], f["period"]) for f in facts) == [(2.4e8, "1985"), (3.1e8, "1986")]
    text = "The company Zephyr Robotics said net profit rose to 310 mln dlrs in 1986 from 240 mln dlrs the previous year."
    facts = link(text, "en", [("310 mln dlrs", 3.1e8, "USD"), ("1986", "1986", "date"), ("240 mln dlrs", 2.4e8, "USD")])
    assert sorted((f["value_norm"], f["period"]) for f in facts) == [(2.4e8, "1985"), (3.1e8, "1986")]
    text = "La société Zephyr Robotics a vu son bénéfice atteindre 31 millions d'euros, contre 24 millions d'euros auparavant."
    facts = link(text, "fr", [("31 millions d'euros", 3.1e7, "EUR"), ("24 millions d'euros", 2.4e7, "EUR")])
    assert [f["value_norm"] for f in facts] == [3.1e7]  # "auparavant": when? no fact


def test_a_holder_s_percentage_is_its_stake_but_not_a_share_of_its_own_stock():
    text = "Zephyr Holdings Ltd said it holds about 33 pct of Pioneer Sugar Mills Ltd."
    [fact] = link(text, "en", [("about 33 pct", 33, "percent", "approx")])
    assert (fact["subject"], fact["metric"], fact["counterparty"]) == ("Zephyr", "stake", "Pioneer Sugar Mills")
    text = "Zephyr Holdings Ltd said owners of about 70 pct of its stock offered to take it private."
    assert link(text, "en", [("about 70 pct", 70, "percent", "approx")]) == []


def test_a_comparison_may_name_its_metric_again_before_the_earlier_value():
    text = "Le groupe Zephyr a publié une perte nette de 801 millions d'euros en 2019, contre un bénéfice de 141 millions d'euros un an plus tôt."
    facts = link(text, "fr", [("801 millions d'euros", 8.01e8, "EUR"), ("en 2019", "2019", "date"),
                              ("141 millions d'euros", 1.41e8, "EUR")])
    assert sorted((f["metric"], f["period"]) for f in facts) == [("net_loss", "2019"), ("profit", "2018")]


def test_a_rating_agency_rates_debt_it_does_not_owe():
    text = "Moody's Investors Service Inc said it may downgrade 12 billion dlrs of Zephyr Corp debt."
    assert link(text, "en", [("12 billion dlrs", 1.2e10, "USD")]) == []


def test_an_undated_rival_offer_after_a_comparison_word_stays_an_offer():
    text = "Advisers value Zephyr Corp shares at 7.17 dlrs, against Acme Corp's bid of 6.35 dlrs a share."
    facts = link(text, "en", [("7.17 dlrs", 7.17, "USD"), ("6.35 dlrs", 6.35, "USD")])
    assert ("Acme", "offer_per_share") in {(f["subject"], f["metric"]) for f in facts}


def test_a_toll_in_a_story_about_one_event_is_the_events():
    text = ("Floods hit Kerala\n\nKOCHI, March 3 2024 - Floods that swept the state on Friday, March 1, left 12 people "
            "dead. More than 800 houses were damaged, the disaster agency said. The same district lost 300 people "
            "in the floods of 2018, officials recalled.")
    facts = link(text, "en", [("March 3 2024", "2024-03-03", "date"), ("March 1", "2024-03-01", "date"),
                              ("12 people", 12, "count"), ("More than 800 houses", 800, "count", "at_least"),
                              ("2018", "2018", "date"), ("300 people", 300, "count")], published="2024-03-03")
    by = {f["value_norm"]: (f["subject"], f["metric"]) for f in facts if f["unit_norm"] == "count"}
    assert by[12] == ("flood of 2024-03-01", "deaths") and by[800] == ("flood of 2024-03-01", "buildings_damaged")
    assert 300 not in by  # another year's toll is no fact of this flood


def test_the_day_an_event_struck_is_its_date():
    text = "Séisme au Chili\n\nUn séisme de magnitude 6 a frappé le nord du Chili mardi 3 mars 2020. Il a fait deux morts."
    facts = link(text, "fr", [("mardi 3 mars 2020", "2020-03-03", "date"), ("deux morts", 2, "count")],
                 published="2020-03-04")
    assert {(f["subject"], f["metric"], f["value_text"] or f["value_norm"]) for f in facts} == {
        ("earthquake of 2020-03-03", "event_date", "2020-03-03"), ("earthquake of 2020-03-03", "deaths", 2)}


def test_the_day_an_event_is_named_by_is_its_date_right_after_its_word_or_verb():
    # an unknown name between the event and its day ("West Java") does not matter: the day is the event's
    text = ("Quake toll rises\n\nJAKARTA, Sept 16, 2024 - The death toll from an earthquake that struck West Java "
            "province late on Sept. 14 rose to 41 on Tuesday.")
    facts = link(text, "en", [("Sept 16, 2024", "2024-09-16", "date"), ("Sept. 14", "2024-09-14", "date"),
                              ("41", 41, "count")], published="2024-09-16")
    assert ("earthquake of 2024-09-14", "event_date", "2024-09-14") in {
        (f["subject"], f["metric"], f["value_text"]) for f in facts}
    # the day someone spoke of it is no date of the event, though it is the same day
    text = ("Banjir di Manado\n\nBanjir melanda Manado pada Kamis (8/2/2018). \"Warga sudah mengungsi,\" kata "
            "Kepala BPBD Manado di lokasi banjir Kamis 8/2/2018.")
    facts = link(text, "id", [("Kamis (8/2/2018)", "2018-02-08", "date"), ("Kamis 8/2/2018", "2018-02-08", "date")],
                 published="2018-02-09")
    assert [f["start"] for f in facts if f["metric"] == "event_date"] == [text.index("Kamis")]


def test_in_a_story_about_one_player_his_fee_is_his_when_no_rule_finds_an_owner():
    text = ("Pedro Lasarte troca o Atlântico pelo Triana\n\nO avançado Pedro Lasarte vai deixar o Clube Atlântico. "
            "O emblema chegou a acordo com o Real Sporting de Triana para uma transferência de 30 milhões de euros, "
            "a que podem somar-se até 5 milhões em objetivos. Pedro Lasarte assina por cinco anos. "
            "Pedro Lasarte marcou 20 golos.")
    facts = link(text, "pt", [("30 milhões de euros", 3e7, "EUR"), ("até 5 milhões", 5e6, "EUR", "at_most")])
    # the club is a club ("Real Sporting" is no first name), the fee the player's; the add-ons after it are no fee
    assert [(f["subject"], f["metric"], f["value_norm"]) for f in facts] == [("Pedro Lasarte", "transfer_fee", 3e7)]
    assert facts[0]["subject_rule"] == "story_person"


def test_a_total_over_several_years_and_a_difference_are_no_values_of_one_period():
    text = "Zephyr Corp lost 120 mln dlrs over the last two years. Zephyr Corp lost 40 mln dlrs in 1986."
    facts = link(text, "en", [("120 mln dlrs", 1.2e8, "USD"), ("two years", 2 * 31557600, "second"),
                              ("40 mln dlrs", 4e7, "USD"), ("in 1986", "1986", "date")])
    assert [(f["metric"], f["value_norm"]) for f in facts] == [("net_loss", 4e7)]
    text = "Le groupe Zephyr a vu son bénéfice net atteindre 7 milliards de dollars, c'est trois milliards de moins que l'année dernière."
    facts = link(text, "fr", [("7 milliards de dollars", 7e9, "USD"), ("trois milliards", 3e9, "USD")])
    assert [f["value_norm"] for f in facts] == [7e9]


def test_a_sale_s_verb_in_a_closed_relative_clause_is_not_the_amount_s():
    text = ("Zephyr Corp, which tried in 1985 to acquire Acme Corp, recently offered three billion dlrs for "
            "Borg Corp. In 1985, Zephyr Corp tried to acquire Acme Corp for five billion dlrs.")
    facts = link(text, "en", [("three billion dlrs", 3e9, "USD"), ("five billion dlrs", 5e9, "USD")])
    assert [(f["subject"], f["value_norm"]) for f in facts if f["metric"] == "acquisition_price"] == [("Acme", 5e9)]


def test_staff_a_cut_word_governs_are_jobs_cut_but_the_whole_they_are_cut_from_is_staff():
    text = "La compagnie American Airlines va licencier 19.000 salariés en octobre."
    [fact] = link(text, "fr", [("19.000 salariés", 19000, "count", "exact", "salariés")])
    assert (fact["subject"], fact["metric"]) == ("American Airlines", "jobs_cut")  # not "Airlines", not its staff
    text = "Zephyr Corp will cut 500 of its 5,000 workers."
    facts = link(text, "en", [("500", 500, "count"), ("5,000 workers", 5000, "count", "exact", "workers")])
    assert {(f["value_norm"], f["metric"]) for f in facts} == {(500, "jobs_cut"), (5000, "employees")}


def test_an_age_in_apposition_is_the_persons_age():
    # "X, de 31 años," / "X, 31 ans," in news prose: the person's age, not a contract's length near it
    text = "El club ficha al delantero Pedro Lasarte, de 31 años, con un contrato de dos años."
    facts = link(text, "es", [("31 años", 31 * 31557600, "second"), ("dos años", 2 * 31557600, "second")])
    assert {(f["subject"], f["metric"]) for f in facts} >= {("Pedro Lasarte", "age")}
    assert ("Pedro Lasarte", "contract_length", 31 * 31557600) not in {(f["subject"], f["metric"], f["value_norm"]) for f in facts}


def test_a_count_credited_to_the_police_or_the_organisers_is_a_crowd():
    text = ("Le mouvement des « gilets jaunes » a encore manifesté samedi. Des marches ont eu lieu à Rennes "
            "(1800 personnes selon la police, 2000 selon les organisateurs).")
    facts = link(text, "fr", [("1800 personnes", 1800, "count"), ("2000", 2000, "count")])
    assert {(f["value_norm"], f["metric"], f["claimant"]) for f in facts} == {
        (1800, "protesters", "police"), (2000, "protesters", "organisers")}
