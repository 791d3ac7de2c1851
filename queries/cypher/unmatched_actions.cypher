// name: unmatched_actions
// title: Unmatched action plan rows
// description: Rows of loaded action plans that could not be matched to any recommendation in the
// description: graph (by number or by text): fix the plan or load the review it refers to.
// param: limit int = 200 -- at most this many rows
// precompute: yes
MATCH (x:Action)
OPTIONAL MATCH (x)-[t:TRACKS]->()
WITH x, t
WHERE t IS NULL
WITH x
ORDER BY x.doc, x.id
LIMIT $limit
OPTIONAL MATCH (d:Document {id: x.doc})
RETURN x.id AS action_id, x.review_ref AS review_ref, x.rec_number AS rec_number,
       x.rec_text AS rec_text, x.owner AS owner, x.action AS action, x.due AS due,
       x.status AS status, d.name AS document, d.path AS path
ORDER BY document, action_id
