"""Convert SEWA / RECOLA / Aff-Wild2 / AFEW-VA labels to the canonical layout.

The command line lives in ``mmaction_vaerr.tools.data.convert_annotations``
(importable: the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.data.convert_annotations import main

if __name__ == '__main__':
    try:
        main()
    except (ValueError, OSError) as e:  # OSError: missing, unwritable, full
        sys.exit(f'error: {e}')
