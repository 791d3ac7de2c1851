// name: themes
// title: Theme taxonomy
// description: The taxonomy (domain, theme, sub-theme) in tree order with each theme's parent,
// description: layer (person, team, organisation, governance, circumstance), definition, its
// description: co-occurrence community and centrality, and the reviews in view that raise it (links
// description: to its sub-themes included).
// filters: common
// precompute: yes
CALL () {
  MATCH (r:Review)
  // @filters
  MATCH (r)-[:HAS_THEME]->(t)
  WITH t, collect(r) AS linked
  MATCH (t)-[:PART_OF*0..2]->(a)
  UNWIND linked AS r
  WITH a, count(DISTINCT r) AS reviews
  RETURN a, reviews
  UNION ALL
  MATCH (a:Theme)
  RETURN a, 0 AS reviews
}
WITH a, toInteger(sum(reviews)) AS reviews
OPTIONAL MATCH (a)-[:PART_OF]->(p)
RETURN a.id AS id, a.name AS name, a.level AS level, a.domain AS domain, p.id AS parent,
       a.layer AS layer, a.definition AS definition, a.community AS community,
       a.centrality AS centrality, reviews
ORDER BY domain,
         CASE a.level WHEN 'subtheme' THEN p.id WHEN 'theme' THEN a.id ELSE '' END,
         CASE a.level WHEN 'domain' THEN 0 WHEN 'theme' THEN 1 ELSE 2 END, id
