"""Build a face backend by name; ``'auto'`` picks the best one that runs."""
from __future__ import annotations

import logging
import threading
from typing import Dict, List, Optional, Tuple, Type

from .base import BackendUnavailable, FaceBackend
from .dlib_backend import DlibBackend
from .face_alignment_backend import FaceAlignmentBackend

logger = logging.getLogger(__name__)

BACKENDS: Dict[str, Type[FaceBackend]] = {
    'face_alignment': FaceAlignmentBackend,
    'dlib': DlibBackend,
}
# best first: the paper's FAN, then the offline dlib models
AUTO_ORDER: Tuple[str, ...] = ('face_alignment', 'dlib')


def build_backend(name: str = 'auto',
                  options: Optional[Dict[str, dict]] = None,
                  **kwargs) -> Tuple[FaceBackend, str]:
    """Construct a backend.

    Args:
        name: ``'auto'``, ``'face_alignment'`` or ``'dlib'``.
        options: per-backend keyword arguments, e.g.
            ``{'face_alignment': {'detector': 'blazeface'}}``.
        **kwargs: arguments for every backend (:class:`FaceBackend`'s).

    Returns:
        The backend and a one-line note saying which backend runs and, for
        ``'auto'``, why the better ones were skipped.

    Raises:
        BackendUnavailable: the named backend (or, for ``'auto'``, every
            backend) cannot run; the message says what to install or fetch.
        ValueError: unknown name.
    """
    options = options or {}
    if name != 'auto':
        if name not in BACKENDS:
            raise ValueError(f"unknown face backend {name!r}; choose 'auto' "
                             f'or one of {sorted(BACKENDS)}')
        backend = BACKENDS[name](**kwargs, **options.get(name, {}))
        return backend, f'face backend: {backend.describe()}'
    skipped: List[str] = []
    for cand in AUTO_ORDER:
        try:
            backend = BACKENDS[cand](**kwargs, **options.get(cand, {}))
        except BackendUnavailable as e:
            skipped.append(str(e))
            logger.info('auto: skipping %s: %s', cand, e)
            continue
        note = f'face backend (auto): {backend.describe()}'
        if skipped:
            note += '; skipped: ' + ' | '.join(skipped)
        return backend, note
    raise BackendUnavailable('no face backend can run here: '
                             + ' | '.join(skipped))


_SHARED: Dict[str, Tuple[FaceBackend, str]] = {}
_SHARED_LOCK = threading.Lock()


def shared_backend(name: str = 'auto') -> Tuple[FaceBackend, str]:
    """:func:`build_backend` with default options, built once per process.

    Loading the models is the costly part of a backend (dlib: about 0.85 CPU
    s for the HOG detector and the 68-point predictor, more than the face
    work of a 3-second clip), and a backend keeps no per-video state (the
    :class:`~mmaction_vaerr.preprocessing.FaceTracker` does), so the
    inference API and the online aligner reuse one instance per name. A
    failed build is not remembered (the next call tries again).

    Returns:
        As :func:`build_backend`.
    """
    with _SHARED_LOCK:
        if name not in _SHARED:
            _SHARED[name] = build_backend(name)
        return _SHARED[name]


def available_backends(**kwargs) -> Dict[str, str]:
    """Try every backend; map its name to ``'ok'`` or the reason it fails."""
    status = {}
    for name, cls in BACKENDS.items():
        try:
            cls(**kwargs)
            status[name] = 'ok'
        except BackendUnavailable as e:
            status[name] = str(e)
    return status
