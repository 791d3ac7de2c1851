"""`make test-neo4j`: start a Neo4j 5 server of the suite's own, run the tests that use a store
against it, and stop it whatever happens (a failing test, Ctrl-C, SIGTERM from CI).

    python tests/neo4j_suite.py [pytest arguments]

The server lives in a temporary folder (jars cached once, see graph/neo4j_server.py); the
tests reach it only through REVIEWGRAPH_TEST_NEO4J_* and REVIEWGRAPH_TEST_BACKEND=neo4j.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reviewgraph.graph.neo4j_server import LocalNeo4j

ROOT = Path(__file__).resolve().parents[1]
# The tests that run on Neo4j: every module that touches a store. The store itself, loading
# (documents, briefings, registers, the DHRD, action plans, versions, the evaluation set),
# the derived data, every named query against known answers on the tiny graph and on the
# sample corpus, the board paper, every dashboard page (AppTest) and the dashboard in
# Chromium, and the two backends side by side.
# One database holds one graph at a time: each module builds what it needs (the sample corpus
# is loaded again per module on Neo4j, tests/conftest.py), so the order does not matter.
MODULES = [
    "tests/test_store.py",
    "tests/test_neo4j_backend.py",
    "tests/test_pipeline.py",
    "tests/test_listed_cases.py",
    "tests/test_dhrd.py",
    "tests/test_register_views.py",
    "tests/test_eval.py",
    "tests/test_recommendations.py",
    "tests/test_strength.py",
    "tests/test_versions.py",
    "tests/test_extraction_sample.py",
    "tests/test_analytics.py",
    "tests/test_derive.py",
    "tests/test_cells.py",
    "tests/test_tallies.py",
    "tests/test_queries.py",
    "tests/test_queries_registry.py",
    "tests/test_queries_sample.py",
    "tests/test_researcher_cli.py",
    "tests/test_paper.py",
    "tests/test_graph_model.py",
    "tests/test_dashboard.py",
    "tests/test_dashboard_links.py",
    "tests/test_workbench_charts.py",
    "tests/test_board_view.py",
    "tests/test_browser.py",
    "tests/test_backend_parity.py",
    "tests/test_register_click_filters.py",
    "tests/test_status_words.py",
    "tests/test_theme_proposer.py",
]
# The modules `make test` runs that are not here, and why (tests/test_structure.py checks
# that every test module is in one list or the other).
EMBEDDED_ONLY = {
    "tests/test_cli_newcomer.py": "a newcomer's first run on the default embedded store "
    "(server start-up, stale pid files, `load --sample` with no options)",
    "tests/test_browser_board.py": "Chromium over the board's view; its numbers come from "
    "the same named queries test_board_view.py checks on Neo4j",
    "tests/test_browser_interaction.py": "Chromium clicks (chart selections, downloads) "
    "that do not depend on the store",
    "tests/test_browser_clicks.py": "Chromium clicks on every page's charts; what a click "
    "asks for is a filter the named queries take, checked on Neo4j by test_queries.py",
    "tests/test_browser_board_clicks.py": "Chromium clicks on the register and status charts; "
    "register_counts' new filters are checked on Neo4j by test_register_click_filters.py",
    "tests/test_browser_readable_tables.py": "Chromium reading every table's cells; the rows "
    "come from the named queries test_backend_parity.py compares on both backends",
    "tests/test_browser_links.py": "Chromium reloading and sharing a view's URL; the filters it "
    "carries are the named queries' parameters, checked on Neo4j by test_queries.py",
}
NO_STORE = [  # modules that never open a store: the same on either backend
    "tests/test_clean.py",
    "tests/test_compose.py",
    "tests/test_cypher_lint.py",
    "tests/test_gazetteer.py",
    "tests/test_linked_statuses.py",
    "tests/test_table_layouts.py",
    "tests/test_status_scales.py",
    "tests/test_long_reviews.py",
    "tests/test_theme_recall.py",
    "tests/test_board_aside.py",
    "tests/test_briefing_layouts.py",
    "tests/test_sentence_model.py",
    "tests/test_metadata.py",
    "tests/test_readers.py",
    "tests/test_sample_corpus.py",
    "tests/test_structure.py",
    "tests/test_taxonomy.py",
]


def main(args: list[str]) -> int:
    def stop_on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_term)
    with tempfile.TemporaryDirectory(prefix="reviewgraph-neo4j-") as folder:
        server = LocalNeo4j(Path(folder))
        started = time.perf_counter()
        try:
            running = server.start()
            print(
                f"Neo4j {running.version} Community on {running.uri} "
                f"(ready in {time.perf_counter() - started:.1f} s)",
                flush=True,
            )
            env = {
                **os.environ,
                "REVIEWGRAPH_TEST_BACKEND": "neo4j",
                "REVIEWGRAPH_TEST_NEO4J_URI": running.uri,
                "REVIEWGRAPH_TEST_NEO4J_USER": "neo4j",
                "REVIEWGRAPH_TEST_NEO4J_PASSWORD": server.password(),
            }
            command = [sys.executable, "-m", "pytest", *MODULES, *args]
            return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
        except KeyboardInterrupt:
            return 130
        finally:
            server.stop()
            print(f"Neo4j {server.version} stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
