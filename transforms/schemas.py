"""The frames that move through the pipeline, as polars schemas.

In: nothing. Out: one schema per frame, so every transform, suite and table agrees on column
names and types. A transform returns a frame with exactly these columns (in this order);
`conform(frame, SCHEMA)` enforces that at the boundaries.

    documents   ingest ─► one row per article
    quarantine  any stage ─► one row per input or row kept out, with a readable reason
    mentions    extract ─► one row per quantity mention (the `newsfacts extract` line)
    quantities  normalize ─► mentions + value_norm / unit_norm
    facts       link ─► quantities tied to a subject and a metric
    consensus   reconcile ─► one row per (subject, metric, period, unit_norm)
"""

from __future__ import annotations

import polars as pl

DOCUMENTS = {
    "doc_id": pl.String,        # sha256 of the decoded text, first 16 hex digits: same text, same id
    "source": pl.String,        # file name, or the `id` of a JSON line
    "path": pl.String,          # where it was read from (file path, `file.jsonl#L12` for a line)
    "text": pl.String,          # decoded article text (HTML reduced to the article)
    "title": pl.String,
    "url": pl.String,
    "language": pl.String,      # ISO 639-1
    "language_how": pl.String,  # input | detected | default
    "published": pl.Date,       # NULL when unknown
    "published_precision": pl.String,  # day | month | year | NULL
    "published_how": pl.String,  # input | text (dateline / dated statement) | NULL
    "n_chars": pl.Int64,
}

QUARANTINE = {
    "source": pl.String,   # file name, `file.jsonl#L12`, or doc_id for rows
    "stage": pl.String,    # ingest | extract | audit:<suite> | ...
    "reason": pl.String,   # one sentence a person understands
}

MENTIONS = {
    "doc_id": pl.String,
    "start": pl.Int64,      # code-point offsets into documents.text, end exclusive
    "end": pl.Int64,
    "surface": pl.String,   # == text[start:end]
    "value": pl.Float64,    # fully scaled, in `unit`; NULL for dates
    "value_text": pl.String,  # ISO date for unit = 'date', else NULL
    "unit": pl.String,      # contract units: count, percent, USD, byte, sq_ft, W, month, date, ...
    "bound": pl.String,     # exact | approx | at_least | at_most | range_low | range_high
    "object": pl.String,    # counted noun phrase, or NULL
    "lang": pl.String,
}

QUANTITIES = {
    **MENTIONS,
    "value_norm": pl.Float64,  # value converted to unit_norm; NULL for dates
    "unit_norm": pl.String,    # count, percent, pixel, byte, bit, second, m2, W, Wh, ISO 4217, date, or SI symbol
    "no_fact": pl.String,      # why linking made no fact of it ("no metric: …", "no subject: …"); NULL for a fact
}

FACTS = {
    "fact_id": pl.String,      # stable hash of (doc_id, start, end, subject, metric, value)
    "doc_id": pl.String,
    "subject": pl.String,      # canonical entity name
    "counterparty": pl.String,  # the other party of a two-party fact (a buyer's target, a stake's company), or NULL
    "scope": pl.String,        # what the value is limited to: a crowd's place ("Paris"), an offer's part ("cash"), or NULL
    "claimant": pl.String,     # who the text credits the figure to ("police", "organisateurs"), or NULL
    "subject_how": pl.String,  # how the entity was found: lexicon | discovered | shape | reference
    "subject_rule": pl.String,  # which attribution rule decided it (transforms/attribution.py RULES)
    "subject_aliases": pl.List(pl.String),  # the acronyms its document defines for the subject ("ZOP")
    "metric": pl.String,       # snake_case name from the metric lexicon
    "value": pl.Float64,
    "unit": pl.String,
    "value_norm": pl.Float64,
    "unit_norm": pl.String,
    "value_text": pl.String,
    "bound": pl.String,
    "modality": pl.String,     # reported | planned
    "period": pl.String,       # ISO date string as precise as known, or NULL
    "period_how": pl.String,   # clause | relative | published | NULL
    "start": pl.Int64,
    "end": pl.Int64,
    "surface": pl.String,
    "snippet": pl.String,      # the sentence the fact was read from
}

CONSENSUS = {
    "subject": pl.String,
    "metric": pl.String,
    "period": pl.String,
    "unit_norm": pl.String,
    "value_norm": pl.Float64,       # the agreed (or most cited) value, in unit_norm
    "value_text": pl.String,
    "scope": pl.String,             # the place the row's figures are limited to (FACTS.scope), or NULL
    "claimant": pl.String,          # who its figures are credited to (FACTS.claimant), or NULL
    "status": pl.String,            # agreed | compatible | conflict | single_source (transforms/reconcile.py)
    "n_sources": pl.Int64,          # documents
    "n_independent_sources": pl.Int64,  # documents, reprints of one text counted once
    "n_languages": pl.Int64,
    "values_norm": pl.List(pl.Float64),  # every fact's own value_norm, in the unit beside it in units_norm
    "units_norm": pl.List(pl.String),    # every fact's unit_norm (amounts in several currencies: not converted)
    "values_text": pl.List(pl.String),
    "doc_ids": pl.List(pl.String),
    "fact_ids": pl.List(pl.String),
}

UNITS = {
    # physical and count units of the contract; ISO 4217 codes are allowed besides these
    "count", "percent", "byte", "bit", "second", "minute", "hour", "day", "week", "month", "year",
    "m2", "sq_ft", "hectare", "km2", "acre", "W", "Wh", "pixel", "date",
}
UNITS_NORM = {"count", "percent", "pixel", "byte", "bit", "second", "m2", "W", "Wh", "date"}
BOUNDS = {"exact", "approx", "at_least", "at_most", "range_low", "range_high"}
MODALITIES = {"reported", "planned"}
STATUSES = {"agreed", "compatible", "conflict", "single_source"}


def empty(schema: dict) -> pl.DataFrame:
    """An empty frame with the given schema."""
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: dict) -> pl.DataFrame:
    """Select and cast `frame` to `schema` (missing columns become NULL), in schema order."""
    cols = []
    for name, dtype in schema.items():
        if name in frame.columns:
            cols.append(pl.col(name).cast(dtype))
        else:
            cols.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(cols)
