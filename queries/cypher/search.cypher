// name: search
// title: Search the text
// description: Full-text search over passages, findings and recommendations (all words must
// description: match; stemmed, so "assess" finds "assessment"), with the review, page and document
// description: of each hit. Passages of multi-case briefings have no review and show only when no
// description: filter is set.
// param: text str -- words to look for
// param: kinds list[str] = [] -- Passage, Finding, Recommendation; empty for all
// param: limit int = 50 -- at most this many hits
// filters: common
// fulltext: text
// backend: neo4j
CALL db.index.fulltext.queryNodes('text_search', $text) YIELD node, score
WITH node, score, labels(node)[0] AS kind
WHERE size($kinds) = 0 OR kind IN $kinds
OPTIONAL MATCH (r:Review {id: node.review_id})
WITH node, score, kind, r
// @filters
OPTIONAL MATCH (d:Document {id: node.doc})
RETURN kind, node.id AS id, node.text AS text, node.page AS page, r.id AS review_id,
       r.type AS type, r.subject AS subject, r.year AS year, d.name AS document,
       d.path AS path, round(1000.0 * score) / 1000.0 AS score
ORDER BY score DESC, id
LIMIT $limit
// backend: embedded (FalkorDB: one index per label; hidden from Neo4j's linter in a comment)
/*
UNWIND ['Passage', 'Finding', 'Recommendation'] AS kind
WITH kind
WHERE size($kinds) = 0 OR kind IN $kinds
CALL db.idx.fulltext.queryNodes(kind, $text) YIELD node, score
OPTIONAL MATCH (r:Review {id: node.review_id})
WITH node, score, kind, r
// @filters
OPTIONAL MATCH (d:Document {id: node.doc})
RETURN kind, node.id AS id, node.text AS text, node.page AS page, r.id AS review_id,
       r.type AS type, r.subject AS subject, r.year AS year, d.name AS document,
       d.path AS path, round(1000.0 * score) / 1000.0 AS score
ORDER BY score DESC, id
LIMIT $limit
*/
