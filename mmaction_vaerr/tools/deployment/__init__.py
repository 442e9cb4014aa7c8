"""Command lines of ``tools/deployment/``."""
