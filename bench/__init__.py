"""Synthetic graphs and query benchmarks (see docs/BENCHMARKS.md)."""
