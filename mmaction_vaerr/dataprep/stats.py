"""Dataset mean/std of grayscale pixels, for input normalisation.

Streams frames (never holds a whole video): each chunk of decoded frames is
converted to grayscale (OpenCV's BT.601 weights, as for RGB -> gray
elsewhere), scaled to [0, 1], and merged into running moments with Chan et
al.'s pairwise update ("Updating formulae and a pairwise algorithm for
computing sample variances", 1979). The std is the population std over all
pixels of all selected frames. ``mmaction2``'s ``ActionDataPreprocessor``
works on 0..255 pixels, so paste ``mean * 255`` and ``std * 255`` into it
(:func:`preprocessor_values`); the lip-reading convention is 0.421 / 0.165.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from ..io import DatasetLayout

_IMAGE_EXTS = ('.png', '.jpg', '.jpeg', '.bmp')


@dataclass
class RunningMoments:
    """Count, mean and sum of squared deviations, mergeable chunk by chunk."""

    count: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def update(self, values: np.ndarray) -> None:
        x = np.asarray(values, dtype=np.float64).ravel()
        if x.size == 0:
            return
        n_b = x.size
        mean_b = float(x.mean())
        m2_b = float(np.square(x - mean_b).sum())
        n = self.count + n_b
        delta = mean_b - self.mean
        self.mean += delta * n_b / n
        self.m2 += m2_b + delta * delta * self.count * n_b / n
        self.count = n

    @property
    def std(self) -> float:
        if self.count == 0:
            raise ValueError('no pixels were seen')
        return float(np.sqrt(self.m2 / self.count))


def _to_gray(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 2:
        return frame
    if frame.shape[2] == 1:
        return frame[..., 0]
    return cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)


def _indices(total: int, frame_step: int, max_frames: Optional[int],
             valid: Optional[np.ndarray] = None) -> List[int]:
    if frame_step < 1:
        raise ValueError(f'frame_step must be >= 1, got {frame_step}')
    idx = list(range(0, total, frame_step))
    if valid is not None:   # frames past the labels count as invalid
        idx = [i for i in idx if i < len(valid) and valid[i]]
    return idx if max_frames is None else idx[:max_frames]


def iter_gray_frames(source: str, frame_step: int = 1,
                     max_frames: Optional[int] = None,
                     chunk: int = 32,
                     valid: Optional[np.ndarray] = None
                     ) -> Iterator[np.ndarray]:
    """Yield (n, H, W) uint8 grayscale chunks of a video or frames folder.

    Args:
        source: a video file, or a folder of frame images (sorted by name).
        frame_step: use every ``frame_step``-th frame (0, step, 2*step..).
        max_frames: stop after this many selected frames.
        chunk: frames decoded at a time.
        valid: optional per-frame validity (labels' mask); invalid frames
            (e.g. Aff-Wild2's black placeholders of frames with no face)
            are skipped.
    """
    if os.path.isdir(source):
        files = sorted(
            p for p in glob.glob(os.path.join(source, '*'))
            if os.path.splitext(p)[1].lower() in _IMAGE_EXTS)
        if not files:
            raise ValueError(f'{source}: no frame images')
        idx = _indices(len(files), frame_step, max_frames, valid)
        for s in range(0, len(idx), chunk):
            imgs = []
            for i in idx[s:s + chunk]:
                img = cv2.imread(files[i], cv2.IMREAD_GRAYSCALE)
                if img is None:
                    raise ValueError(f'cannot read image {files[i]}')
                imgs.append(img)
            yield np.stack(imgs)
        return
    import decord
    reader = decord.VideoReader(source, num_threads=1)
    idx = _indices(len(reader), frame_step, max_frames, valid)
    for s in range(0, len(idx), chunk):
        batch = reader.get_batch(idx[s:s + chunk]).asnumpy()
        yield np.stack([_to_gray(f) for f in batch])


def compute_mean_std(sources: Sequence[str], frame_step: int = 1,
                     max_frames_per_video: Optional[int] = None,
                     chunk: int = 32,
                     masks: Optional[Sequence[np.ndarray]] = None
                     ) -> Tuple[float, float, int]:
    """Mean and std of ``pixel / 255`` over the frames of ``sources``.

    ``masks`` (one per source, per-frame validity, or None for a source
    whose frames all count) leaves invalid frames out.

    Returns:
        ``(mean, std, num_frames)``.
    """
    moments = RunningMoments()
    frames = 0
    if masks is not None and len(masks) != len(sources):
        raise ValueError(f'{len(masks)} masks for {len(sources)} sources')
    for i, src in enumerate(sources):
        valid = None if masks is None else masks[i]
        for batch in iter_gray_frames(src, frame_step, max_frames_per_video,
                                      chunk, valid):
            moments.update(batch / 255.0)
            frames += len(batch)
    if frames == 0:
        raise ValueError('no frames were read')
    return moments.mean, moments.std, frames


def dataset_sources(root: str, video_ids: Sequence[str]) -> List[str]:
    """The video file or frames folder of each id in a canonical root."""
    out = []
    layout = DatasetLayout(root)
    for vid in video_ids:
        video = layout.find_video(vid)
        frames = layout.frames(vid)
        if video is not None:
            out.append(video)
        elif os.path.isdir(frames):
            out.append(frames)
        else:
            raise FileNotFoundError(f'{vid}: neither {root}/videos/{vid}.* '
                                    f'nor {frames}/ exists')
    return out


def preprocessor_values(mean: float, std: float) -> str:
    """``mean=[..], std=[..]`` on the 0..255 scale, for data_preprocessor."""
    return f'mean=[{mean * 255:.3f}], std=[{std * 255:.3f}]'
