"""Decode frame images where some may be missing (invalid frames)."""
from __future__ import annotations

import os
import os.path as osp
from typing import Dict

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS


@TRANSFORMS.register_module()
class MaskedFrameDecode(BaseTransform):
    """Read the sampled frames of a frame folder; black where none exists.

    Aff-Wild2's ``cropped_aligned`` folders have no jpg for frames where no
    face was found (Kollias & Zafeiriou, BMVC 2019,
    https://arxiv.org/abs/1910.04855); their labels are invalid
    (``frame_mask`` False), so a black frame of the video's size stands in
    for them and never reaches a loss or a metric. A missing image of a
    *valid* frame is an error naming the file. A segment that falls
    wholly inside a run of faceless frames (long in real Aff-Wild2 videos)
    gets black frames of the size of the folder's first readable image.

    Required Keys: frame_dir, filename_tmpl, frame_inds, frame_mask
    (per sampled frame, from ``SampleVASegment``).
    Added Keys: imgs (list of RGB uint8 (H, W, 3)), img_shape,
    original_shape.
    """

    def __init__(self) -> None:
        self._shapes: Dict[str, tuple] = {}   # frame folder -> image shape

    def transform(self, results: dict) -> dict:
        fdir, tmpl = results['frame_dir'], results['filename_tmpl']
        inds = np.asarray(results['frame_inds']).reshape(-1)
        mask = np.asarray(results['frame_mask'], bool).reshape(-1)
        cache, imgs, missing = {}, [], []
        for k, idx in enumerate(inds):
            idx = int(idx)
            if idx not in cache:
                path = osp.join(fdir, tmpl.format(idx))
                img = cv2.imread(path, cv2.IMREAD_COLOR) \
                    if osp.isfile(path) else None
                if img is None and k < len(mask) and mask[k]:
                    raise FileNotFoundError(
                        f'{path}: missing or unreadable image of a valid '
                        'frame')
                cache[idx] = None if img is None else cv2.cvtColor(
                    img, cv2.COLOR_BGR2RGB)
            imgs.append(cache[idx])
            if cache[idx] is None:
                missing.append(k)
        shape = next((i.shape for i in imgs if i is not None), None)
        if shape is None:   # a segment inside a run of faceless frames
            shape = self._folder_shape(fdir)
        imgs = [np.zeros(shape, np.uint8) if i is None else i for i in imgs]
        results['imgs'] = imgs
        results['img_shape'] = results['original_shape'] = shape[:2]
        return results

    def _folder_shape(self, fdir: str) -> tuple:
        """Shape of the folder's first readable image (cached per folder):
        the size of the black stand-ins when no sampled frame has one."""
        shapes = self._shapes
        if fdir not in shapes:
            names = sorted(os.listdir(fdir)) if osp.isdir(fdir) else []
            for name in names:
                img = cv2.imread(osp.join(fdir, name), cv2.IMREAD_COLOR)
                if img is not None:
                    shapes[fdir] = img.shape
                    break
            else:
                raise ValueError(f'{fdir}: no readable image in the frame '
                                 'folder, so no frame size for its '
                                 'missing frames')
        return shapes[fdir]

    def __repr__(self) -> str:
        return f'{type(self).__name__}()'
