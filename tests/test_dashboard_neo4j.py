"""The dashboard runs on Neo4j unchanged: every page on the tiny graph in the Neo4j test
database, with the numbers the embedded store gives (tests/test_dashboard.py).

Runs in `make test-neo4j` (REVIEWGRAPH_TEST_BACKEND=neo4j); skips otherwise. A module of its
own because the dashboard caches answers per store: one Neo4j database cannot stand in for
test_dashboard.py's several data directories within one process.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.backend import TEST_BACKEND, neo4j_test_settings
from tests.fixtures.tiny import R3, tiny_store
from tests.test_dashboard import chart, metric, open_page, shown_text, table_with

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(TEST_BACKEND != "neo4j", reason="make test-neo4j runs it on Neo4j"),
]


@pytest.fixture(scope="module")
def on_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    settings = neo4j_test_settings()
    assert settings is not None and settings.neo4j_password
    with pytest.MonkeyPatch.context() as patch, tiny_store(tmp_path_factory.mktemp("d")):
        patch.setenv("REVIEWGRAPH_BACKEND", "neo4j")
        patch.setenv("NEO4J_URI", settings.neo4j_uri)
        patch.setenv("NEO4J_USER", settings.neo4j_user)
        patch.setenv("NEO4J_PASSWORD", settings.neo4j_password)
        patch.setenv("NEO4J_DATABASE", settings.neo4j_database)
        patch.delenv("REVIEWGRAPH_DASHBOARD_READ_ONLY", raising=False)
        yield


def test_overview_counts_the_same(on_neo4j: None) -> None:
    at = open_page()
    assert metric(at, "Reviews") == "5"
    assert metric(at, "Recommendations") == "7"
    top = chart(at, "Top recurring themes").sort_values("reviews", ascending=False).iloc[0]
    assert (top["theme"], top["reviews"]) == ("Information sharing", 5)
    by_type = chart(at, "Reviews by type").set_index("type")["reviews"]
    assert by_type.to_dict() == {"CSPR": 1, "DHR": 1, "SAR": 2, "SCR": 1}


def test_every_page_renders(on_neo4j: None) -> None:
    for page in ("themes", "agencies", "recommendations", "workbench"):
        at = open_page(page)
        assert "No reviews loaded yet" not in shown_text(at), page


def test_case_explorer_reads_a_review(on_neo4j: None) -> None:
    at = open_page("case_explorer", review=R3)
    text = shown_text(at)
    assert "C: practitioners' domestic abuse was a concern." in text
    assert "Police should review how stalking reports are risk assessed." in text


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (:Review {id: 'intruder'}) RETURN 1",
        "MATCH (r:Review) DETACH DELETE r",
        "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Review {id: line[0]})",
        "CALL db.createLabel('Intruder')",
    ],
)
def test_workbench_refuses_to_write_on_neo4j(on_neo4j: None, statement: str) -> None:
    at = open_page("workbench")
    at.text_area(key="wb-cypher").set_value(statement).run()
    at.button(key="wb-run").click().run()
    assert at.error, statement
    at.text_area(key="wb-cypher").set_value("MATCH (r:Review) RETURN r.id AS id ORDER BY id").run()
    at.button(key="wb-run").click().run()
    ids = table_with(at, "id")["id"].tolist()
    assert len(ids) == 6 and "intruder" not in ids
