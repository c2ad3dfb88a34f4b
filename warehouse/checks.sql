-- Reference checks run on every staged warehouse before it is switched in (store.publish).
--
-- In: the staged curated tables. Out: per check, one row (offending rows, one example).
-- A check that finds any row stops the publish. Each check starts with a `-- check: <what>` line;
-- the text up to the next such line is its query. Offsets are code points, as DuckDB's substring.

-- check: quantities whose document is not published
SELECT count(*), any_value(q.doc_id)
FROM curated.quantities AS q ANTI JOIN curated.documents AS d USING (doc_id);

-- check: facts whose document is not published
SELECT count(*), any_value(f.fact_id)
FROM curated.facts AS f ANTI JOIN curated.documents AS d USING (doc_id);

-- check: quantities whose span is not their surface in the text
SELECT count(*), any_value(q.doc_id || ':' || q.start || '-' || q."end")
FROM curated.quantities AS q JOIN curated.document_text AS t USING (doc_id)
WHERE q."end" > length(t.text)
   OR substring(t.text, q.start + 1, q."end" - q.start) <> q.surface;

-- check: facts whose span is not their surface in the text
SELECT count(*), any_value(f.fact_id)
FROM curated.facts AS f JOIN curated.document_text AS t USING (doc_id)
WHERE f."end" > length(t.text)
   OR (f.surface IS NOT NULL AND substring(t.text, f.start + 1, f."end" - f.start) <> f.surface);

-- check: consensus citations of a fact that is not published
SELECT count(*), any_value(u.fact_id)
FROM (SELECT unnest(fact_ids) AS fact_id FROM curated.fact_consensus) AS u
ANTI JOIN curated.facts AS f USING (fact_id);

-- check: consensus citations of a document that is not published
SELECT count(*), any_value(u.doc_id)
FROM (SELECT unnest(doc_ids) AS doc_id FROM curated.fact_consensus) AS u
ANTI JOIN curated.documents AS d USING (doc_id);
