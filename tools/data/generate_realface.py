"""Generate the real-face arousal/valence set (real photos, animated).

The command line lives in ``mmaction_vaerr.tools.data.generate_realface``
(importable: the tests call its ``main``); this script only runs it. See
docs/realface.md.
"""
from mmaction_vaerr.tools.data.generate_realface import main

if __name__ == '__main__':
    main()
