"""Command lines of ``tools/data/``."""
