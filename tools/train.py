"""Thin entry point over mmaction2's packaged ``tools/train.py``.

Imports mmaction_vaerr first (its compatibility patches must precede
``import mmaction.models``), then runs mmaction2's own script unchanged, so
every flag of mmaction2's train.py works here. Equivalent to
``mim train mmaction2 CONFIG ...`` or ``python <mmaction>/.mim/tools/train.py``.
"""
import os.path as osp
import runpy
import sys

import mmaction_vaerr  # noqa: F401

import mmaction

if __name__ == '__main__':
    script = osp.join(osp.dirname(mmaction.__file__), '.mim', 'tools', 'train.py')
    if not osp.isfile(script):
        sys.exit(f'mmaction2 installation has no {script}; reinstall mmaction2')
    sys.argv[0] = script
    runpy.run_path(script, run_name='__main__')
