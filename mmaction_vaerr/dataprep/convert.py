"""Convert a dataset's released annotations into the canonical layout.

Each ``convert_*`` function (here: SEWA and RECOLA; the frame-folder
datasets Aff-Wild2 and AFEW-VA in :mod:`.convert_frames`) reads the
dataset's own files, aligns the labels to the frames of the matching
video (:mod:`.resample` for time-stamped labels, :class:`.FrameCountPolicy`
for frame-count mismatches) and writes
``<out_root>/labels/<video_id>.csv`` (see
:mod:`mmaction_vaerr.datasets.va_annotation`), plus, where the dataset has
them, ``frames/``, ``landmarks/`` and ``subjects.csv``.

The frame rate and frame count come from the matching video
``<video_dir>/<video_id>.<ext>`` when ``video_dir`` is given, else from
``fps`` (the labels' own span then sets the frame count).

Every input is read and aligned before anything is written, so a bad file
stops the run with nothing written; existing outputs are replaced only with
``overwrite=True`` (see :mod:`.outputs`).
"""
from __future__ import annotations

import logging
import os
from typing import Dict, List, Optional, Sequence, Tuple

from ..datasets.annotations.recola import combine_recola, read_recola_arff
from ..datasets.annotations.sewa import read_sewa_csv
from ..datasets.annotations.track import LabelTrack
from ..datasets.va_annotation import (VAAnnotation, apply_face_mask,
                                      write_va_csv)
from ..io import DatasetLayout, find_video, probe_video, read_face_mask
from .alignment_policy import FrameCountPolicy
from .convert_outputs import check_outputs

logger = logging.getLogger(__name__)



def resolve_video(video_id: str, label_file: str, fps: Optional[float],
                  video_dir: Optional[str],
                  candidates: Sequence[str] = ()
                  ) -> Tuple[float, Optional[int], Optional[str]]:
    """Frame rate, frame count (None if unknown) and path of a video.

    Args:
        video_id: looked up as ``<video_dir>/<video_id>.<ext>``.
        label_file: named in error messages.
        fps: the user's frame rate; must agree with the video when both exist.
        video_dir: folder of the videos, or None.
        candidates: further names to try (e.g. Aff-Wild2 ``_left`` files).
    """
    if video_dir is not None:
        for name in (video_id, *candidates):
            path = find_video(video_dir, name)
            if path is None:
                continue
            info = probe_video(path, count='decoded')
            v_fps, count = float(info.fps), info.num_frames
            if fps is not None and abs(v_fps - fps) > 1e-3 * fps:
                raise ValueError(f'{label_file}: --fps {fps} disagrees with '
                                 f'{path} ({v_fps:.3f} fps)')
            return v_fps, count, path
        if fps is None:
            raise ValueError(f'{label_file}: no video named {video_id} in '
                             f'{video_dir} and no fps given')
        logger.warning('%s: no video for %s in %s; using %.3f fps and the '
                       'labels\' own length', label_file, video_id, video_dir,
                       fps)
    elif fps is None:
        raise ValueError(f'{label_file}: give fps or a video folder')
    return float(fps), None, None


def _face_masked(out_root: str, video_id: str,
                 ann: VAAnnotation) -> VAAnnotation:
    """Frames where face preprocessing found no face
    (``<out_root>/face_masks/<id>.npy``, if present) become invalid."""
    path = DatasetLayout(out_root).face_mask(video_id)
    if os.path.isfile(path):
        ann = apply_face_mask(ann, read_face_mask(path))
        logger.info('%s: %d of %d frames valid after the face mask',
                    video_id, int(ann.valid.sum()), len(ann))
    return ann


def _write(out_root: str, video_id: str, ann: VAAnnotation) -> None:
    write_va_csv(DatasetLayout(out_root).label(video_id), ann)


def _check_new(video_id: str, seen: Dict[str, str], source: str) -> None:
    if video_id in seen:
        raise ValueError(f'video id {video_id!r} of {source} was already '
                         f'produced from {seen[video_id]}')
    seen[video_id] = source


def _stem_ids(paths: Sequence[str]) -> List[str]:
    """File stems as video ids, checked for duplicates before any write."""
    seen: Dict[str, str] = {}
    for path in paths:
        _check_new(os.path.splitext(os.path.basename(path))[0], seen, path)
    return list(seen)


def _convert_tracks(tracks: Sequence[LabelTrack], out_root: str,
                    fps: Optional[float], video_dir: Optional[str],
                    policy: FrameCountPolicy, overwrite: bool) -> List[str]:
    seen: Dict[str, str] = {}
    for track in tracks:
        _check_new(track.name, seen, track.source)
    anns = []
    for track in tracks:
        v_fps, count, video = resolve_video(track.name, track.source, fps,
                                            video_dir)
        ann = track.to_frames(v_fps)
        if count is not None:
            ann = policy.align(ann, count, track.source, video)
        anns.append(_face_masked(out_root, track.name, ann))
    check_outputs(out_root, list(seen), overwrite)
    for track, ann in zip(tracks, anns):
        _write(out_root, track.name, ann)
    return list(seen)


def convert_sewa(paths: Sequence[str], out_root: str,
                 fps: Optional[float] = None, video_dir: Optional[str] = None,
                 policy: FrameCountPolicy = FrameCountPolicy(),
                 overwrite: bool = False) -> List[str]:
    """SEWA (AVEC 2019 CES) ``.csv`` files -> canonical labels.

    The video id is the instance name in the file (``Devel_DE_01``).
    """
    return _convert_tracks([read_sewa_csv(p) for p in paths], out_root, fps,
                           video_dir, policy, overwrite)


def convert_recola(arousal_paths: Sequence[str],
                   valence_paths: Sequence[str], out_root: str,
                   fps: Optional[float] = None,
                   video_dir: Optional[str] = None,
                   policy: FrameCountPolicy = FrameCountPolicy(),
                   value_attribute: Optional[str] = None,
                   overwrite: bool = False) -> List[str]:
    """RECOLA (AVEC 2016/2018) ARFF files -> canonical labels.

    Arousal and valence series are paired by instance name (``dev_1``), not
    by file name, so per-instance files and multi-instance files both work.
    """
    def gather(paths: Sequence[str]) -> Tuple[dict, dict]:
        series, where = {}, {}
        for p in paths:
            for name, s in read_recola_arff(p, value_attribute).items():
                if name in series:
                    raise ValueError(f'instance {name!r} appears in both '
                                     f'{where[name]} and {p}')
                series[name], where[name] = s, p
        return series, where

    aro, aro_src = gather(arousal_paths)
    val, val_src = gather(valence_paths)
    missing = sorted(set(aro) ^ set(val))
    if missing:
        raise ValueError(f'instances {missing} have only one of arousal '
                         f'({len(aro)} instances) and valence '
                         f'({len(val)} instances)')
    tracks = []
    for name in aro:
        tracks += combine_recola({name: aro[name]}, {name: val[name]},
                                 aro_src[name], val_src[name]).values()
    return _convert_tracks(tracks, out_root, fps, video_dir, policy,
                           overwrite)
