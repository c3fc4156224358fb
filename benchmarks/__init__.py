"""Accuracy and speed benchmarks: ``make bench`` runs them as ``python -m benchmarks.<name>``."""
