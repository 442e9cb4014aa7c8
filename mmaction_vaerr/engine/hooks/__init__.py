from .ncce_centroid_hook import NCCECentroidHook
from .resume_validation_hook import ResumeValidationHook
from .torch_threads_hook import TorchThreadsHook
from .va_trajectory_vis_hook import VATrajectoryVisHook

__all__ = ['NCCECentroidHook', 'ResumeValidationHook', 'TorchThreadsHook',
           'VATrajectoryVisHook']
