"""Helpers shared by the tests (as ``mmaction.testing`` is for mmaction2):
plain-loop reference formulas, single-threaded torch, config shrinking, a
gloo process group for two-process CPU tests, phone-style rotated videos
and clips with a known audio envelope. Nothing here registers components
or imports pytest."""
from .configs import shrink_lira_dataset, shrink_pretext_loader
from .dist import free_port, gloo_group
from .reference import loop_ccc
from .threads import single_thread
from .video import write_av_clip, write_phone_clip

__all__ = ['free_port', 'gloo_group', 'loop_ccc', 'shrink_lira_dataset',
           'shrink_pretext_loader', 'single_thread', 'write_av_clip',
           'write_phone_clip']
