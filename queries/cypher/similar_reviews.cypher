// name: similar_reviews
// title: Similar reviews
// description: Reviews most like a given one (shared themes and similar findings and
// description: recommendations, from `reviewgraph analyse`), with the themes they share: cases to
// description: put side by side in a training session.
// param: review_id str -- the review's id
// param: limit int = 10 -- at most this many reviews
// filters: common
MATCH (s:Review {id: $review_id})
WITH s
MATCH (s)-[x:SIMILAR_TO]-(r:Review)
// @filters
  AND ($include_unpublished OR coalesce(s.published, true) <> false)
WITH r, max(x.score) AS score, collect(x.shared_themes)[0] AS shared
OPTIONAL MATCH (t:Theme)
WHERE t.id IN shared
WITH r, score, collect(t.name) AS shared_themes
RETURN r.id AS review_id, r.type AS type, r.title AS title, r.subject AS subject,
       r.board AS board, r.year AS year, round(1000.0 * score) / 1000.0 AS score,
       shared_themes
ORDER BY score DESC, review_id
LIMIT $limit
