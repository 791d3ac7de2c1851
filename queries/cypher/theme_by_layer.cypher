// name: theme_by_layer
// title: Themes by layer
// description: Findings sorted in layers from the person outward, as the national analyses of
// description: adult reviews do (direct practice with the person, the team around the person,
// description: organisations, board governance, circumstances): reviews raising a theme in each
// description: layer, their share of the reviews in view, and the findings on themes in that layer.
// filters: common
// precompute: yes
MATCH (r:Review)
// @filters
WITH count(r) AS total
MATCH (r:Review)
// @filters
MATCH (r)-[:HAS_THEME]->(t)
WITH total, coalesce(t.layer, 'other') AS layer, collect(r) AS linked
UNWIND linked AS r
WITH DISTINCT total, layer, r
WITH total, layer, count(r) AS reviews
WITH total, collect(layer) AS layers, collect(reviews) AS counts
MATCH (r:Review)
// @filters
// two OPTIONAL MATCHes, not one over the whole path: FalkorDB 4.16 binds `f` on a partial
// match of `(r)-[:FOUND]->(f)-[:ON_THEME]->(t)` (Neo4j binds all or nothing), which counted
// findings with no theme under 'other'; here only findings on a theme count, on both engines
OPTIONAL MATCH (r)-[:FOUND]->(f)
OPTIONAL MATCH (f)-[:ON_THEME]->(t)
WITH total, layers, counts, coalesce(t.layer, 'other') AS layer,
     count(DISTINCT CASE WHEN t IS NOT NULL THEN f END) AS findings
WITH total, layers, counts, collect(layer) AS finding_layers, collect(findings) AS finding_counts
UNWIND [x IN finding_layers WHERE NOT x IN layers] + layers AS layer
WITH total, layer,
     coalesce(counts[[i IN range(0, size(layers) - 1) WHERE layers[i] = layer][0]], 0) AS reviews,
     coalesce(finding_counts[[i IN range(0, size(finding_layers) - 1)
                              WHERE finding_layers[i] = layer][0]], 0) AS findings
WHERE reviews > 0 OR findings > 0
RETURN layer, reviews, total AS reviews_in_view,
       CASE WHEN total = 0 THEN 0.0 ELSE round(1000.0 * reviews / total) / 10.0 END AS percent,
       findings
ORDER BY CASE layer WHEN 'person' THEN 0 WHEN 'team' THEN 1 WHEN 'organisation' THEN 2
         WHEN 'governance' THEN 3 WHEN 'circumstance' THEN 4 ELSE 5 END, layer
