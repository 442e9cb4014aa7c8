"""Face preprocessing per backend and video -> per-frame arousal/valence.

Face preprocessing is measured by ``face_preprocessing.run_one`` (the
project's per-backend tool); the end-to-end figure runs the inference API
(``mmaction_vaerr.apis.inference_va``) on a raw video (face detection,
tracking, alignment, model) and on an already aligned 96x96 video (decode
and model only), in fp32 and on the fast path.
"""
from __future__ import annotations

import tempfile
import time
from typing import Dict, List

from mmaction_vaerr.apis import inference_va
from mmaction_vaerr.preprocessing import BackendUnavailable, build_backend
from mmaction_vaerr.preprocessing.backends import BACKENDS
from .face_preprocessing import run_one
from .timing import Stats, Timing


def face_section(clip: str, max_frames: int, repeats: int,
                 detect_every: int = 10) -> dict:
    """Wall and CPU frames/s of each available backend on ``clip``."""
    out: Dict[str, dict] = {}
    for name in BACKENDS:
        try:
            backend, _ = build_backend(name)
        except BackendUnavailable as e:
            out[name] = dict(unavailable=str(e))
            continue
        runs = []
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(repeats):
                runs.append(run_one(backend, clip, detect_every, max_frames,
                                    tmp))
        out[name] = dict(
            clip=runs[0]['clip'], size=runs[0]['size'],
            frames=runs[0]['frames'], detect_every=detect_every,
            per_s=Stats([r['wall_fps'] for r in runs]).as_dict(2),
            per_cpu_s=Stats([r['cpu_fps'] for r in runs]).as_dict(2))
    return out


def e2e_section(models: Dict[str, tuple], raw_clip: str, aligned_clip: str,
                backend: str, max_frames: int, repeats: int) -> dict:
    """frames/s of ``inference_va`` per model variant and input kind.

    Args:
        models: ``{variant: (model, bf16, channels_last)}``.
        raw_clip: a real video (faces found by ``backend``).
        aligned_clip: a 96x96 aligned-face video.
    """
    out: Dict[str, dict] = {}
    for variant, (model, bf16, cl) in models.items():
        res = {}
        for kind, clip, kw in (
                ('aligned_video', aligned_clip, {}),
                ('raw_video', raw_clip, dict(face_backend=backend,
                                             max_frames=max_frames))):
            timing, frames = Timing(), 0
            for i in range(repeats + 1):          # first run: warm-up
                wall, cpu = time.perf_counter(), time.process_time()
                # explicit: 'auto' would pick bf16 for the fp32 row too
                result = inference_va(model, clip,
                                      precision='bf16' if bf16 else 'fp32',
                                      channels_last=cl, **kw)
                if i:
                    timing.wall.append(time.perf_counter() - wall)
                    timing.cpu.append(time.process_time() - cpu)
                frames = len(result)
            res[kind] = dict(timing.summary(frames), frames=frames)
        out[variant] = res
    return out


def first_available_backend() -> List[str]:
    names = []
    for name in BACKENDS:
        try:
            build_backend(name)
            names.append(name)
        except BackendUnavailable:
            continue
    return names
