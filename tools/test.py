"""Thin entry point over mmaction2's packaged ``tools/test.py``.

Same flags as mmaction2's script (see ``mmaction_vaerr.entry``).
"""
from mmaction_vaerr.entry import run_mmaction_tool

if __name__ == '__main__':
    run_mmaction_tool('test')
