// name: recommendations_per_agency
// title: Recommendations per agency
// description: For each agency (or sector): in how many reviews it received at least one
// description: recommendation, as a share of all reviews in view (the national analysis's count:
// description: e.g. the board itself in 130 of 175 reviews), and how many recommendations in all.
// param: by str = "agency" -- group addressees by agency or by sector
// choices: by = agency, sector
// filters: common
// precompute: by
MATCH (r:Review)
// @filters
WITH count(r) AS total
MATCH (r:Review)
// @filters
MATCH (r)-[:MADE]->(c)-[:ADDRESSED_TO]->(g)
WITH total, r, c,
     CASE WHEN $by = 'sector' THEN null ELSE g.id END AS agency_id,
     CASE WHEN $by = 'sector' THEN coalesce(g.sector, 'unknown') ELSE coalesce(g.name, g.id) END
       AS agency,
     coalesce(g.sector, 'unknown') AS sector
WITH total, agency_id, agency, sector, count(DISTINCT r) AS reviews,
     count(DISTINCT c) AS recommendations
RETURN agency_id, agency, sector, reviews, total AS reviews_in_view,
       round(1000.0 * reviews / total) / 10.0 AS percent, recommendations
ORDER BY reviews DESC, recommendations DESC, agency
