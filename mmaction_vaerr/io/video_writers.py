"""The :class:`~.mp4_writer.Mp4Writer` kinds: grey crops, BGR overlays and
the generated datasets' grey faces."""
from __future__ import annotations

from fractions import Fraction
from typing import Union

import numpy as np

from .mp4_writer import Mp4Writer


class GrayVideoWriter(Mp4Writer):
    """:class:`Mp4Writer` of (H, W) uint8 grayscale frames of one size
    (the aligned face crops)."""

    input_format = 'gray'

    def prepare(self, frame: np.ndarray) -> np.ndarray:
        if frame.ndim != 2 or frame.dtype != np.uint8:
            raise ValueError(f'expected (H, W) uint8 frame, got '
                             f'{frame.shape} {frame.dtype}')
        return frame


class ColorVideoWriter(Mp4Writer):
    """:class:`Mp4Writer` of BGR uint8 frames; odd sides are cropped by one
    pixel (yuv420p needs even sides).

    Args:
        path: output ``.mp4`` path.
        fps: frame rate (keep the input's so frames stay in step).
        crf: x264 quality (lower is better).
    """

    input_format = 'bgr24'

    def __init__(self, path: str, fps: Union[float, Fraction],
                 crf: int = 23) -> None:
        super().__init__(path, fps, crf=crf)

    def prepare(self, frame: np.ndarray) -> np.ndarray:
        h, w = frame.shape[:2]
        return frame[:h - h % 2, :w - w % 2]


def gray_to_yuv420p(gray: np.ndarray) -> np.ndarray:
    """Full-range grey (0..255) -> limited-range luma plus neutral chroma."""
    h, w = gray.shape
    y = np.rint(16.0 + gray.astype(np.float32) * (219.0 / 255.0))
    chroma = np.full((h // 2, w), 128, np.uint8)
    return np.concatenate([y.astype(np.uint8), chroma], axis=0)


class FaceVideoWriter(Mp4Writer):
    """Deterministic :class:`Mp4Writer` of (H, W) uint8 grey frames of even
    sides, converted by :func:`gray_to_yuv420p`."""

    input_format = 'yuv420p'

    def prepare(self, frame: np.ndarray) -> np.ndarray:
        if frame.ndim != 2 or frame.dtype != np.uint8:
            raise ValueError(f'{self.path}: expected (H, W) uint8 frame, '
                             f'got {frame.shape} {frame.dtype}')
        if frame.shape[0] % 2 or frame.shape[1] % 2:
            raise ValueError(f'{self.path}: frame size {frame.shape[1]}x'
                             f'{frame.shape[0]} must be even')
        return gray_to_yuv420p(frame)

    @staticmethod
    def frame_size(prepared: np.ndarray) -> tuple:
        """(H, W) of a prepared (3H/2, W) yuv420p plane stack."""
        return prepared.shape[0] * 2 // 3, prepared.shape[1]
