// name: characteristic_themes
// title: Practice themes in cases with a characteristic
// description: Which practice themes recur in the reviews of cases with a given characteristic
// description: (e.g. coercive control): for each characteristic and theme, the reviews in view
// description: that have both, as a share of the reviews with the characteristic, beside the share
// description: among the other reviews in view, so a board sees what goes wrong in such cases.
// param: characteristic str = null -- characteristic id or name; empty for every characteristic
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// param: min_reviews int = 1 -- leave out pairs found together in fewer reviews
// filters: common
// precompute: level
MATCH (r:Review)
// @filters
WITH count(r) AS total
MATCH (r:Review)-[:HAS_CHARACTERISTIC]->(c:Characteristic)
// @filters
  AND ($characteristic IS NULL OR c.id = $characteristic
       OR toLower(c.name) = toLower($characteristic))
WITH total, c, collect(DISTINCT r) AS having
WITH total, c, having, size(having) AS with_characteristic
UNWIND having AS r
MATCH (r)-[:RAISES]->(a)
WHERE a.level = $level
WITH total, c, with_characteristic, a, count(r) AS both
WHERE both >= $min_reviews
WITH total, a, collect([c, with_characteristic, both]) AS found
WITH total, collect([a, found]) AS per_theme
// the reviews in view raising each theme, counted from those reviews, once (one row goes
// into the subquery): counting each theme's reviews from the theme walked 90,000 links
// even for one board
CALL () {
  MATCH (r:Review)
  // @filters
  MATCH (r)-[:RAISES]->(a)
  WHERE a.level = $level
  RETURN a, count(r) AS with_theme
}
WITH total, a, with_theme, [x IN per_theme WHERE x[0] = a][0] AS p
WHERE p IS NOT NULL
UNWIND p[1] AS f
WITH f[0] AS c, f[1] AS with_characteristic, a, f[2] AS both,
     total - f[1] AS others, with_theme - f[2] AS others_with_theme
RETURN c.id AS characteristic_id, c.name AS characteristic, a.id AS theme_id, a.name AS theme,
       both AS reviews, with_characteristic AS reviews_with_characteristic,
       round(1000.0 * both / with_characteristic) / 10.0 AS percent,
       others_with_theme, others,
       CASE WHEN others = 0 THEN null ELSE round(1000.0 * others_with_theme / others) / 10.0 END
         AS others_percent
ORDER BY characteristic_id, reviews DESC, theme_id
