"""Test videos with a known answer: a clip stored sideways (or mirrored)
with a display matrix that turns it back, as a phone writes it, and tiny
clips whose audio is loud exactly while known frames are shown."""
from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

from ..io import iter_frames, probe_video


def write_phone_clip(src: str, dst: str, degrees: int, frames: int,
                     hflip: bool = False) -> str:
    """A phone-style copy of ``src``: the first ``frames`` frames stored
    turned by ``-degrees`` (and mirrored) with a display matrix that turns
    them back, so a player shows the original. Re-encoded (near-lossless)
    because the stored pixels must change; returns ``dst``."""
    k = round(degrees / 90)
    with av.open(dst, 'w') as out:
        stream = out.add_stream('libx264', rate=probe_video(src).fps)
        stream.pix_fmt = 'yuv420p'
        stream.options = {'crf': '12', 'preset': 'veryfast'}
        for i, rgb in enumerate(iter_frames(src, 'rgb24', frames,
                                            check_complete=False)):
            stored = rgb[:, ::-1] if hflip else rgb
            stored = np.ascontiguousarray(np.rot90(stored, -k))
            if i == 0:
                stream.height, stream.width = stored.shape[:2]
                stream.set_display_rotation(degrees, hflip=hflip)
            for packet in stream.encode(
                    av.VideoFrame.from_ndarray(stored, format='rgb24')):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return dst


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
