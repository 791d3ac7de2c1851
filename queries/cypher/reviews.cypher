// name: reviews
// title: Reviews
// description: The reviews in view with their metadata (type, board, year, age band, outcome,
// description: published) and how many themes, findings and recommendations each has: the table
// description: behind pickers and exports. Newest first.
// param: text str = null -- part of the id, title or subject to look for; empty for all
// param: limit int = 1000 -- at most this many reviews
// filters: common
// precompute: yes
MATCH (r:Review)
// @filters
  AND ($text IS NULL OR toLower(r.id) CONTAINS toLower($text)
       OR toLower(coalesce(r.title, '')) CONTAINS toLower($text)
       OR toLower(coalesce(r.subject, '')) CONTAINS toLower($text))
WITH r
ORDER BY r.year DESC, r.id
LIMIT $limit
// counts by aggregation: far cheaper on FalkorDB than size() of a pattern comprehension
OPTIONAL MATCH (r)-[:HAS_THEME]->(t)
WITH r, count(t) AS themes
OPTIONAL MATCH (r)-[:FOUND]->(f)
WITH r, themes, count(f) AS findings
OPTIONAL MATCH (r)-[:MADE]->(c)
WITH r, themes, findings, count(c) AS recommendations
RETURN r.id AS id, r.type AS type, r.title AS title, r.subject AS subject, r.board AS board,
       r.year AS year, r.age_band AS age_band, r.gender AS gender, r.outcome AS outcome,
       r.harm AS harm, r.published AS published, themes, findings, recommendations
ORDER BY year DESC, id
