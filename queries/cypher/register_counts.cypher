// name: register_counts
// title: Register records by region, partnership, year or tag
// description: The register records (rows of a register such as the DHRD: fields and tags, no
// description: text read) counted by region, by partnership (the board), by incident year (the
// description: year of the death or incident, not of the review) or by characteristic tag, with
// description: each value's share of the register records in view. Records with no value count
// description: under an empty value. Reports are not counted here.
// param: by str = "region" -- count by region, board, incident_year or characteristic
// choices: by = region, board, incident_year, characteristic
// param: include_register bool = true -- register records are what this query counts
// param: region str = null -- only records of this region (a click on the dashboard's chart)
// param: incident_year int = null -- only records of this year of death or incident
// param: tag str = null -- only records with this characteristic tag (its id)
// filters: common
// precompute: by
MATCH (r:Review)
// @filters
  AND r.source = 'register'
  AND ($region IS NULL OR r.region = $region)
  AND ($incident_year IS NULL OR r.incident_year = $incident_year)
WITH r, [(r)-[:HAS_CHARACTERISTIC]->(t) | t.id] AS tags
WHERE $tag IS NULL OR $tag IN tags
WITH count(r) AS total
MATCH (r:Review)
// @filters
  AND r.source = 'register'
  AND ($region IS NULL OR r.region = $region)
  AND ($incident_year IS NULL OR r.incident_year = $incident_year)
WITH total, r, [(r)-[:HAS_CHARACTERISTIC]->(t) | t.id] AS tags
WHERE $tag IS NULL OR $tag IN tags
WITH total, r,
     CASE $by
       WHEN 'region' THEN [r.region]
       WHEN 'board' THEN [r.board]
       WHEN 'incident_year' THEN [r.incident_year]
       ELSE [(r)-[:HAS_CHARACTERISTIC]->(c) | c.id]
     END AS keys
UNWIND keys AS key
WITH total, key, count(DISTINCT r) AS records
OPTIONAL MATCH (c:Characteristic {id: key})
WITH total, key, records, c
WHERE $by <> 'characteristic' OR c IS NOT NULL
RETURN $by AS by, key, CASE WHEN c IS NULL THEN key ELSE c.name END AS value, records,
       total AS records_in_view, round(1000.0 * records / total) / 10.0 AS percent
ORDER BY records DESC, value
