"""Run bookkeeping: which documents are new or stale, and the merged next state."""

import polars as pl

from transforms import runs, schemas


def docs(*ids, version="v1"):
    frame = schemas.conform(pl.DataFrame({"doc_id": list(ids), "text": ["t"] * len(ids)}), schemas.DOCUMENTS)
    return frame.with_columns(pl.lit(version).alias("rules_version"))


def rows(schema, *ids):
    return schemas.conform(pl.DataFrame({"doc_id": list(ids)}), schema)


def test_documents_of_other_rules_are_stale():
    published = pl.concat([docs("a", "b"), docs("c", version="v0")])
    assert runs.stale_doc_ids(published, "v1") == {"c"}


def test_without_rules_version_everything_is_stale():
    assert runs.stale_doc_ids(docs("a").drop("rules_version"), "v1") == {"a"}


def test_new_documents_skips_known_ids():
    assert runs.new_documents(docs("a", "b", "c"), {"b"}).get_column("doc_id").to_list() == ["a", "c"]


def test_stamp_documents_records_rules_and_run():
    stamped = runs.stamp_documents(docs("a").drop("rules_version"), "v9", "run-1")
    assert stamped.row(0, named=True)["rules_version"] == "v9"
    assert stamped.row(0, named=True)["first_run_id"] == "run-1"


def test_merge_state_drops_redone_documents_and_adds_new_parts():
    published = {
        "documents": docs("a", "b"),
        "quantities": rows(schemas.QUANTITIES, "a", "b", "b"),
        "facts": rows(schemas.FACTS, "b"),
    }
    part = {"documents": docs("b", "c"), "quantities": rows(schemas.QUANTITIES, "b", "c"), "facts": rows(schemas.FACTS, "c")}
    merged = runs.merge_state(published, [part], drop_ids={"b"})
    assert sorted(merged["documents"].get_column("doc_id").to_list()) == ["a", "b", "c"]
    assert sorted(merged["quantities"].get_column("doc_id").to_list()) == ["a", "b", "c"]
    assert merged["facts"].get_column("doc_id").to_list() == ["c"]


def test_merge_state_of_nothing_is_empty_frames_with_schema():
    empty = {name: schemas.empty(schema) for name, schema in
             [("documents", schemas.DOCUMENTS), ("quantities", schemas.QUANTITIES), ("facts", schemas.FACTS)]}
    merged = runs.merge_state(empty, [], drop_ids=set())
    assert merged["facts"].is_empty() and merged["facts"].columns == list(schemas.FACTS)
