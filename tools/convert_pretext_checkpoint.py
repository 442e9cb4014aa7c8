"""Extract the backbone of a pretext (BYOL / DINO / LiRA) checkpoint.

The command line lives in ``mmaction_vaerr.tools.convert_pretext_checkpoint``
(importable: the tests call its ``main``); this script only runs it.
"""
from mmaction_vaerr.tools.convert_pretext_checkpoint import main

if __name__ == '__main__':
    main()
