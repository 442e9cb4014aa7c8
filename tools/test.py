"""Thin entry point over mmaction2's packaged ``tools/test.py``.

Same flags as mmaction2's script (see ``mmaction_vaerr.entry``), plus
``--unsafe-load``: unpickle checkpoints in full. UNSAFE: code in a
checkpoint then runs; only for files whose origin you trust (by default
checkpoints load without running code, see docs/checkpoints.md).
"""
from mmaction_vaerr.entry import run_mmaction_tool

if __name__ == '__main__':
    run_mmaction_tool('test')
