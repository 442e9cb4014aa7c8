"""Calibrate the int8 trunk of a trained model on its training clips.

The command line lives in ``mmaction_vaerr.tools.deployment.quantize_int8``
(importable: the tests call its ``parse_args``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.deployment.quantize_int8 import main

if __name__ == '__main__':
    sys.exit(main())
