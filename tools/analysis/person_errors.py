"""Where the held-out error comes from: per subject and per person.

The command line lives in ``mmaction_vaerr.tools.analysis.person_errors``
(importable: the tests call its ``main``); this script only runs it.
"""
from mmaction_vaerr.tools.analysis.person_errors import main

if __name__ == '__main__':
    main()
