// name: overview_counts
// title: Reviews by type, year and board
// description: How many reviews there are for each combination of review type, year and board
// description: (one row per combination that occurs): sum the rows for totals by type, by year or
// description: by board, or chart reviews per year stacked by type.
// filters: common
// precompute: yes
MATCH (r:Review)
WHERE (size($types) = 0 OR r.type IN $types)
  AND (size($boards) = 0 OR r.board IN $boards)
  AND ($year_from IS NULL OR r.year >= $year_from)
  AND ($year_to IS NULL OR r.year <= $year_to)
  AND (size($age_bands) = 0 OR r.age_band IN $age_bands)
  AND ($outcome IS NULL OR r.outcome = $outcome)
  AND ($include_unpublished OR coalesce(r.published, true) <> false)
RETURN r.type AS type, r.year AS year, r.board AS board, count(r) AS reviews
ORDER BY year, type, board
