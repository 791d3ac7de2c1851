// name: findings_by_theme
// title: Findings by theme
// description: The findings and learning points of the reviews in view on a theme (its
// description: sub-themes included), with the review, page and document, so a trainer can read
// description: what reviews concluded rather than only count it. Newest first.
// param: theme str -- theme id or name (e.g. escalation or "Escalation")
// param: limit int = 100 -- at most this many findings
// filters: common
MATCH (a:Theme)
WHERE a.id = $theme OR toLower(a.name) = toLower($theme)
// start from the theme (WITH keeps the planner from scanning every review first)
WITH a
MATCH (a)<-[:PART_OF*0..2]-(t)
WITH DISTINCT t
MATCH (t)<-[:ON_THEME]-(f)<-[:FOUND]-(r:Review)
// @filters
WITH DISTINCT r, f, t
ORDER BY r.year DESC, r.id, f.id
LIMIT $limit
OPTIONAL MATCH (d:Document {id: coalesce(f.doc, r.doc)})
RETURN t.id AS theme_id, t.name AS theme, r.id AS review_id, r.type AS type, r.board AS board,
       r.year AS year, f.id AS finding_id, f.number AS number, f.kind AS kind, f.text AS text,
       f.page AS page, d.name AS document, d.path AS path
ORDER BY year DESC, review_id, finding_id
