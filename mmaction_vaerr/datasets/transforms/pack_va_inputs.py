"""Pack a clip and its per-frame arousal/valence labels for the model."""
from __future__ import annotations

from typing import Dict, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform, to_tensor

from mmaction.registry import TRANSFORMS
from mmaction.structures import ActionDataSample


@TRANSFORMS.register_module()
class PackVAInputs(BaseTransform):
    """Pack ``imgs`` and per-frame labels into ``inputs`` / ``data_samples``.

    ``ActionDataSample.set_gt_label`` casts to long, so float per-frame targets
    are their own fields: ``gt_va`` ``(T, 2)`` float32, ``frame_mask``
    ``(T,)`` bool and ``frame_inds`` ``(T,)`` (absolute frame indices, used
    by the metric to count every frame once).

    Required Keys: imgs (formatted NCTHW), gt_va, frame_mask.
    Optional Keys: frame_inds and the ``meta_keys``.
    Added Keys: inputs, data_samples.

    Args:
        meta_keys: keys copied to the data sample's metainfo.
    """

    def __init__(self, meta_keys: Sequence[str] = (
            'video_id', 'clip_len', 'fps', 'total_frames', 'img_shape')
                 ) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: Dict) -> Dict:
        packed = dict(inputs=to_tensor(np.ascontiguousarray(results['imgs'])))
        ds = ActionDataSample()
        gt_va = np.asarray(results['gt_va'], dtype=np.float32)
        ds.gt_va = torch.from_numpy(gt_va)
        ds.frame_mask = torch.from_numpy(
            np.asarray(results['frame_mask'], dtype=bool))
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
