"""Shared fixtures for the face preprocessing tests (real clips, dlib)."""
import os.path as osp

import pytest

from mmaction_vaerr.preprocessing.backends import (BackendUnavailable,
                                                   DlibBackend)


@pytest.fixture(scope='session')
def dlib_backend():
    """The offline backend; these tests need the ``face`` extra."""
    try:
        return DlibBackend()
    except BackendUnavailable as e:
        pytest.skip(str(e))


@pytest.fixture(scope='session')
def clip(real_clips):
    """``clip(name)`` -> path of a real clip (fails if it is missing)."""

    def get(name: str) -> str:
        path = osp.join(real_clips, name)
        if not osp.isfile(path):
            pytest.fail(f'real clip {path} is missing')
        return path

    return get


def write_phone_clip(src: str, dst: str, degrees: int, frames: int,
                     hflip: bool = False) -> str:
    """A phone-style copy of ``src``: the first ``frames`` frames stored
    turned by ``-degrees`` (and mirrored) with a display matrix that turns
    them back, so a player shows the original. Re-encoded (near-lossless)
    because the stored pixels must change; returns ``dst``."""
    import av
    import numpy as np

    from mmaction_vaerr.io import iter_frames, probe_video
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


@pytest.fixture
def phone_clip():
    """``phone_clip(src, dst, degrees, frames, hflip=False)`` -> path."""
    return write_phone_clip
