// name: evidence
// title: Evidence for a theme
// description: The passages behind every link from a review to a theme (its sub-themes included):
// description: the words, the page and the document they came from, so each count can be checked
// description: against the text. Links tagged by a register carry no passage and say so.
// param: theme str -- theme id or name (e.g. information_sharing or "Information sharing")
// param: limit int = 100 -- at most this many passages, newest reviews first
// filters: common
MATCH (a:Theme)
WHERE a.id = $theme OR toLower(a.name) = toLower($theme)
// start from the theme (WITH keeps the planner from scanning every review first)
WITH a
MATCH (a)<-[:PART_OF*0..2]-(t)
WITH DISTINCT t
MATCH (t)<-[h:HAS_THEME]-(r:Review)
// @filters
WITH r, t, h
ORDER BY r.year DESC, r.id, t.id
LIMIT $limit
OPTIONAL MATCH (d:Document {id: coalesce(h.doc, r.doc)})
WITH r, t, h, d, coalesce(h.evidence, []) AS passages, coalesce(h.pages, []) AS pages
UNWIND CASE WHEN size(passages) = 0 THEN [null] ELSE range(0, size(passages) - 1) END AS i
RETURN r.id AS review_id, r.type AS type, r.subject AS subject, r.board AS board, r.year AS year,
       t.id AS theme_id, t.name AS theme, passages[i] AS passage, pages[i] AS page,
       d.name AS document, d.path AS path, coalesce(h.source, 'text') AS source,
       h.mentions AS mentions
ORDER BY year DESC, review_id, theme_id, page
LIMIT $limit
