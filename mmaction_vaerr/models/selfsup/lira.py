"""LiRA: predict the clip's own acoustic features from its frames."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

import torch

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from .base import BaseVideoSelfSup, Inputs


@MODELS.register_module()
class LiRA(BaseVideoSelfSup):
    """Learning visual speech Representations from Audio.

    Ma et al., Interspeech 2021 (https://arxiv.org/abs/2106.09171): a visual
    frontend (``backbone``, here ``ResNet18Stem3D``) and a Conformer
    (``neck``, :class:`ConformerEncoder`) regress, for every video frame,
    the acoustic features of the clip's own audio; a linear layer
    (``head``, :class:`LiRAHead`) maps the encoder width to the feature
    width and the loss is L1 over frames whose target is valid (frames
    beyond the audio are masked). Targets come from the pipeline
    (:class:`LoadAudioTargets`, packed by ``PackActionInputs`` with
    ``algorithm_keys=('audio_target', 'audio_mask')``). Only ``backbone.*``
    is handed over to the downstream model.

    Args:
        backbone: visual frontend config; must keep the time axis.
        neck: temporal encoder config (:class:`ConformerEncoder`).
        head: head config (:class:`LiRAHead`).
        data_preprocessor: see :class:`BaseVideoSelfSup`.
        init_cfg: mmengine init config.
    """

    def __init__(self, backbone: dict, neck: dict, head: dict,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(backbone=backbone, neck=neck, head=head,
                         data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)

    @classmethod
    def clips(cls, inputs: Inputs) -> torch.Tensor:
        """``(N, C, T, H, W)`` clips; ``FormatShape``'s one-clip axis of
        ``(N, 1, C, T, H, W)`` batches is folded away."""
        x = cls.first_view(inputs)
        if x.dim() == 6:
            if x.shape[1] != 1:
                raise ValueError(f'LiRA takes one clip per video, got '
                                 f'{x.shape[1]} (input {tuple(x.shape)})')
            x = x.flatten(0, 1)
        return x

    def extract_feat(self, inputs: Inputs) -> torch.Tensor:
        """Backbone features of the clips (what the downstream model gets)."""
        return self.backbone(self.clips(inputs))

    @staticmethod
    def targets(data_samples: Sequence[ActionDataSample],
                device: torch.device) -> Tuple[torch.Tensor, torch.Tensor]:
        """Stack ``audio_target`` (N, T, D) and ``audio_mask`` (N, T)."""
        if not data_samples or 'audio_target' not in data_samples[0]:
            raise ValueError(
                'LiRA needs per-frame acoustic targets: add LoadAudioTargets '
                "to the pipeline and pack them with PackActionInputs("
                "algorithm_keys=('audio_target', 'audio_mask'))")
        target = torch.stack([torch.as_tensor(s.audio_target)
                              for s in data_samples]).float().to(device)
        if 'audio_mask' in data_samples[0]:
            mask = torch.stack([torch.as_tensor(s.audio_mask)
                                for s in data_samples]).bool().to(device)
        else:
            mask = torch.ones(target.shape[:2], dtype=torch.bool,
                              device=device)
        return target, mask

    def loss(self, inputs: Inputs,
             data_samples: Optional[List[ActionDataSample]] = None
             ) -> Dict[str, torch.Tensor]:
        x = self.clips(inputs)
        target, mask = self.targets(data_samples, x.device)
        feats = self.neck(self.backbone(x))            # N, T', d
        if feats.shape[1] != target.shape[1]:
            raise ValueError(
                f'encoder output has {feats.shape[1]} frames but the audio '
                f'targets have {target.shape[1]}; LiRA needs a backbone and '
                'neck that keep the time axis')
        return self.head.loss(feats, target, mask)
