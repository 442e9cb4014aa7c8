"""Face preprocessing: raw videos -> aligned 96x96 grayscale face videos.

The command line lives in ``mmaction_vaerr.tools.data.preprocess_faces``
(importable: the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.data.preprocess_faces import main

if __name__ == '__main__':
    sys.exit(main())
