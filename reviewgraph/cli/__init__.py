"""The `reviewgraph` command line: the top of the house, importing the parts it drives."""

from reviewgraph.cli.main import cli, main

__all__ = ["cli", "main"]
