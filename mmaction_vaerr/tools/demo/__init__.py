"""Command lines of ``tools/demo/``."""
