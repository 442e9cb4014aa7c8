"""Live arousal/valence: a webcam or a video read frame by frame.

The command line lives in ``mmaction_vaerr.tools.demo.demo_stream``
(importable: the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.demo.demo_stream import main

if __name__ == '__main__':
    sys.exit(main())
