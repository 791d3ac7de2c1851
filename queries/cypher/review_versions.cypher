// name: review_versions
// title: A review's versions
// description: The version history of a review's reports: each file loaded for it, oldest first,
// description: with the version number, file name, when it was loaded and its sha256; the current
// description: file is marked. A revised report replaces the earlier file's evidence and keeps
// description: this history (`reviewgraph load --replaces`).
// param: review_id str -- the review's id (see the `reviews` query)
// param: include_unpublished bool = false -- show them even if the review is marked unpublished
MATCH (r:Review {id: $review_id})
WHERE $include_unpublished OR coalesce(r.published, true) <> false
MATCH (r)-[:DESCRIBED_IN]->(d:Document)
WHERE NOT coalesce(d.kind, '') IN ['register', 'actions']
WITH d, coalesce(d.history_files, [d.name]) AS files,
     coalesce(d.history_loaded, [d.loaded_at]) AS loaded, coalesce(d.history_sha, [d.id]) AS shas
UNWIND range(0, size(files) - 1) AS i
RETURN d.name AS document, i + 1 AS version, files[i] AS file, loaded[i] AS loaded_at,
       shas[i] AS sha256, shas[i] = d.id AS current
ORDER BY document, version
