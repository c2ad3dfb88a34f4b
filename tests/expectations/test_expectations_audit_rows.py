"""Row promises: a clean world passes untouched; each dirty world has one commented defect that is
quarantined (with what depends on it), with a reason a person understands, while the rest goes on."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from expectations import audit
from tests.expectations.world import edit
from transforms import schemas


def test_clean_world_keeps_every_row(world):
    result = audit.audit_rows(world)
    assert result.passed, result.blocking
    assert result.quarantine.is_empty()
    assert result.quarantine.schema == pl.Schema(schemas.QUARANTINE)
    for table in ("documents", "quantities", "facts"):
        assert result.frames[table].equals(world[table])
    assert {s["name"] for s in result.suites} == {"documents.rows", "quantities.rows", "facts.rows", "run.quarantine"}
    assert all(s["success"] and s["failed"] == 0 and s["evaluated"] > 0 for s in result.suites)


# (table, row, defect, the reason's words); one defect per case, said in the id.
DEFECTS = {
    # the brief's example: a linker that reads "5 000 000 000 000 GPU" as a GPU count
    "gpu_count_of_5e12": ("facts", 0, {"value": 5e12, "value_norm": 5e12},
                          "gpu_count 5e12 is outside the plausible range 1..1e8 for this metric"),
    # an extractor off by five characters at the end of the text
    "offset_past_the_end": ("quantities", 1, {"end": 202}, "offset 202 is past the end of the document (197 characters)"),
    "negative_start": ("quantities", 9, {"start": -3}, "start offset -3 is negative"),
    "empty_span": ("quantities", 7, {"start": 122, "end": 122}, "the span 122..122 is empty or reversed"),
    # the surface says 200 000 where the text says 100.000
    "surface_not_the_text": ("quantities", 5, {"surface": "200.000 Grafikkarten"},
                             "the surface '200.000 Grafikkarten' is not the text at"),
    "unknown_unit": ("quantities", 7, {"unit": "furlong"}, "unit 'furlong' is not an allowed unit"),
    "unknown_bound": ("quantities", 2, {"bound": "roughly"}, "bound 'roughly' is not a bound"),
    "month_13": ("quantities", 0, {"value_text": "2024-13"}, "value_text '2024-13' is not an ISO date"),
    "date_without_text": ("quantities", 4, {"value_text": None}, "the date has no value_text"),
    "nan_value": ("quantities", 3, {"value": math.nan}, "value NaN is not a finite number"),
    "amount_too_large": ("quantities", 2, {"value": 1e17}, "value 1e17 USD is outside the plausible range -1e16..1e16"),
    "count_without_value": ("quantities", 9, {"value": None}, "value is missing for a count amount"),
    "quantity_without_document": ("quantities", 9, {"doc_id": None}, "doc_id is missing"),
    "negative_byte_norm": ("quantities", 7, {"unit_norm": "byte", "value_norm": -1.0},
                           "value_norm -1 byte is outside the plausible range 0..1e24 for this unit"),
    "fact_without_subject": ("facts", 1, {"subject": None}, "subject is missing"),
    "blank_subject": ("facts", 1, {"subject": "  "}, "the subject is blank"),
    "blank_counterparty": ("facts", 1, {"counterparty": " "}, "the counterparty is blank"),
    "metric_not_snake_case": ("facts", 2, {"metric": "Facility Area"}, "metric 'Facility Area' is not a snake_case name"),
    "unknown_modality": ("facts", 3, {"modality": "rumoured"}, "modality 'rumoured' is not a modality"),
    "period_not_iso": ("facts", 6, {"period": "Q3 2024"}, "period 'Q3 2024' is not an ISO date"),
    "unit_norm_not_normalized": ("facts", 2, {"unit_norm": "sq_ft"}, "unit_norm 'sq_ft' is not a normalized unit"),
    "fact_span_shifted": ("facts", 5, {"start": 104, "end": 122}, "is not the text at 104..122"),
    "document_n_chars_lies": ("documents", 1, {"n_chars": 10}, "n_chars 10 is not the length of its text (141 characters)"),
    "language_not_iso": ("documents", 2, {"language": "indonesian"}, "language 'indonesian' is not an ISO 639-1 code"),
    "published_in_1066": ("documents", 0, {"published": date(1066, 10, 14)}, "publication year 1066 is not between 1800"),
    "doc_id_not_a_hash": ("documents", 2, {"doc_id": "ID-3"}, "doc_id 'ID-3' is not 16 hex digits"),
    "document_without_language": ("documents", 0, {"language": None}, "language is missing"),
    "unknown_precision": ("documents", 1, {"published_precision": "week"},
                          "published_precision 'week' is not a precision (day, month, year)"),
    "infinite_value_norm": ("quantities", 5, {"value_norm": math.inf}, "value_norm inf is not a finite number"),
    "fact_in_furlongs": ("facts", 5, {"unit": "furlong"}, "unit 'furlong' is not an allowed unit"),
    "founded_on_february_30": ("facts", 4, {"value_text": "2023-02-30"}, "value_text '2023-02-30' is not an ISO date"),
    "fact_without_value_norm": ("facts", 0, {"value_norm": None}, "value_norm is missing for a count amount"),
    # (durations go up to the age of the universe: 4.4e17 s)
    "fact_value_beyond_its_unit": ("facts", 5, {"value": 1e18}, "value 1e18 second is outside the plausible range"),
}


@pytest.mark.parametrize("case", list(DEFECTS))
def test_a_broken_row_is_quarantined_with_its_reason(world, case):
    table, row, values, words = DEFECTS[case]
    # only the documents and the table at fault: the other suites have their own tests (and cost time)
    dirty = {"documents": world["documents"], table: edit(world[table], row, **values)}
    bad_key = dirty[table].row(row, named=True)

    result = audit.audit_rows(dirty)

    own = result.quarantine.filter(pl.col("stage") == f"audit:{table}.rows")
    assert any(words in reason for reason in own.get_column("reason")), own.get_column("reason").to_list()
    assert result.frames[table].height == world[table].height - 1
    key = bad_key["fact_id"] if table == "facts" else bad_key["doc_id"]
    assert (key or f"{table} row {row}") in own.get_column("source").to_list()
    assert result.passed, result.blocking  # one bad row does not block the run


def test_a_fact_may_name_its_counterparty_or_not(world):
    # "xAI a acheté à Dell pour 5 milliards": Dell is the other party; most facts have none (NULL)
    facts = edit(world["facts"], 0, counterparty="Dell")
    result = audit.audit_rows({"documents": world["documents"], "facts": facts})
    assert result.quarantine.is_empty() and result.frames["facts"].equals(facts)


def test_the_reason_says_where_the_row_comes_from(world):
    # defect: a GPU count of 5 000 000 000 000
    dirty = dict(world, facts=edit(world["facts"], 0, value=5e12, value_norm=5e12))
    reason = audit.audit_rows(dirty).quarantine.get_column("reason")[0]
    doc_id = world["facts"].get_column("doc_id")[0]
    assert reason == (f"gpu_count 5e12 is outside the plausible range 1..1e8 for this metric "
                      f"(doc {doc_id[:8]}…, fr_colossus.txt, '100 000 puces Nvidia')")


def test_a_quarantined_document_takes_its_quantities_and_facts(world):
    # defect: n_chars of the German article is wrong
    dirty = dict(world, documents=edit(world["documents"], 1, n_chars=10))
    doc_id = world["documents"].get_column("doc_id")[1]
    result = audit.audit_rows(dirty)
    for table, n in (("quantities", 4), ("facts", 3)):
        assert doc_id not in result.frames[table].get_column("doc_id").to_list()
        assert result.frames[table].height == world[table].height - n
    followers = result.quarantine.filter(pl.col("reason").str.starts_with("its document was quarantined"))
    assert followers.height == 7
    assert result.passed


def test_the_facts_of_a_quarantined_quantity_go_too(world):
    # defect: the quantity "100 000 puces Nvidia" has an unknown bound; fact 0 was linked to it
    dirty = dict(world, quantities=edit(world["quantities"], 1, bound="roughly"))
    result = audit.audit_rows(dirty)
    fact_id = world["facts"].get_column("fact_id")[0]
    assert fact_id not in result.frames["facts"].get_column("fact_id").to_list()
    follower = result.quarantine.filter(pl.col("source") == fact_id)
    assert follower.get_column("reason")[0].startswith("its quantity was quarantined: bound 'roughly'")
    assert result.frames["facts"].height == world["facts"].height - 1


def test_the_quantity_of_an_implausible_fact_goes_too(world):
    # defect: the text itself says "5 000 000 000 000 puces Nvidia": the quantity (a plausible count) and
    # its gpu_count fact (implausible for the metric) carry the same number on the same span
    dirty = dict(world, quantities=edit(world["quantities"], 1, value=5e12, value_norm=5e12),
                 facts=edit(world["facts"], 0, value=5e12, value_norm=5e12))
    result = audit.audit_rows(dirty)
    assert result.frames["quantities"].height == world["quantities"].height - 1
    assert 5e12 not in result.frames["quantities"].get_column("value").to_list()
    reasons = result.quarantine.get_column("reason").to_list()
    assert len(reasons) == 2, reasons  # the fact, and the quantity it was read from
    assert any(r.startswith("its fact is implausible: gpu_count 5e12 is outside the plausible range") for r in reasons)
    assert result.passed, result.blocking


def test_a_quantity_is_kept_when_its_fact_breaks_another_promise(world):
    # defect: fact 0 has a blank subject, which says nothing about the number it was read from
    result = audit.audit_rows(dict(world, facts=edit(world["facts"], 0, subject="  ")))
    assert result.frames["quantities"].equals(world["quantities"])
    assert result.frames["facts"].height == world["facts"].height - 1


def test_a_row_breaking_two_promises_is_quarantined_once_with_both_reasons(world):
    # defect: an unknown unit and an unknown bound on the same quantity
    dirty = dict(world, quantities=edit(world["quantities"], 7, unit="furlong", bound="roughly"))
    result = audit.audit_rows(dirty)
    assert result.quarantine.height == 1
    reason = result.quarantine.get_column("reason")[0]
    assert "unit 'furlong'" in reason and "bound 'roughly'" in reason


def test_too_many_quarantined_rows_block_the_run(world):
    # defect: a broken unit table, every quantity in furlongs
    broken = world["quantities"].with_columns(pl.lit("furlong").alias("unit"))
    result = audit.audit_rows(dict(world, quantities=broken))
    assert not result.passed
    assert any(b.startswith("quantities: 10 of 10 rows (100%) were quarantined") for b in result.blocking)
    share = next(s for s in result.suites if s["name"] == "run.quarantine")
    assert not share["success"] and share["critical"]


def test_a_missing_column_blocks_and_keeps_the_table_as_is(world):
    # defect: the normalizer dropped the surface column
    result = audit.audit_rows(dict(world, quantities=world["quantities"].drop("surface")))
    assert not result.passed
    assert "quantities: required column surface is missing" in result.blocking
    assert result.frames["quantities"].height == world["quantities"].height


def test_a_wrong_type_blocks(world):
    # defect: n_chars written as text
    documents = world["documents"].with_columns(pl.col("n_chars").cast(pl.String))
    result = audit.audit_rows(dict(world, documents=documents))
    assert not result.passed
    assert "documents: column n_chars is String, not Int64" in result.blocking


def test_a_promise_that_cannot_be_checked_blocks(world, monkeypatch):
    # defect: the range tables are gone, so the range promises raise inside GX
    from expectations import custom

    monkeypatch.setattr(custom, "_RANGE_TABLES", {})
    result = audit.audit_rows(world)
    assert not result.passed
    assert any(b.startswith("quantities.rows: could not check that value is plausible for its unit")
               for b in result.blocking), result.blocking
    assert result.quarantine.is_empty()


def test_a_trailing_newline_is_not_a_metric_name(world):
    # defect: "gpu_count\n" would be a second gpu_count in the consensus
    result = audit.audit_rows(dict(world, facts=edit(world["facts"], 0, metric="gpu_count\n")))
    assert result.quarantine.height == 1
    assert result.quarantine.get_column("reason")[0].startswith("metric 'gpu_count\\n' is not a snake_case name")
