// name: agencies
// title: Agencies
// description: Every agency in the graph with its sector, whether it is in the gazetteer, the
// description: number of reviews in view that involve it and the recommendations addressed to it.
// filters: common
// precompute: yes
// three counts from the reviews in view outward, joined per agency (every agency listed)
CALL () {
  MATCH (r:Review)
  // @filters
  MATCH (r)-[:INVOLVED]->(g)
  RETURN g, count(DISTINCT r) AS reviews, 0 AS recommendations
  UNION ALL
  MATCH (r:Review)
  // @filters
  MATCH (r)-[:MADE]->(c)-[:ADDRESSED_TO]->(g)
  RETURN g, 0 AS reviews, count(DISTINCT c) AS recommendations
  UNION ALL
  MATCH (g:Agency)
  RETURN g, 0 AS reviews, 0 AS recommendations
}
WITH g, toInteger(sum(reviews)) AS reviews, toInteger(sum(recommendations)) AS recommendations
RETURN g.id AS id, g.name AS name, g.sector AS sector,
       coalesce(g.in_gazetteer, false) AS in_gazetteer, reviews, recommendations
ORDER BY sector, name, id
