"""LiRA acoustic targets: log-mel or MFCC of each video's audio -> .npy.

The command line lives in ``mmaction_vaerr.tools.data.extract_audio_targets``
(importable: the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.data.extract_audio_targets import main

if __name__ == '__main__':
    sys.exit(main())
