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
