"""Generate the synthetic arousal/valence face dataset (the embedded default).

The command line lives in ``mmaction_vaerr.tools.data.generate_synthetic``
(importable: the tests call its ``main``); this script only runs it.
"""
from mmaction_vaerr.tools.data.generate_synthetic import main

if __name__ == '__main__':
    main()
