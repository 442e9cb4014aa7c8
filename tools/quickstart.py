"""The main job (README command 1): SS-VAERR end to end on the embedded
face videos. See ``python tools/quickstart.py -h``.

The command line lives in ``mmaction_vaerr.tools.quickstart`` (importable:
the tests call its functions); this script only runs it.
"""
from mmaction_vaerr.tools.quickstart import main

if __name__ == '__main__':
    main()
