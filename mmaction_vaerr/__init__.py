"""mmaction_vaerr: SS-VAERR arousal/valence recognition as an mmaction2 plugin.

Importing the package applies the compatibility patches in
:mod:`mmaction_vaerr.compat` (they must precede ``import mmaction.models``)
and registers every component in mmaction2's registries.
"""
from . import compat

compat.apply()

from . import datasets, engine, evaluation, models, utils  # noqa: E402,F401
from .apis import inference_va, init_model  # noqa: E402,F401
from .version import __version__  # noqa: E402,F401
