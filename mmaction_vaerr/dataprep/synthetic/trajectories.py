"""Time signals that drive a synthetic face video, one value per frame.

* :func:`va_trajectory` -- smooth random arousal/valence in [-1, 1], the
  labels of the video. Each dimension is ``tanh(gain * g(t) + offset)`` where
  ``g`` is a sum of random low-frequency sinusoids (a smooth, stationary,
  unit-variance process whose fastest component has period ``time_scale``)
  and ``offset`` is a per-video mood. The valence process is made
  orthogonal to the arousal process within every video, so the two labels
  are uncorrelated and a model cannot read one off the other.
* :func:`blink_signal` -- eyelid closure; blinks start as a Poisson process
  whose rate grows with arousal.
* :func:`head_motion` -- bounded head translation and roll; the phase of the
  motion advances faster at high arousal, so head speed follows arousal.
* :func:`talk_signal` -- speech-like mouth movement (syllables at 3-5 Hz
  inside random speaking turns); drives the mouth and the audio loudness.
"""
from __future__ import annotations

from typing import Tuple

import numpy as np

# Eyelid closure over the frames of one blink (about 0.2 s at 25 fps).
BLINK_PROFILE = np.array([0.45, 0.9, 1.0, 0.7, 0.35, 0.1])


def _unit01(arousal: np.ndarray) -> np.ndarray:
    """Map arousal from [-1, 1] to [0, 1]."""
    return (np.asarray(arousal, dtype=np.float64) + 1.0) / 2.0


def smooth_process(rng: np.random.Generator, num_frames: int, fps: float,
                   time_scale: float, num_components: int = 8) -> np.ndarray:
    """Zero-mean, unit-variance smooth random signal.

    A sum of ``num_components`` sinusoids with random phases, frequencies
    drawn uniformly from ``[0.1, 1] / time_scale`` Hz and amplitudes falling
    as ``1 / f``; the squared amplitudes sum to 2 so the process has unit
    variance.

    Args:
        rng: random generator.
        num_frames: length T.
        fps: frames per second.
        time_scale: period in seconds of the fastest component.
        num_components: number of sinusoids.

    Returns:
        (T,) float64 array.
    """
    if time_scale <= 0:
        raise ValueError(f'time_scale must be positive, got {time_scale}')
    t = np.arange(num_frames) / float(fps)
    freqs = rng.uniform(0.1, 1.0, num_components) / time_scale
    phases = rng.uniform(0.0, 2 * np.pi, num_components)
    # Slower components carry more power (amplitude ~ 1 / f).
    weights = rng.uniform(0.5, 1.0, num_components) * (0.1 / time_scale) \
        / freqs
    weights *= np.sqrt(2.0 / np.sum(weights ** 2))
    return np.sum(weights[:, None] *
                  np.sin(2 * np.pi * freqs[:, None] * t[None] +
                         phases[:, None]), axis=0)


def va_trajectory(rng: np.random.Generator, num_frames: int, fps: float,
                  time_scale: float = 4.0, gain: float = 0.85,
                  offset_range: float = 0.6) -> np.ndarray:
    """Smooth random (arousal, valence) labels of one video.

    Args:
        rng: random generator.
        num_frames: length T.
        fps: frames per second.
        time_scale: seconds; larger values give slower emotions.
        gain: spread before the ``tanh`` squashing (0.85 covers most of
            [-1, 1] without piling up at the ends).
        offset_range: per-video mood offsets are uniform in
            ``[-offset_range, offset_range]``.

    Returns:
        (T, 2) float32 array in (-1, 1), columns (arousal, valence).
    """
    g_a = smooth_process(rng, num_frames, fps, time_scale)
    g_v = smooth_process(rng, num_frames, fps, time_scale)
    # Remove from valence the part explained by arousal (within the video),
    # then restore its expected spread.
    a0 = g_a - g_a.mean()
    if num_frames > 1 and np.dot(a0, a0) > 1e-12:
        std_before = g_v.std()
        g_v = g_v - np.dot(g_v - g_v.mean(), a0) / np.dot(a0, a0) * a0
        if g_v.std() > 1e-12:
            g_v = g_v * (std_before / g_v.std())
    offsets = rng.uniform(-offset_range, offset_range, 2)
    va = np.tanh(gain * np.stack([g_a, g_v], axis=1) + offsets[None])
    return va.astype(np.float32)


def blink_signal(rng: np.random.Generator, arousal: np.ndarray, fps: float,
                 base_rate: float = 0.15, arousal_rate: float = 0.6
                 ) -> np.ndarray:
    """Eyelid closure per frame (0 open, 1 closed).

    Blinks start with probability ``rate / fps`` per frame, where
    ``rate = base_rate + arousal_rate * (arousal + 1) / 2`` blinks per second,
    and never overlap.

    Returns:
        (T,) float32 array in [0, 1].
    """
    num_frames = len(arousal)
    rate = base_rate + arousal_rate * _unit01(arousal)
    starts = rng.random(num_frames) < rate / float(fps)
    closure = np.zeros(num_frames, dtype=np.float32)
    profile = BLINK_PROFILE
    i = 0
    while i < num_frames:
        if starts[i]:
            seg = profile[:num_frames - i]
            closure[i:i + len(seg)] = seg
            i += len(profile) + 2   # refractory gap before the next blink
        else:
            i += 1
    return closure


def head_motion(rng: np.random.Generator, arousal: np.ndarray, fps: float,
                amplitude: float = 2.5, max_tilt: float = 4.0,
                base_speed: float = 0.6) -> Tuple[np.ndarray, np.ndarray]:
    """Head translation (pixels at 96x96) and roll (degrees) per frame.

    Each coordinate is a sum of two sinusoids of an accumulated phase whose
    rate is ``base_speed * (0.25 + 1.75 * (arousal + 1) / 2)`` cycles per
    second (times a random factor per coordinate), so the head moves about
    eight times faster at arousal +1 than at -1 while staying bounded.

    Returns:
        offsets (T, 2) float32 (dx, dy) and tilt (T,) float32.
    """
    speed = base_speed * (0.25 + 1.75 * _unit01(arousal))
    factors = rng.uniform(0.7, 1.4, (3, 2)) * np.array([1.0, 2.3])
    phases0 = rng.uniform(0, 2 * np.pi, (3, 2))
    phase = 2 * np.pi * np.cumsum(speed) / float(fps)
    coords = np.sin(phase[:, None, None] * factors[None] + phases0[None])
    coords = 0.75 * coords[..., 0] + 0.25 * coords[..., 1]   # (T, 3)
    offsets = amplitude * coords[:, :2]
    tilt = max_tilt * coords[:, 2]
    return offsets.astype(np.float32), tilt.astype(np.float32)


def talk_signal(rng: np.random.Generator, arousal: np.ndarray, fps: float,
                speaking_fraction: float = 0.6) -> np.ndarray:
    """Speech-like extra mouth opening per frame, in [0, 1].

    Speaking turns and pauses alternate with random lengths (1-4 s and
    0.5-3 s); while speaking, syllables open and close the mouth at
    3-5 Hz (faster and wider at high arousal).

    Returns:
        (T,) float32 array.
    """
    num_frames = len(arousal)
    a01 = _unit01(arousal)
    speaking = np.zeros(num_frames, dtype=np.float64)
    i = 0
    on = rng.random() < speaking_fraction
    while i < num_frames:
        length = rng.uniform(1.0, 4.0) if on else rng.uniform(0.5, 3.0)
        n = max(1, int(round(length * fps)))
        speaking[i:i + n] = float(on)
        i += n
        on = not on
    # Soften turn edges over ~0.12 s.
    k = max(1, int(round(0.12 * fps)))
    speaking = np.convolve(speaking, np.ones(k) / k, mode='same')
    syllable_rate = 3.0 + 2.0 * a01 + rng.uniform(-0.3, 0.3)
    phase = 2 * np.pi * np.cumsum(syllable_rate) / float(fps)
    phase += rng.uniform(0, 2 * np.pi)
    syllables = 0.5 * (1.0 - np.cos(phase))
    talk = speaking * syllables * (0.45 + 0.55 * a01)
    return np.clip(talk, 0.0, 1.0).astype(np.float32)
