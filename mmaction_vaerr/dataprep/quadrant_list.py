"""mmaction2 ``VideoDataset`` lists of circumplex quadrants (one label a
video), written from the per-frame VA labels of a canonical root."""
from __future__ import annotations

from typing import List

import numpy as np

from ..datasets.va_annotation import read_split, read_va_csv
from ..datasets.va_classification import va_quadrant
from ..io import DatasetLayout, atomic_write


def write_quadrant_list(data_root: str, split: str, out_file: str,
                        video_ext: str = '.mp4') -> List[str]:
    """Write an mmaction2 ``VideoDataset`` list (``<id>.mp4 <label>``)."""
    lines = []
    layout = DatasetLayout(data_root)
    for vid in read_split(layout.split(split)):
        ann = read_va_csv(layout.label(vid))
        if ann.valid.any():
            lines.append(f'{vid}{video_ext} {va_quadrant(ann)}')
    with atomic_write(out_file) as tmp, open(tmp, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return lines


def quadrant_counts(lines: List[str]) -> List[int]:
    """Videos per quadrant (0..3) of the lines :func:`write_quadrant_list`
    wrote."""
    return np.bincount([int(line.split()[-1]) for line in lines],
                       minlength=4).tolist()
