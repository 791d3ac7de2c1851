"""Issue 13, item 11: a bad query or parameter gives a clear error, never a traceback.

A parameter named with a backtick made falkordb-py raise a ValueError that reached the
user as a traceback (in `reviewgraph cypher` and in the workbench); FalkorDB's syntax errors
were shown raw ("errMsg: … errCtx: … errCtxOffset: 3"). Parameter names are now checked
(letters, digits, underscore) and engine errors say where: line, column and a pointer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from reviewgraph.graph.config import Settings
from reviewgraph.graph.embedded_server import EmbeddedServer
from reviewgraph.graph.errors import QueryError
from reviewgraph.graph.query_errors import check_param_names, describe_query_error
from reviewgraph.graph.store import GraphStore, open_store

pytestmark = pytest.mark.timeout(120)
APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
RAW = (
    "errMsg: Invalid input 'R': expected RETURN line: 2, column: 4, offset: 13 "
    "errCtx: RETRUN n errCtxOffset: 3"
)


def test_describe_a_syntax_error_with_its_position() -> None:
    text = describe_query_error(RAW, "MATCH (n)\nRETRUN n")
    assert text == (
        "syntax error at line 2, column 4: Invalid input 'R': expected RETURN\n"
        "    RETRUN n\n"
        "       ^"
    )


def test_describe_errors_without_a_position() -> None:
    assert describe_query_error("Unknown function 'foo'", "RETURN foo(1)") == (
        "the database rejected the query: Unknown function 'foo'"
    )
    assert "was not given" in describe_query_error("Missing parameters", "RETURN $x")


@pytest.mark.parametrize("name", ["a`b", "a b", "", "1x", "x-y", "ü", "x}"])
def test_odd_parameter_names_are_refused(name: str) -> None:
    with pytest.raises(QueryError, match="letters, digits and underscores"):
        check_param_names({name: 1})


def test_good_parameter_names_pass() -> None:
    check_param_names({"year": 2019, "year_from": 1, "_x2": None})


def test_the_store_says_where_the_syntax_error_is(embedded: GraphStore) -> None:
    with pytest.raises(QueryError) as caught:
        embedded.read("MATCH (n)\nRETRUN n")
    message = str(caught.value)
    assert message.startswith("syntax error at line 2, column 4:")
    assert "errCtx" not in message and "RETRUN n" in message


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "data"
    monkeypatch.setenv("REVIEWGRAPH_BACKEND", "embedded")
    monkeypatch.setenv("REVIEWGRAPH_DATA", str(data))
    monkeypatch.delenv("REVIEWGRAPH_DASHBOARD_READ_ONLY", raising=False)
    store = open_store(Settings(data_dir=data))
    try:
        store.write("CREATE (:Review {id: 'r1', subject: 'Child A', year: 2019})")
        yield data
    finally:
        store.close()
        if (data / "server.json").exists():
            EmbeddedServer(data).stop()


def test_cypher_command_refuses_an_odd_parameter_name(data_dir: Path) -> None:
    from reviewgraph.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["cypher", "RETURN 1 AS x", "--param", "a`b=1"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "parameter name 'a`b'" in result.output
    result = runner.invoke(cli, ["cypher", "MATCH (r:Review)\nRETRUN r"])
    assert result.exit_code == 1
    assert "syntax error at line 2, column 4" in result.output


def _workbench(cypher: str, params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("views/workbench.py").run()
    at.text_area(key="wb-cypher").set_value(cypher)
    at.text_input(key="wb-cypher-params").set_value(params)
    at.button(key="wb-run").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_workbench_refuses_an_odd_parameter_name(data_dir: Path) -> None:
    at = _workbench("MATCH (r:Review) RETURN r.id AS id", '{"a`b": 1}')
    assert any("Parameter name 'a`b'" in e.value for e in at.error), [e.value for e in at.error]


def test_workbench_shows_where_the_syntax_error_is(data_dir: Path) -> None:
    at = _workbench("MATCH (r:Review)\nRETRUN r", "")
    assert any("line 2, column 4" in e.value for e in at.error), [e.value for e in at.error]
    assert any("RETRUN r" in c.value for c in at.code)
