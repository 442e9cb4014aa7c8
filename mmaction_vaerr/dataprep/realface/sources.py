"""Real face sources: faces in photos and clip frames, with 68 landmarks.

Faces are found with the project's own preprocessing backend
(:class:`~mmaction_vaerr.preprocessing.backends.DlibBackend`: HOG detector +
68-point iBUG predictor, offline). Each face also gets dlib's 128-D face
descriptor (the ResNet of ``face-recognition-models``; King, "Dlib-ml",
JMLR 2009, model trained for face verification, 99.38 % on LFW), which
:mod:`.persons` uses to tell people apart.

:func:`.cache.load_sources` caches the table as JSON, so only the first
call pays the ~20 s of detection.
"""
from __future__ import annotations

import glob
import os.path as osp
from dataclasses import dataclass
from typing import List, Optional, Sequence

import cv2
import numpy as np

from ...io.layout import VIDEO_EXTS

PHOTO_EXTS = ('.jpg', '.jpeg', '.png')


@dataclass
class FaceSource:
    """One detected face.

    Attributes:
        key: unique name, ``<file stem>#<face>`` or ``<clip stem>@<frame>``.
        path: photo or clip file.
        frame: frame index in a clip (-1 for a photo).
        kind: ``'photo'`` or ``'clip'``.
        box: (x1, y1, x2, y2) detection box in pixels.
        landmarks: (68, 2) iBUG landmarks in pixels.
        descriptor: (128,) dlib face descriptor.
    """

    key: str
    path: str
    frame: int
    kind: str
    box: List[float]
    landmarks: List[List[float]]
    descriptor: List[float]

    @property
    def width(self) -> float:
        return float(self.box[2] - self.box[0])

    @property
    def group(self) -> str:
        """Faces of one clip are one person; photo faces are their own."""
        return osp.basename(self.path) if self.kind == 'clip' else self.key


def list_inputs(photo_dir: Optional[str], clip_dir: Optional[str]
                ) -> List[str]:
    files = []
    for d, exts in ((photo_dir, PHOTO_EXTS), (clip_dir, VIDEO_EXTS)):
        if d is None:
            continue
        if not osp.isdir(d):
            raise FileNotFoundError(f'face source folder not found: {d}')
        files += sorted(p for p in glob.glob(osp.join(d, '*'))
                        if osp.splitext(p)[1].lower() in exts)
    return files


def _descriptor_model():
    import dlib
    from ...preprocessing.backends.dlib_backend import default_predictor_path
    path = osp.join(osp.dirname(default_predictor_path()),
                    'dlib_face_recognition_resnet_model_v1.dat')
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path}: dlib face descriptor model missing '
                                '(reinstall face-recognition-models)')
    return dlib, dlib.face_recognition_model_v1(path)


def _clip_frames(path: str, count: int) -> List[tuple]:
    """``count`` evenly spaced (index, BGR frame) pairs of a clip."""
    cap = cv2.VideoCapture(path)
    n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    out = []
    if n <= 0:
        cap.release()
        return out
    for idx in np.linspace(0, n - 1, count + 2)[1:-1].astype(int):
        cap.set(cv2.CAP_PROP_POS_FRAMES, int(idx))
        ok, frame = cap.read()
        if ok:
            out.append((int(idx), frame))
    cap.release()
    return out


def _faces_in(image_bgr, backend, dlib, facerec, min_width):
    gray = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
    rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    boxes, _ = backend.detect(gray)
    for box in boxes:
        if box[2] - box[0] < min_width:
            continue
        pts, _ = backend.landmarks(gray, box)
        x1, y1, x2, y2 = [int(round(float(v))) for v in box]
        shape = dlib.full_object_detection(
            dlib.rectangle(x1, y1, x2 - 1, y2 - 1),
            [dlib.point(int(round(x)), int(round(y))) for x, y in pts])
        desc = np.array(facerec.compute_face_descriptor(rgb, shape))
        yield box, pts, desc


def detect_sources(files: Sequence[str], min_width: int = 64,
                   clip_frames: int = 3, detect_max_side: int = 1280,
                   errors: Optional[list] = None) -> List[FaceSource]:
    """Detect every face of at least ``min_width`` pixels in ``files``.

    A file that cannot be read is reported in ``errors`` (path, reason) and
    skipped.
    """
    from ...preprocessing.backends import DlibBackend
    backend = DlibBackend(detect_max_side=detect_max_side)
    dlib, facerec = _descriptor_model()
    out: List[FaceSource] = []
    for path in files:
        stem = osp.splitext(osp.basename(path))[0]
        if osp.splitext(path)[1].lower() in VIDEO_EXTS:
            images = _clip_frames(path, clip_frames)
            kind = 'clip'
        else:
            img = cv2.imread(path, cv2.IMREAD_COLOR)
            images = [] if img is None else [(-1, img)]
            kind = 'photo'
        if not images:
            if errors is not None:
                errors.append((path, 'cannot be decoded'))
            continue
        for idx, img in images:
            faces = list(_faces_in(img, backend, dlib, facerec, min_width))
            if kind == 'clip':    # the largest face of the frame
                faces = sorted(faces, key=lambda f: f[0][0] - f[0][2])[:1]
            for k, (box, pts, desc) in enumerate(faces):
                key = f'{stem}@{idx}' if kind == 'clip' else f'{stem}#{k}'
                out.append(FaceSource(
                    key=key, path=osp.abspath(path), frame=idx, kind=kind,
                    box=[round(float(v), 2) for v in box],
                    landmarks=np.round(pts, 2).tolist(),
                    descriptor=np.round(desc, 6).tolist()))
    return out


def usable(face: FaceSource, max_residual: float = 0.12,
           max_mouth_gap: float = 0.2) -> bool:
    """Whether a face makes a good texture.

    Rejects landmarks far from a plausible face (strong profile or a failed
    fit: :func:`~mmaction_vaerr.preprocessing.alignment.shape_residual`
    above ``max_residual``) and wide-open mouths (inner-lip gap above
    ``max_mouth_gap`` eye distances), which cannot be closed convincingly.
    Such faces still count for telling persons apart.
    """
    from ...preprocessing.alignment import shape_residual
    lm = np.asarray(face.landmarks, np.float64)
    d = float(np.linalg.norm(lm[45] - lm[36]))
    if d < 1:
        return False
    gap = float(np.mean(lm[[67, 66, 65], 1] - lm[[61, 62, 63], 1])) / d
    return shape_residual(lm)[0] <= max_residual and gap <= max_mouth_gap
