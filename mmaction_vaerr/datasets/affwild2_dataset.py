"""Aff-Wild2 (ABAW VA track) read straight from its released layout."""
from __future__ import annotations

import os
import os.path as osp
from typing import Callable, List, Optional, Sequence, Tuple, Union

import numpy as np

from mmaction.datasets import BaseActionDataset
from mmaction.registry import DATASETS

from .annotations.affwild2 import read_affwild2
from .data_list import finish_data_list, keep_unserialised
from .va_annotation import read_split


@DATASETS.register_module()
class AffWild2VADataset(BaseActionDataset):
    """Aff-Wild2 valence/arousal as released: no conversion step.

    Kollias & Zafeiriou, "Expression, Affect, Action Unit Recognition:
    Aff-Wild2, Multi-Task Learning and ArcFace", BMVC 2019
    (https://arxiv.org/abs/1910.04855). Layout::

        <data_root>/cropped_aligned/<video>/00001.jpg     frame 0 (112x112)
        <data_root>/VA_Estimation_Challenge/Train_Set/<video>.txt
        <data_root>/VA_Estimation_Challenge/Validation_Set/<video>.txt

    ``ann_file`` is one of the ``*_Set`` folders (every ``.txt`` in it is a
    video) or a text file listing video names (one per line, for your own
    subsets). Labels are read by the project's reader
    (:func:`~.annotations.affwild2.read_affwild2`): a ``-5`` row or a
    missing jpg makes a frame invalid (masked out of losses and metrics).
    Decode with ``MaskedFrameDecode``, which gives a black frame for a
    missing jpg.

    Each item carries ``video_id``, ``frame_dir``, ``filename_tmpl``,
    ``total_frames``, ``fps``, ``gt_va`` (T, 2) (arousal, valence) and
    ``frame_mask`` (T,), like :class:`~.VAVideoDataset` with
    ``media='frames'``.

    Args:
        ann_file: a ``*_Set`` folder or a list file (relative to
            ``data_root`` unless absolute).
        pipeline: transforms.
        data_root: the Aff-Wild2 root.
        data_prefix: ``dict(frames='cropped_aligned')``.
        annotation_dir: the ``*_Set`` folder of the ``.txt`` files when
            ``ann_file`` is a list file (relative to ``data_root``).
        fps: frame rate of the videos (labels are per frame; only sets
            ``fps`` / time stamps; Aff-Wild2 videos are mostly 30 fps).
        filename_tmpl: jpg names (1-based).
        min_valid_frames: videos with fewer valid frames are skipped (and
            reported).
        test_mode: evaluation mode.
    """

    def __init__(self,
                 ann_file: str,
                 pipeline: List[Union[dict, Callable]],
                 data_root: str = '',
                 data_prefix: dict = dict(frames='cropped_aligned'),
                 annotation_dir: Optional[str] = None,
                 fps: float = 30.0,
                 filename_tmpl: str = '{:05d}.jpg',
                 min_valid_frames: int = 2,
                 test_mode: bool = False,
                 **kwargs) -> None:
        self.fps = float(fps)
        self.filename_tmpl = filename_tmpl
        self.min_valid_frames = min_valid_frames
        self.annotation_dir = annotation_dir
        self.skipped: List[Tuple[str, str]] = []
        kwargs.setdefault('start_index', 1)
        keep_unserialised(kwargs)
        super().__init__(ann_file, pipeline=pipeline, data_root=data_root,
                         data_prefix=data_prefix, test_mode=test_mode,
                         modality='RGB', **kwargs)

    def _videos(self) -> List[Tuple[str, str]]:
        """(video name, label file) pairs of ``ann_file``."""
        if osp.isdir(self.ann_file):
            names = sorted(f[:-4] for f in os.listdir(self.ann_file)
                           if f.endswith('.txt'))
            if not names:
                raise ValueError(f'{self.ann_file}: no .txt label files')
            return [(n, osp.join(self.ann_file, n + '.txt')) for n in names]
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'Aff-Wild2 set folder or list not '
                                    f'found: {self.ann_file}')
        if self.annotation_dir is None:
            raise ValueError(f'{self.ann_file} is a list file: give '
                             'annotation_dir (the *_Set folder of its '
                             '.txt files)')
        ann_dir = self.annotation_dir
        if self.data_root and not osp.isabs(ann_dir):
            ann_dir = osp.join(self.data_root, ann_dir)
        return [(n, osp.join(ann_dir, n + '.txt'))
                for n in read_split(self.ann_file)]

    def load_data_list(self) -> List[dict]:
        frames_root = self.data_prefix.get('frames', '')
        data_list = []
        for vid, txt in self._videos():
            if not osp.isfile(txt):
                raise FileNotFoundError(f'{self.ann_file}: video {vid!r} has '
                                        f'no label file {txt}')
            frame_dir = osp.join(frames_root, vid)
            if not osp.isdir(frame_dir):
                self.skipped.append((vid, f'no frames folder {frame_dir}'))
                continue
            ann = read_affwild2(txt, self.fps, frame_dir)
            n_valid = int(ann.valid.sum())
            if n_valid < self.min_valid_frames:
                self.skipped.append((vid, f'{n_valid} valid frames'))
                continue
            data_list.append(dict(
                video_id=vid, label_file=txt, frame_dir=frame_dir,
                filename_tmpl=self.filename_tmpl, offset=0,
                total_frames=len(ann), fps=self.fps,
                gt_va=np.clip(ann.va, -1.0, 1.0).astype(np.float32),
                frame_mask=ann.valid))
        return finish_data_list(self.ann_file, data_list, self.skipped)

    def get_frame_labels(self, indices: Optional[Sequence[int]] = None
                         ) -> Tuple[np.ndarray, np.ndarray]:
        """All frame labels: ``(F, 2)`` va and ``(F,)`` valid (for nCCE)."""
        infos = [self.get_data_info(i) for i in
                 (range(len(self)) if indices is None else indices)]
        if not infos:
            return np.zeros((0, 2), np.float32), np.zeros((0, ), bool)
        return (np.concatenate([i['gt_va'] for i in infos]).astype(np.float32),
                np.concatenate([i['frame_mask'] for i in infos]))
