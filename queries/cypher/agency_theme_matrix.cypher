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
WITH agency_id, agency, sector, a, count(c) AS recommendations, count(DISTINCT r) AS reviews
WHERE recommendations >= $min_recommendations
RETURN agency_id, agency, sector, a.id AS theme_id, a.name AS theme, recommendations, reviews
ORDER BY recommendations DESC, agency, theme_id
