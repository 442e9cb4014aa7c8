from .windowed_recognizer3d import WindowedRecognizer3D

__all__ = ['WindowedRecognizer3D']
