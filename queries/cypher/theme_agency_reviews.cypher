// name: theme_agency_reviews
// title: Recommendations on a theme to an agency
// description: The recommendations behind one cell of the agency and theme matrix: the ones on a
// description: theme (sub-themes included) addressed to an agency or sector (or to anyone), with
// description: their review, status, page and document. Newest first.
// param: theme str -- theme id or name
// param: agency str = null -- agency id or name, or a sector; empty for any
// param: limit int = 100 -- at most this many recommendations
// filters: common
MATCH (a:Theme)
WHERE a.id = $theme OR toLower(a.name) = toLower($theme)
// start from the theme (WITH keeps the planner from scanning every review first)
WITH a
MATCH (a)<-[:PART_OF*0..2]-(t)
WITH DISTINCT t
MATCH (t)<-[:ON_THEME]-(c)<-[:MADE]-(r:Review)
// @filters
MATCH (c)-[:ADDRESSED_TO]->(g)
WHERE $agency IS NULL OR g.id = $agency OR toLower(coalesce(g.name, '')) = toLower($agency)
   OR g.sector = $agency
WITH DISTINCT r, c
ORDER BY r.year DESC, r.id, c.id
LIMIT $limit
OPTIONAL MATCH (d:Document {id: coalesce(c.doc, r.doc)})
RETURN r.id AS review_id, r.type AS type, r.subject AS subject, r.board AS board,
       r.year AS year, c.id AS recommendation_id, c.number AS number, c.text AS text,
       [(c)-[:ADDRESSED_TO]->(g) | g.name] AS addressed_to,
       [(c)-[:ON_THEME]->(t) | t.name] AS themes,
       coalesce(c.status, 'no action plan') AS status, c.page AS page, d.name AS document
ORDER BY year DESC, review_id, recommendation_id
