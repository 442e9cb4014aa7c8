"""Helpers shared by the tests (as ``mmaction.testing`` is for mmaction2):
plain-loop reference formulas, single-threaded torch, and a gloo process
group for two-process CPU tests. Nothing here registers components or
imports pytest."""
from .dist import free_port, gloo_group
from .reference import loop_ccc
from .threads import single_thread

__all__ = ['free_port', 'gloo_group', 'loop_ccc', 'single_thread']
