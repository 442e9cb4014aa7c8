"""Frame rate and frame count of a video file (decord, PyAV as fallback)."""
from __future__ import annotations

import os
from typing import Optional, Sequence, Tuple

VIDEO_EXTS = ('.mp4', '.avi', '.mov', '.mkv', '.webm', '.flv')


def find_video(video_dir: str, video_id: str,
               exts: Sequence[str] = VIDEO_EXTS) -> Optional[str]:
    """``<video_dir>/<video_id><ext>`` for the first existing extension."""
    for ext in exts:
        path = os.path.join(video_dir, video_id + ext)
        if os.path.isfile(path):
            return path
    return None


def _probe_pyav(path: str) -> Tuple[float, int]:
    import av
    with av.open(path) as container:
        stream = container.streams.video[0]
        rate = stream.average_rate or stream.guessed_rate
        if not rate:
            raise ValueError(f'{path}: the video stream has no frame rate')
        count = sum(1 for _ in container.decode(stream))
    return float(rate), count


def probe_video(path: str) -> Tuple[float, int]:
    """Return ``(fps, num_frames)`` of a video, counting decodable frames.

    decord is tried first (fast, index-based); PyAV decodes the stream to
    count frames when decord cannot open the file.
    """
    if not os.path.isfile(path):
        raise FileNotFoundError(f'video not found: {path}')
    try:
        import decord
        reader = decord.VideoReader(path, num_threads=1)
        fps, count = float(reader.get_avg_fps()), len(reader)
        del reader
        if fps > 0 and count > 0:
            return fps, count
    except Exception:  # noqa: BLE001 - any decord failure -> try PyAV
        pass
    fps, count = _probe_pyav(path)
    if fps <= 0 or count <= 0:
        raise ValueError(f'{path}: cannot read frame rate / frames '
                         f'(fps={fps}, frames={count})')
    return fps, count
