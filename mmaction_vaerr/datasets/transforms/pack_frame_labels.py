"""Pack a clip with its per-frame expression / AU / VA labels."""
from __future__ import annotations

from typing import Dict, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform, to_tensor

from mmaction.registry import TRANSFORMS
from mmaction.structures import ActionDataSample

DTYPES = {'gt_expr': np.int64, 'gt_au': np.int64, 'gt_va': np.float32,
          'frame_mask': bool}


@TRANSFORMS.register_module()
class PackFrameLabels(BaseTransform):
    """Pack ``imgs`` and per-frame labels into ``inputs`` / ``data_samples``.

    Per-frame labels are data-sample fields (``set_gt_label`` casts to one
    long per clip): ``gt_expr`` (T,) int64 with -1 unlabelled, ``gt_au``
    (T, A) int64 with -1, ``gt_va`` (T, 2) float32 with NaN, whichever are
    present, plus ``frame_mask`` (T,) bool and ``frame_inds`` (T,)
    (0-based frame indices, used by the metrics to count a frame once).

    Required Keys: imgs (formatted NCTHW), frame_mask.
    Optional Keys: gt_expr, gt_au, gt_va, frame_inds, start_index and the
    ``meta_keys``.
    Added Keys: inputs, data_samples.

    Args:
        meta_keys: keys copied to the data sample's metainfo.
    """

    #: label fields packed when present, and those that must be present
    fields = tuple(DTYPES)
    required: tuple = ()

    def __init__(self, meta_keys: Sequence[str] = (
            'video_id', 'clip_len', 'fps', 'total_frames', 'img_shape')
                 ) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: Dict) -> Dict:
        packed = dict(inputs=to_tensor(np.ascontiguousarray(results['imgs'])))
        ds = ActionDataSample()
        missing = [k for k in self.required if k not in results]
        if missing:
            raise KeyError(f'{type(self).__name__} needs {missing} in the '
                           f'results (keys: {sorted(results)})')
        for key in self.fields:
            if key in results:
                ds.set_field(torch.from_numpy(
                    np.ascontiguousarray(results[key], dtype=DTYPES[key])),
                    key)
        if 'frame_inds' in results:
            inds = np.asarray(results['frame_inds'], dtype=np.int64)
            ds.frame_inds = torch.from_numpy(
                inds - int(results.get('start_index', 0)))
        ds.set_metainfo({k: results[k] for k in self.meta_keys
                         if k in results})
        packed['data_samples'] = ds
        return packed

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
