"""Conversion of the frame-folder datasets: Aff-Wild2 (``cropped_aligned``
jpgs and ``VA_Estimation_Challenge`` txt files) and AFEW-VA (per-clip
images and one JSON of labels and landmarks a clip).

The shared steps (resolving the video, the face mask, the overwrite guard,
writing the label CSV) are those of :mod:`.convert`.
"""
from __future__ import annotations

import logging
import os
import re
from typing import Dict, List, Optional, Sequence

import numpy as np

from ..datasets.annotations.afew_va import (AFEW_VA_DEFAULT_FPS,
                                            read_afew_va_json)
from ..datasets.annotations.affwild2 import (face_mask, list_cropped_frames,
                                             read_affwild2_txt)
from ..io import DatasetLayout
from .alignment_policy import FrameCountPolicy, fit_length
from .convert import _face_masked, _stem_ids, _write, resolve_video
from .convert_outputs import check_outputs
from .frames import write_frame_folder
from .splits import update_subject_map

logger = logging.getLogger('mmaction_vaerr.dataprep.convert')

_IMAGE_NAME = re.compile(r'^(\d+)\.(png|jpg|jpeg)$', re.IGNORECASE)


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
