"""The CLI as a newcomer meets it: every mistake gets a message that says what to do next,
and the package installs as one import root."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgraph.cli import cli
from reviewgraph.graph.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]


def test_a_folder_with_no_review_files_fails_with_a_hint(tmp_path: Path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "notes.xyz").write_text("not a review format")
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "d"), "load", str(empty)])
    assert result.exit_code == 1
    assert f"no review files found in {empty}" in result.output
    assert ".pdf" in result.output and "--register" in result.output


def test_an_unknown_review_id_names_the_closest(sample_store: tuple[GraphStore, Path]) -> None:
    from reviewgraph.queries.errors import ParameterError
    from reviewgraph.queries.registry import run_query

    store, _ = sample_store
    with pytest.raises(ParameterError) as info:
        run_query(store, "review_profile", {"review_id": "sar-hollowmere-adult-c-2021"})
    message = str(info.value)
    assert "no review 'sar-hollowmere-adult-c-2021'" in message
    assert "did you mean sar-hollowmere-safeguarding-adults-board-adult-c-2021" in message
    # an id that exists but whose review is unpublished is found, not "mistyped"
    draft = run_query(store, "reviews", {"include_unpublished": True})
    hidden = [r["id"] for r in draft if r.get("published") is False]
    assert hidden, "the sample has a draft"
    assert run_query(store, "review_profile", {"review_id": hidden[0]}) == []


def test_review_ids_in_help_and_docs_are_in_the_sample(
    sample_store: tuple[GraphStore, Path],
) -> None:
    store, _ = sample_store
    loaded = {r["id"] for r in store.read("MATCH (r:Review) RETURN r.id AS id")}
    texts = [CliRunner().invoke(cli, [name, "--help"]).output for name in cli.commands]
    texts += [p.read_text() for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]]
    ids = {m for text in texts for m in re.findall(r"(?:review_id|id)=([a-z0-9-]+-\d{4})", text)}
    assert ids, "the help shows at least one example id"
    assert ids <= loaded, sorted(ids - loaded)


def test_queries_show_prints_the_statement_as_run() -> None:
    result = CliRunner().invoke(cli, ["queries", "--show", "recurring_themes"])
    assert result.exit_code == 0
    assert "// @filters" not in result.output
    assert "AND (size($boards) = 0 OR r.board IN $boards)" in result.output
    missing = CliRunner().invoke(cli, ["queries", "--show", "recurring_theme"])
    assert missing.exit_code == 1 and "did you mean recurring_themes" in missing.output


def test_a_bad_backend_in_the_environment_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path), "status"], env={"REVIEWGRAPH_BACKEND": "bogus"}
    )
    assert result.exit_code == 1
    assert "REVIEWGRAPH_BACKEND='bogus' is not a backend: choose embedded or neo4j" in result.output
    assert "Traceback" not in result.output
    bad_limit = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path), "status"], env={"REVIEWGRAPH_MAX_PAGES": "lots"}
    )
    assert bad_limit.exit_code == 1 and "REVIEWGRAPH_MAX_PAGES='lots' is not a number" in (
        bad_limit.output
    )


def test_a_busy_port_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["--data-dir", str(tmp_path / "d"), "dashboard", "--port", str(port)]
        )
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output and "--port" in result.output
    assert "dashboard on http" not in result.output, "nothing announced as started"
    assert not (tmp_path / "d" / "server.json").exists(), "no store started for nothing"


def test_the_wheel_holds_one_import_root(tmp_path: Path) -> None:
    """`pip install .` must install `reviewgraph` only (graph, loaders, queries and
    dashboard are also names of unrelated PyPI packages)."""
    # build from a copy: setuptools writes build/ and *.egg-info into the tree it builds
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "*.egg-info", "__pycache__", ".*cache",
        ".demo-data"))  # fmt: skip
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if built.returncode != 0 and "No module named" in built.stderr:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-200:]}")
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("reviewgraph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    roots = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert roots == {"reviewgraph"}
    for part in ("graph/store.py", "loaders/pipeline.py", "queries/registry.py",
                 "dashboard/app.py", "cli/main.py", "queries/cypher/recurring_themes.cypher",
                 "loaders/reference/themes.yaml", "loaders/sample/sources/01-scr-baby-t.md"):
        assert f"reviewgraph/{part}" in names, part
    assert not any("/tests/" in n or n.startswith("tests/") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "reviewgraph = reviewgraph.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
