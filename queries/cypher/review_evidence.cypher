// name: review_evidence
// title: A review's evidence
// description: Each theme of one review with every passage it was found in, the page and the
// description: document; a theme tagged by a register row (no passage) has one row with no passage.
// description: A case of a briefing on several cases also gets what the briefing says of all of
// description: them (source `briefing`, with the `cases` it covers). Ordered by the caller.
// param: review_id str -- the review's id (see the `reviews` query)
// param: include_unpublished bool = false -- show it even if the review is marked unpublished
MATCH (r:Review {id: $review_id})
WHERE $include_unpublished OR coalesce(r.published, true) <> false
MATCH (r)-[h:HAS_THEME]->(t)
OPTIONAL MATCH (d:Document {id: coalesce(h.doc, r.doc)})
WITH r, t, h, d, coalesce(h.evidence, []) AS passages, coalesce(h.pages, []) AS pages
UNWIND CASE WHEN size(passages) = 0 THEN [null] ELSE range(0, size(passages) - 1) END AS i
RETURN r.id AS review_id, t.id AS theme_id, t.name AS theme, passages[i] AS passage,
       pages[i] AS page, d.name AS document, d.path AS path,
       coalesce(h.source, 'text') AS source, h.mentions AS mentions, [] AS cases
UNION ALL
// a case of a briefing on several cases: what the briefing says of all of them (its document's
// cross-case themes), once, with the cases it covers
MATCH (r:Review {id: $review_id})
WHERE $include_unpublished OR coalesce(r.published, true) <> false
MATCH (r)-[:DESCRIBED_IN]->(d:Document)-[h:HAS_THEME]->(t)
MATCH (o:Review)-[:DESCRIBED_IN]->(d)
WITH r, d, h, t, collect(DISTINCT trim(coalesce(o.type, '') + ' ' + coalesce(o.subject, o.id)))
     AS cases
WITH r, d, h, t, cases, coalesce(h.evidence, []) AS passages, coalesce(h.pages, []) AS pages
WHERE size(passages) > 0
UNWIND range(0, size(passages) - 1) AS i
RETURN r.id AS review_id, t.id AS theme_id, t.name AS theme, passages[i] AS passage,
       pages[i] AS page, d.name AS document, d.path AS path, 'briefing' AS source,
       h.mentions AS mentions, cases
