// name: theme_recommendations
// title: Recommendations on a theme
// description: The recommendations the reviews in view made on a theme (its sub-themes
// description: included), with their review, number, text, status from the action plans (or "no
// description: action plan"), due date, page and document. Newest reviews first.
// param: theme str -- theme id or name (e.g. information_sharing or "Information sharing")
// param: limit int = 200 -- at most this many recommendations
// filters: common
MATCH (a:Theme)
WHERE a.id = $theme OR toLower(a.name) = toLower($theme)
// start from the theme (WITH keeps the planner from scanning every review first)
WITH a
MATCH (a)<-[:PART_OF*0..2]-(t)
WITH DISTINCT t
MATCH (t)<-[:ON_THEME]-(c:Recommendation)<-[:MADE]-(r:Review)
// @filters
WITH DISTINCT r, c
ORDER BY r.year DESC, r.id, c.id
LIMIT $limit
OPTIONAL MATCH (d:Document {id: coalesce(c.doc, r.doc)})
RETURN r.id AS review_id, r.type AS type, r.subject AS subject, r.board AS board,
       r.year AS year, c.id AS recommendation_id, c.number AS number, c.text AS text,
       coalesce(c.status, 'no action plan') AS status, c.due AS due, c.page AS page,
       d.name AS document
ORDER BY year DESC, review_id, recommendation_id
