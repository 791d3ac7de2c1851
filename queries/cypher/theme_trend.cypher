// name: theme_trend
// title: Theme trend by year
// description: For each theme and year, the number of distinct reviews raising it and the
// description: percentage of that year's reviews in view, to see whether a lesson is fading or
// description: growing. Years come from Review.year; reviews without a year are left out.
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// param: themes list[str] = [] -- theme ids to show; empty for all
// filters: common
// precompute: level
MATCH (r:Review)
// @filters
  AND r.year IS NOT NULL
WITH r.year AS year, count(r) AS year_total
WITH collect(year) AS years, collect(year_total) AS totals
MATCH (r:Review)
// @filters
  AND r.year IS NOT NULL
MATCH (r)-[:RAISES]->(a)
WHERE a.level = $level AND (size($themes) = 0 OR a.id IN $themes)
WITH years, totals, a, r.year AS year, count(r) AS reviews
WITH a, year, reviews,
     totals[[i IN range(0, size(years) - 1) WHERE years[i] = year][0]] AS reviews_that_year
RETURN a.id AS theme_id, a.name AS theme, year, reviews, reviews_that_year,
       round(1000.0 * reviews / reviews_that_year) / 10.0 AS percent
ORDER BY theme_id, year
