"""Benchmarks: scripts that measure and print; run from the repository root."""
