from .ncce_centroid_hook import NCCECentroidHook

__all__ = ['NCCECentroidHook']
from .va_trajectory_vis_hook import VATrajectoryVisHook  # noqa: E402

__all__ += ['VATrajectoryVisHook']
from .resume_validation_hook import ResumeValidationHook  # noqa: E402

__all__ += ['ResumeValidationHook']
