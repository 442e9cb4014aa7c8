"""Mean/std of grayscale pixels over a split, for the data_preprocessor.

The command line lives in ``mmaction_vaerr.tools.data.compute_mean_std``
(importable: the tests call its ``main``); this script only runs it.
"""
import sys

from mmaction_vaerr.tools.data.compute_mean_std import main

if __name__ == '__main__':
    try:
        main()
    except (ValueError, FileNotFoundError, FileExistsError) as e:
        sys.exit(f'error: {e}')
