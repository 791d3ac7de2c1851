"""Write a graph given as plain rows (the shape of docs/GRAPH_MODEL.md) through write_batch.

Used by the synthetic generator (bench/synth.py) and the hand-written test graph
(queries/tiny.py). The loaders have their own writer; this one is for made-up graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore

Rows = list[dict[str, Any]]


@dataclass
class GraphRows:
    """Everything a graph holds, as rows; relationship rows name their ends by id."""

    themes: Rows = field(default_factory=list)  # id, name, level, domain, layer, definition
    parents: Rows = field(default_factory=list)  # child, parent
    agencies: Rows = field(default_factory=list)  # id, name, sector, sector_id, collective
    boards: Rows = field(default_factory=list)  # id, name, kind
    documents: Rows = field(default_factory=list)  # id, sha256, path, name, format, pages, kind
    reviews: Rows = field(default_factory=list)  # id, props, board_id (or None), doc
    has_theme: Rows = field(default_factory=list)  # review, theme, props
    doc_themes: Rows = field(default_factory=list)  # document, theme, props (a briefing's)
    involved: Rows = field(default_factory=list)  # review, agency, props
    recs: Rows = field(default_factory=list)  # review, props
    doc_recs: Rows = field(default_factory=list)  # document, props (a briefing's)
    addressed: Rows = field(default_factory=list)  # rec, agency, doc
    rec_themes: Rows = field(default_factory=list)  # rec, theme, doc
    findings: Rows = field(default_factory=list)  # review, props
    finding_themes: Rows = field(default_factory=list)  # finding, theme
    passages: Rows = field(default_factory=list)  # props, themes
    actions: Rows = field(default_factory=list)  # props, owners

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in vars(self).items()}


STATEMENTS = {
    "themes": """
UNWIND $rows AS row
MERGE (t:Theme {id: row.id})
SET t.name = row.name, t.level = row.level, t.domain = row.domain,
    t.layer = row.layer, t.definition = row.definition""",
    "parents": """
UNWIND $rows AS row
MATCH (c:Theme {id: row.child}) MATCH (p:Theme {id: row.parent})
MERGE (c)-[:PART_OF]->(p)""",
    "agencies": """
UNWIND $rows AS row
MERGE (a:Agency {id: row.id})
SET a.name = row.name, a.sector = row.sector, a.collective = row.collective,
    a.in_gazetteer = true
MERGE (s:Sector {id: row.sector_id}) SET s.name = row.sector
MERGE (a)-[:IN_SECTOR]->(s)""",
    "boards": """
UNWIND $rows AS row
MERGE (b:Board {id: row.id}) SET b.name = row.name, b.kind = row.kind""",
    "documents": """
UNWIND $rows AS row
MERGE (d:Document {id: row.id}) SET d += row""",
    "reviews": """
UNWIND $rows AS row
MERGE (r:Review {id: row.id}) SET r += row.props
WITH r, row
MATCH (d:Document {id: row.doc})
MERGE (r)-[:DESCRIBED_IN]->(d)
WITH r, row
MATCH (b:Board {id: row.board_id})
MERGE (r)-[:COMMISSIONED_BY {doc: row.doc}]->(b)""",
    "has_theme": """
UNWIND $rows AS row
MATCH (r:Review {id: row.review}) MATCH (t:Theme {id: row.theme})
MERGE (r)-[h:HAS_THEME {doc: row.props.doc}]->(t) SET h += row.props""",
    "doc_themes": """
UNWIND $rows AS row
MATCH (d:Document {id: row.document}) MATCH (t:Theme {id: row.theme})
MERGE (d)-[h:HAS_THEME {doc: row.props.doc}]->(t) SET h += row.props""",
    "involved": """
UNWIND $rows AS row
MATCH (r:Review {id: row.review}) MATCH (a:Agency {id: row.agency})
MERGE (r)-[i:INVOLVED {doc: row.props.doc}]->(a) SET i += row.props""",
    "recs": """
UNWIND $rows AS row
MATCH (r:Review {id: row.review})
MERGE (c:Recommendation {id: row.props.id}) SET c += row.props
MERGE (r)-[:MADE]->(c)""",
    "doc_recs": """
UNWIND $rows AS row
MATCH (d:Document {id: row.document})
MERGE (c:Recommendation {id: row.props.id}) SET c += row.props
MERGE (d)-[:MADE]->(c)""",
    "addressed": """
UNWIND $rows AS row
MATCH (c:Recommendation {id: row.rec}) MATCH (a:Agency {id: row.agency})
MERGE (c)-[:ADDRESSED_TO {doc: row.doc}]->(a)""",
    "rec_themes": """
UNWIND $rows AS row
MATCH (c:Recommendation {id: row.rec}) MATCH (t:Theme {id: row.theme})
MERGE (c)-[:ON_THEME {doc: row.doc}]->(t)""",
    "findings": """
UNWIND $rows AS row
MATCH (r:Review {id: row.review})
MERGE (f:Finding {id: row.props.id}) SET f += row.props
MERGE (r)-[:FOUND]->(f)""",
    "finding_themes": """
UNWIND $rows AS row
MATCH (f:Finding {id: row.finding}) MATCH (t:Theme {id: row.theme})
MERGE (f)-[:ON_THEME]->(t)""",
    "passages": """
UNWIND $rows AS row
MERGE (p:Passage {id: row.props.id}) SET p += row.props
WITH p, row
MATCH (d:Document {id: row.props.doc})
MERGE (p)-[:IN]->(d)
WITH p, row
UNWIND row.themes AS theme
MATCH (t:Theme {id: theme})
MERGE (p)-[:SUPPORTS]->(t)""",
    "actions": """
UNWIND $rows AS row
MERGE (a:Action {id: row.props.id}) SET a += row.props
WITH a, row
OPTIONAL MATCH (c:Recommendation {id: row.props.rec_id})
FOREACH (x IN CASE WHEN c IS NULL THEN [] ELSE [c] END | MERGE (a)-[:TRACKS]->(x))
WITH a, row
UNWIND row.owners AS owner
MATCH (g:Agency {id: owner})
MERGE (a)-[:OWNED_BY]->(g)""",
}


def write_rows(store: GraphStore, graph: GraphRows, batch_size: int = 2000) -> dict[str, int]:
    """Write every row kind in dependency order; returns rows sent per kind."""
    sent = {}
    for kind, statement in STATEMENTS.items():
        rows: Iterable[dict[str, Any]] = getattr(graph, kind)
        sent[kind] = store.write_batch(statement, rows, batch_size=batch_size)
    return sent
