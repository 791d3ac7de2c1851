// name: repeat_recommendations
// title: Repeat recommendations
// description: Agencies (or sectors) that keep being told the same thing: the same theme
// description: addressed to the same agency in at least two reviews, with the reviews, the years
// description: and the recommendation texts (oldest first), so a board sees the lesson repeating.
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// param: by str = "agency" -- group addressees by agency or by sector
// choices: by = agency, sector
// param: min_reviews int = 2 -- how many distinct reviews make a repeat
// param: limit int = 100 -- at most this many groups, most repeated first
// param: max_items int = 20 -- at most this many review ids and texts listed per group
// filters: common
// precompute: level, by
MATCH (r:Review)
// @filters
MATCH (r)-[:MADE]->(c)-[:ADDRESSED_TO]->(g)
WITH r, c,
     CASE WHEN $by = 'sector' THEN null ELSE g.id END AS agency_id,
     CASE WHEN $by = 'sector' THEN coalesce(g.sector, 'unknown') ELSE coalesce(g.name, g.id) END
       AS agency,
     coalesce(g.sector, 'unknown') AS sector
MATCH (c)-[:RAISES]->(a)
WHERE a.level = $level
// by sector, two agencies of one sector told the same thing count once
WITH DISTINCT agency_id, agency, sector, a, r, c
// oldest first, once, before grouping: each group's lists keep this order, and only the
// groups kept are cut to max_items (sorting every group's items after the limit cost more)
ORDER BY r.year, r.id, c.id
WITH agency_id, agency, sector, a, count(DISTINCT r) AS reviews, count(c) AS recommendations,
     min(r.year) AS first_year, max(r.year) AS last_year,
     collect(DISTINCT r) AS made_by, collect(c) AS recs
WHERE reviews >= $min_reviews
WITH agency_id, agency, sector, a, reviews, recommendations, first_year, last_year, made_by, recs
ORDER BY reviews DESC, recommendations DESC, a.id, agency
LIMIT $limit
RETURN a.id AS theme_id, a.name AS theme, agency_id, agency, sector, reviews, recommendations,
       first_year, last_year, [x IN made_by[0..$max_items] | x.id] AS review_ids,
       [x IN recs[0..$max_items] | x.id] AS recommendation_ids,
       [x IN recs[0..$max_items] | x.text] AS texts
ORDER BY reviews DESC, recommendations DESC, theme_id, agency
