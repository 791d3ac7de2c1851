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
WITH agency_id, agency, sector, a, count(DISTINCT r) AS reviews, count(c) AS recommendations,
     collect([r, c]) AS pairs
WHERE reviews >= $min_reviews
WITH agency_id, agency, sector, a, reviews, recommendations, pairs
ORDER BY reviews DESC, recommendations DESC, a.id, agency
LIMIT $limit
UNWIND pairs AS pair
WITH agency_id, agency, sector, a, reviews, recommendations, pair[0] AS r, pair[1] AS c
ORDER BY r.year, r.id, c.id
WITH agency_id, agency, sector, a, reviews, recommendations,
     min(r.year) AS first_year, max(r.year) AS last_year,
     collect(DISTINCT r.id) AS review_ids, collect(c.id) AS recommendation_ids,
     collect(c.text) AS texts
RETURN a.id AS theme_id, a.name AS theme, agency_id, agency, sector, reviews, recommendations,
       first_year, last_year, review_ids[0..$max_items] AS review_ids,
       recommendation_ids[0..$max_items] AS recommendation_ids, texts[0..$max_items] AS texts
ORDER BY reviews DESC, recommendations DESC, theme_id, agency
