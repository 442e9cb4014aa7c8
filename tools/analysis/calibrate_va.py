"""Calibrate a trained VA model's outputs on its validation split.

The command line lives in ``mmaction_vaerr.tools.analysis.calibrate_va``
(importable: the tests call its ``main``); this script only runs it.
"""
from mmaction_vaerr.tools.analysis.calibrate_va import main

if __name__ == '__main__':
    main()
