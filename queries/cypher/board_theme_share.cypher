// name: board_theme_share
// title: Our board against the rest
// description: Each practice theme with the share of one board's reviews in view that raise it
// description: beside the share of the other boards' reviews in view ("information sharing: 8 of
// description: 12 of our reviews, 41% elsewhere"), so a board sees where its lessons differ. The
// description: other filters apply to both sides; leave the boards filter empty.
// param: board str -- our board, as in Review.board
// param: level str = "theme" -- taxonomy level to count at: theme, subtheme or domain
// choices: level = theme, subtheme, domain
// filters: common
MATCH (r:Review)
// @filters
WITH count(CASE WHEN r.board = $board THEN 1 END) AS ours,
     count(CASE WHEN coalesce(r.board, '') <> $board THEN 1 END) AS others
MATCH (r:Review)
// @filters
MATCH (r)-[:RAISES]->(a)
WHERE a.level = $level
// $board is never empty (a required parameter), so a review is ours or one of the others
WITH ours, others, a, coalesce(r.board, '') = $board AS mine, count(r) AS n
WITH ours, others, a,
     toInteger(sum(CASE WHEN mine THEN n ELSE 0 END)) AS ours_with,
     toInteger(sum(CASE WHEN mine THEN 0 ELSE n END)) AS others_with
RETURN a.id AS theme_id, a.name AS theme, ours_with AS reviews, ours AS our_reviews,
       CASE WHEN ours = 0 THEN null ELSE round(1000.0 * ours_with / ours) / 10.0 END AS percent,
       others_with AS other_reviews_with_theme, others AS other_reviews,
       CASE WHEN others = 0 THEN null ELSE round(1000.0 * others_with / others) / 10.0 END
         AS others_percent
ORDER BY reviews DESC, other_reviews_with_theme DESC, theme_id
