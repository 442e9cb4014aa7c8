"""Time-stamped arousal/valence samples, as read from a dataset's own files."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..va_annotation import VAAnnotation
from .resample import label_period, resample_to_frames


@dataclass
class LabelTrack:
    """Arousal/valence samples at label timestamps, before frame alignment.

    Readers of time-stamped formats (SEWA, RECOLA) return this; converting
    to a video's frames is :meth:`to_frames` (see
    :mod:`~mmaction_vaerr.datasets.annotations.resample` for the policy).

    Args:
        times: (K,) strictly increasing timestamps in seconds.
        arousal: (K,) values in [-1, 1].
        valence: (K,) values in [-1, 1].
        valid: (K,) bool; all True when None.
        name: the instance name found in the file (e.g. ``Devel_DE_01``).
        source: the file(s) the samples were read from, for messages.
        extra: other per-sample columns (e.g. SEWA's ``liking``).
    """

    times: np.ndarray
    arousal: np.ndarray
    valence: np.ndarray
    valid: Optional[np.ndarray] = None
    name: str = ''
    source: str = ''
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.times = np.asarray(self.times, dtype=np.float64)
        self.arousal = np.asarray(self.arousal, dtype=np.float64)
        self.valence = np.asarray(self.valence, dtype=np.float64)
        n = len(self.times)
        self.valid = (np.ones(n, bool) if self.valid is None else
                      np.asarray(self.valid, dtype=bool))
        if not (len(self.arousal) == len(self.valence) == len(self.valid)
                == n):
            raise ValueError(f'{self.source}: times/arousal/valence/valid '
                             'lengths differ')
        if n == 0:
            raise ValueError(f'{self.source}: no label samples')
        if np.any(np.diff(self.times) <= 0):
            raise ValueError(f'{self.source}: timestamps are not strictly '
                             'increasing')

    def __len__(self) -> int:
        return len(self.times)

    @property
    def period(self) -> float:
        """Median step between timestamps (0.1 s for SEWA's 10 Hz)."""
        return label_period(self.times)

    @property
    def duration(self) -> float:
        """Seconds from the first to the last timestamp."""
        return float(self.times[-1] - self.times[0])

    def to_frames(self, fps: float, num_frames: Optional[int] = None,
                  period: Optional[float] = None) -> VAAnnotation:
        """Resample to the frames ``i / fps`` of a video.

        Args:
            fps: video frame rate.
            num_frames: frames to produce; the frames covered by the labels
                when None (apply a frame-count policy afterwards to match a
                video).
            period: label period; the median step when None.
        """
        va = np.stack([self.arousal, self.valence], axis=1)
        try:
            out, ok = resample_to_frames(self.times, va, fps,
                                         valid=self.valid,
                                         num_frames=num_frames, period=period)
        except ValueError as e:
            if self.source and self.source not in str(e):
                raise ValueError(f'{self.source}: {len(self)} label row(s): '
                                 f'{e}') from None
            raise
        return VAAnnotation(arousal=out[:, 0], valence=out[:, 1], valid=ok,
                            fps=fps, extra={'source': self.source,
                                            'name': self.name})
