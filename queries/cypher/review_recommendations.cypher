// name: review_recommendations
// title: A review's recommendations
// description: Every recommendation of one review, in its own numbering, with the agencies it is
// description: addressed to, its themes, its status from the action plans (or "no action plan"), the
// description: status its own report gives in the board's words (as_written), its due date, the page
// description: it is on and the document it comes from.
// param: review_id str -- the review's id (see the `reviews` query)
// param: include_unpublished bool = false -- show them even if the review is marked unpublished
MATCH (r:Review {id: $review_id})
WHERE $include_unpublished OR coalesce(r.published, true) <> false
MATCH (r)-[:MADE]->(c)
OPTIONAL MATCH (d:Document {id: coalesce(c.doc, r.doc)})
RETURN r.id AS review_id, c.id AS recommendation_id, c.number AS number, c.text AS text,
       [(c)-[:ADDRESSED_TO]->(g) | g.name] AS addressed_to,
       [(c)-[:ON_THEME]->(t) | t.name] AS themes,
       coalesce(c.status, 'no action plan') AS status, c.reported_status_text AS as_written,
       c.due AS due, c.page AS page,
       d.name AS document, d.path AS path
ORDER BY page, toInteger(number), number, recommendation_id
