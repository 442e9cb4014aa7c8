"""Has a pretext run collapsed its backbone? Feature spread per checkpoint.

The command line lives in ``mmaction_vaerr.tools.analysis.feature_spread``
(importable: the tests call its ``main``); this script only runs it.
"""
from mmaction_vaerr.tools.analysis.feature_spread import main

if __name__ == '__main__':
    main()
