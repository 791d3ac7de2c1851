// name: theme_by_type
// title: Themes by review type
// description: For each theme and review type (SCR, CSPR, SAR, DHR …), the number of distinct
// description: reviews of that type raising the theme and the percentage of all reviews of that
// description: type in view: do children's, adults' and domestic homicide reviews share lessons?
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// filters: common
// precompute: level
MATCH (r:Review)
// @filters
WITH coalesce(r.type, 'unknown') AS type, count(r) AS type_total
WITH collect(type) AS types, collect(type_total) AS totals
MATCH (r:Review)
// @filters
MATCH (r)-[:HAS_THEME]->(t)
WITH types, totals, t, collect(r) AS linked
MATCH (t)-[:PART_OF*0..2]->(a)
WHERE a.level = $level
UNWIND linked AS r
WITH DISTINCT types, totals, a, r
WITH types, totals, a, coalesce(r.type, 'unknown') AS type, count(r) AS reviews
WITH a, type, reviews,
     totals[[i IN range(0, size(types) - 1) WHERE types[i] = type][0]] AS reviews_of_type
RETURN a.id AS theme_id, a.name AS theme, type, reviews, reviews_of_type,
       round(1000.0 * reviews / reviews_of_type) / 10.0 AS percent
ORDER BY theme_id, type
