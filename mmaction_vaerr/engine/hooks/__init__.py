from .ncce_centroid_hook import NCCECentroidHook

__all__ = ['NCCECentroidHook']
from .va_trajectory_vis_hook import VATrajectoryVisHook  # noqa: E402

__all__ += ['VATrajectoryVisHook']
