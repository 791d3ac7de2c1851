// name: agency_theme_matrix
// title: Recommendations by agency and theme
// description: Who gets told what: for each agency (or sector) and theme, how many
// description: recommendations were addressed to it on that theme and in how many distinct
// description: reviews. Sub-theme links count for their theme.
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// param: by str = "agency" -- group addressees by agency or by sector
// choices: by = agency, sector
// param: min_recommendations int = 1 -- leave out cells with fewer recommendations
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
UNWIND gs AS g
UNWIND ts AS t
WITH g, t, count(c) AS recommendations, count(DISTINCT r) AS reviews
WHERE recommendations >= $min_recommendations
MATCH (a:Theme {id: t})
OPTIONAL MATCH (ag:Agency {id: g})
WITH CASE WHEN $by = 'sector' THEN null ELSE g END AS agency_id,
     CASE WHEN $by = 'sector' THEN g ELSE coalesce(ag.name, g) END AS agency,
     CASE WHEN $by = 'sector' THEN g ELSE coalesce(ag.sector, 'unknown') END AS sector,
     a, recommendations, reviews
RETURN agency_id, agency, sector, a.id AS theme_id, a.name AS theme, recommendations, reviews
ORDER BY recommendations DESC, agency, theme_id
