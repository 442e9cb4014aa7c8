"""Reading per-frame fields out of packed data samples (no registration)."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np


def to_numpy(value: Any) -> np.ndarray:
    """A tensor or array-like as a numpy array on the CPU."""
    if hasattr(value, 'detach'):
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def frame_fields(sample: Any, keys: Sequence[str], metric: str) -> dict:
    """``video_id``, ``inds``, ``mask`` and ``keys`` of one data sample.

    Raises:
        KeyError: naming the metric and the missing fields.
        ValueError: when the per-frame arrays disagree in length.
    """
    if hasattr(sample, 'to_dict'):
        sample = sample.to_dict()
    if not isinstance(sample, Mapping):
        raise TypeError(f'{metric}: data sample is a {type(sample).__name__}')
    missing = [k for k in tuple(keys) + ('video_id', ) if k not in sample]
    if missing:
        raise KeyError(f'{metric}: data sample lacks {missing}; it has '
                       f'{sorted(sample)}')
    out = {k: to_numpy(sample[k]) for k in keys}
    num = len(out[keys[0]])
    out['mask'] = to_numpy(sample.get('frame_mask', np.ones(num, bool))
                           ).astype(bool)
    out['inds'] = to_numpy(sample.get('frame_inds', np.arange(num))
                           ).astype(np.int64)
    for k, v in out.items():
        if len(v) != num:
            raise ValueError(
                f'{metric}: {k} has {len(v)} frames but {keys[0]} has {num} '
                f"(video {sample['video_id']!r})")
    out['video_id'] = str(sample['video_id'])
    return out
