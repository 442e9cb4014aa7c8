"""Online (streaming) arousal/valence prediction, frame by frame.

A causal head (a unidirectional GRU, or a causal :class:`TCNVAHead` with
the left context of its convolutions as state) carries its state from frame
to frame; non-causal heads (bidirectional GRU, Transformer) are refused,
use the windowed API for them. The 3D stem
of :class:`ResNet18Stem3D` has a temporal kernel of 5 (padding 2): the
feature of frame ``t`` needs frames ``t-2 .. t+2``. The predictor therefore
keeps the last frames in a small buffer and emits frame ``t`` when frame
``t+2`` arrives (a fixed latency of 2 frames, 80 ms at 25 fps, on top of the
compute time); :meth:`StreamingVAPredictor.flush` ends the stream with the
zero padding of the offline convolution. The predictions equal an offline
pass of the same model over the whole video (to float rounding).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn as nn

from ..models.backbones.resnet18_stem3d import ResNet18Stem3D
from ..models.backbones.tap_stem import as_tap_stem, stack_taps
from .fast_paths import int8_trunk_of, resolve_inference_precision
from .windowing import FrameEncoder, _gray2d, bin_probs, is_causal, precision


@dataclass
class FramePrediction:
    """The prediction for one frame of a stream.

    Attributes:
        frame: frame index in the stream (from 0).
        arousal: predicted arousal (NaN when ``valid`` is False).
        valence: predicted valence (NaN when ``valid`` is False).
        prob: (2, K) bin probabilities (arousal, valence); NaN if invalid.
        valid: whether the frame had a face.
    """

    frame: int
    arousal: float
    valence: float
    prob: np.ndarray
    valid: bool


class StreamingVAPredictor:
    """Push aligned faces one by one (or in small chunks), get predictions.

    Example::

        >>> model = init_model(cfg, ckpt)          # unidirectional GRU
        >>> stream = StreamingVAPredictor(model)
        >>> for face, ok in camera_faces():        # (96, 96) uint8, bool
        ...     for p in stream.push(face, ok):    # frame t-2 once t arrives
        ...         print(p.frame, p.arousal, p.valence)
        >>> tail = stream.flush()                  # the last 2 frames

    Args:
        model: recognizer with a :class:`ResNet18Stem3D` backbone and a
            causal head (unidirectional :class:`GRUVAHead`, causal
            :class:`TCNVAHead`).
        bf16: bfloat16 autocast for the backbone (the older switch; same
            as ``precision='bf16'``).
        channels_last: channels-last memory format for the 2D trunk.
        precision: ``'auto'`` (bf16 only where native), ``'fp32'``,
            ``'bf16'`` or ``'int8'`` (needs ``model.int8_trunk``, see
            :func:`~mmaction_vaerr.apis.init_model`).
    """

    def __init__(self, model: nn.Module, bf16: bool = False,
                 channels_last: bool = False,
                 precision: str = 'auto') -> None:
        head = model.cls_head
        if not is_causal(head):
            raise ValueError(
                'streaming needs a causal head: a unidirectional GRU or a '
                f'causal TCN; {type(head).__name__} looks at future frames '
                '(use the windowed inference API for it, or an online '
                'config, e.g. configs/vaerr/vaerr_r18-stem3d-unigru_scratch_'
                '1xb4-20e_synthetic.py)')
        if not isinstance(model.backbone, ResNet18Stem3D) or \
                model.backbone.stem[0].in_channels != 1:
            raise TypeError('streaming supports the grayscale ResNet18Stem3D '
                            'backbone (and its subclasses), got '
                            f'{type(model.backbone).__name__}')
        self.model = model
        self._stem = as_tap_stem(model.backbone.stem)  # shares its weights
        self.precision = resolve_inference_precision(model, precision, bf16)
        self.encoder = FrameEncoder(
            model, bf16=self.precision == 'bf16', channels_last=channels_last,
            int8=int8_trunk_of(model) if self.precision == 'int8' else None)
        self.lookahead = self.encoder.halo
        self.reset()

    def reset(self) -> None:
        """Start a new stream (clears the frame buffer and head state)."""
        self._frames: List[torch.Tensor] = []  # normalised, frames [_first..]
        self._valid: List[bool] = []
        self._first = -self.lookahead  # index of _frames[0] (<0: zero pad)
        self._next = 0                 # next frame to emit
        self._count = 0                # frames pushed
        self._hx = None  # the head's carried state (GRU h_n, TCN context)
        self._ended = False

    @property
    def frames_pushed(self) -> int:
        return self._count

    def push(self, face: np.ndarray, valid: bool = True
             ) -> List[FramePrediction]:
        """Add one aligned face; return the predictions now complete.

        Args:
            face: (H, W) or (H, W, 1) uint8 aligned face (for a frame
                without a face, pass the best available crop or zeros and
                ``valid=False``).
            valid: whether the frame has a face; invalid frames still go
                through the model (they keep the time axis) but their
                prediction is reported as NaN.
        """
        return self.push_chunk(face[None], [valid])

    def push_chunk(self, faces: np.ndarray,
                   valid: Optional[Sequence[bool]] = None
                   ) -> List[FramePrediction]:
        """Add (n, H, W) faces at once (one backbone pass for the chunk)."""
        if self._ended:
            raise RuntimeError('stream was flushed; call reset() first')
        faces = np.stack([_gray2d(f) for f in faces])
        valid = [True] * len(faces) if valid is None else list(valid)
        if len(valid) != len(faces):
            raise ValueError(f'{len(faces)} faces but {len(valid)} flags')
        if not self._frames:
            h, w = faces.shape[1:]
            zero = torch.zeros(h, w, device=self.encoder.device)
            self._frames = [zero] * self.lookahead  # the conv's zero padding
        self._frames.extend(self.encoder.normalise(faces).unbind(0))
        self._valid.extend(bool(v) for v in valid)
        self._count += len(faces)
        return self._emit(self._count - self.lookahead)

    def flush(self) -> List[FramePrediction]:
        """End the stream: predict the last frames with zero padding."""
        if self._ended or not self._count:
            self._ended = True
            return []
        zero = torch.zeros_like(self._frames[0])
        self._frames.extend([zero] * self.lookahead)
        self._ended = True
        return self._emit(self._count)

    def _emit(self, stop: int) -> List[FramePrediction]:
        """Predict frames [_next, stop) from the buffered frames."""
        if stop <= self._next:
            return []
        k = self.lookahead
        lo = self._next - k - self._first       # buffer slice of the inputs
        hi = stop + k - self._first
        clip = torch.stack(self._frames[lo:hi])  # (stop - next + 2k, H, W)
        feats = self._features(clip)
        with torch.no_grad():
            reg, logits, self._hx = self.model.cls_head.temporal(
                feats[None], self._hx)
        prob = bin_probs(self.model.cls_head, None if logits is None else
                         logits[0], reg.shape[1]).cpu().numpy()
        reg = reg[0].float().cpu().numpy()
        out = []
        for i, t in enumerate(range(self._next, stop)):
            ok = self._valid[t - self._next]
            a, v = (reg[i] if ok else (np.nan, np.nan))
            out.append(FramePrediction(t, float(a), float(v),
                                       prob[i] if ok else
                                       np.full_like(prob[i], np.nan), ok))
        # keep the 2k frames that the next outputs still need
        drop = stop - k - self._first
        self._frames = self._frames[drop:]
        self._first += drop
        self._valid = self._valid[stop - self._next:]
        self._next = stop
        return out

    def _features(self, clip: torch.Tensor) -> torch.Tensor:
        """(n + 2k, H, W) frames -> (n, C) features of the n centre frames.

        The stem convolution runs without temporal padding (the buffer
        supplies the context, zeros before the start and after a flush), as
        a 2D convolution over the stacked temporal taps
        (``TapStem2d.forward_taps``, as ``ResNet18TapStem`` runs it);
        everything after it is per-frame.
        """
        if self.encoder.int8 is not None:  # the buffer supplies the context
            return torch.from_numpy(self.encoder.int8.frames(
                clip.cpu().numpy(), pad=False)).to(self.encoder.device)
        backbone = self.model.backbone
        with precision(self.model, self.encoder.bf16,
                       self.encoder.channels_last):
            taps = stack_taps(clip[None, None], self._stem.temporal_kernel, 0)
            x = self._stem.forward_taps(taps)                 # n, 64, h, w
            n = x.shape[0]
            if backbone.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            for layer in (backbone.layer1, backbone.layer2, backbone.layer3,
                          backbone.layer4):
                x = layer(x)
        return x.float().mean(dim=(2, 3)).reshape(n, -1)
