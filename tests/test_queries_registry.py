"""The registry: files, parameters, errors, safety against injected text, docs and Neo4j lint."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewgraph.graph.errors import QueryError, ReviewgraphError
from reviewgraph.graph.store import DERIVED_LABELS, NODE_LABELS, RELATIONSHIP_TYPES, GraphStore
from reviewgraph.queries import analytics, derived, export, similarity, views
from reviewgraph.queries.errors import ParameterError, UnknownQuery
from reviewgraph.queries.registry import (
    CYPHER_DIR,
    FILTER_PARAMS,
    FILTER_WHERE,
    coerce_params,
    contains_filter,
    get_query,
    list_queries,
    parse_query_file,
    run_query,
)
from tests.fixtures import tiny

ROOT = Path(__file__).resolve().parents[1]
INJECTION = "'}) MATCH (n) DETACH DELETE n //"
FILTER_NAMES = {p.name for p in FILTER_PARAMS}


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    with tiny.tiny_store(tmp_path_factory.mktemp("reg") / "d") as store:
        yield store


def test_every_file_parses_with_a_title_description_and_unique_name() -> None:
    specs = list_queries()
    assert len(specs) == len(list(CYPHER_DIR.glob("*.cypher"))) >= 24
    for spec in specs:
        assert spec.title and len(spec.description) > 40, spec.name
        assert set(spec.cypher) == {"embedded", "neo4j"}


def test_every_aggregate_applies_the_common_filters_written_once() -> None:
    for spec in list_queries():
        text = spec.path.read_text(encoding="utf-8") if spec.path else ""
        names = {p.name for p in spec.params}
        # the files mark the clause; only the loader writes it out (no copies to drift)
        assert not contains_filter(text), spec.name
        if spec.filters:
            assert FILTER_NAMES <= names
            assert "// @filters" in text, spec.name
            for body in spec.cypher.values():
                assert contains_filter(body), spec.name
                assert FILTER_WHERE.splitlines()[0] in body
                assert "// @filters" not in body
        else:
            # only lookups that are not aggregates over reviews may skip the filters
            assert spec.name in {
                "review_profile",
                "review_evidence",
                "review_findings",
                "review_recommendations",
                "unmatched_actions",
                "review_versions",
            }, spec.name
        # every parameter the body uses is declared, and every declared one is used
        used = set(re.findall(r"\$(\w+)", " ".join(spec.cypher.values())))
        assert used == names, (spec.name, used ^ names)


def test_backend_bodies_differ_only_by_the_forms_each_engine_needs() -> None:
    """Where the backends' bodies differ they say the same thing: an uncorrelated subquery,
    written once as `CALL () {` (Neo4j 5 deprecates the bare form), is `CALL {` for FalkorDB
    4.16 (which parses nothing else); full-text search calls each engine's own procedure."""
    split = [s for s in list_queries() if s.cypher["neo4j"] != s.cypher["embedded"]]
    assert {s.name for s in split} == {
        "agencies", "overview_totals", "themes", "open_on_recurring_theme", "similar_recommendations",
        "characteristic_themes", "search",
    }  # fmt: skip
    for spec in split:
        if spec.fulltext:
            assert "db.index.fulltext.queryNodes" in spec.cypher["neo4j"]
            assert "db.idx.fulltext.queryNodes" in spec.cypher["embedded"]
            continue
        assert "CALL {" not in spec.cypher["neo4j"]
        assert spec.cypher["neo4j"].replace("CALL () {", "CALL {") == spec.cypher["embedded"]


def test_unknown_query_names_the_closest() -> None:
    with pytest.raises(UnknownQuery, match="recurring_themes"):
        get_query("recurring_theme")
    with pytest.raises(UnknownQuery, match="reviewgraph queries"):
        get_query("zzz")


def test_parameters_are_converted_by_declared_type() -> None:
    spec = get_query("recurring_themes")
    params = coerce_params(spec, {"types": "SCR, SAR", "year_from": "2015", "level": "domain",
                                  "include_unpublished": "yes", "outcome": ""})  # fmt: skip
    assert params["types"] == ["SCR", "SAR"] and params["year_from"] == 2015
    assert params["include_unpublished"] is True and params["outcome"] is None
    assert params["boards"] == [] and params["limit"] == 200 and params["level"] == "domain"
    assert coerce_params(spec, {"types": '["SCR"]'})["types"] == ["SCR"]
    assert coerce_params(spec, {"types": ("SAR",), "year_to": 2020})["year_to"] == 2020


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year_from": "twenty"}, r"'year_from' must be int"),
        ({"year_from": True}, r"'year_from' must be int"),
        ({"include_unpublished": "perhaps"}, r"'include_unpublished' must be bool"),
        ({"types": 5}, r"'types' must be list\[str\]"),
        ({"level": "galaxy"}, r"'level' must be one of theme, subtheme, domain"),
        ({"outcome": "maybe"}, r"'outcome' must be one of fatal, non-fatal"),
        ({"colour": "red"}, r"no parameter 'colour'; it takes: level"),
    ],
)
def test_bad_parameters_say_which_and_what_type(params: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        coerce_params(get_query("recurring_themes"), params)


def test_a_missing_required_parameter_is_named() -> None:
    with pytest.raises(ParameterError, match=r"needs parameter 'review_id' \(str\)"):
        coerce_params(get_query("review_profile"), {})


def _hostile_values(spec_name: str) -> Iterator[tuple[str, object]]:
    for p in get_query(spec_name).params:
        if p.type == "str":
            yield p.name, INJECTION
        elif p.type == "list[str]":
            yield p.name, [INJECTION, "SCR"]
        else:
            yield p.name, INJECTION  # a number or flag: refused as mistyped


def _data_counts(store: GraphStore) -> dict:
    """Counts of the data: the derived caches (stored views, the similar pairs' buckets) are
    answers a read may compute and keep, not data a parameter could have written."""
    counts = store.counts()
    counts["nodes"] = {k: v for k, v in counts["nodes"].items() if k not in DERIVED_LABELS}
    return counts


def test_injected_text_in_every_parameter_stays_data(graph: GraphStore) -> None:
    before = _data_counts(graph)
    checked = 0
    for spec in list_queries():
        for name, value in _hostile_values(spec.name):
            params: dict[str, object] = {name: value}
            for p in spec.params:
                if p.required and p.name != name:
                    params[p.name] = "x"
            try:
                rows = run_query(graph, spec.name, params)
            except ParameterError as e:
                if str(e).startswith("no review "):
                    continue  # an id that names no review is reported as such
                # numbers, flags and fixed choices refuse text; free text never fails
                declared = spec.param(name)
                assert declared is not None and name in str(e)
                assert declared.choices or declared.type not in ("str", "list[str]")
            except QueryError as e:  # a choice-free str value the database refuses as data
                pytest.fail(f"{spec.name}.{name}: {e}")
            else:
                assert isinstance(rows, list)
            checked += 1
    assert checked > 100
    assert _data_counts(graph) == before
    assert run_query(graph, "reviews", {"text": INJECTION}) == []


def test_query_errors_are_reviewgraph_errors(graph: GraphStore) -> None:
    with pytest.raises(ReviewgraphError):
        run_query(graph, "recurring_themes", {"limit": -1})


def test_malformed_files_are_refused(tmp_path: Path) -> None:
    from reviewgraph.queries.registry import QueryFileError

    bad = tmp_path / "bad.cypher"
    bad.write_text(
        "// name: bad\n// title: Bad\n// description: no filter although it says so"
        " and this is long enough\n// filters: common\nMATCH (r:Review) RETURN r\n"
    )
    with pytest.raises(QueryFileError, match="has no `// @filters`"):
        parse_query_file(bad)
    bad.write_text(
        "// name: bad\n// title: Bad\n// description: a pasted filter clause instead of the"
        " marker, long enough\n// filters: common\nMATCH (r:Review)\n"
        + FILTER_WHERE
        + "\nRETURN r\n"
    )
    with pytest.raises(QueryFileError, match="copies FILTER_WHERE"):
        parse_query_file(bad)
    bad.write_text(
        "// name: bad\n// title: Bad\n// description: a marker without the header that"
        " declares the filters\nMATCH (r:Review)\n// @filters\nRETURN r\n"
    )
    with pytest.raises(QueryFileError, match="no `// filters: common`"):
        parse_query_file(bad)
    bad.write_text("// name: other\n// title: T\n// description: d\nRETURN 1\n")
    with pytest.raises(QueryFileError, match="differs from the file name"):
        parse_query_file(bad)


def test_backend_sections_split_and_unwrap() -> None:
    spec = get_query("search")
    assert "db.index.fulltext.queryNodes('text_search'" in spec.cypher["neo4j"]
    assert "db.idx.fulltext" not in spec.cypher["neo4j"]
    assert spec.cypher["embedded"].startswith("UNWIND ['Passage'")
    assert "*/" not in spec.cypher["embedded"]


def test_every_named_query_is_documented() -> None:
    doc = (ROOT / "docs" / "QUERIES.md").read_text(encoding="utf-8")
    for spec in list_queries():
        assert re.search(rf"^### `{spec.name}`", doc, re.M), f"{spec.name} not in docs/QUERIES.md"
        assert f"reviewgraph query {spec.name}" in doc, f"no example command for {spec.name}"
        for p in spec.params:
            if p.name not in FILTER_NAMES:
                assert f"`{p.name}`" in doc, f"{spec.name}: parameter {p.name} undocumented"


def test_statements_outside_the_cypher_files_are_valid_neo4j_5() -> None:
    """tests/test_cypher_lint.py lints the named queries (files and `neo4j_statements`);
    these are the other statements queries/ sends."""
    from test_cypher_lint import lint

    statements = {
        **analytics.STATEMENTS, **similarity.STATEMENTS, **views.STATEMENTS,
        **derived.STATEMENTS,
        # one of each: the others differ only in a label or type from graph/store.py
        "export.nodes": export._NODES.format(label=NODE_LABELS[0]),
        "export.relationships": export._RELATIONSHIPS.format(rel=RELATIONSHIP_TYPES[0]),
    }  # fmt: skip
    results = lint(statements)
    errors = [f"{name}: {d['message']}" for name, found in results.items() for d in found
              if d["severity"] == 1]  # fmt: skip
    assert not errors, "\n".join(errors)
