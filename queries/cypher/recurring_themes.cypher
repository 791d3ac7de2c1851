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
// RAISES: each theme the review's links reach up the taxonomy, once (a review linked to two
// sub-themes of one theme counts once for the theme)
MATCH (r)-[:RAISES]->(a)
WHERE a.level = $level
// count by theme and type first, then the few groups per theme (one count per row is cheaper
// than seven)
WITH total, a, r.type AS type, count(r) AS n, min(r.year) AS first, max(r.year) AS last
WITH total, a,
     toInteger(sum(n)) AS reviews,
     toInteger(sum(CASE WHEN type = 'SCR' THEN n ELSE 0 END)) AS scr,
     toInteger(sum(CASE WHEN type = 'CSPR' THEN n ELSE 0 END)) AS cspr,
     toInteger(sum(CASE WHEN type = 'CPR' THEN n ELSE 0 END)) AS cpr,
     toInteger(sum(CASE WHEN type = 'SAR' THEN n ELSE 0 END)) AS sar,
     toInteger(sum(CASE WHEN type = 'DHR' THEN n ELSE 0 END)) AS dhr,
     min(first) AS first_year,
     max(last) AS last_year
WHERE reviews >= $min_reviews
RETURN a.id AS theme_id, a.name AS theme, a.level AS level, a.domain AS domain,
       reviews, total AS reviews_in_view,
       round(1000.0 * reviews / total) / 10.0 AS percent,
       scr, cspr, cpr, sar, dhr, reviews - scr - cspr - cpr - sar - dhr AS other,
       first_year, last_year
ORDER BY reviews DESC, theme_id
LIMIT $limit
