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
MATCH (r)-[:MADE]->(c:Recommendation)
// the ids of the agencies (or their sectors, once each: two agencies of one sector told the
// same thing count once) and of the themes at this level, kept on each recommendation by
// `analyse` (queries/analytics.py SET_RECOMMENDATION_KEYS)
WITH r, c,
     CASE $by WHEN 'sector' THEN c.sectors ELSE c.agency_ids END AS gs,
     CASE $level WHEN 'theme' THEN c.raises_theme WHEN 'subtheme' THEN c.raises_subtheme
       ELSE c.raises_domain END AS ts
// oldest first, once, before grouping: each group's lists keep this order
ORDER BY r.year, r.id, c.id
UNWIND gs AS g
UNWIND ts AS t
WITH g, t, count(DISTINCT r) AS reviews, count(c) AS recommendations,
     min(r.year) AS first_year, max(r.year) AS last_year,
     collect(DISTINCT r) AS made_by, collect(c) AS recs
// most reviews first: the groups under min_reviews sort after every group kept, so the
// limit may come before the filter (and no copy of every group's lists is made)
ORDER BY reviews DESC, recommendations DESC, t, g
LIMIT $limit
WITH g, t, reviews, recommendations, first_year, last_year, made_by, recs
WHERE reviews >= $min_reviews
MATCH (a:Theme {id: t})
OPTIONAL MATCH (ag:Agency {id: g})
WITH CASE WHEN $by = 'sector' THEN null ELSE g END AS agency_id,
     CASE WHEN $by = 'sector' THEN g ELSE coalesce(ag.name, g) END AS agency,
     CASE WHEN $by = 'sector' THEN g ELSE coalesce(ag.sector, 'unknown') END AS sector,
     a, reviews, recommendations, first_year, last_year, made_by, recs
RETURN a.id AS theme_id, a.name AS theme, agency_id, agency, sector, reviews, recommendations,
       first_year, last_year, [x IN made_by[0..$max_items] | x.id] AS review_ids,
       [x IN recs[0..$max_items] | x.id] AS recommendation_ids,
       [x IN recs[0..$max_items] | x.text] AS texts
ORDER BY reviews DESC, recommendations DESC, theme_id, agency
