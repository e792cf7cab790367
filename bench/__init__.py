"""Benchmarks for SourceMark: `python -m bench` prints a table and writes JSON. Not tests."""
