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
// the nodes are collected and their ids and texts read only for the clusters kept: copying
// every cluster's texts was half the query's time at 10,000 reviews
WITH cluster, count(DISTINCT r) AS reviews, count(c) AS recommendations,
     min(r.year) AS first_year, max(r.year) AS last_year,
     collect(DISTINCT r) AS made_by, collect(c) AS recs
WHERE reviews >= $min_reviews
WITH cluster, reviews, recommendations, first_year, last_year, made_by, recs
ORDER BY reviews DESC, recommendations DESC, cluster
LIMIT $limit
RETURN cluster, reviews, recommendations, first_year, last_year, recs[0].text AS example,
       [x IN made_by[0..$max_items] | x.id] AS review_ids,
       [x IN recs[0..$max_items] | x.id] AS recommendation_ids,
       [x IN recs[0..$max_items] | x.text] AS texts
ORDER BY reviews DESC, recommendations DESC, cluster
