"""The DHRD register mapping on the real dataset (skipped when ../shared is absent)."""

from __future__ import annotations

import csv
from pathlib import Path

from reviewgraph.graph.store import GraphStore
from reviewgraph.loaders.pipeline import load_register


def test_dhrd_gives_one_dhr_per_incident_and_true_tags_only(
    empty_store: GraphStore, corpus_dir: Path
) -> None:
    incidents = corpus_dir / "dhrd" / "incidents.csv"
    with incidents.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    report = load_register(empty_store, incidents, "dhrd")
    assert not report.failed
    got = empty_store.read("MATCH (r:Review) RETURN r.type AS type, count(*) AS n")
    assert got == [{"type": "DHR", "n": len(rows)}] and len(rows) == 647
    boards = empty_store.read("MATCH (b:Board) RETURN count(b) AS n")[0]["n"]
    assert boards == len({r["csp"] for r in rows})
    lincoln = empty_store.read(
        "MATCH (r:Review {subject: 'INC-0001'})-[:COMMISSIONED_BY]->(b:Board) "
        "RETURN b.name AS board, r.incident_year AS incident_year, r.year AS year, "
        "r.outcome AS outcome, r.source AS source"
    )
    # the death date is the incident year; the register gives no review (publication) year
    assert lincoln == [
        {"board": "Lincoln Community Safety Partnership", "incident_year": 2018, "year": None,
         "outcome": "fatal", "source": "register"}
    ]  # fmt: skip
    # every tag is a case characteristic: none becomes a practice theme
    tagged = sum(r["coercive_control"] == "True" for r in rows)
    linked = empty_store.read(
        "MATCH (r:Review)-[h:HAS_CHARACTERISTIC {source: 'register'}]->"
        "(c:Characteristic {id: 'coercive_control'}) RETURN count(DISTINCT r) AS n"
    )[0]["n"]
    assert linked == tagged > 0
    assert empty_store.read("MATCH ()-[h:HAS_THEME]->() RETURN count(h) AS n") == [{"n": 0}]
    # FALSE is "not tagged": no negative fact is stored anywhere.
    assert (
        empty_store.read(
            "MATCH ()-[h:HAS_CHARACTERISTIC]->() WHERE h.present = false RETURN count(*) AS n"
        )[0]["n"]
        == 0
    )
    # Loading the same register again changes nothing.
    before = empty_store.counts()
    again = load_register(empty_store, incidents, "dhrd")
    assert [f.status for f in again.files] == ["unchanged"]
    assert empty_store.counts() == before
