"""Base of the heads that put task outputs on a shared temporal trunk."""
from __future__ import annotations

from typing import Dict, List, Optional

import torch
import torch.nn as nn

from mmaction.models.heads import BaseHead
from mmaction.registry import MODELS
from .frame_features import Feats, check_clip_features, frame_features


class TrunkHead(BaseHead):
    """Frame features -> optional temporal trunk -> task layers.

    Subclasses add their output layers on ``self.out_channels`` features
    and implement ``forward``, ``loss_by_feat`` and ``predict_by_feat``.
    With ``trunk=None`` the frame features go to the output layers directly
    (a per-frame linear probe).

    Args:
        in_channels: backbone feature channels.
        trunk: config of the temporal trunk (e.g. :class:`GRUTrunk`); its
            ``in_channels`` defaults to ``in_channels``.
        loss_cls: config of the main loss (kept by ``BaseHead``).
        num_classes: outputs of the main task.
        init_cfg: mmengine init config.
        clip_features: ``'reject'`` or ``'broadcast'`` 2-D clip features
            (C3D) over the frames.
    """

    def __init__(self, in_channels: int, trunk: Optional[Dict],
                 loss_cls: Dict, num_classes: int,
                 init_cfg: Optional[Dict] = None,
                 clip_features: str = 'reject') -> None:
        super().__init__(num_classes=num_classes, in_channels=in_channels,
                         loss_cls=loss_cls, init_cfg=init_cfg)
        self.clip_features = check_clip_features(clip_features)
        if trunk is None:
            self.trunk = nn.Identity()
            self.out_channels = in_channels
        else:
            trunk = dict(trunk)
            trunk.setdefault('in_channels', in_channels)
            self.trunk = MODELS.build(trunk)
            self.out_channels = int(self.trunk.out_channels)

    def sequence(self, x: Feats, num_frames: Optional[int] = None,
                 num_samples: Optional[int] = None) -> torch.Tensor:
        """Trunk output ``(N, T, out_channels)`` for any backbone output
        kind (5-D, 3-D, 4-D frame-folded with ``num_samples`` clips, 2-D
        clip features per :attr:`clip_features`)."""
        return self.trunk(frame_features(x, num_frames, None,
                                         self.clip_features, num_samples))

    @staticmethod
    def num_frames(data_samples: List) -> Optional[int]:
        """Label frames of the batch (``clip_len`` meta, else label rows)."""
        if not data_samples:
            return None
        meta = data_samples[0].metainfo
        if 'clip_len' in meta and meta.get('num_clips', 1) == 1:
            return int(meta['clip_len'])
        for key in ('frame_mask', 'gt_expr', 'gt_au', 'gt_va'):
            if key in data_samples[0]:
                return int(data_samples[0].get(key).shape[0])
        return None

    @staticmethod
    def stack(data_samples: List, key: str, ref: torch.Tensor
              ) -> torch.Tensor:
        """Stack one per-frame field of every sample onto ``ref``'s device."""
        missing = [i for i, ds in enumerate(data_samples) if key not in ds]
        if missing:
            raise KeyError(f'data samples {missing} lack {key!r}; pack it '
                           'with PackFrameLabels')
        return torch.stack([ds.get(key) for ds in data_samples]).to(
            ref.device)

    def loss(self, feats: Feats, data_samples: List, **kwargs) -> Dict:
        return self.loss_by_feat(
            self(feats, self.num_frames(data_samples),
                 num_samples=len(data_samples)), data_samples)

    def predict(self, feats: Feats, data_samples: List, **kwargs) -> List:
        outputs = self(feats, self.num_frames(data_samples),
                       num_samples=len(data_samples))
        return self.predict_by_feat(outputs, data_samples)

    @staticmethod
    def check_batch(n: int, data_samples: List, name: str) -> None:
        if n != len(data_samples):
            raise ValueError(f'{name} predicts one clip per sample; got {n} '
                             f'clips for {len(data_samples)} samples (use '
                             'num_clips=1)')
