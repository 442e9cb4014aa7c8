"""Tiny video files with a known audio envelope, written with PyAV."""
from fractions import Fraction

import av
import numpy as np
import pytest


def write_av_clip(path, fps, num_frames, loud=(10, 20), sr=16000,
                  audio_frames=None, with_audio=True, size=16):
    """Gray frames + a 440 Hz tone, loud only while frames ``loud[0] ..
    loud[1] - 1`` are displayed (samples ``[i * sr / fps, ...)``).

    ``audio_frames`` sets the audio length in video frames (default: the
    whole video). Returns the audio length in samples.
    """
    rate = Fraction(fps).limit_denominator(1001)
    n = int(round((audio_frames or num_frames) * sr / float(rate)))
    t = np.arange(n) / sr
    wave = 0.005 * np.sin(2 * np.pi * 440 * t)
    lo, hi = (int(round(k * sr / float(rate))) for k in loud)
    wave[lo:hi] *= 60
    wave = wave.astype(np.float32)
    with av.open(str(path), 'w', format='mp4') as c:
        vs = c.add_stream('mpeg4', rate=rate)
        vs.width = vs.height = size
        vs.pix_fmt = 'yuv420p'
        astream = c.add_stream('aac', rate=sr, layout='mono') \
            if with_audio else None
        for i in range(num_frames):
            img = np.full((size, size, 3), (7 * i) % 256, np.uint8)
            c.mux(vs.encode(av.VideoFrame.from_ndarray(img, format='rgb24')))
        c.mux(vs.encode())
        if astream is not None:
            for k in range(0, n, 1024):
                f = av.AudioFrame.from_ndarray(wave[None, k:k + 1024],
                                               format='flt', layout='mono')
                f.sample_rate, f.pts = sr, k
                c.mux(astream.encode(f))
            c.mux(astream.encode())
    return n


@pytest.fixture
def av_clip(tmp_path):
    """Factory: ``av_clip(name, fps, num_frames, **kw)`` -> file path."""
    def make(name='clip.mp4', fps=25.0, num_frames=40, **kwargs):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_av_clip(path, fps, num_frames, **kwargs)
        return str(path)
    return make
