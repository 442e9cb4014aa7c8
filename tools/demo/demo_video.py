"""Arousal/valence of every frame of a video: CSV, trajectory plot, overlay.

The command line lives in ``mmaction_vaerr.tools.demo.demo_video`` (importable:
the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.demo.demo_video import main

if __name__ == '__main__':
    sys.exit(main())
