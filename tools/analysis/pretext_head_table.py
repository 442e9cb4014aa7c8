"""Pretext x temporal head on the embedded synthetic data: valence/arousal
CCC and expression macro F1 at one label budget (issue 16's comparison).

The command line lives in ``mmaction_vaerr.tools.analysis.pretext_head_table``
(importable: the tests call its ``main``); this script only runs it.
"""
from mmaction_vaerr.tools.analysis.pretext_head_table import main

if __name__ == '__main__':
    main()
