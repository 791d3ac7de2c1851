// name: overdue_actions
// title: Overdue actions
// description: Actions that are not complete and whose due date has passed (or that the plan itself
// description: marks overdue), with the recommendation and review they track, oldest due date
// description: first. Due dates compare as ISO dates (YYYY-MM-DD).
// param: today str = null -- the date to compare with (YYYY-MM-DD); empty for today
// param: limit int = 200 -- at most this many actions
// filters: common
WITH coalesce($today, toString(date())) AS today
MATCH (x:Action)
WHERE x.status = 'overdue'
   OR (coalesce(x.status, '') <> 'complete' AND x.due IS NOT NULL AND x.due < today)
OPTIONAL MATCH (x)-[:TRACKS]->(c)<-[:MADE]-(r:Review)
WITH x, c, r
// @filters
// (sorting before the filter would let the traversal stop early, but FalkorDB 4.16 then
// applies LIMIT before the filter: sort only after it)
WITH x, c, r
ORDER BY x.due, x.id
LIMIT $limit
OPTIONAL MATCH (d:Document {id: x.doc})
RETURN x.id AS action_id, x.owner AS owner, x.action AS action, x.due AS due,
       coalesce(x.status, 'unknown') AS status, c.id AS recommendation_id, c.text AS text,
       r.id AS review_id, r.year AS year, d.name AS document
ORDER BY due, action_id
