"""The command lines of ``tools/``, importable.

``tools/<path>.py`` only runs ``mmaction_vaerr/tools/<path>.py``'s
``main``; the options, the code and the ``main(argv)`` the tests call live
here, so tests and other code import them instead of loading a script by
its file path. Nothing of the package imports this part (it is the top
layer, see ``docs/architecture.md``).
"""
import os.path as osp

#: the checkout the command lines run in (they read its ``configs/``): the
#: folder above the package, as in a clone with an editable install
REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
