// name: review_evidence
// title: A review's evidence
// description: Each theme of one review with every passage it was found in, the page and the
// description: document; a theme tagged by a register row (no passage) has one row with no passage.
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
       coalesce(h.source, 'text') AS source, h.mentions AS mentions
ORDER BY theme_id, page
