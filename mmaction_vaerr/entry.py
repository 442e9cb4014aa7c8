"""Run mmaction2's packaged command-line tools with this plugin loaded."""
import os
import os.path as osp
import runpy
import sys

UNSAFE_FLAG = '--unsafe-load'


def run_mmaction_tool(name: str) -> None:
    """Run ``<mmaction>/.mim/tools/<name>.py`` as ``__main__``.

    ``mmaction_vaerr`` is imported first: its compatibility patches must
    precede ``import mmaction.models``. Every flag of mmaction2's script
    works unchanged; equivalent to ``mim <name> mmaction2 ...``. One flag is
    added: ``--unsafe-load`` unpickles checkpoints in full (code in them
    runs; see ``docs/checkpoints.md``), as ``MMACTION_VAERR_UNSAFE_LOAD=1``.
    A checkpoint that is refused (unsafe, truncated, not fitting the
    config) ends the tool with its one-line message and exit status 1.
    """
    if {'-h', '--help'} & set(sys.argv[1:]):
        print(f'mmaction_vaerr adds: {UNSAFE_FLAG}  UNSAFE: unpickle '
              'checkpoints in full; code in them runs (only for files whose '
              'origin you trust)\n')
    if UNSAFE_FLAG in sys.argv[1:]:
        sys.argv.remove(UNSAFE_FLAG)
        from .checkpoint_io import UNSAFE_LOAD_ENV
        os.environ[UNSAFE_LOAD_ENV] = '1'
    import mmaction_vaerr  # noqa: F401

    import mmaction
    from .checkpoint_io import CheckpointError
    script = osp.join(osp.dirname(mmaction.__file__), '.mim', 'tools',
                      f'{name}.py')
    if not osp.isfile(script):
        sys.exit(f'mmaction2 installation has no {script}; reinstall mmaction2')
    sys.argv[0] = script
    try:
        runpy.run_path(script, run_name='__main__')
    except CheckpointError as e:
        sys.exit(f'error: {e}')
