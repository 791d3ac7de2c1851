// name: action_status
// title: Recommendation status
// description: How far recommendations have got, from the action plans loaded: complete, in
// description: progress, open, overdue, or no action plan at all; with the reviews they come from
// description: and the share of all recommendations in view.
// filters: common
// precompute: yes
MATCH (r:Review)
// @filters
MATCH (r)-[:MADE]->(c)
WITH coalesce(c.status, 'no action plan') AS status, count(c) AS recommendations,
     count(DISTINCT r) AS reviews
WITH collect([status, recommendations, reviews]) AS rows, sum(recommendations) AS total
UNWIND rows AS row
RETURN row[0] AS status, row[1] AS recommendations, row[2] AS reviews,
       round(1000.0 * row[1] / total) / 10.0 AS percent
ORDER BY recommendations DESC, status
