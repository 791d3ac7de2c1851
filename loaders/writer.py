"""Write what one file contributed to the graph in ONE statement: one transaction on both backends.

The statement first deletes what an earlier version of the same file contributed
(`$replace`: the ids of those Document nodes), keeping Reviews and Recommendations
whose ids come back (so action plans stay attached), then writes the new version.
Every extracted relationship carries `doc`, so two files describing the same review
can be replaced independently.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.rows import (
    AgencyRow,
    CharacteristicRow,
    DocumentRows,
    ParentRow,
    ThemeRow,
)

_DELETE_OLD = """
OPTIONAL MATCH (od:Document) WHERE od.id IN $replace
DETACH DELETE od
WITH count(*) AS c1
OPTIONAL MATCH (op:Passage) WHERE op.doc IN $replace
DETACH DELETE op
WITH count(*) AS c2
OPTIONAL MATCH (of:Finding) WHERE of.doc IN $replace
DETACH DELETE of
WITH count(*) AS c3
OPTIONAL MATCH (oa:Action) WHERE oa.doc IN $replace
DETACH DELETE oa
WITH count(*) AS c4
OPTIONAL MATCH (orc:Recommendation) WHERE orc.doc IN $replace AND NOT orc.id IN $keep_recs
DETACH DELETE orc
WITH count(*) AS c5
OPTIONAL MATCH (orv:Review) WHERE orv.doc IN $replace AND NOT orv.id IN $keep_reviews
DETACH DELETE orv
WITH count(*) AS c6
OPTIONAL MATCH
  (krv:Review)-[ke:HAS_THEME|MENTIONS_THEME|HAS_CHARACTERISTIC|INVOLVED|COMMISSIONED_BY]->()
WHERE krv.id IN $keep_reviews AND (ke.doc IN $replace OR ke.doc = $doc.id)
DELETE ke
WITH count(*) AS c7
OPTIONAL MATCH (krc:Recommendation)-[kre:ADDRESSED_TO|ON_THEME]->()
WHERE krc.id IN $keep_recs AND (kre.doc IN $replace OR kre.doc = $doc.id)
DELETE kre
WITH count(*) AS c8
"""

_WRITE_NEW = """
MERGE (d:Document {id: $doc.id}) SET d += $doc, d.revision = $revision
FOREACH (r IN $reviews |
  MERGE (rv:Review {id: r.id}) SET rv += r.props
  MERGE (rv)-[:DESCRIBED_IN]->(d)
  FOREACH (b IN r.boards |
    MERGE (bd:Board {id: b.id}) SET bd.name = b.name, bd.kind = b.kind
    MERGE (rv)-[:COMMISSIONED_BY {doc: $doc.id}]->(bd))
  FOREACH (t IN r.themes |
    MERGE (th:Theme {id: t.id})
    MERGE (rv)-[h:HAS_THEME {doc: $doc.id}]->(th)
    SET h.mentions = t.mentions, h.evidence = t.evidence, h.pages = t.pages, h.source = t.source,
        h.strength = t.strength, h.rank = t.rank)
  FOREACH (t IN coalesce(r.weak_themes, []) |
    MERGE (th:Theme {id: t.id})
    MERGE (rv)-[w:MENTIONS_THEME {doc: $doc.id}]->(th)
    SET w.mentions = t.mentions, w.evidence = t.evidence, w.pages = t.pages,
        w.strength = t.strength, w.rank = t.rank)
  FOREACH (c IN coalesce(r.characteristics, []) |
    MERGE (ch:Characteristic {id: c.id})
    MERGE (rv)-[hc:HAS_CHARACTERISTIC {doc: $doc.id}]->(ch)
    SET hc.mentions = c.mentions, hc.evidence = c.evidence, hc.pages = c.pages,
        hc.source = c.source)
  FOREACH (a IN r.agencies |
    MERGE (ag:Agency {id: a.id})
    MERGE (rv)-[i:INVOLVED {doc: $doc.id}]->(ag)
    SET i.mentions = a.mentions, i.evidence = a.evidence, i.pages = a.pages)
  FOREACH (rec IN r.recs |
    MERGE (rc:Recommendation {id: rec.id}) SET rc += rec.props
    MERGE (rv)-[:MADE]->(rc)
    FOREACH (a IN rec.agencies |
      MERGE (ag:Agency {id: a}) MERGE (rc)-[:ADDRESSED_TO {doc: $doc.id}]->(ag))
    FOREACH (t IN rec.themes |
      MERGE (th:Theme {id: t}) MERGE (rc)-[:ON_THEME {doc: $doc.id}]->(th)))
  FOREACH (f IN r.findings |
    MERGE (fd:Finding {id: f.props.id}) SET fd += f.props
    MERGE (rv)-[:FOUND]->(fd)
    FOREACH (t IN f.themes | MERGE (th:Theme {id: t}) MERGE (fd)-[:ON_THEME]->(th))))
FOREACH (t IN $doc_themes |
  MERGE (th:Theme {id: t.id})
  MERGE (d)-[h:HAS_THEME {doc: $doc.id}]->(th)
  SET h.mentions = t.mentions, h.evidence = t.evidence, h.pages = t.pages, h.source = t.source,
      h.strength = t.strength, h.rank = t.rank)
FOREACH (rec IN $doc_recs |
  MERGE (rc:Recommendation {id: rec.id}) SET rc += rec.props
  MERGE (d)-[:MADE]->(rc)
  FOREACH (a IN rec.agencies |
    MERGE (ag:Agency {id: a}) MERGE (rc)-[:ADDRESSED_TO {doc: $doc.id}]->(ag))
  FOREACH (t IN rec.themes |
    MERGE (th:Theme {id: t}) MERGE (rc)-[:ON_THEME {doc: $doc.id}]->(th)))
FOREACH (p IN $passages |
  MERGE (ps:Passage {id: p.props.id}) SET ps += p.props
  MERGE (ps)-[:IN]->(d)
  FOREACH (t IN p.themes | MERGE (th:Theme {id: t}) MERGE (ps)-[:SUPPORTS]->(th)))
FOREACH (a IN $actions |
  MERGE (ac:Action {id: a.props.id}) SET ac += a.props
  FOREACH (o IN a.owners | MERGE (ag:Agency {id: o}) MERGE (ac)-[:OWNED_BY]->(ag)))
RETURN d.id AS id
"""

WRITE_DOCUMENT = _DELETE_OLD + _WRITE_NEW
# The same write for many new documents at once (nothing to replace): each row of
# $documents is one DocumentRows. Used where documents are made, not read (the test and
# benchmark graphs), so that they are written by the very statement a load uses.
WRITE_NEW_DOCUMENTS = "UNWIND $documents AS p\n" + re.sub(
    r"\$(doc|reviews|doc_themes|doc_recs|passages|actions)\b", r"p.\1", _WRITE_NEW
).replace("RETURN d.id AS id", "RETURN count(d) AS documents")

# Reference data: the taxonomy and the gazetteer, loaded as nodes so Cypher can see them.
WRITE_THEMES = """
UNWIND $rows AS row
MERGE (t:Theme {id: row.id})
SET t.name = row.name, t.level = row.level, t.domain = row.domain,
    t.layer = row.layer, t.definition = row.definition
"""
WRITE_CHARACTERISTICS = """
UNWIND $rows AS row
MERGE (c:Characteristic {id: row.id})
SET c.name = row.name, c.group = row.group, c.group_name = row.group_name,
    c.definition = row.definition
"""
WRITE_THEME_PARENTS = """
UNWIND $rows AS row
MATCH (c:Theme {id: row.child})
MATCH (p:Theme {id: row.parent})
MERGE (c)-[:PART_OF]->(p)
"""
WRITE_AGENCIES = """
UNWIND $rows AS row
MERGE (a:Agency {id: row.id})
SET a.name = row.name, a.sector = row.sector, a.collective = row.collective,
    a.in_gazetteer = true
MERGE (s:Sector {id: row.sector_id}) SET s.name = row.sector
MERGE (a)-[:IN_SECTOR]->(s)
"""
DOCUMENT_BY_PATH = """
MATCH (d:Document) WHERE d.path = $path OR d.id = $sha
RETURN d.id AS id, d.path AS path
"""
# Versions: an earlier file of the same review (same type, board and subject; a document on
# one case only, not a register or an action plan; the same year when both say) is
# replaced by a revised one.
SAME_REVIEW = """
MATCH (r:Review)-[:DESCRIBED_IN]->(d:Document)
WHERE r.type = $type AND toLower(coalesce(r.board, '')) = toLower($board)
  AND toLower(coalesce(r.subject, '')) = toLower($subject)
  AND (r.year IS NULL OR $year IS NULL OR r.year = $year)
  AND NOT d.id IN $exclude AND NOT coalesce(d.kind, '') IN ['register', 'actions']
MATCH (x:Review)-[:DESCRIBED_IN]->(d)
WITH d, count(DISTINCT x) AS cases
WHERE cases = 1
RETURN d.id AS id
"""
REVIEW_DOCUMENTS = """
MATCH (r:Review {id: $id})-[:DESCRIBED_IN]->(d:Document)
WHERE NOT coalesce(d.kind, '') IN ['register', 'actions']
RETURN d.id AS id
"""
DOCUMENT_VERSIONS = """
MATCH (d:Document) WHERE d.id IN $ids
RETURN d.id AS id, d.name AS name, d.loaded_at AS loaded_at, d.version AS version,
       d.history_files AS files, d.history_loaded AS loaded, d.history_sha AS shas
"""
OWNED_IDS = """
MATCH (n) WHERE (n:Review OR n:Recommendation) AND n.doc IN $docs
RETURN n.id AS id
"""

# Every statement the loaders send, for the Neo4j linter test.
STATEMENTS = {
    "write_document": WRITE_DOCUMENT,
    "write_new_documents": WRITE_NEW_DOCUMENTS,
    "write_themes": WRITE_THEMES,
    "write_theme_parents": WRITE_THEME_PARENTS,
    "write_characteristics": WRITE_CHARACTERISTICS,
    "write_agencies": WRITE_AGENCIES,
    "document_by_path": DOCUMENT_BY_PATH,
    "owned_ids": OWNED_IDS,
    "same_review": SAME_REVIEW,
    "review_documents": REVIEW_DOCUMENTS,
    "document_versions": DOCUMENT_VERSIONS,
}


def write_document(store: GraphStore, rows: DocumentRows) -> dict[str, int]:
    """Replace the old version (if any) and write this one, atomically."""
    return store.write(WRITE_DOCUMENT, {**rows, "revision": revision()})


def revision() -> str:
    """A new Document.revision: each write of a document gets its own, so the derived data
    (queries/analytics.py) can tell which documents changed since it last ran, even when a
    file is written again under the same id."""
    return uuid.uuid4().hex


def write_new_documents(
    store: GraphStore, documents: Iterable[DocumentRows], batch_size: int = 200
) -> int:
    """Write documents that replace nothing, `batch_size` to a statement; returns how many."""
    written = 0
    batch: list[DocumentRows] = []
    for doc in documents:
        if doc["replace"]:
            raise ValueError(f"{doc['doc']['id']} replaces an earlier version: use write_document")
        batch.append(doc)
        if len(batch) >= batch_size:
            store.write(WRITE_NEW_DOCUMENTS, {"documents": batch, "revision": revision()})
            written, batch = written + len(batch), []
    if batch:
        store.write(WRITE_NEW_DOCUMENTS, {"documents": batch, "revision": revision()})
        written += len(batch)
    return written


def write_reference(
    store: GraphStore,
    themes: Sequence[ThemeRow],
    parents: Sequence[ParentRow],
    agencies: Sequence[AgencyRow],
    characteristics: Sequence[CharacteristicRow] = (),
) -> None:
    """Load the taxonomy, the gazetteer and the case characteristics (idempotent: MERGE)."""
    store.write_batch(WRITE_THEMES, themes)
    if characteristics:
        store.write_batch(WRITE_CHARACTERISTICS, characteristics)
    store.write_batch(WRITE_THEME_PARENTS, parents)
    store.write_batch(WRITE_AGENCIES, agencies)
