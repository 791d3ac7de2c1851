// name: overview_totals
// title: Headline numbers
// description: One row of totals for the reviews in view: reviews, boards, the documents they
// description: come from (reports: documents that were read, a briefing on several cases counted
// description: once), register records among the reviews, findings, recommendations and how many
// description: of those are not complete. Every page takes its headline numbers from this query.
// filters: common
// precompute: yes
CALL () {
  MATCH (r:Review)
  // @filters
  RETURN count(r) AS reviews, count(DISTINCT r.board) AS boards, 0 AS documents, 0 AS reports,
         count(CASE WHEN r.source = 'register' THEN 1 END) AS register_records,
         0 AS findings, 0 AS recommendations, 0 AS open_recommendations
  UNION ALL
  MATCH (r:Review)
  // @filters
  MATCH (r)-[:DESCRIBED_IN]->(d)
  RETURN 0 AS reviews, 0 AS boards, count(DISTINCT d) AS documents,
         count(DISTINCT CASE WHEN coalesce(d.kind, 'review') = 'review' THEN d END) AS reports,
         0 AS register_records, 0 AS findings, 0 AS recommendations, 0 AS open_recommendations
  UNION ALL
  MATCH (r:Review)
  // @filters
  MATCH (r)-[:FOUND]->(f)
  RETURN 0 AS reviews, 0 AS boards, 0 AS documents, 0 AS reports, 0 AS register_records,
         count(f) AS findings, 0 AS recommendations, 0 AS open_recommendations
  UNION ALL
  MATCH (r:Review)
  // @filters
  MATCH (r)-[:MADE]->(c)
  RETURN 0 AS reviews, 0 AS boards, 0 AS documents, 0 AS reports, 0 AS register_records,
         0 AS findings, count(c) AS recommendations,
         count(CASE WHEN c.status IS NULL OR c.status <> 'complete' THEN 1 END)
           AS open_recommendations
}
RETURN toInteger(sum(reviews)) AS reviews, toInteger(sum(boards)) AS boards,
       toInteger(sum(documents)) AS documents, toInteger(sum(reports)) AS reports,
       toInteger(sum(register_records)) AS register_records,
       toInteger(sum(findings)) AS findings,
       toInteger(sum(recommendations)) AS recommendations,
       toInteger(sum(open_recommendations)) AS open_recommendations
