from .precision_loops import PrecisionTestLoop, PrecisionValLoop

__all__ = ['PrecisionTestLoop', 'PrecisionValLoop']
