"""The demo's overlay video: each input frame next to the valence-arousal
circle with the predicted point (red) and, with labels, the true one
(green). Frames without a face say so and show no predicted point."""
from __future__ import annotations

from fractions import Fraction
from typing import Dict, Iterator, Optional, Union

import cv2
import numpy as np

from ..io import ColorVideoWriter, iter_frames
from .circumplex import RED, va_panel


def compose_frame(frame: np.ndarray, panel: np.ndarray, text: str = '',
                  no_face: bool = False,
                  face: Optional[np.ndarray] = None) -> np.ndarray:
    """Input frame (resized to the panel's height) | panel, BGR uint8.

    ``face``, the aligned gray crop the model saw, is inset top-left; a
    frame without a face gets a red border."""
    h = panel.shape[0]
    if frame.ndim == 2:
        frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    w = max(2, int(round(frame.shape[1] * h / frame.shape[0])))
    frame = cv2.resize(frame, (w, h), interpolation=cv2.INTER_AREA)
    if face is not None:
        side = min(h // 4, w // 3)
        crop = cv2.resize(face, (side, side), interpolation=cv2.INTER_AREA)
        frame[4:4 + side, 4:4 + side] = cv2.cvtColor(crop,
                                                     cv2.COLOR_GRAY2BGR)
        cv2.rectangle(frame, (3, 3), (4 + side, 4 + side), (255, 255, 255),
                      1)
    if no_face:
        cv2.rectangle(frame, (1, 1), (w - 2, h - 2), RED, 3)
    if text:
        cv2.putText(frame, text, (8, h - 10), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                    (0, 0, 0), 3, cv2.LINE_AA)
        cv2.putText(frame, text, (8, h - 10), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                    (255, 255, 255), 1, cv2.LINE_AA)
    return np.concatenate([frame, panel], axis=1)


def render_overlay_video(video: str, out_path: str, va: np.ndarray,
                         valid: np.ndarray, fps: Union[float, Fraction],
                         gt: Optional[np.ndarray] = None,
                         gt_valid: Optional[np.ndarray] = None,
                         crops: Optional[str] = None, height: int = 360,
                         trail: int = 25, no_face_text: str = 'no face',
                         snapshots: Optional[Dict[int, str]] = None,
                         progress: bool = False) -> int:
    """Write the overlay mp4 for the first ``len(va)`` frames of ``video``.

    Args:
        video: the input video (decoded again, frame by frame).
        out_path: output mp4.
        va: (T, 2) predicted (arousal, valence), NaN for no face.
        valid: (T,) bool face mask.
        fps: output frame rate (the input's).
        gt: (T, 2) true (arousal, valence), or None.
        gt_valid: (T,) bool validity of ``gt``.
        crops: video of the aligned face crops shown in the panel's corner.
        height: output height in pixels.
        trail: frames of predicted trajectory drawn behind the point.
        no_face_text: panel text for frames without a face.
        snapshots: ``{frame index: png path}``, frames also saved as images.
        progress: progress bar.

    Returns:
        The number of frames written (``len(va)``).
    """
    n = len(va)
    frames = iter_frames(video, 'bgr24', n, check_complete=False)
    faces: Iterator[Optional[np.ndarray]] = \
        iter_frames(crops, 'gray', n, check_complete=False) if crops \
        else iter([None] * n)
    steps = range(n)
    if progress:
        from tqdm import tqdm
        steps = tqdm(steps, unit='frame', desc='overlay video')
    with ColorVideoWriter(out_path, fps) as writer:
        for t in steps:
            frame = next(frames, None)
            if frame is None:
                raise ValueError(f'{video}: ended after {t} frames, the '
                                 f'predictions have {n}')
            face = next(faces, None)
            ok = bool(valid[t])
            pred = (va[t, 1], va[t, 0]) if ok else None
            true = None
            if gt is not None and t < len(gt) and (
                    gt_valid is None or gt_valid[t]):
                true = (gt[t, 1], gt[t, 0])
            past = va[max(0, t - trail):t + 1, ::-1] if ok else None
            panel = va_panel(height, pred, true, past,
                             '' if ok else no_face_text)
            sec = t / float(fps)
            img = compose_frame(frame, panel, f'{sec:6.2f} s  frame {t}',
                                not ok, face if ok else None)
            writer.write(img)
            if snapshots and t in snapshots:
                cv2.imwrite(snapshots[t], img)
    return writer.frames
