// name: reviews_by_agency
// title: Reviews involving an agency
// description: The reviews in view that involve an agency, with how often it is mentioned and how
// description: many recommendations each review addressed to it. Newest first.
// param: agency str -- agency id or name (e.g. police or "Children's social care")
// param: limit int = 200 -- at most this many reviews
// filters: common
MATCH (g:Agency)
WHERE g.id = $agency OR toLower(g.name) = toLower($agency)
// start from the agency (WITH keeps the planner from scanning every review first)
WITH g
MATCH (g)<-[i:INVOLVED]-(r:Review)
// @filters
WITH r, g, toInteger(sum(coalesce(i.mentions, 0))) AS mentions
ORDER BY r.year DESC, r.id
LIMIT $limit
OPTIONAL MATCH (r)-[:MADE]->(c)-[:ADDRESSED_TO]->(g)
RETURN r.id AS review_id, r.type AS type, r.subject AS subject, r.board AS board,
       r.year AS year, g.id AS agency_id, g.name AS agency, mentions,
       count(c) AS recommendations_to_agency
ORDER BY year DESC, review_id
