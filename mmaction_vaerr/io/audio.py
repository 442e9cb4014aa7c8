"""Decode the audio track of a video file with PyAV (FFmpeg).

The audio is down-mixed to mono, converted to float32 in [-1, 1] and
resampled to a target rate with ``av.AudioResampler`` (libswresample); codec
padding past the stream's declared duration (AAC fills its last 1024-sample
frame) is cut off.
Alignment with the video is explicit: :class:`AudioTrack` records where its
first sample lies on the video's time axis, so frame ``i`` (shown at
``i / fps`` seconds after the first video frame) meets audio sample
``(i / fps - start_time) * sample_rate``.
"""
from __future__ import annotations

from typing import NamedTuple, Optional

import av
import numpy as np


class AudioTrack(NamedTuple):
    """Mono audio of one video file.

    Attributes:
        samples: ``(S,)`` float32 waveform in [-1, 1].
        sample_rate: samples per second.
        start_time: time of ``samples[0]`` in seconds, relative to the first
            video frame (0 when the file has no video stream). Containers
            such as mp4 with AAC use edit lists so this is usually 0; a
            positive value means the audio starts after the picture.
    """

    samples: np.ndarray
    sample_rate: int
    start_time: float


def _stream_start(stream) -> Optional[float]:
    if stream.start_time is None or stream.time_base is None:
        return None
    return float(stream.start_time * stream.time_base)


def read_audio(path: str, sample_rate: int = 16000) -> AudioTrack:
    """Decode the first audio stream of ``path`` to mono float32.

    Args:
        path: a video (or audio) file that FFmpeg can read.
        sample_rate: output rate in Hz (16 kHz, the speech convention).

    Returns:
        The :class:`AudioTrack`.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: the file has no audio stream, its audio cannot be
            decoded, or it decodes to zero samples. Messages name the file.

    Example:
        >>> track = read_audio('videos/s00/v00.mp4', 16000)  # doctest: +SKIP
        >>> track.samples.shape, track.sample_rate
        ((64000,), 16000)
    """
    if sample_rate <= 0:
        raise ValueError(f'sample_rate must be positive, got {sample_rate}')
    try:
        container = av.open(str(path))
    except FileNotFoundError as err:
        raise FileNotFoundError(f'{path}: file not found') from err
    except av.error.FFmpegError as err:
        raise ValueError(f'{path}: cannot open the file ({err})') from err
    with container:
        if not container.streams.audio:
            raise ValueError(
                f'{path}: no audio stream (streams: '
                f'{[s.type for s in container.streams]}); LiRA targets need '
                'the clip\'s own audio track')
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format='flt', layout='mono',
                                      rate=sample_rate)
        chunks = []
        first_time = None
        try:
            for frame in container.decode(stream):
                if first_time is None and frame.pts is not None:
                    first_time = float(frame.pts * frame.time_base)
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as err:
            raise ValueError(f'{path}: cannot decode the audio stream '
                             f'({err})') from err
        video_start = (_stream_start(container.streams.video[0])
                       if container.streams.video else None)
        if first_time is None:
            first_time = _stream_start(stream) or 0.0
        declared = None
        if stream.duration is not None and stream.time_base is not None:
            declared = int(round(float(stream.duration * stream.time_base) *
                                 sample_rate))
    samples = (np.concatenate(chunks).astype(np.float32, copy=False)
               if chunks else np.zeros(0, np.float32))
    if declared:
        # AAC pads its last frame; keep only the duration the container
        # declares (never pad)
        samples = samples[:declared]
    if samples.size == 0:
        raise ValueError(f'{path}: the audio stream decodes to no samples')
    start = first_time - (video_start or 0.0)
    return AudioTrack(samples, int(sample_rate), float(start))
