"""Files of the project: the dataset layout, video and audio I/O, and the
atomic write every writer uses.

A leaf package: it imports nothing else of ``mmaction_vaerr``, so that
``preprocessing``, ``datasets``, ``visualization`` and ``apis`` can all use
it. PyAV and decord are imported where a file is opened.
"""
from .atomic import (atomic_write, check_replace, commit_group, discard_group,
                     temp_name, write_json_atomic)
from .audio import AudioTrack, read_audio
from .dump import DumpError, load_dump
from .face_video import pick_video_codec, write_face_video
from .layout import VIDEO_EXTS, DatasetLayout, find_video, read_face_mask
from .mp4_writer import Mp4Writer
from .orientation import NO_ROTATION, Orientation
from .video import (VideoInfo, VideoNotFoundError, VideoReadError,
                    count_frames, iter_frames, probe_video)
from .video_writers import (ColorVideoWriter, FaceVideoWriter,
                            GrayVideoWriter)

__all__ = [
    'AudioTrack', 'ColorVideoWriter', 'DatasetLayout', 'DumpError',
    'FaceVideoWriter', 'GrayVideoWriter',
    'Mp4Writer',
    'NO_ROTATION', 'Orientation', 'VIDEO_EXTS', 'VideoInfo',
    'VideoNotFoundError', 'VideoReadError', 'atomic_write', 'check_replace',
    'commit_group', 'count_frames', 'discard_group',
    'find_video', 'iter_frames', 'load_dump', 'pick_video_codec',
    'probe_video',
    'read_audio', 'read_face_mask', 'temp_name', 'write_face_video',
    'write_json_atomic'
]
