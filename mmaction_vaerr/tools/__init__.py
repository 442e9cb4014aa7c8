"""The command lines of ``tools/``, importable.

``tools/<path>.py`` only runs ``mmaction_vaerr/tools/<path>.py``'s
``main``; the options, the code and the ``main(argv)`` the tests call live
here, so tests and other code import them instead of loading a script by
its file path. Nothing of the package imports this part (it is the top
layer, see ``docs/architecture.md``).
"""
import datetime
import os.path as osp
import shlex
import sys
from typing import List, Optional

#: the checkout the command lines run in (they read its ``configs/``): the
#: folder above the package, as in a clone with an editable install
REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def provenance(argv: Optional[List[str]] = None) -> dict:
    """What a result JSON records about how it was made: the command line
    (``python <script> <args>``), the UTC date and the machine (CPU model,
    family / model numbers, torch's ISA, the fast-path flags), so that no
    number in it is separated from the CPU it was measured on."""
    from mmaction_vaerr.utils import isa_summary
    argv = sys.argv if argv is None else argv
    script = osp.relpath(osp.abspath(argv[0]), REPO) if argv else ''
    return dict(command=shlex.join(['python', script, *argv[1:]]),
                date=datetime.datetime.now(
                    datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
                machine=isa_summary())
