// name: action_status
// title: Recommendation status
// description: How far recommendations have got, from the action plans loaded: complete, in
// description: progress, open, overdue, or no action plan at all; with the reviews they come from
// description: and the share of all recommendations in view.
// filters: common
// precompute: yes
MATCH (r:Review)
WHERE (size($types) = 0 OR r.type IN $types)
  AND (size($boards) = 0 OR r.board IN $boards)
  AND ($year_from IS NULL OR r.year >= $year_from)
  AND ($year_to IS NULL OR r.year <= $year_to)
  AND (size($age_bands) = 0 OR r.age_band IN $age_bands)
  AND ($outcome IS NULL OR r.outcome = $outcome)
  AND ($include_unpublished OR coalesce(r.published, true) <> false)
MATCH (r)-[:MADE]->(c)
WITH coalesce(c.status, 'no action plan') AS status, count(c) AS recommendations,
     count(DISTINCT r) AS reviews
WITH collect([status, recommendations, reviews]) AS rows, sum(recommendations) AS total
UNWIND rows AS row
RETURN row[0] AS status, row[1] AS recommendations, row[2] AS reviews,
       round(1000.0 * row[1] / total) / 10.0 AS percent
ORDER BY recommendations DESC, status
