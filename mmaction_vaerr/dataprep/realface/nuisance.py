"""Nuisances of real video, drawn per video so that no cue is a shortcut.

* lighting: a brightness that drifts, a directional gradient whose angle
  turns slowly, and a gamma;
* blur: a Gaussian defocus (per video, with occasional bursts);
* sensor noise: Gaussian, per frame;
* H.264 compression at a constant rate factor drawn per video (libx264,
  encoded and decoded in memory);
* partial occlusion: a hand-coloured or object-coloured rounded bar (a hand,
  a microphone, a cup) sliding over the mouth or chin for 1-3 s.
"""
from __future__ import annotations

import io
from functools import lru_cache
from dataclasses import dataclass
from typing import Optional

import av
import cv2
import numpy as np

from ..synthetic.trajectories import smooth_process
from ...io.face_video import gray_to_yuv420p


@dataclass
class Nuisance:
    """Per-frame nuisance signals of one video (T frames)."""

    brightness: np.ndarray      # (T,) multiplicative
    gradient: np.ndarray        # (T,) strength of the light gradient
    angle: np.ndarray           # (T,) its direction (radians)
    gamma: float
    blur: np.ndarray            # (T,) Gaussian sigma, output pixels
    noise: float                # Gaussian sigma, grey levels
    crf: int                    # libx264 constant rate factor
    occluder: Optional[dict]    # see occluder_polygon


def sample_nuisance(rng: np.random.Generator, num_frames: int, fps: float,
                    occlusion_prob: float = 0.3) -> Nuisance:
    t = num_frames
    bright = rng.uniform(0.72, 1.15) * (1 + 0.08 * smooth_process(
        rng, t, fps, 6.0))
    grad = np.clip(rng.uniform(0.0, 0.35) + 0.08 * smooth_process(
        rng, t, fps, 6.0), 0.0, 0.5)
    angle = rng.uniform(0, 2 * np.pi) + 0.5 * smooth_process(rng, t, fps,
                                                             8.0)
    blur = np.full(t, rng.uniform(0.0, 1.1))
    if rng.random() < 0.3:                     # a defocus burst
        n = int(rng.integers(int(0.5 * fps), int(2 * fps) + 1))
        s = int(rng.integers(0, max(1, t - n)))
        blur[s:s + n] += rng.uniform(0.6, 1.5) * np.hanning(n)[:t - s]
    occ = None
    if rng.random() < occlusion_prob:
        n = int(min(t, rng.integers(int(1.0 * fps), int(3.0 * fps) + 1)))
        occ = dict(start=int(rng.integers(0, max(1, t - n + 1))), length=n,
                   kind=str(rng.choice(['hand', 'object'])),
                   side=float(rng.choice([-1.0, 1.0])),
                   height=float(rng.uniform(0.1, 0.8)),
                   reach=float(rng.uniform(0.3, 0.75)),
                   rgb=rng.uniform(30, 220, 3))
    return Nuisance(brightness=bright, gradient=grad, angle=angle,
                    gamma=float(rng.uniform(0.8, 1.25)), blur=blur,
                    noise=float(rng.uniform(0.0, 6.0)),
                    crf=int(rng.integers(18, 33)), occluder=occ)


def occluder_polygon(occ: dict, frame: int, centre: np.ndarray, d: float,
                     skin_rgb: np.ndarray) -> Optional[dict]:
    """The occluder of frame ``frame`` (or None outside its time window).

    A rounded bar slides in from one side at ``height`` eye distances
    below the nose tip (0.1: the upper lip, 0.8: the chin), reaches ``reach`` d past the face's
    midline at its deepest, and slides out. A hand takes the face's own
    skin colour; an object a random flat colour.
    """
    k = frame - occ['start']
    if not 0 <= k < occ['length']:
        return None
    phase = np.sin(np.pi * (k + 0.5) / occ['length'])     # in, stay, out
    depth = min(1.0, 1.6 * phase)
    side = occ['side']
    tip_x = centre[0] + side * (1.6 - (1.6 + occ['reach']) * depth) * d
    y = centre[1] + occ['height'] * d
    if occ['kind'] == 'hand':
        w, h = 0.9 * d, 0.45 * d
        rgb = np.clip(skin_rgb * 0.95, 0, 255)
    else:
        w, h = 1.2 * d, 0.3 * d
        rgb = occ['rgb']
    ang = np.linspace(-np.pi / 2, np.pi / 2, 12)
    tip = np.stack([tip_x - side * 0.8 * h * np.cos(ang),
                    y + h * np.sin(ang)], 1)
    far = tip_x + side * (w + 3 * d)
    poly = np.concatenate([tip, [[far, y + h], [far, y - h]]])
    return dict(poly=poly, rgb=rgb, alpha=1.0)


@lru_cache(maxsize=8)
def _unit_grid(h: int, w: int):
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    return xs / (w / 2) - 1, ys / (h / 2) - 1


def apply_lighting(img: np.ndarray, nz: Nuisance, frame: int) -> np.ndarray:
    """Brightness x directional gradient, then gamma, on an RGB canvas."""
    h, w = img.shape[:2]
    xs, ys = _unit_grid(h, w)
    a = nz.angle[frame]
    gain = nz.brightness[frame] * (1 + nz.gradient[frame] * (
        np.cos(a) * xs + np.sin(a) * ys))
    x = img.astype(np.float32) * (gain[..., None] / 255.0)
    x = np.clip(x, 0, 1) ** np.float32(nz.gamma)
    return (x * 255 + 0.5).astype(np.uint8)


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    if sigma < 0.15:
        return img
    return cv2.GaussianBlur(img, (0, 0), sigma)


def add_noise(frames: np.ndarray, sigma: float,
              rng: np.random.Generator) -> np.ndarray:
    if sigma <= 0:
        return frames
    noisy = frames.astype(np.float32) + rng.normal(0, sigma, frames.shape)
    return np.clip(noisy + 0.5, 0, 255).astype(np.uint8)


def h264_roundtrip(frames: np.ndarray, crf: int, fps: float) -> np.ndarray:
    """Encode (T, H, W[, 3]) uint8 frames with libx264 and decode them back.

    Grey frames go through yuv420p with neutral chroma; colour ones through
    yuv420p from RGB. Returns frames of the input shape.
    """
    gray = frames.ndim == 3
    t, h, w = frames.shape[:3]
    buf = io.BytesIO()
    with av.open(buf, 'w', format='mp4') as out:
        st = out.add_stream('libx264', rate=int(round(fps)), options={
            'crf': str(crf), 'preset': 'veryfast', 'g': '50',
            'x264-params': 'mbtree=0'})
        st.width, st.height, st.pix_fmt = w, h, 'yuv420p'
        st.codec_context.thread_count = 1
        for i in range(t):
            if gray:
                vf = av.VideoFrame.from_ndarray(gray_to_yuv420p(frames[i]),
                                                format='yuv420p')
            else:
                vf = av.VideoFrame.from_ndarray(
                    np.ascontiguousarray(frames[i]), format='rgb24')
            vf.pts = i
            out.mux(st.encode(vf))
        out.mux(st.encode())
    buf.seek(0)
    dec = []
    with av.open(buf) as inp:
        for f in inp.decode(video=0):
            if gray:   # limited-range luma back to 0..255
                y = f.to_ndarray()[:h].astype(np.float32)
                dec.append(np.clip((y - 16) * (255 / 219) + 0.5, 0,
                                   255).astype(np.uint8))
            else:
                dec.append(f.to_ndarray(format='rgb24'))
    if len(dec) != t:
        raise RuntimeError(f'H.264 round trip returned {len(dec)} of {t} '
                           'frames')
    return np.stack(dec)
