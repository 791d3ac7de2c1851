"""`python -m reviewgraph`: the same as the `reviewgraph` command."""

from reviewgraph.cli import main

main()
