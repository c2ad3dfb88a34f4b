-- The newsfacts warehouse: tables of the published state (`curated`) and of every run (`quality`).
--
-- In: nothing (applied to an empty staging file, or to a copy of the published file, by store.py).
-- Out: the schemas and tables below. Every statement is idempotent (IF NOT EXISTS), so applying the
-- file to an older warehouse adds what is missing and changes nothing else.
-- Column names and types follow transforms/schemas.py (String → VARCHAR, Int64 → BIGINT,
-- Float64 → DOUBLE, Date → DATE, List → []); tests/warehouse checks that they agree.
-- Constraints are a last line of defence only: the audit (expectations/) keeps bad rows out first.

CREATE SCHEMA IF NOT EXISTS curated;
CREATE SCHEMA IF NOT EXISTS quality;

-- One row per article. `text` lives in curated.document_text so that scans of documents stay light.
CREATE TABLE IF NOT EXISTS curated.documents (
    doc_id              VARCHAR PRIMARY KEY,  -- sha256 of the decoded text, first 16 hex digits
    source              VARCHAR NOT NULL,     -- file name, or the `id` of a JSON line
    language            VARCHAR NOT NULL,     -- ISO 639-1
    published           DATE,                 -- NULL when unknown
    n_chars             BIGINT NOT NULL CHECK (n_chars >= 0),
    title               VARCHAR,
    url                 VARCHAR,
    language_how        VARCHAR,              -- input | detected | default
    published_precision VARCHAR,              -- day | month | year | NULL
    published_how       VARCHAR,              -- input | text | NULL
    path                VARCHAR,              -- where it was read from
    rules_version       VARCHAR,              -- extraction rules the document's rows were made with
    first_run_id        VARCHAR               -- the run that first published the document
);

CREATE TABLE IF NOT EXISTS curated.document_text (
    doc_id  VARCHAR PRIMARY KEY,
    text    VARCHAR NOT NULL
);

-- One row per quantity mention (the `newsfacts extract` line, normalized).
CREATE TABLE IF NOT EXISTS curated.quantities (
    doc_id      VARCHAR NOT NULL,
    start       BIGINT NOT NULL CHECK (start >= 0),
    "end"       BIGINT NOT NULL CHECK ("end" > start),  -- code points, end exclusive
    surface     VARCHAR NOT NULL,
    value       DOUBLE,                -- fully scaled in `unit`; NULL for dates
    value_text  VARCHAR,               -- ISO date when unit = 'date'
    unit        VARCHAR NOT NULL,
    bound       VARCHAR NOT NULL CHECK (bound IN ('exact', 'approx', 'at_least', 'at_most', 'range_low', 'range_high')),
    object      VARCHAR,
    value_norm  DOUBLE,
    unit_norm   VARCHAR,
    lang        VARCHAR,
    no_fact     VARCHAR                -- why linking made no fact of it; NULL when it is one
);

-- Quantities tied to a subject and a metric.
CREATE TABLE IF NOT EXISTS curated.facts (
    fact_id     VARCHAR PRIMARY KEY,
    doc_id      VARCHAR NOT NULL,
    subject     VARCHAR NOT NULL,
    counterparty VARCHAR,              -- the other party of a two-party fact (a buyer's target, a stake's company), or NULL
    scope       VARCHAR,               -- what the value is limited to: a crowd's place ("Paris"), an offer's part ("cash"), what a change is of ("profit"), or NULL
    claimant    VARCHAR,               -- who the text credits the figure to ("police", "organisers"), or NULL
    metric      VARCHAR NOT NULL,
    value       DOUBLE,
    unit        VARCHAR NOT NULL,
    value_norm  DOUBLE,
    unit_norm   VARCHAR NOT NULL,
    value_text  VARCHAR,
    bound       VARCHAR NOT NULL CHECK (bound IN ('exact', 'approx', 'at_least', 'at_most', 'range_low', 'range_high')),
    modality    VARCHAR NOT NULL CHECK (modality IN ('reported', 'planned')),
    period      VARCHAR,               -- ISO date string as precise as known
    start       BIGINT NOT NULL CHECK (start >= 0),
    "end"       BIGINT NOT NULL CHECK ("end" > start),
    subject_how VARCHAR,               -- how the entity was found: lexicon | discovered | shape | reference
    subject_rule VARCHAR,              -- which attribution rule decided it (transforms/attribution.py)
    subject_aliases VARCHAR[],         -- the acronyms its document defines for the subject ("ZOP")
    period_how  VARCHAR,               -- clause | relative | published
    surface     VARCHAR,
    snippet     VARCHAR                -- the sentence the fact was read from
);

-- One row per (subject, metric, period, unit_norm) across documents. Status (transforms/reconcile.py):
-- agreed: 2+ independent sources give point values within tolerance; compatible: nothing contradicts,
-- but it rests on bounds ("more than 42 000" and "45 000"); conflict: values that cannot all hold;
-- single_source: one independent source. Reprints of one text are one independent source.
-- Amounts in several currencies are one row: unit_norm is the currency most of its facts use,
-- value_norm is in it, and values_norm[i] is in units_norm[i] (each fact's own value, never converted).
CREATE TABLE IF NOT EXISTS curated.fact_consensus (
    subject     VARCHAR NOT NULL,
    metric      VARCHAR NOT NULL,
    period      VARCHAR,
    unit_norm   VARCHAR NOT NULL,
    value_norm  DOUBLE,
    value_text  VARCHAR,
    scope       VARCHAR,               -- the place of the row's claim (figures of two places are two claims)
    claimant    VARCHAR,               -- who the row's figures are credited to (two claimants: two claims)
    status      VARCHAR NOT NULL CHECK (status IN ('agreed', 'compatible', 'conflict', 'single_source')),
    n_sources   BIGINT NOT NULL,       -- documents
    n_independent_sources BIGINT,      -- documents, reprints of one text counted once
    n_languages BIGINT,
    values_norm DOUBLE[],
    units_norm  VARCHAR[],             -- the unit of each of values_norm
    values_text VARCHAR[],
    doc_ids     VARCHAR[],
    fact_ids    VARCHAR[]
);

-- One row per pipeline run, published, blocked or with nothing new. Times are UTC.
CREATE TABLE IF NOT EXISTS quality.runs (
    run_id          VARCHAR PRIMARY KEY,
    started_at      TIMESTAMP,
    finished_at     TIMESTAMP,
    status          VARCHAR NOT NULL,
    n_documents     BIGINT,
    n_new_documents BIGINT,
    n_quantities    BIGINT,
    n_facts         BIGINT,
    n_quarantined   BIGINT,
    report_path     VARCHAR,
    message         VARCHAR,
    rules_version   VARCHAR
);

-- Every input or row kept out of curated, with a reason a person understands.
CREATE TABLE IF NOT EXISTS quality.quarantine (
    run_id  VARCHAR NOT NULL,
    source  VARCHAR,
    stage   VARCHAR NOT NULL,
    reason  VARCHAR NOT NULL
);

-- One row per expectation suite evaluated in a run.
CREATE TABLE IF NOT EXISTS quality.checks (
    run_id    VARCHAR NOT NULL,
    suite     VARCHAR NOT NULL,
    success   BOOLEAN NOT NULL,
    evaluated BIGINT,
    failed    BIGINT,
    details   VARCHAR                  -- optional free text or JSON
);

COMMENT ON TABLE curated.documents IS 'One row per published article; its text is in curated.document_text.';
COMMENT ON TABLE curated.document_text IS 'The decoded text of each article; quantity and fact offsets index into it (code points).';
COMMENT ON TABLE curated.quantities IS 'Every quantity mention, with its value scaled and normalized.';
COMMENT ON TABLE curated.facts IS 'Quantities tied to a subject, a metric and a period.';
COMMENT ON TABLE curated.fact_consensus IS 'One row per subject, metric, period and unit: agreed, compatible, conflict or single_source.';
COMMENT ON TABLE quality.runs IS 'One row per pipeline run.';
COMMENT ON TABLE quality.quarantine IS 'Inputs and rows kept out of curated, with the reason.';
COMMENT ON TABLE quality.checks IS 'Results of the expectation suites, per run.';

-- Columns added after a warehouse was first written: a file copied for a blocked or unchanged run gets
-- them too, so the views below always find them.
ALTER TABLE curated.quantities ADD COLUMN IF NOT EXISTS no_fact VARCHAR;
ALTER TABLE curated.facts ADD COLUMN IF NOT EXISTS subject_rule VARCHAR;
ALTER TABLE curated.facts ADD COLUMN IF NOT EXISTS counterparty VARCHAR;
ALTER TABLE curated.facts ADD COLUMN IF NOT EXISTS scope VARCHAR;
ALTER TABLE curated.facts ADD COLUMN IF NOT EXISTS claimant VARCHAR;
ALTER TABLE curated.facts ADD COLUMN IF NOT EXISTS subject_aliases VARCHAR[];
ALTER TABLE curated.fact_consensus ADD COLUMN IF NOT EXISTS scope VARCHAR;
ALTER TABLE curated.fact_consensus ADD COLUMN IF NOT EXISTS claimant VARCHAR;
ALTER TABLE curated.fact_consensus ADD COLUMN IF NOT EXISTS n_independent_sources BIGINT;
ALTER TABLE curated.fact_consensus ADD COLUMN IF NOT EXISTS units_norm VARCHAR[];
