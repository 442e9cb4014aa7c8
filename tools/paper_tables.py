"""The paper's Tables II-IV in miniature on the embedded synthetic data.

The command line lives in ``mmaction_vaerr.tools.paper_tables`` (importable:
the tests call its ``main``); this script only runs it.
"""
from mmaction_vaerr.tools.paper_tables import main

if __name__ == '__main__':
    main()
