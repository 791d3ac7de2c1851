// name: characteristics
// title: Case characteristics
// description: What happened in the cases, apart from the practice themes: for each case
// description: characteristic (types of abuse or neglect, kind of death, victim-perpetrator
// description: relationship, circumstances such as separation) the number of reviews in view that
// description: record it, from a report's text or a register's tag, and its share of the reviews
// description: in view. Register records count only with include_register.
// filters: common
// precompute: yes
MATCH (r:Review)
// @filters
WITH count(r) AS total
MATCH (r:Review)-[h:HAS_CHARACTERISTIC]->(c:Characteristic)
// @filters
WITH total, c, count(DISTINCT r) AS reviews,
     count(DISTINCT CASE WHEN h.source = 'register' THEN r END) AS from_register
RETURN c.id AS characteristic_id, c.name AS characteristic, c.group AS group,
       c.group_name AS group_name, reviews, total AS reviews_in_view,
       round(1000.0 * reviews / total) / 10.0 AS percent, reviews - from_register AS from_text,
       from_register
ORDER BY reviews DESC, characteristic_id
