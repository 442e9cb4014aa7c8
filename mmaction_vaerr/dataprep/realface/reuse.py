"""The tools' real-face set: reuse the one in a folder, or generate it.

The main job (:mod:`mmaction_vaerr.tools.quickstart`) and the SSL
experiment (:mod:`mmaction_vaerr.tools.ssl_experiment`) share one rule: a
folder that already holds the set made with the same settings is reused,
a folder holding another set is an error and is never replaced.
"""
from __future__ import annotations

import json
import os.path as osp
from typing import Dict, Optional

#: The settings every tool's real-face set shares (250 frames a video).
TOOL_SETTINGS = dict(seed=0, num_frames=250)


def realface_for_tools(root: str, subjects: int, videos: int,
                       splits: Optional[Dict[str, int]] = None,
                       num_workers: int = 2) -> str:
    """Reuse or generate the real-face set at ``root``; a line to print.

    Args:
        root: the set's folder.
        subjects: number of subjects.
        videos: videos per subject.
        splits: subject counts per split (default: the generator's 60/20/20
            % of ``subjects``).
        num_workers: generator processes.

    Returns:
        A one-line summary of what was reused or made.

    Raises:
        FileExistsError: ``root`` holds a set made with other settings
            (nothing is touched).
    """
    from . import generate_realface_dataset   # looked up at call time
    want = dict(TOOL_SETTINGS, num_subjects=subjects,
                videos_per_subject=videos)
    meta = osp.join(root, 'meta.json')
    if osp.isfile(meta):
        with open(meta) as f:
            info = json.load(f)
        params = info.get('params', {})
        diff = {k: (params.get(k), v) for k, v in want.items()
                if params.get(k) != v}
        if splits is not None:
            have = {k: len(v) for k, v in info.get('splits', {}).items()}
            if have != dict(splits):
                diff['splits'] = (have, dict(splits))
        if diff:
            raise FileExistsError(
                f'{meta}: {root} holds another real-face set (have, want: '
                f'{diff}); pass another --data-root or remove it')
        return f'real-face set at {root}: already there, reused'
    s = generate_realface_dataset(root, num_workers=num_workers,
                                  splits=splits, **want)
    sp = ', '.join(f"{k} {len(v['subjects'])} subjects / "
                   f"{len(v['persons'])} persons"
                   for k, v in s['splits'].items())
    return (f"real-face set at {root}: {s['num_videos']} videos, "
            f"{s['frames']} frames of {s['persons']} real persons ({sp}) "
            f"in {s['elapsed_s']:.1f} s")
