"""Plot a finished run's training curves to PNG from its logs.

The command line lives in ``mmaction_vaerr.tools.analysis.plot_curves``
(importable: the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.analysis.plot_curves import main

if __name__ == '__main__':
    sys.exit(main())
