// name: overview_counts
// title: Reviews by type, year and board
// description: How many reviews there are for each combination of review type, year and board
// description: (one row per combination that occurs): sum the rows for totals by type, by year or
// description: by board, or chart reviews per year stacked by type.
// filters: common
// precompute: yes
MATCH (r:Review)
// @filters
RETURN r.type AS type, r.year AS year, r.board AS board, count(r) AS reviews
ORDER BY year, type, board
