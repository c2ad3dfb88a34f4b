"""Critical promises: the clean world passes; each dirty world has one commented defect that blocks
publishing, with a sentence that says which promise broke and on which rows."""

from __future__ import annotations

import polars as pl
import pytest

from expectations import audit
from tests.expectations.world import consensus_of, edit

UNKNOWN_DOC = "ffffffffffffffff"


def test_clean_world_passes_every_critical_suite(world):
    result = audit.audit_tables(world)
    assert result.passed, result.blocking
    assert result.blocking == []
    assert [s["name"] for s in result.suites] == ["documents.table", "quantities.table", "facts.table", "consensus.table"]
    assert all(s["success"] and s["critical"] for s in result.suites)
    assert result.quarantine.is_empty()
    assert all(result.frames[t] is world[t] for t in world)  # table suites never remove rows


def duplicate_row(frame: pl.DataFrame, row: int) -> pl.DataFrame:
    return pl.concat([frame, frame[row]])


DEFECTS = {
    # a linker that emits a fact twice under the same fact_id
    "duplicate_fact_id": lambda w: {"facts": edit(w["facts"], 1, fact_id=w["facts"].get_column("fact_id")[0])},
    # the same article ingested twice
    "duplicate_doc_id": lambda w: {"documents": duplicate_row(w["documents"], 0)},
    # the same quantity extracted twice
    "duplicate_quantity": lambda w: {"quantities": duplicate_row(w["quantities"], 3)},
    # a fact whose document is not in this run
    "fact_of_unknown_document": lambda w: {"facts": edit(w["facts"], 4, doc_id=UNKNOWN_DOC)},
    "quantity_of_unknown_document": lambda w: {"quantities": edit(w["quantities"], 4, doc_id=UNKNOWN_DOC)},
    # a consensus row whose n_sources lies: three documents, five claimed
    "n_sources_lies": lambda w: {"consensus": edit(w["consensus"], 0, n_sources=5)},
    # two consensus rows for one (subject, metric, period, unit_norm), period NULL
    "duplicate_consensus_key": lambda w: {"consensus": duplicate_row(w["consensus"], 1)},
    "unknown_status": lambda w: {"consensus": edit(w["consensus"], 2, status="maybe")},
    "consensus_cites_unknown_document": lambda w: {"consensus": edit(w["consensus"], 3, doc_ids=[UNKNOWN_DOC])},
    "consensus_cites_unknown_fact": lambda w: {"consensus": edit(w["consensus"], 3, fact_ids=["nope"])},
    # "agreed" with a single source
    "agreed_alone": lambda w: {"consensus": edit(w["consensus"], 1, status="agreed")},
    "single_source_with_three": lambda w: {"consensus": edit(w["consensus"], 0, status="single_source")},
    # "compatible" needs two independent sources too
    "compatible_alone": lambda w: {"consensus": edit(w["consensus"], 1, status="compatible")},
    # reprints counted once can only lower the count of sources
    "more_independent_than_sources": lambda w: {"consensus": edit(w["consensus"], 1, n_independent_sources=4)},
    "no_independent_sources": lambda w: {"consensus": edit(w["consensus"], 2, n_independent_sources=None)},
    "more_languages_than_sources": lambda w: {"consensus": edit(w["consensus"], 1, n_languages=4)},
    "consensus_without_metric": lambda w: {"consensus": edit(w["consensus"], 4, metric=None)},
}
WORDS = {
    "duplicate_fact_id": "facts: fact_id is unique, but 2 of 7 rows break it",
    "duplicate_doc_id": "documents: doc_id is unique, but 2 of 4 rows break it (e.g. doc_id",
    "duplicate_quantity": "quantities: one row per quantity",
    "fact_of_unknown_document": f"facts: every fact's doc_id is a document, but 1 of 7 rows break it (e.g. fact_id",
    "quantity_of_unknown_document": "quantities: every quantity's doc_id is a document",
    "n_sources_lies": "consensus: n_sources is the number of distinct doc_ids, but 1 of 5 rows break it "
                      "(e.g. subject 'Colossus', metric 'gpu_count', period '2024-09', unit_norm 'count', status 'agreed', n_sources 5)",
    "duplicate_consensus_key": "consensus: one row per (subject, metric, period, unit_norm), but 2 of 6 rows break it",
    "unknown_status": "consensus: status is one of agreed, compatible, conflict, single_source",
    "consensus_cites_unknown_document": "consensus: every doc_id of a consensus row is a document",
    "consensus_cites_unknown_fact": "consensus: every fact_id of a consensus row is a fact",
    "agreed_alone": "consensus: an agreed value has two or more independent sources",
    "compatible_alone": "consensus: a compatible value has two or more independent sources",
    "single_source_with_three": "consensus: a single_source value has exactly one independent source",
    "more_independent_than_sources": "consensus: n_independent_sources is at most n_sources",
    "no_independent_sources": "consensus: every consensus row has subject, metric, unit_norm, status, n_sources, "
                              "n_independent_sources",
    "more_languages_than_sources": "consensus: n_languages is at most n_sources",
    "consensus_without_metric": "consensus: every consensus row has subject, metric",
}


@pytest.mark.parametrize("case", list(DEFECTS))
def test_a_broken_critical_promise_blocks_publishing(world, case):
    dirty = dict(world, **DEFECTS[case](world))
    result = audit.audit_tables(dirty)
    assert not result.passed
    assert any(b.startswith(WORDS[case]) for b in result.blocking), result.blocking
    failed = [s for s in result.suites if not s["success"]]
    assert failed and all(s["critical"] for s in failed)
    assert failed[0]["failures"][0]["description"]


def test_a_missing_frame_blocks(world):
    frames = {k: v for k, v in world.items() if k != "consensus"}
    result = audit.audit_tables(frames)
    assert not result.passed
    assert "consensus: the frame was not given to the audit" in result.blocking


def test_audit_runs_rows_then_tables_and_rebuilds_consensus(world):
    # defect: one fact with an unknown modality; it is quarantined, and the rebuilt consensus
    # no longer cites it, so publishing may go on
    dirty = dict(world, facts=edit(world["facts"], 6, modality="rumoured"))
    result = audit.audit(dirty, reconcile=consensus_of)
    assert result.passed, result.blocking
    assert result.quarantine.height == 1
    gone = world["facts"].get_column("fact_id")[6]
    cited = result.frames["consensus"].get_column("fact_ids").explode().to_list()
    assert gone not in cited
    assert [s["name"] for s in result.suites][:3] == ["documents.rows", "quantities.rows", "facts.rows"]
    assert len(result.validations) == len(result.suites) == 8


def test_a_stale_consensus_citing_a_quarantined_fact_blocks(world):
    # defect: the consensus was built before the audit and still cites the quarantined fact
    dirty = dict(world, facts=edit(world["facts"], 6, modality="rumoured"))
    result = audit.audit(dirty)
    assert not result.passed
    assert any("every fact_id of a consensus row is a fact" in b for b in result.blocking)


def test_combine_keeps_a_row_level_block(world):
    rows = audit.audit_rows(dict(world, quantities=world["quantities"].with_columns(pl.lit("furlong").alias("unit"))))
    tables = audit.audit_tables(dict(rows.frames, consensus=world["consensus"].clear()))
    both = rows.combine(tables)
    assert not rows.passed and not both.passed
    assert both.blocking[: len(rows.blocking)] == rows.blocking


def test_empty_frames_pass(world):
    empty = {name: frame.clear() for name, frame in world.items()}
    result = audit.audit(empty)
    assert result.passed, result.blocking
    assert len(result.suites) == 8 and result.quarantine.is_empty()


def test_an_all_null_column_of_type_null_is_read_as_its_schema_type(world):
    # not a defect: a producer that left every `object` NULL without a type
    quantities = world["quantities"].with_columns(pl.lit(None).alias("object"))
    assert quantities.schema["object"] == pl.Null
    given = dict(world, quantities=quantities)
    result = audit.audit_rows(given)
    assert result.passed, result.blocking
    assert result.frames["quantities"].schema["object"] == pl.String
    assert given["quantities"] is quantities  # the caller's dict is left alone
