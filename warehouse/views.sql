-- Helper views over the warehouse tables, for people querying with `newsfacts sql`.
--
-- In: the tables of schema.sql. Out: views that walk numbers back to their documents and summarize
-- runs. Views hold no data; store.py (re)creates them in every file it publishes.

-- Each fact with the document it was read from.
CREATE OR REPLACE VIEW curated.fact_sources AS
SELECT f.fact_id, f.subject, f.metric, f.period, f.value, f.unit, f.value_norm, f.unit_norm,
       f.value_text, f.bound, f.modality, f.surface, f.snippet, f.start, f."end",
       d.doc_id, d.source, d.language, d.published, d.title, d.url
FROM curated.facts AS f
JOIN curated.documents AS d USING (doc_id);

-- Each consensus row with one line per cited fact and its document.
CREATE OR REPLACE VIEW curated.consensus_sources AS
SELECT c.subject, c.metric, c.period, c.unit_norm, c.status, c.value_norm AS consensus_value_norm,
       f.fact_id, f.value_norm, f.value_text, d.source, d.language, d.published, f.surface
FROM curated.fact_consensus AS c,
     unnest(c.fact_ids) AS u(fact_id)
JOIN curated.facts AS f ON f.fact_id = u.fact_id
JOIN curated.documents AS d ON d.doc_id = f.doc_id;

-- Runs, newest first, with how many checks failed.
CREATE OR REPLACE VIEW quality.run_summary AS
SELECT r.run_id, r.started_at, r.finished_at, r.status, r.n_documents, r.n_new_documents,
       r.n_quantities, r.n_facts, r.n_quarantined,
       (SELECT count(*) FROM quality.checks AS k WHERE k.run_id = r.run_id AND NOT k.success) AS n_failed_suites,
       r.message
FROM quality.runs AS r
ORDER BY r.finished_at DESC NULLS LAST, r.started_at DESC NULLS LAST;

-- What linking left out, per language: documents that hold amounts but no fact, and amounts that
-- became no fact, by reason (curated.quantities.no_fact: no metric cue near them, or no single entity
-- the rules could name as their owner; precision first, such a quantity stays in curated.quantities).
CREATE OR REPLACE VIEW quality.linking_coverage AS
WITH per_doc AS (
    SELECT d.doc_id, d.language,
           count(q.doc_id) FILTER (WHERE q.unit <> 'date') AS n_amounts,
           count(q.doc_id) FILTER (WHERE q.unit <> 'date' AND q.no_fact IS NULL) AS n_facts,
           count(q.doc_id) FILTER (WHERE q.no_fact LIKE 'no metric%') AS n_no_metric,
           count(q.doc_id) FILTER (WHERE q.no_fact LIKE 'no subject%') AS n_no_subject
    FROM curated.documents AS d
    LEFT JOIN curated.quantities AS q USING (doc_id)
    GROUP BY d.doc_id, d.language
)
SELECT language,
       count(*) AS n_documents,
       count(*) FILTER (WHERE n_amounts > 0) AS n_documents_with_amounts,
       count(*) FILTER (WHERE n_amounts > 0 AND n_facts = 0) AS n_documents_with_amounts_but_no_fact,
       sum(n_amounts) AS n_amounts,
       sum(n_facts) AS n_amounts_linked,
       sum(n_no_metric) AS n_left_out_no_metric,
       sum(n_no_subject) AS n_left_out_no_clear_subject
FROM per_doc
GROUP BY language
ORDER BY language;

-- Why quantities became no fact: one row per reason, with an example.
CREATE OR REPLACE VIEW quality.unlinked_reasons AS
SELECT no_fact AS reason, count(*) AS n_quantities, any_value(surface) AS example
FROM curated.quantities
WHERE no_fact IS NOT NULL
GROUP BY no_fact
ORDER BY n_quantities DESC;
