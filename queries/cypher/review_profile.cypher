// name: review_profile
// title: Review profile
// description: One review on a page: its metadata, the documents it comes from, its practice
// description: themes, its case characteristics (what happened: abuse types, kind of death ...) and
// description: agencies, and how many findings and recommendations it made (and how many of those
// description: are not complete). A case read from a briefing on several cases lists the briefing's
// description: other cases (`briefing_case_ids`, `briefing_cases`).
// param: review_id str -- the review's id (see the `reviews` query)
// param: include_unpublished bool = false -- show the review even if it is marked unpublished
MATCH (r:Review {id: $review_id})
WHERE $include_unpublished OR coalesce(r.published, true) <> false
RETURN r.id AS id, r.type AS type, r.title AS title, r.subject AS subject, r.board AS board,
       r.year AS year, r.age_band AS age_band, r.gender AS gender, r.outcome AS outcome,
       r.harm AS harm, r.published AS published, r.source AS source,
       r.incident_year AS incident_year,
       [(r)-[:DESCRIBED_IN]->(d1) | d1.name] AS documents,
       [(r)-[:DESCRIBED_IN]->(d2) | d2.path] AS paths,
       [(r)-[:DESCRIBED_IN]->(d3)<-[:DESCRIBED_IN]-(o1:Review)
          WHERE coalesce(d3.kind, 'review') = 'review' AND o1.id <> r.id | o1.id]
         AS briefing_case_ids,
       [(r)-[:DESCRIBED_IN]->(d4)<-[:DESCRIBED_IN]-(o2:Review)
          WHERE coalesce(d4.kind, 'review') = 'review' AND o2.id <> r.id
          | trim(coalesce(o2.type, '') + ' ' + coalesce(o2.subject, o2.id))] AS briefing_cases,
       [(r)-[:HAS_THEME]->(t1) | t1.id] AS theme_ids,
       [(r)-[:HAS_THEME]->(t2) | t2.name] AS themes,
       [(r)-[:HAS_CHARACTERISTIC]->(c0) | c0.name] AS characteristics,
       [(r)-[:INVOLVED]->(g) | g.name] AS agencies,
       size([(r)-[:FOUND]->(f) | f]) AS findings,
       size([(r)-[:MADE]->(c1) | c1]) AS recommendations,
       size([(r)-[:MADE]->(c2) WHERE c2.status IS NULL OR c2.status <> 'complete' | c2])
         AS open_recommendations
