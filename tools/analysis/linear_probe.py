"""Linear probe of frozen backbone features: arousal/valence CCC on
held-out people per checkpoint.

The command line lives in ``mmaction_vaerr.tools.analysis.linear_probe``
(importable: the tests call its functions); this script only runs it.
"""
from mmaction_vaerr.tools.analysis.linear_probe import main

if __name__ == '__main__':
    main()
