"""Pretrained vs from scratch on the synthetic set (the paper's Tables I-II
in miniature), from committed configs with their real schedules.

The command line lives in ``mmaction_vaerr.tools.ssl_experiment`` (importable:
the tests call its ``main``); this script only runs it.
"""
from mmaction_vaerr.tools.ssl_experiment import main

if __name__ == '__main__':
    main()
