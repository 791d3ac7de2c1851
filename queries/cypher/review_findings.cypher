// name: review_findings
// title: A review's findings
// description: Every finding, learning point or lesson of one review, in the order it gives them,
// description: with the themes each is on (none is left out for lacking a theme), the page it is on
// description: and the document it comes from.
// param: review_id str -- the review's id (see the `reviews` query)
// param: include_unpublished bool = false -- show the findings even if the review is marked unpublished
MATCH (r:Review {id: $review_id})
WHERE $include_unpublished OR coalesce(r.published, true) <> false
MATCH (r)-[:FOUND]->(f)
OPTIONAL MATCH (d:Document {id: coalesce(f.doc, r.doc)})
RETURN r.id AS review_id, f.id AS finding_id, f.number AS number, f.kind AS kind,
       f.text AS text, f.page AS page, d.name AS document, d.path AS path,
       [(f)-[:ON_THEME]->(t) | t.name] AS themes
ORDER BY page, toInteger(number), number, finding_id
