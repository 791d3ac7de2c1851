// name: recurring_themes
// title: Recurring themes
// description: Which themes keep coming back across reviews: each theme with the number of
// description: distinct reviews that raise it (sub-theme links count for their theme), its share
// description: of all reviews in view, the split by review type, and the first and last year seen.
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// param: min_reviews int = 1 -- leave out themes raised by fewer reviews than this
// param: limit int = 200 -- at most this many themes
// filters: common
// precompute: level
MATCH (r:Review)
// @filters
WITH count(r) AS total
MATCH (r:Review)
// @filters
MATCH (r)-[:HAS_THEME]->(t)
// group by the linked theme first, then roll up the few groups to the level asked for
WITH total, t, collect(r) AS linked
MATCH (t)-[:PART_OF*0..2]->(a)
WHERE a.level = $level
UNWIND linked AS r
// a review linked to two sub-themes of one theme counts once for the theme
WITH DISTINCT total, a, r
WITH total, a,
     count(r) AS reviews,
     count(CASE WHEN r.type = 'SCR' THEN 1 END) AS scr,
     count(CASE WHEN r.type = 'CSPR' THEN 1 END) AS cspr,
     count(CASE WHEN r.type = 'CPR' THEN 1 END) AS cpr,
     count(CASE WHEN r.type = 'SAR' THEN 1 END) AS sar,
     count(CASE WHEN r.type = 'DHR' THEN 1 END) AS dhr,
     min(r.year) AS first_year,
     max(r.year) AS last_year
WHERE reviews >= $min_reviews
RETURN a.id AS theme_id, a.name AS theme, a.level AS level, a.domain AS domain,
       reviews, total AS reviews_in_view,
       round(1000.0 * reviews / total) / 10.0 AS percent,
       scr, cspr, cpr, sar, dhr, reviews - scr - cspr - cpr - sar - dhr AS other,
       first_year, last_year
ORDER BY reviews DESC, theme_id
LIMIT $limit
