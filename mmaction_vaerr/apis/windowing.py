"""Bounded-memory offline inference: per-frame features in chunks, then the
temporal head over the whole video, with carried state, or in overlapping
windows.

Frame features. The backbone of SS-VAERR (:class:`ResNet18Stem3D`) is
per-frame except its 3D stem, whose temporal kernel of 5 (padding 2) makes a
frame's feature depend on the 2 frames before and after it. Features are
therefore computed chunk by chunk with a halo of 2 frames on each side and
the halo outputs dropped: the result equals one pass over the whole video
(BatchNorm is per-frame in eval mode). A backbone tells its halo through a
``temporal_halo`` property; for backbones without one the halo is 0 and
chunk borders are approximate (their temporal receptive field is unknown).
A backbone whose halo is ``None`` (:class:`VideoViT`: attention over the
whole clip) is encoded in independent windows of ``chunk`` frames, a
multiple of its tubelet size: exact for a video of at most ``chunk``
frames, and a warning for a longer one. Backbones that give one feature
per clip (C3D) are refused.

Temporal head. A causal head (unidirectional GRU, causal TCN) carries its
state from chunk to chunk, which is exact. A non-causal head (bidirectional
GRU, non-causal TCN, Transformer) needs context on both sides, so it runs
on windows of ``window`` frames that overlap by ``overlap``; each frame is
taken from the window in which it has at least ``overlap // 2`` frames of
context on both sides (or the video's own start/end), i.e. consecutive
windows hand over in the middle of their overlap
(:func:`mmaction_vaerr.models.heads.window_spans`). A video no longer than
``window`` is one window, identical to a whole-video pass. A head with its
own ``window`` (a windowed :class:`TransformerVAHead`) is run on those
windows, the length it was trained for.

Memory: ``chunk + 4`` frames and ``window + chunk`` feature vectors at most,
whatever the video length.
"""
from __future__ import annotations

import contextlib
import warnings
from typing import Iterable, Iterator, List, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn

from ..models.data_preprocessors import test_frames
from ..models.heads.windows import check_window
from ..utils.fast_paths import autocast_context

# reg (n, D), logits (n, D, K) or None (head without classification branch)
Outputs = Tuple[torch.Tensor, Optional[torch.Tensor]]


def temporal_halo(backbone: nn.Module) -> Optional[int]:
    """Frames on each side that one frame's backbone feature depends on
    (the backbone's ``temporal_halo`` property; 0 when it has none; None
    when every frame's feature depends on the whole clip)."""
    halo = getattr(backbone, 'temporal_halo', 0)
    return None if halo is None else int(halo)


def is_causal(head: nn.Module) -> bool:
    """Whether ``head``'s output at frame t uses only frames <= t."""
    return bool(getattr(head, 'causal',
                        not getattr(head, 'bidirectional', True)))


def bin_probs(head: nn.Module, logits: Optional[torch.Tensor],
              n: int) -> torch.Tensor:
    """Softmax of the bin logits, or NaN (n, D, K) for a head without a
    classification branch (trained without ce/ncce)."""
    if logits is not None:
        return logits.float().softmax(-1)
    return torch.full((n, getattr(head, 'num_dims', 2), head.num_bins),
                      float('nan'))


def model_device(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


@contextlib.contextmanager
def precision(model: nn.Module, bf16: bool = False,
              channels_last: bool = False):
    """Autocast to bfloat16 and/or channels-last trunk for the backbone."""
    backbone = model.backbone
    old = getattr(backbone, 'channels_last', None)
    if channels_last and old is not None:
        backbone.channels_last = True
    cast = autocast_context(model_device(model), enabled=bf16)
    try:
        with torch.no_grad(), cast:
            yield
    finally:
        if old is not None:
            backbone.channels_last = old


class FrameEncoder:
    """Normalised faces -> per-frame backbone features, chunk by chunk.

    Args:
        model: a recognizer with ``backbone``, ``cls_head`` (a
            :class:`BaseVAHead`) and an ``ActionDataPreprocessor``.
        chunk: frames per backbone pass (bounds activation memory).
        bf16: bfloat16 autocast for the backbone (features return in fp32).
        channels_last: channels-last memory format in the 2D trunk.
        int8: a calibrated :class:`~mmaction_vaerr.export.int8.Int8Trunk`
            that replaces the backbone (``bf16``/``channels_last`` are then
            unused).
    """

    def __init__(self, model: nn.Module, chunk: int = 64, bf16: bool = False,
                 channels_last: bool = False, int8=None) -> None:
        if chunk < 1:
            raise ValueError(f'chunk must be >= 1, got {chunk}')
        self.model = model
        self.chunk = chunk
        self.bf16 = bf16
        self.channels_last = channels_last
        self.int8 = int8
        halo = temporal_halo(model.backbone)
        # None: attention over the whole clip, no halo makes chunks exact
        self.whole_clip = halo is None
        self.halo = 0 if halo is None else halo
        tubelet = getattr(model.backbone, 'tubelet_size', 1)
        if self.whole_clip and chunk % tubelet:
            raise ValueError(
                f'chunk must be a multiple of the tubelet size {tubelet} of '
                f'{type(model.backbone).__name__}, got {chunk}')
        self.device = model_device(model)
        self.data_preprocessor = model.data_preprocessor

    def normalise(self, frames: np.ndarray) -> torch.Tensor:
        """(n, H, W) uint8 pixels -> (n, H, W) float, as the data
        preprocessor makes test inputs (normalised, then its
        ``test_crop`` centre crop when it has one)."""
        x = torch.from_numpy(np.ascontiguousarray(frames)).to(
            self.device, torch.float32)
        return test_frames(self.data_preprocessor, x)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Normalised (n, H, W) frames -> (n, C) features (one pass)."""
        if self.int8 is not None:   # the stem's zero padding at both ends
            return torch.from_numpy(self.int8.frames(
                x.cpu().numpy(), pad=True)).to(self.device)
        with precision(self.model, self.bf16, self.channels_last):
            out = self.model.backbone(x[None, None])
        if isinstance(out, (tuple, list)):
            out = out[-1]
        if out.dim() == 2:
            raise ValueError(
                f'{type(self.model.backbone).__name__} gives one feature per '
                'clip, not per frame; chunked inference needs a backbone '
                'that keeps time (run tools/test.py on fixed clips instead)')
        return self.model.cls_head.align(out.float(), x.shape[0])[0].float()

    def iter_features(self, frames: Iterable[np.ndarray]
                      ) -> Iterator[torch.Tensor]:
        """Yield (n, C) features for consecutive chunks of ``frames``.

        ``frames`` yields (H, W) (or (H, W, 1)) uint8 faces, in order.
        """
        buf: List[np.ndarray] = []   # raw frames from index ``start``
        start = nxt = 0              # first buffered / first pending frame
        for frame in frames:
            buf.append(_gray2d(frame))
            if self.whole_clip and start + len(buf) == self.chunk + 1:
                warnings.warn(
                    f'{type(self.model.backbone).__name__} attends over '
                    'the whole clip: this video is longer than chunk='
                    f'{self.chunk} frames, so its features come from '
                    f'independent windows of {self.chunk} frames (one '
                    'pass over the whole video needs chunk >= its '
                    'length)', stacklevel=2)
            if start + len(buf) >= nxt + self.chunk + self.halo:
                yield self._chunk(buf, start, nxt, nxt + self.chunk)
                nxt += self.chunk
                keep = max(start, nxt - self.halo)
                buf, start = buf[keep - start:], keep
        if start + len(buf) > nxt:
            yield self._chunk(buf, start, nxt, start + len(buf))

    def _chunk(self, buf: List[np.ndarray], start: int, lo: int,
               hi: int) -> torch.Tensor:
        """Features of frames [lo, hi) from buffered frames [start, ...)."""
        a = max(start, lo - self.halo)
        b = min(start + len(buf), hi + self.halo)
        clip = np.stack(buf[a - start:b - start])
        feats = self.features(self.normalise(clip))
        return feats[lo - a:hi - a]


def _gray2d(frame: np.ndarray) -> np.ndarray:
    frame = np.asarray(frame)
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[..., 0]
    if frame.ndim != 2:
        raise ValueError('expected aligned grayscale faces (H, W) or '
                         f'(H, W, 1), got a frame of shape {frame.shape}')
    return frame


def _temporal(head: nn.Module, feats: torch.Tensor,
              hx: Optional[torch.Tensor] = None
              ):
    with torch.no_grad():
        reg, logits, h = head.temporal(feats[None], hx)
    return reg[0], logits[0], h


def _cut(reg: torch.Tensor, logits: Optional[torch.Tensor], a: int,
         b: Optional[int]) -> Outputs:
    return reg[a:b], (None if logits is None else logits[a:b])


def iter_temporal(head: nn.Module, features: Iterable[torch.Tensor],
                  window: Optional[int] = 1500, overlap: int = 500
                  ) -> Iterator[Outputs]:
    """Run the temporal head over a stream of (n, C) feature chunks.

    Yields ``(reg, logits)`` for consecutive frames, in order; together they
    cover every input frame once (``logits`` is None for a head without a
    classification branch).

    Args:
        head: a :class:`BaseVAHead` (``temporal(x, state)``).
        features: (n, C) feature chunks in frame order.
        window: frames per window of a non-causal head; None = whole video
            in one pass (memory grows with the video). Ignored for a causal
            head, which carries its state (exact), and replaced by the
            head's own ``window``/``overlap`` when it has them.
        overlap: frames shared by consecutive windows.
    """
    if is_causal(head):
        hx = None
        for feats in features:
            reg, logits, hx = _temporal(head, feats, hx)
            yield reg, logits
        return
    if getattr(head, 'window', None) is not None:
        window, overlap = head.window, head.overlap
    if window is None:
        feats = list(features)
        if feats:
            yield _temporal(head, torch.cat(feats))[:2]
        return
    check_window(window, overlap)
    half = overlap // 2
    buf = torch.zeros(0)
    start = emitted = 0   # buf holds features of frames [start, ...)
    for feats in features:
        buf = torch.cat([buf.to(feats), feats])
        # run a window only when more frames follow it (``>``), so a video
        # of at most ``window`` frames is processed in one pass
        while buf.shape[0] > window:
            reg, logits, _ = _temporal(head, buf[:window])
            stop = start + window - half
            yield _cut(reg, logits, emitted - start, stop - start)
            emitted = stop
            new_start = stop - half
            buf, start = buf[new_start - start:], new_start
    if buf.shape[0] and start + buf.shape[0] > emitted:
        reg, logits, _ = _temporal(head, buf)
        yield _cut(reg, logits, emitted - start, None)
