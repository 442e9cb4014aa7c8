"""Acoustic targets for LiRA written ahead of training (``precomputed``).

LiRA (Ma et al., Interspeech 2021, https://arxiv.org/abs/2106.09171) trains
a visual encoder to predict acoustic features of the same clip. This writes
one ``(T_feat, D)`` float32 ``.npy`` per video in the layout that
``LoadAudioTargets(kind='precomputed')`` reads
(:mod:`mmaction_vaerr.datasets.audio.precomputed`):
``<out_root>/<video_id>.npy``, feature ``j`` centred at ``j / rate`` seconds
after the first video frame. The audio is decoded by
:func:`~mmaction_vaerr.io.read_audio` (mono, ``sample_rate``)
and analysed by :func:`~mmaction_vaerr.datasets.audio.log_mel_frames` /
:func:`~mmaction_vaerr.datasets.audio.mfcc_frames` with a ``rate`` Hz frame
grid (default 100 Hz, 25 ms Hann windows: the usual speech front-end). The
file spans the video (``round(frames / fps * rate)`` rows), so the loader's
duration check ties it to the right video.
"""
from __future__ import annotations

from typing import Optional, Tuple

import numpy as np

from ...io.audio import read_audio
from .features import log_mel_frames, mfcc_frames

KINDS = ('logmel', 'mfcc')


def extract_audio_targets(path: str, num_frames: int, fps: float,
                          kind: str = 'logmel', rate: float = 100.0,
                          sample_rate: int = 16000, n_mels: int = 80,
                          n_mfcc: int = 13, win_s: float = 0.025
                          ) -> Tuple[np.ndarray, np.ndarray]:
    """Features of the audio of ``path`` on a ``rate`` Hz grid.

    Args:
        path: a video with an audio track (raw, or a crop video written by
            :func:`~mmaction_vaerr.preprocessing.preprocess_video`, which
            keeps the audio).
        num_frames: video frames the targets must span.
        fps: video frame rate.
        kind: ``'logmel'`` or ``'mfcc'``.
        rate: feature frames per second (``feature_rate`` of the loader).
        sample_rate: audio decoding rate in Hz.
        n_mels: mel filters (the log-mel dimension; the MFCC filterbank).
        n_mfcc: MFCC coefficients.
        win_s: analysis window in seconds.

    Returns:
        ``(T_feat, D)`` float32 features and ``(T_feat,)`` bool, True where
        the window centre lies inside the audio.

    Raises:
        FileNotFoundError, ValueError: no such file, no audio stream or
            undecodable audio (messages name the file); bad arguments.
    """
    if kind not in KINDS:
        raise ValueError(f'kind must be one of {KINDS}, got {kind!r}')
    if num_frames < 1 or fps <= 0 or rate <= 0:
        raise ValueError(f'{path}: need num_frames >= 1, fps > 0 and '
                         f'rate > 0, got {num_frames}, {fps}, {rate}')
    track = read_audio(path, sample_rate)
    n_feat = max(1, int(round(num_frames / float(fps) * rate)))
    win = max(16, int(round(win_s * sample_rate)))
    args = (track.samples, track.sample_rate, rate, n_feat,
            track.start_time)
    common = dict(win_length=win, frame_offset=0.0)
    if kind == 'logmel':
        feats, valid = log_mel_frames(*args, n_mels=n_mels, **common)
    else:
        feats, valid = mfcc_frames(*args, n_mfcc=n_mfcc, n_mels=n_mels,
                                   **common)
    return feats.astype(np.float32), valid


def feature_dim(kind: str, n_mels: int = 80,
                n_mfcc: Optional[int] = 13) -> int:
    """The ``D`` that :func:`extract_audio_targets` writes."""
    return n_mels if kind == 'logmel' else int(n_mfcc)
