"""Copy a source video's audio into the face-crop video, aligned.

LiRA (Ma et al., Interspeech 2021, https://arxiv.org/abs/2106.09171)
regresses acoustic features of each clip's own audio, so the crop video of
:func:`~mmaction_vaerr.preprocessing.preprocess_video` keeps the source's
sound. Time axis: as
in :mod:`mmaction_vaerr.io.audio`, 0 is the first video
frame (the video stream's start time). The copied track covers exactly the
written frames, ``[0, frames / fps)``: audio before the first frame and past
the last written frame (``max_frames``) is cut; when the source audio starts
after the first frame, the gap is filled with silence so the copy starts at
0 (AAC in mp4 with a non-zero start is not read back at its place by FFmpeg).
The audio keeps its sample rate and is re-encoded as AAC (FFmpeg's native
encoder, 128 kb/s; more than two channels are down-mixed to stereo).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Optional

import numpy as np

AAC_BIT_RATE = 128000


class AudioCopier:
    """Adds an AAC stream to ``container`` and later fills it from ``source``.

    Args:
        source: the file whose first audio stream is copied.
        container: an output container opened for writing, before any
            packet was muxed.

    Attributes:
        has_audio: whether ``source`` has an audio stream (else nothing is
            added and :meth:`write` does nothing).
        seconds: duration of the copied audio after :meth:`write`.
    """

    def __init__(self, source: str, container) -> None:
        import av
        self.source = source
        self.seconds = 0.0
        with av.open(source) as src:
            self.has_audio = bool(src.streams.audio)
            if not self.has_audio:
                return
            stream = src.streams.audio[0]
            self.rate = int(stream.codec_context.sample_rate)
            channels = stream.codec_context.layout.nb_channels
        self.layout = 'mono' if channels == 1 else 'stereo'
        self._stream = container.add_stream('aac', rate=self.rate)
        self._stream.layout = self.layout
        self._stream.bit_rate = AAC_BIT_RATE
        self._container = container

    def _decode(self):
        """``(channels, S)`` float32 samples and the time of sample 0."""
        import av
        resampler = av.AudioResampler(format='fltp', layout=self.layout,
                                      rate=self.rate)
        chunks, start = [], None
        with av.open(self.source) as src:
            stream = src.streams.audio[0]
            video = src.streams.video[0] if src.streams.video else None
            video_start = (float(video.start_time * video.time_base)
                           if video is not None and
                           video.start_time is not None else 0.0)
            try:
                for frame in src.decode(stream):
                    if start is None and frame.pts is not None:
                        start = float(frame.pts * frame.time_base)
                    for out in resampler.resample(frame):
                        chunks.append(out.to_ndarray())
                for out in resampler.resample(None):
                    chunks.append(out.to_ndarray())
            except av.error.FFmpegError as err:
                raise ValueError(f'{self.source}: cannot decode the audio '
                                 f'stream ({err}); it cannot be copied into '
                                 'the face video') from err
            if start is None:
                start = (float(stream.start_time * stream.time_base)
                         if stream.start_time is not None else 0.0)
        samples = (np.concatenate(chunks, axis=1) if chunks else
                   np.zeros((2 if self.layout == 'stereo' else 1, 0),
                            np.float32))
        return samples.astype(np.float32, copy=False), start - video_start

    def write(self, duration: float,
              samples: Optional[np.ndarray] = None) -> None:
        """Encode the source audio of ``[0, duration)`` seconds and flush.

        Args:
            duration: seconds of video written (frames / fps).
            samples: for tests, ``(channels, S)`` samples starting at 0
                instead of the decoded source.
        """
        import av
        if not self.has_audio:
            return
        if samples is None:
            samples, start = self._decode()
        else:
            start = 0.0
        first = int(round(start * self.rate))  # index of sample 0 on 0..
        end = int(round(duration * self.rate))
        if first < 0:
            samples = samples[:, -first:]
        elif first > 0:  # the audio starts after the picture: silence
            lead = np.zeros((samples.shape[0], min(first, end)), np.float32)
            samples = np.concatenate([lead, samples], axis=1)
        samples = np.ascontiguousarray(samples[:, :end])
        self.seconds = samples.shape[1] / self.rate
        if samples.shape[1]:
            frame = av.AudioFrame.from_ndarray(samples, format='fltp',
                                               layout=self.layout)
            frame.sample_rate = self.rate
            frame.pts = 0
            frame.time_base = Fraction(1, self.rate)
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
        for packet in self._stream.encode(None):
            self._container.mux(packet)
