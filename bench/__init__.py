"""Benchmarks run by a make target; never part of the test suite (see README.md)."""
