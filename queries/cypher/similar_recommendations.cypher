// name: similar_recommendations
// title: Recommendations that say much the same
// description: Pairs of recommendations from different reviews whose wording is alike (text
// description: similarity from `reviewgraph analyse`, 0 to 1), with both texts, their reviews and
// description: years, the agencies addressed and each one's action-plan status: the same lesson
// description: made again, often in other words. Both reviews pass the filters. Most alike first.
// param: min_score float = 0.3 -- leave out pairs less alike than this (0-1; links start at 0.3)
// param: review_id str = null -- only pairs with a recommendation of this review
// param: limit int = 100 -- at most this many pairs
// filters: common
// precompute: yes
// both reviews of a pair pass the filters (links run one way: each pair is met once)
CALL () {
  // every pair met once, from its link's start (links run one way), when both ends pass
  MATCH (r:Review)
  // @filters
  MATCH (r)-[:MADE]->(a:Recommendation)-[s:SIMILAR_TO]->(b:Recommendation)
  WHERE $review_id IS NULL AND s.score >= $min_score
  MATCH (b)<-[:MADE]-(o:Review)
  RETURN r AS ra, a, s, b, o
  UNION ALL
  // one review's pairs, whichever way the link runs
  MATCH (r:Review {id: $review_id})
  // @filters
  MATCH (r)-[:MADE]->(a:Recommendation)-[s:SIMILAR_TO]-(b:Recommendation)<-[:MADE]-(o:Review)
  WHERE s.score >= $min_score
  RETURN r AS ra, a, s, b, o
}
WITH ra, a, s, b, o AS r
// @filters
// the older review's recommendation first: the order's keys only, the rest for the pairs kept
WITH ra, a, s, b, r, ra.year > r.year AS swap
WITH ra, a, s, b, r, swap, CASE WHEN swap THEN b.id ELSE a.id END AS first_id,
     CASE WHEN swap THEN a.id ELSE b.id END AS second_id
ORDER BY s.score DESC, first_id, second_id
LIMIT $limit
WITH s, CASE WHEN swap THEN r ELSE ra END AS older, CASE WHEN swap THEN ra ELSE r END AS newer,
     CASE WHEN swap THEN b ELSE a END AS first, CASE WHEN swap THEN a ELSE b END AS second
OPTIONAL MATCH (first)-[:ADDRESSED_TO]->(ga)
WITH s, older, newer, first, second, collect(DISTINCT ga.name) AS first_agencies
OPTIONAL MATCH (second)-[:ADDRESSED_TO]->(gb)
WITH s, older, newer, first, second, first_agencies, collect(DISTINCT gb.name) AS second_agencies
RETURN round(s.score * 1000) / 1000.0 AS score,
       older.id AS first_review_id, older.year AS first_year, first.number AS first_number,
       first.text AS first_text, first_agencies,
       coalesce(first.status, 'no action plan') AS first_status,
       newer.id AS second_review_id, newer.year AS second_year, second.number AS second_number,
       second.text AS second_text, second_agencies,
       coalesce(second.status, 'no action plan') AS second_status
ORDER BY score DESC, first_review_id, second_review_id, first_number, second_number
