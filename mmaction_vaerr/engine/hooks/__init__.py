from .ncce_centroid_hook import NCCECentroidHook

__all__ = ['NCCECentroidHook']
