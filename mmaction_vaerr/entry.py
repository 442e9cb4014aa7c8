"""Run mmaction2's packaged command-line tools with this plugin loaded."""
import os.path as osp
import runpy
import sys


def run_mmaction_tool(name: str) -> None:
    """Run ``<mmaction>/.mim/tools/<name>.py`` as ``__main__``.

    ``mmaction_vaerr`` is imported first: its compatibility patches must
    precede ``import mmaction.models``. Every flag of mmaction2's script
    works unchanged; equivalent to ``mim <name> mmaction2 ...``.
    """
    import mmaction_vaerr  # noqa: F401

    import mmaction
    script = osp.join(osp.dirname(mmaction.__file__), '.mim', 'tools',
                      f'{name}.py')
    if not osp.isfile(script):
        sys.exit(f'mmaction2 installation has no {script}; reinstall mmaction2')
    sys.argv[0] = script
    runpy.run_path(script, run_name='__main__')
