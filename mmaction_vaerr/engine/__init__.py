from .hooks import *  # noqa: F401,F403
from .hooks import VATrajectoryVisHook  # noqa: F401
