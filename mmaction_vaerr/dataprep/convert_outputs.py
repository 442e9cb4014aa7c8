"""Refuse to replace a conversion's existing outputs unless asked to.

A converter first reads and aligns every input, then checks that none of
the files it would write exists (``labels/<id>.csv``, and where it writes
them ``frames/<id>/`` and ``landmarks/<id>.npy``), then writes. Existing
files, from an earlier run or made by hand, are replaced only with
``overwrite=True`` (``--overwrite``); a refused run writes nothing.
"""
from __future__ import annotations

import os
from typing import List, Sequence

from ..io import DatasetLayout


def existing_outputs(out_root: str, ids: Sequence[str], frames: bool = False,
                     landmarks: bool = False) -> List[str]:
    """The outputs of ``ids`` under ``out_root`` that exist already."""
    found = []
    rel_layout = DatasetLayout('')  # relative paths, for the message
    for vid in ids:
        paths = [rel_layout.label(vid)]
        if landmarks:
            paths.append(rel_layout.landmarks(vid))
        for rel in paths:
            if os.path.lexists(os.path.join(out_root, rel)):
                found.append(rel)
        folder = DatasetLayout(out_root).frames(vid)
        if frames and os.path.isdir(folder) and os.listdir(folder):
            found.append(rel_layout.frames(vid) + os.sep)
    return found


def check_outputs(out_root: str, ids: Sequence[str], overwrite: bool,
                  frames: bool = False, landmarks: bool = False) -> None:
    """Raise ``FileExistsError`` naming existing outputs (unless overwrite).

    Raises:
        FileExistsError: listing up to 5 of the existing outputs.
    """
    if overwrite:
        return
    found = existing_outputs(out_root, ids, frames, landmarks)
    if found:
        more = f' and {len(found) - 5} more' if len(found) > 5 else ''
        raise FileExistsError(
            f'{out_root}: {len(found)} output(s) of this conversion exist '
            f"already ({', '.join(found[:5])}{more}); nothing was written. "
            'Pass --overwrite (overwrite=True) to replace them')
