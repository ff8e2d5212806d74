"""Benchmarks: each figure is a ratio against the limit measured in the same run."""
