// name: theme_cooccurrence
// title: Themes that occur together
// description: Pairs of themes raised in the same reviews: how many reviews raise both, the
// description: lift (how much more often they appear together than chance would give, so frequent
// description: themes do not dominate: above 1 means they go together) and the Jaccard index
// description: (reviews with both / reviews with either).
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// param: min_reviews int = 2 -- leave out pairs found together in fewer reviews
// param: limit int = 500 -- at most this many pairs
// filters: common
// precompute: level
MATCH (r:Review)
// @filters
WITH count(r) AS total
MATCH (r:Review)
// @filters
MATCH (r)-[:RAISES]->(a)
WHERE a.level = $level
WITH total, r, collect(a.id) AS here
UNWIND here AS x
UNWIND [other IN here WHERE x <= other] AS y
// x = y counts the reviews raising x, so one pass gives both the pairs and the themes
WITH total, x, y, count(*) AS n
WITH total,
     collect(CASE WHEN x = y THEN x END) AS ids,
     collect(CASE WHEN x = y THEN n END) AS counts,
     collect(CASE WHEN x < y AND n >= $min_reviews THEN [x, y, n] END) AS pairs
UNWIND pairs AS pair
WITH total, pair[0] AS x, pair[1] AS y, pair[2] AS both,
     counts[[i IN range(0, size(ids) - 1) WHERE ids[i] = pair[0]][0]] AS nx,
     counts[[i IN range(0, size(ids) - 1) WHERE ids[i] = pair[1]][0]] AS ny
// a grouping (one row per pair already) so that the rows sorted below hold these numbers
// alone: Neo4j kept the collected lists in every sorted row, 0.9 GB at 1,000 reviews,
// over the memory one query may use
WITH total, x, y, nx, ny, max(both) AS both
MATCH (ta:Theme {id: x})
MATCH (tb:Theme {id: y})
RETURN ta.id AS theme_a, ta.name AS theme_a_name, tb.id AS theme_b, tb.name AS theme_b_name,
       both AS reviews, nx AS reviews_a, ny AS reviews_b, total AS reviews_in_view,
       round(1000.0 * both * total / (nx * ny)) / 1000.0 AS lift,
       round(1000.0 * both / (nx + ny - both)) / 1000.0 AS jaccard
ORDER BY reviews DESC, lift DESC, theme_a, theme_b
LIMIT $limit
