"""Frame-synchronous log-mel and MFCC features (numpy / scipy).

One feature vector per **video frame**. Video frame ``i`` is displayed
over ``[i / fps, (i + 1) / fps)`` seconds after the first frame (the
interval decord's ``get_frame_timestamp`` reports); its instant is
``t_i = (i + frame_offset) / fps`` with ``frame_offset=0.5`` (the middle of
the interval) by default, ``0`` to anchor on the presentation timestamp
itself. The analysis window is centred on the audio sample nearest to
``(t_i - start_time) * sr``, where ``start_time`` (from
:class:`~mmaction_vaerr.io.AudioTrack`) places the audio on the video's
time axis.
Centres are computed per frame in floating point, so rates where
``sr / fps`` is not an integer (29.97 fps: 533.87 samples per frame at
16 kHz) never drift; there is no fixed integer hop. With the defaults,
audio in ``[i / fps, (i + 1) / fps)`` dominates frame ``i``'s target.

Window: periodic Hann of ``win_length`` samples, by default two frame
periods (80 ms at 25 fps). Hann windows at 50 % overlap sum to a constant,
so every audio sample weighs equally in the target sequence and nothing
between two frames is skipped. Frames whose centre falls outside the audio
are marked invalid (their window is zero-padded).

Mel filterbank: triangular filters equally spaced on the mel scale, either
``'htk'`` (``2595 log10(1 + f / 700)``; Young et al., The HTK Book) or
``'slaney'`` (linear below 1 kHz, logarithmic above; Slaney, Auditory
Toolbox, 1998), optionally area-normalised (``norm='slaney'``). Default:
HTK scale, unnormalised peaks, as in Kaldi-style speech front-ends.
MFCC: orthonormal DCT-II of the log-mel energies (Davis & Mermelstein,
IEEE TASSP 1980), first ``n_mfcc`` coefficients (c0 included).
"""
from __future__ import annotations

from typing import Optional, Tuple

import numpy as np
from scipy.fft import dct, rfft

MEL_SCALES = ('htk', 'slaney')
_CHUNK = 1024  # frames per FFT batch


def hz_to_mel(freq, scale: str = 'htk') -> np.ndarray:
    """Hertz to mel on the ``'htk'`` or ``'slaney'`` scale."""
    freq = np.asarray(freq, dtype=np.float64)
    if scale == 'htk':
        return 2595.0 * np.log10(1.0 + freq / 700.0)
    if scale == 'slaney':
        lin = freq / (200.0 / 3)
        log = 15.0 + np.log(np.maximum(freq, 1e-10) / 1000.0) / (
            np.log(6.4) / 27.0)
        return np.where(freq >= 1000.0, log, lin)
    raise ValueError(f'mel scale must be one of {MEL_SCALES}, got {scale!r}')


def mel_to_hz(mel, scale: str = 'htk') -> np.ndarray:
    """Mel to Hertz, inverse of :func:`hz_to_mel`."""
    mel = np.asarray(mel, dtype=np.float64)
    if scale == 'htk':
        return 700.0 * (10.0 ** (mel / 2595.0) - 1.0)
    if scale == 'slaney':
        lin = mel * (200.0 / 3)
        log = 1000.0 * np.exp((mel - 15.0) * np.log(6.4) / 27.0)
        return np.where(mel >= 15.0, log, lin)
    raise ValueError(f'mel scale must be one of {MEL_SCALES}, got {scale!r}')


def mel_filterbank(sample_rate: int, n_fft: int, n_mels: int,
                   f_min: float = 0.0, f_max: Optional[float] = None,
                   scale: str = 'htk', norm: Optional[str] = None
                   ) -> np.ndarray:
    """Triangular mel filters, ``(n_mels, n_fft // 2 + 1)`` float64.

    Args:
        sample_rate: audio rate in Hz.
        n_fft: FFT size.
        n_mels: number of filters.
        f_min: lowest edge in Hz.
        f_max: highest edge in Hz (default: Nyquist).
        scale: ``'htk'`` or ``'slaney'``.
        norm: None (unit peaks) or ``'slaney'`` (unit area: each filter is
            scaled by ``2 / (upper edge - lower edge)``).
    """
    f_max = sample_rate / 2.0 if f_max is None else float(f_max)
    if not 0.0 <= f_min < f_max <= sample_rate / 2.0:
        raise ValueError(f'need 0 <= f_min < f_max <= sample_rate / 2, got '
                         f'f_min={f_min}, f_max={f_max}, sr={sample_rate}')
    if norm not in (None, 'slaney'):
        raise ValueError(f"norm must be None or 'slaney', got {norm!r}")
    edges = mel_to_hz(np.linspace(hz_to_mel(f_min, scale),
                                  hz_to_mel(f_max, scale), n_mels + 2), scale)
    bins = np.fft.rfftfreq(n_fft, d=1.0 / sample_rate)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (bins[None] - lower) / (centre - lower)
    falling = (upper - bins[None]) / (upper - centre)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    if norm == 'slaney':
        weights *= 2.0 / (upper - lower)
    return weights


def frame_times(num_frames: int, fps: float,
                frame_offset: float = 0.5) -> np.ndarray:
    """Instant of each video frame in seconds, ``(i + frame_offset) / fps``."""
    if fps <= 0:
        raise ValueError(f'fps must be positive, got {fps}')
    return (np.arange(num_frames, dtype=np.float64) + frame_offset) / fps


def frame_centers(num_frames: int, fps: float, sample_rate: int,
                  start_time: float = 0.0,
                  frame_offset: float = 0.5) -> np.ndarray:
    """Audio sample position (float) under each video frame, ``(T,)``."""
    times = frame_times(num_frames, fps, frame_offset)
    return (times - float(start_time)) * float(sample_rate)


def default_win_length(sample_rate: int, fps: float) -> int:
    """Two video-frame periods in samples (50 % overlapping Hann windows)."""
    return 2 * int(round(sample_rate / float(fps)))


def power_spectrogram(samples: np.ndarray, centers: np.ndarray,
                      win_length: int, n_fft: Optional[int] = None
                      ) -> Tuple[np.ndarray, np.ndarray]:
    """Power spectrum of a Hann window centred on each of ``centers``.

    Args:
        samples: ``(S,)`` waveform.
        centers: ``(T,)`` float sample positions (see :func:`frame_centers`).
        win_length: window length in samples.
        n_fft: FFT size (default: next power of two >= ``win_length``).

    Returns:
        ``(T, n_fft // 2 + 1)`` power and ``(T,)`` bool validity (centre
        inside the audio).
    """
    if n_fft is None:
        n_fft = 1 << int(np.ceil(np.log2(win_length)))
    if n_fft < win_length:
        raise ValueError(f'n_fft ({n_fft}) < win_length ({win_length})')
    samples = np.asarray(samples, dtype=np.float64)
    nearest = np.floor(np.asarray(centers, dtype=np.float64) + 0.5
                       ).astype(np.int64)
    valid = (nearest >= 0) & (nearest < len(samples))
    # window k covers [nearest - win // 2, nearest - win // 2 + win)
    padded = np.pad(samples, (win_length, win_length))
    starts = np.clip(nearest - win_length // 2 + win_length, 0,
                     len(padded) - win_length)
    # imported here: scipy.signal costs ~0.9 s of every process's import
    # of the package on a slow CPU, and most processes never need it
    from scipy.signal import get_window
    window = get_window('hann', win_length, fftbins=True)[None]
    offsets = np.arange(win_length)[None]
    power = np.empty((len(starts), n_fft // 2 + 1))
    for lo in range(0, len(starts), _CHUNK):   # bounded memory on long videos
        frames = padded[starts[lo:lo + _CHUNK, None] + offsets] * window
        spec = rfft(frames, n=n_fft, axis=1)
        power[lo:lo + _CHUNK] = spec.real ** 2 + spec.imag ** 2
    return power, valid


def log_mel_frames(samples: np.ndarray, sample_rate: int, fps: float,
                   num_frames: int, start_time: float = 0.0,
                   n_mels: int = 80, win_length: Optional[int] = None,
                   n_fft: Optional[int] = None, f_min: float = 0.0,
                   f_max: Optional[float] = None, mel_scale: str = 'htk',
                   norm: Optional[str] = None, log_offset: float = 1e-6,
                   frame_offset: float = 0.5
                   ) -> Tuple[np.ndarray, np.ndarray]:
    """Log-mel energies, one row per video frame.

    Args:
        samples: ``(S,)`` mono waveform.
        sample_rate: its rate in Hz.
        fps: video frame rate.
        num_frames: video frames (rows of the result).
        start_time: time of ``samples[0]`` relative to the first frame.
        n_mels: mel filters.
        win_length: window in samples (default: two frame periods).
        n_fft: FFT size (default: next power of two >= ``win_length``).
        f_min: lowest filter edge in Hz.
        f_max: highest filter edge in Hz (default: Nyquist).
        mel_scale: ``'htk'`` or ``'slaney'``.
        norm: None or ``'slaney'`` (area-normalised filters).
        log_offset: added to the mel power before the natural log.
        frame_offset: frame instant inside its display interval, in frames.

    Returns:
        ``(num_frames, n_mels)`` float32 ``log(mel power + log_offset)`` and
        ``(num_frames,)`` bool validity.
    """
    win_length = win_length or default_win_length(sample_rate, fps)
    centers = frame_centers(num_frames, fps, sample_rate, start_time,
                            frame_offset)
    power, valid = power_spectrogram(samples, centers, win_length, n_fft)
    fbank = mel_filterbank(sample_rate, 2 * (power.shape[1] - 1), n_mels,
                           f_min, f_max, mel_scale, norm)
    mel = power @ fbank.T
    return np.log(mel + log_offset).astype(np.float32), valid


def mfcc_frames(samples: np.ndarray, sample_rate: int, fps: float,
                num_frames: int, start_time: float = 0.0, n_mfcc: int = 13,
                n_mels: int = 40, **kwargs) -> Tuple[np.ndarray, np.ndarray]:
    """MFCCs (orthonormal DCT-II of :func:`log_mel_frames`), one per frame.

    ``kwargs`` are passed to :func:`log_mel_frames`.

    Returns:
        ``(num_frames, n_mfcc)`` float32 and ``(num_frames,)`` bool validity.
    """
    if not 1 <= n_mfcc <= n_mels:
        raise ValueError(f'need 1 <= n_mfcc <= n_mels, got n_mfcc={n_mfcc}, '
                         f'n_mels={n_mels}')
    logmel, valid = log_mel_frames(samples, sample_rate, fps, num_frames,
                                   start_time, n_mels=n_mels, **kwargs)
    coeffs = dct(logmel.astype(np.float64), type=2, norm='ortho', axis=1)
    return coeffs[:, :n_mfcc].astype(np.float32), valid
