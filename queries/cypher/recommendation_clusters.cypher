// name: recommendation_clusters
// title: The same lesson again
// description: Groups of near-identical recommendations made by different reviews (text
// description: similarity from `reviewgraph analyse`): each group with how many reviews made it,
// description: the years, an example and the texts, oldest first.
// param: min_reviews int = 2 -- leave out groups made by fewer reviews
// param: limit int = 100 -- at most this many groups
// param: max_items int = 20 -- at most this many review ids and texts listed per group
// filters: common
// precompute: yes
MATCH (r:Review)
// @filters
MATCH (r)-[:MADE]->(c)
WHERE c.cluster IS NOT NULL
WITH c.cluster AS cluster, r, c
ORDER BY r.year, r.id, c.id
WITH cluster, count(DISTINCT r) AS reviews, count(c) AS recommendations,
     min(r.year) AS first_year, max(r.year) AS last_year,
     collect(DISTINCT r.id) AS review_ids, collect(c.id) AS recommendation_ids,
     collect(c.text) AS texts
WHERE reviews >= $min_reviews
RETURN cluster, reviews, recommendations, first_year, last_year, texts[0] AS example,
       review_ids[0..$max_items] AS review_ids,
       recommendation_ids[0..$max_items] AS recommendation_ids, texts[0..$max_items] AS texts
ORDER BY reviews DESC, recommendations DESC, cluster
LIMIT $limit
