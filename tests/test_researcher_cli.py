"""The researcher commands through click's CliRunner on a real embedded store."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from reviewgraph.cli import cli
from reviewgraph.cli.query import COMMANDS
from reviewgraph.graph.store import NODE_LABELS, GraphStore, open_store
from tests.fixtures import tiny
from tests.fixtures.backend import cli_store_args, settings_under_test
from tests.fixtures.tiny import R1

INJECTION = "'}) MATCH (n) DETACH DELETE n //"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data dir holding the analysed tiny graph; its server runs for the whole module."""
    path = tmp_path_factory.mktemp("cli") / "d"
    with tiny.tiny_store(path, analysed=True):
        yield path


@pytest.fixture
def graph(data_dir: Path) -> Iterator[GraphStore]:
    store = open_store(settings_under_test(data_dir))
    try:
        yield store
    finally:
        store.close()


def run(data_dir: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*cli_store_args(data_dir), *args], input=stdin)


def test_every_command_has_help_with_an_example() -> None:
    for command in COMMANDS:
        result = CliRunner().invoke(cli, [command.name or "", "--help"])
        assert result.exit_code == 0, result.output
        assert "Example:" in result.output and "reviewgraph" in result.output


def test_queries_lists_names_titles_and_parameters() -> None:
    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 0
    assert "recurring_themes  Recurring themes" in result.output
    assert (
        "--param level=<str>" in result.output and "one of theme, subtheme, domain" in result.output
    )
    listed = json.loads(CliRunner().invoke(cli, ["queries", "--json"]).output)
    assert {q["name"] for q in listed} >= {"recurring_themes", "search", "evidence"}


def test_query_table_csv_and_json(data_dir: Path) -> None:
    table = run(data_dir, "query", "recurring_themes")
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[2].startswith("information_sharing")
    as_csv = list(csv.DictReader(run(data_dir, "query", "recurring_themes", "--format", "csv",
                                     "-p", "types=SAR,DHR").output.splitlines()))  # fmt: skip
    assert as_csv[0]["theme_id"] == "information_sharing" and as_csv[0]["reviews"] == "3"
    rows = json.loads(run(data_dir, "query", "review_profile", "--param", f"review_id={R1}",
                          "--format", "json").output)  # fmt: skip
    assert rows[0]["id"] == R1 and isinstance(rows[0]["themes"], list)


def test_query_errors_exit_1_with_a_clear_message(data_dir: Path) -> None:
    unknown = run(data_dir, "query", "recuring_themes")
    assert unknown.exit_code == 1 and "did you mean recurring_themes" in unknown.output
    missing = run(data_dir, "query", "evidence")
    assert missing.exit_code == 1 and "needs parameter 'theme'" in missing.output
    mistyped = run(data_dir, "query", "recurring_themes", "-p", "year_from=last year")
    assert mistyped.exit_code == 1 and "'year_from' must be int" in mistyped.output
    malformed = run(data_dir, "query", "recurring_themes", "-p", "year_from")
    assert malformed.exit_code == 1 and "NAME=VALUE" in malformed.output


def test_cypher_reads_from_argument_file_and_stdin(data_dir: Path, tmp_path: Path) -> None:
    statement = "MATCH (r:Review) WHERE r.year >= $y RETURN r.id AS id ORDER BY id"
    arg = run(data_dir, "cypher", statement, "-p", "y=2020", "--format", "json")
    assert arg.exit_code == 0, arg.output
    assert [r["id"] for r in json.loads(arg.output)] == [
        "cspr-south-child-d-2020", "sar-south-adult-f-2021",
    ]  # fmt: skip
    path = tmp_path / "q.cypher"
    path.write_text("MATCH (t:Theme {level: $l}) RETURN count(t) AS n")
    assert "3" in run(data_dir, "cypher", "-f", str(path), "-p", "l=domain").output
    piped = run(data_dir, "cypher", "--format", "csv", stdin="RETURN 1 AS one")
    assert piped.output.splitlines() == ["one", "1"]


def test_cypher_refuses_writes_and_changes_nothing(data_dir: Path, graph: GraphStore) -> None:
    before = graph.counts()
    for statement in ("MATCH (n) DETACH DELETE n", "CREATE (:Review {id: 'x'})",
                      "MATCH (r:Review) SET r.type = 'X'"):  # fmt: skip
        result = run(data_dir, "cypher", statement)
        assert result.exit_code == 1
        assert "read-only" in result.output and "Nothing was changed" in result.output
    injected = run(data_dir, "query", "evidence", "-p", f"theme={INJECTION}")
    assert injected.exit_code == 0 and "(no rows)" in injected.output
    assert graph.counts() == before


def test_cypher_syntax_error_shows_the_position(data_dir: Path) -> None:
    result = run(data_dir, "cypher", "MATCH (r:Review RETURN r")
    assert result.exit_code == 1
    # The engine's position as line and column, the line, and a pointer under the place.
    assert "syntax error at line 1, column 17:" in result.output
    assert "    MATCH (r:Review RETURN r\n" + " " * 20 + "^" in result.output


def test_export_graphml_round_trips_through_networkx(data_dir: Path, tmp_path: Path,
                                                     graph: GraphStore) -> None:  # fmt: skip
    out = tmp_path / "g.graphml"
    result = run(data_dir, "export", "--format", "graphml", str(out))
    assert result.exit_code == 0, result.output
    counts = graph.counts()
    n_nodes = sum(counts["nodes"][label] for label in NODE_LABELS)  # not derived caches
    n_rels = sum(counts["relationships"].values())
    back = nx.read_graphml(out)
    assert (back.number_of_nodes(), back.number_of_edges()) == (n_nodes, n_rels)
    assert f"wrote {n_nodes} nodes and {n_rels} relationships" in result.output
    node = back.nodes[f"Review:{R1}"]
    assert node["labels"] == ":Review" and node["year"] == 2014 and node["label"] == "Child A"
    evidence = [d for _, _, d in back.edges(data=True) if d["label"] == "HAS_THEME"][0]
    assert isinstance(json.loads(evidence["evidence"]), list)


def test_export_json_and_csv_parse(data_dir: Path, tmp_path: Path) -> None:
    assert run(data_dir, "export", "--format", "json", str(tmp_path / "g.json")).exit_code == 0
    graph = json.loads((tmp_path / "g.json").read_text())
    assert {n["label"] for n in graph["nodes"]} >= {"Review", "Theme", "Agency"}
    assert all(r["source"] and r["target"] for r in graph["relationships"])
    assert run(data_dir, "export", "--format", "csv", str(tmp_path / "csv")).exit_code == 0
    nodes = list(csv.DictReader((tmp_path / "csv" / "nodes.csv").open()))
    rels = list(csv.DictReader((tmp_path / "csv" / "relationships.csv").open()))
    assert len(nodes) == len(graph["nodes"]) and len(rels) == len(graph["relationships"])
    keys = {n[":ID"] for n in nodes}
    assert all(r[":START_ID"] in keys and r[":END_ID"] in keys for r in rels)
    assert {r[":TYPE"] for r in rels} >= {"HAS_THEME", "MADE", "SIMILAR_TO"}


def test_export_a_query(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "themes.csv"
    result = run(data_dir, "export", "--format", "csv", str(out), "--query", "recurring_themes",
                 "-p", "level=domain")  # fmt: skip
    assert result.exit_code == 0 and "wrote 3 rows" in result.output
    assert next(csv.DictReader(out.open()))["theme_id"] == "interagency"
    refused = run(data_dir, "export", "--format", "graphml", str(out), "--query", "themes")
    assert refused.exit_code == 1 and "graphml exports the whole graph" in refused.output


def test_analyse_prints_counts(data_dir: Path) -> None:
    result = run(data_dir, "analyse")
    assert result.exit_code == 0, result.output
    assert "co_occurs" in result.output and "precomputed_views" in result.output


def test_the_dashboard_brings_derived_data_of_an_older_version_up_to_date(
    tmp_path: Path,
) -> None:
    """`reviewgraph dashboard` on a graph an older version derived rewrites the derived data
    before serving, else the "who is told what" pages would show nothing."""
    from reviewgraph.cli.common import Context
    from reviewgraph.cli.dashboard import _bring_derived_up_to_date
    from reviewgraph.queries import derived
    from reviewgraph.queries.registry import run_query

    folder = tmp_path / "d"
    with tiny.tiny_store(folder, analysed=True) as store:
        matrix = run_query(store, "agency_theme_matrix", {"by": "sector"}, precomputed=False)
        assert matrix
        derived.set_graph_token(store, "an-older-version")
        store.write("MATCH (c:Recommendation) SET c.sectors = null, c.raises_theme = null")
        assert run_query(store, "agency_theme_matrix", {"by": "sector"}, precomputed=False) == []
        _bring_derived_up_to_date(Context(settings_under_test(folder)))
        assert not derived.outdated(store)
        assert run_query(store, "agency_theme_matrix", {"by": "sector"}, precomputed=False) == (
            matrix
        )
