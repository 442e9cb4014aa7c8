"""Pack a clip and its per-frame arousal/valence labels for the model."""
from __future__ import annotations

from mmaction.registry import TRANSFORMS
from .pack_frame_labels import PackFrameLabels


@TRANSFORMS.register_module()
class PackVAInputs(PackFrameLabels):
    """Pack ``imgs`` and per-frame VA labels into ``inputs`` /
    ``data_samples`` (:class:`PackFrameLabels` restricted to VA).

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

    fields = ('gt_va', 'frame_mask')
    required = ('gt_va', 'frame_mask')
