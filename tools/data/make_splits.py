"""Write split files ``<root>/splits/<name>.txt`` for a canonical dataset.

The command line lives in ``mmaction_vaerr.tools.data.make_splits``
(importable: the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.data.make_splits import main

if __name__ == '__main__':
    try:
        main()
    except (ValueError, FileNotFoundError) as e:
        sys.exit(f'error: {e}')
