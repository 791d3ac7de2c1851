"""reviewgraph: a knowledge graph of safeguarding case reviews.

The parts, and the one way their imports point (docs/ARCHITECTURE.md has the picture):

    cli, dashboard  ->  loaders, queries  ->  graph

- graph: the store (embedded FalkorDB or Neo4j) behind one small interface.
- loaders: files -> text -> extraction -> one write per document.
- queries: named Cypher, the derived data (co-occurrence, similarity, views), export.
- dashboard: the Streamlit app; cli: the `reviewgraph` command.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reviewgraph")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
