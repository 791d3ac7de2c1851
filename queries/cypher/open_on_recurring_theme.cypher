// name: open_on_recurring_theme
// title: Open recommendations on a recurring theme
// description: Recommendations from older reviews that are not complete (no action plan tracks
// description: them, or their actions are still open) on a theme that a newer review raises again:
// description: "did we act on this lesson before it came back?". Most repeated first.
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// param: limit int = 200 -- at most this many recommendations, most repeated first
// filters: common
// precompute: level
MATCH (r:Review)
// @filters
  AND r.year IS NOT NULL
MATCH (r)-[:RAISES]->(a)
WHERE a.level = $level
// per theme: how many reviews in view raised it each year, newest first
WITH a, r.year AS year, count(r) AS n
WITH a, collect(year) AS years, collect(n) AS counts
WITH collect({id: a.id, years: years, counts: counts}) AS raised
// the open recommendations of the reviews in view, from those reviews (not from each
// theme's every recommendation: under a filter that walked 100,000 rows at 10,000
// reviews), grouped by theme and the year of their review, in a subquery so that the
// grouping does not carry `raised` (a list in every grouping key took 1.8 s at 10,000);
// the later reviews raising the theme are then counted per group
CALL () {
  MATCH (r:Review)
  // @filters
    AND r.year IS NOT NULL
  MATCH (r)-[:MADE]->(c:Recommendation)-[:RAISES]->(a)
  WHERE a.level = $level AND (c.status IS NULL OR c.status <> 'complete')
  RETURN a, r.year AS year, collect(DISTINCT c) AS recs
}
WITH a, recs, year, [t IN raised WHERE t.id = a.id][0] AS t
WHERE t IS NOT NULL
WITH a, recs, year,
     reduce(m = 0, y IN t.years | CASE WHEN y > m THEN y ELSE m END) AS latest_year,
     reduce(s = 0, i IN range(0, size(t.years) - 1) |
            s + CASE WHEN t.years[i] > year THEN t.counts[i] ELSE 0 END) AS newer_reviews
WHERE newer_reviews > 0
UNWIND recs AS c
WITH a, c, year, newer_reviews, latest_year, c.id AS recommendation_id
// a recommendation on several themes is a row per theme: the theme breaks the tie, so that
// the rows kept and their order do not depend on the engine's plan
ORDER BY newer_reviews DESC, year, recommendation_id, a.id
LIMIT $limit
MATCH (r:Review)-[:MADE]->(c)
RETURN a.id AS theme_id, a.name AS theme, recommendation_id, c.number AS number,
       c.text AS text, coalesce(c.status, 'no action plan') AS status, c.due AS due,
       r.id AS review_id, year, newer_reviews, latest_year
ORDER BY newer_reviews DESC, year, recommendation_id, theme_id
