"""Command lines of ``tools/analysis/``."""
