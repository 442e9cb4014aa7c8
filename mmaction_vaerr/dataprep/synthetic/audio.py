"""Voice-like audio synchronised with a synthetic face video.

A harmonic source (glottal pulse train approximated by ``K`` harmonics) whose

* loudness follows the per-frame mouth opening,
* pitch follows arousal (``f0 = voice_f0 * 2 ** (0.5 * arousal)``, half an
  octave either way, with a slow random vibrato),
* spectral tilt follows mouth opening (an open mouth sounds brighter),

plus breath noise proportional to loudness and a constant noise floor.
Per-frame controls are linearly interpolated between frame centres, so audio
sample ``n`` belongs to video frame ``floor(n * fps / sample_rate)``.
The audio is read back with :func:`mmaction_vaerr.io.read_audio`.
"""
from __future__ import annotations

import numpy as np


def num_audio_samples(num_frames: int, fps: float, sample_rate: int) -> int:
    """Number of audio samples covering ``num_frames`` video frames."""
    return int(round(num_frames * sample_rate / float(fps)))


def synthesize_audio(rng: np.random.Generator, mouth_open: np.ndarray,
                     arousal: np.ndarray, fps: float,
                     sample_rate: int = 16000, voice_f0: float = 140.0,
                     noise_floor: float = 0.004) -> np.ndarray:
    """Mono float32 waveform in [-1, 1] for one video.

    Args:
        rng: random generator (vibrato, noise).
        mouth_open: (T,) mouth opening in [0, 1] per video frame.
        arousal: (T,) arousal in [-1, 1] per video frame.
        fps: video frame rate.
        sample_rate: audio sample rate in Hz.
        voice_f0: the subject's pitch at arousal 0, in Hz.
        noise_floor: standard deviation of the background noise.

    Returns:
        (num_audio_samples(T, fps, sample_rate),) float32 array.
    """
    mouth_open = np.asarray(mouth_open, dtype=np.float64)
    arousal = np.asarray(arousal, dtype=np.float64)
    if mouth_open.shape != arousal.shape or mouth_open.ndim != 1:
        raise ValueError(f'mouth_open {mouth_open.shape} and arousal '
                         f'{arousal.shape} must be equal-length 1-D arrays')
    n = num_audio_samples(len(arousal), fps, sample_rate)
    t = np.arange(n) / float(sample_rate)
    centres = (np.arange(len(arousal)) + 0.5) / float(fps)
    opening = np.interp(t, centres, mouth_open)
    ar = np.interp(t, centres, arousal)
    vib_rate = rng.uniform(4.0, 6.0)
    vibrato = 0.01 * np.sin(2 * np.pi * vib_rate * t + rng.uniform(0, 6.3))
    f0 = voice_f0 * 2.0 ** (0.5 * ar) * (1.0 + vibrato)
    phase = 2 * np.pi * np.cumsum(f0) / sample_rate
    num_harmonics = int(min(16, 0.45 * sample_rate / f0.max()))
    dull = np.zeros(n)
    bright = np.zeros(n)
    for k in range(1, num_harmonics + 1):
        s = np.sin(k * phase)
        dull += s / k ** 2
        bright += s / k
    voice = (1.0 - opening) * dull / 1.64 + opening * bright / 2.5
    loudness = 0.05 + 0.9 * opening
    breath = rng.normal(0.0, 0.03, n) * loudness
    floor = rng.normal(0.0, noise_floor, n)
    wave = 0.6 * loudness * voice + breath + floor
    return np.clip(wave, -1.0, 1.0).astype(np.float32)
