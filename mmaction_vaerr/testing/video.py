"""Test videos with a known answer: a clip stored sideways (or mirrored)
with a display matrix that turns it back, as a phone writes it."""
from __future__ import annotations

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
