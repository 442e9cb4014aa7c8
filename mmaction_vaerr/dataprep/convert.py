"""Convert a dataset's released annotations into the canonical layout.

Each ``convert_*`` function reads the dataset's own files, aligns the labels
to the frames of the matching video (:mod:`.resample` for time-stamped
labels, :class:`.FrameCountPolicy` for frame-count mismatches) and writes
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
import re
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..datasets.annotations.afew_va import (AFEW_VA_DEFAULT_FPS,
                                            read_afew_va_json)
from ..datasets.annotations.affwild2 import (face_mask, list_cropped_frames,
                                             read_affwild2_txt)
from ..datasets.annotations.recola import combine_recola, read_recola_arff
from ..datasets.annotations.sewa import read_sewa_csv
from ..datasets.annotations.track import LabelTrack
from ..datasets.va_annotation import (VAAnnotation, apply_face_mask,
                                      write_va_csv)
from ..io import DatasetLayout, find_video, probe_video, read_face_mask
from .alignment_policy import FrameCountPolicy, fit_length
from .convert_outputs import check_outputs
from .frames import write_frame_folder
from .splits import update_subject_map

logger = logging.getLogger(__name__)

_IMAGE_NAME = re.compile(r'^(\d+)\.(png|jpg|jpeg)$', re.IGNORECASE)


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


def convert_affwild2(txt_paths: Sequence[str], out_root: str,
                     fps: Optional[float] = None,
                     video_dir: Optional[str] = None,
                     frames_root: Optional[str] = None,
                     frames_mode: Optional[str] = 'symlink',
                     policy: FrameCountPolicy = FrameCountPolicy(),
                     report: Optional[List[str]] = None,
                     overwrite: bool = False) -> List[str]:
    """Aff-Wild2 VA ``.txt`` files -> canonical labels (and frames).

    Args:
        frames_root: the released ``cropped_aligned`` folder; frames without
            an image become invalid and, when ``frames_mode`` is not None,
            ``<out_root>/frames/<video_id>/`` is written (see :mod:`.frames`).
        report: if given, ``'<frames folder>: <why>'`` is appended for each
            skipped video (``tools/data/convert_annotations.py`` fails when
            every video was skipped).

    The video id is the file stem; ``<id>_left`` / ``<id>_right`` label files
    (two people in one video) use the video ``<id>``. A video whose frames
    folder has no image for any labelled frame is skipped (warning, and a
    summary at the end, and in ``report``).

    Returns:
        The ids written.
    """
    ids, todo, skipped = _stem_ids(txt_paths), [], []
    for path, vid in zip(txt_paths, ids):
        shared = re.sub(r'_(left|right)$', '', vid)
        v_fps, count, video = resolve_video(
            vid, path, fps, video_dir, candidates=[shared] if shared != vid
            else [])
        ann = read_affwild2_txt(path, v_fps)
        frames = None
        if frames_root is not None:
            frames_dir = os.path.join(frames_root, vid)
            frames = list_cropped_frames(frames_dir)
            if count is None and frames and max(frames) + 1 > len(ann):
                count, video = max(frames) + 1, frames_dir
        if count is not None:
            ann = policy.align(ann, count, path, video)
        if frames is not None:
            mask, _ = face_mask(frames, len(ann), frames_dir)
            ann.valid = ann.valid & mask
            if not mask.any():
                why = (f'{frames_dir}: no image for any of the {len(ann)} '
                       'labelled frames' + ('' if frames else
                                            ' (the folder is empty)'))
                logger.warning('%s; video %s skipped', why, vid)
                skipped.append(why)
                continue
        todo.append((vid, _face_masked(out_root, vid, ann), frames))
    write_frames = frames_root is not None and frames_mode is not None
    written = [vid for vid, _, _ in todo]
    check_outputs(out_root, written, overwrite, frames=write_frames)
    for vid, ann, frames in todo:
        if write_frames:
            write_frame_folder(frames, len(ann),
                               DatasetLayout(out_root).frames(vid),
                               frames_mode)
        _write(out_root, vid, ann)
    if skipped:
        logger.warning('skipped %d of %d videos:\n  %s', len(skipped),
                       len(ids), '\n  '.join(skipped))
    if report is not None:
        report.extend(skipped)
    return written


def _clip_images(folder: str) -> Dict[int, str]:
    """0-based frame index -> image (``00000.png`` is frame 0) of a clip."""
    out = {}
    for name in os.listdir(folder):
        m = _IMAGE_NAME.match(name)
        if m:
            out[int(m.group(1))] = os.path.join(folder, name)
    return out


def convert_afew_va(json_paths: Sequence[str], out_root: str,
                    fps: float = AFEW_VA_DEFAULT_FPS,
                    frames_mode: Optional[str] = 'symlink',
                    policy: FrameCountPolicy = FrameCountPolicy(),
                    overwrite: bool = False) -> List[str]:
    """AFEW-VA clip JSONs -> canonical labels, landmarks, frames, subjects.

    The clip's images (``00000.png``..) are looked for next to its JSON (the
    released layout ``<clip>/<clip>.json``); their count is the clip length
    (frame-count policy against the JSON). Writes
    ``landmarks/<id>.npy`` (T, 68, 2) float32 (NaN where a frame has none),
    ``frames/<id>/00001.png``.. when ``frames_mode`` is set, and adds
    ``<id>,<actor>`` to ``subjects.csv``.
    """
    subjects, todo = {}, []
    ids = _stem_ids(json_paths)
    for path, vid in zip(json_paths, ids):
        ann, lms, actor = read_afew_va_json(path, fps)
        images = _clip_images(os.path.dirname(os.path.abspath(path)))
        if images:
            clip_dir = os.path.dirname(os.path.abspath(path))
            ann = policy.align(ann, max(images) + 1, path, clip_dir)
            lms = fit_length(lms, len(ann), fill=np.nan)
        todo.append((vid, _face_masked(out_root, vid, ann), lms, images))
        if actor:
            subjects[vid] = actor
    check_outputs(out_root, ids, overwrite, frames=frames_mode is not None,
                  landmarks=True)
    layout = DatasetLayout(out_root)
    for vid, ann, lms, images in todo:
        if images and frames_mode is not None:
            write_frame_folder(images, len(ann), layout.frames(vid),
                               frames_mode)
        os.makedirs(os.path.dirname(layout.landmarks(vid)), exist_ok=True)
        np.save(layout.landmarks(vid), lms.astype(np.float32))
        _write(out_root, vid, ann)
    if subjects:
        update_subject_map(os.path.join(out_root, 'subjects.csv'), subjects)
    return ids
