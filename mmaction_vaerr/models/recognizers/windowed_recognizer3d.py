"""Recognizer3D whose test-time backbone runs on overlapping time windows.

A video transformer's attention grows with the square of the tokens: a
whole test video (e.g. 150 frames of 2x8x8 tubelets on 96x96 faces, 10,800
tokens) costs far more than the clips it was trained on (16 frames). This
recognizer runs the backbone at test time on windows of ``test_window``
frames that overlap by ``test_overlap`` and keeps each frame's features from
the window where it has context on both sides
(:func:`mmaction_vaerr.models.heads.windows.window_spans`), so the head sees
one feature sequence for the whole video. Training is unchanged.
"""
from __future__ import annotations

from typing import Optional

import torch

from mmaction.models.recognizers import Recognizer3D
from mmaction.registry import MODELS
from ..heads.windows import check_window, window_spans


@MODELS.register_module()
class WindowedRecognizer3D(Recognizer3D):
    """:class:`mmaction.models.Recognizer3D` with a windowed test backbone.

    The backbone must return frame-rate features ``(N, C, T, ...)`` (as
    :class:`VideoViT` with ``frame_unfold`` does); a backbone that pools or
    strides time is refused with a clear error. No neck.

    Args:
        test_window: frames per backbone window at test time; None = the
            whole clip (plain :class:`Recognizer3D`).
        test_overlap: frames shared by consecutive windows.
        **kwargs: :class:`Recognizer3D` arguments.
    """

    def __init__(self, test_window: Optional[int] = None,
                 test_overlap: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        if test_window is not None:
            check_window(test_window, test_overlap)
            if self.with_neck:
                raise ValueError('WindowedRecognizer3D: windowed testing '
                                 'does not support a neck')
        self.test_window = test_window
        self.test_overlap = test_overlap

    def extract_feat(self, inputs: torch.Tensor, stage: str = 'neck',
                     data_samples=None, test_mode: bool = False) -> tuple:
        """As :meth:`Recognizer3D.extract_feat`; windows in test mode."""
        total = inputs.shape[-3]
        if not test_mode or self.test_window is None or \
                total <= self.test_window:
            return super().extract_feat(inputs, stage, data_samples,
                                        test_mode)
        x = inputs.view((-1, ) + inputs.shape[2:])   # (N * views, C, T, H, W)
        parts = []
        for start, stop, lo, hi in window_spans(total, self.test_window,
                                                self.test_overlap):
            feat = self.backbone(x[:, :, start:stop])
            if not torch.is_tensor(feat) or feat.dim() < 3 or \
                    feat.shape[2] != stop - start:
                raise ValueError(
                    'WindowedRecognizer3D needs frame-rate backbone features '
                    f'(N, C, T, ...); {stop - start} frames gave '
                    f'{getattr(feat, "shape", type(feat).__name__)}')
            parts.append(feat[:, :, lo - start:hi - start])
        kwargs = {} if self.test_cfg is None else dict(
            fcn_test=self.test_cfg.get('fcn_test', False))
        return torch.cat(parts, dim=2), kwargs
