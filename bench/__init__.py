"""Benchmarks: runnable with `python -m bench.NAME`; each writes its figures into docs/BENCHMARKS.md."""
