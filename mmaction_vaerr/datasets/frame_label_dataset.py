"""Videos with per-frame expression / AU (and valence-arousal) labels."""
from __future__ import annotations

import os
import os.path as osp
from typing import Callable, Dict, List, Sequence, Union

import numpy as np

from mmaction.datasets import BaseActionDataset
from mmaction.registry import DATASETS

from .annotations.affwild2 import (face_mask, list_cropped_frames,
                                   read_affwild2_txt)
from .annotations.affwild2_expr_au import (read_affwild2_au_txt,
                                           read_affwild2_expr_txt)
from .data_list import finish_data_list, keep_unserialised
from .va_annotation import read_split, read_va_csv

TASKS = ('expr', 'au', 'va')
_EXT = {'expr': '.txt', 'au': '.txt', 'va': '.txt'}


@DATASETS.register_module()
class FrameLabelDataset(BaseActionDataset):
    """Frame-level categorical (and VA) labels in Aff-Wild2's layout.

    ``ann_file`` is a split file (one ``video_id`` per line) or a folder
    whose ``.txt`` files name the videos (Aff-Wild2's ``Train_Set/``). For
    each id and task the labels are ``<data_prefix[task]>/<video_id>.txt``
    (see :mod:`.annotations.affwild2_expr_au`; VA in the ABAW VA layout, or
    the canonical CSV with ``va_format='canonical'``). Example (Aff-Wild2)::

        Annotations/EXPR_Recognition_Challenge/Train_Set/118.txt
        Annotations/AU_Detection_Challenge/Train_Set/118.txt
        cropped_aligned/118/00001.jpg                 (media='frames')
        videos/118.mp4                                (media='video')

    Each item has ``video_id``, ``filename`` or ``frame_dir``,
    ``total_frames``, ``fps``, ``frame_mask`` (T,) (False where no face
    image exists, ``media='frames'``), and per task ``gt_expr`` (T,) int64
    / ``gt_au`` (T, 12) int64 with -1 unlabelled, ``gt_va`` (T, 2) float32
    (arousal, valence) with NaN. Segment sampling: ``SampleFrameSegment``.

    Args:
        ann_file: split file or label folder.
        pipeline: transforms.
        data_root: dataset root.
        data_prefix: folders of ``video`` (or ``frames``) and of each task.
        tasks: tasks to load, any of ``'expr'``, ``'au'``, ``'va'``.
        require_all_tasks: a video lacking a task's file is an error; when
            False that task is unlabelled for the video (multi-task on
            videos annotated for some tasks only).
        media: ``'video'`` or ``'frames'``.
        video_ext: video extension(s) tried in order.
        filename_tmpl: frame image names (1-based).
        va_format: ``'affwild2'`` (txt, -5 missing) or ``'canonical'`` (csv).
        fps: frame rate recorded in the items (labels are per frame).
        test_mode: evaluation mode.
    """

    def __init__(self, ann_file: str, pipeline: List[Union[dict, Callable]],
                 data_root: str = '',
                 data_prefix: Dict = dict(video='videos',
                                          expr='EXPR_Recognition_Challenge',
                                          au='AU_Detection_Challenge'),
                 tasks: Sequence[str] = ('expr', ), require_all_tasks=True,
                 media: str = 'video',
                 video_ext: Union[str, Sequence[str]] = ('.mp4', '.avi'),
                 filename_tmpl: str = '{:05d}.jpg',
                 va_format: str = 'affwild2', fps: float = 30.0,
                 test_mode: bool = False, **kwargs) -> None:
        if not tasks or any(t not in TASKS for t in tasks):
            raise ValueError(f'tasks must be a non-empty subset of {TASKS}, '
                             f'got {tuple(tasks)}')
        if media not in ('video', 'frames'):
            raise ValueError(f"media must be 'video' or 'frames', got "
                             f'{media!r}')
        if va_format not in ('affwild2', 'canonical'):
            raise ValueError(f"va_format must be 'affwild2' or 'canonical', "
                             f'got {va_format!r}')
        self.tasks = tuple(tasks)
        self.require_all_tasks = require_all_tasks
        self.media = media
        self.video_ext = (video_ext, ) if isinstance(video_ext, str) else \
            tuple(video_ext)
        self.filename_tmpl = filename_tmpl
        self.va_format = va_format
        self.fps = float(fps)
        self.skipped: List[tuple] = []
        kwargs.setdefault('start_index', 1 if media == 'frames' else 0)
        keep_unserialised(kwargs)
        super().__init__(ann_file, pipeline=pipeline, data_root=data_root,
                         data_prefix=data_prefix, test_mode=test_mode,
                         modality='RGB', **kwargs)

    def _video_ids(self) -> List[str]:
        if osp.isdir(self.ann_file):
            ids = sorted(osp.splitext(n)[0] for n in os.listdir(self.ann_file)
                         if n.endswith('.txt'))
            if not ids:
                raise ValueError(f'{self.ann_file}: no .txt label file')
            return ids
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'split file or label folder not found: '
                                    f'{self.ann_file}')
        return read_split(self.ann_file)

    def _read(self, task: str, vid: str):
        folder = self.data_prefix.get(task)
        if not folder:
            raise KeyError(f"data_prefix has no folder for task {task!r}")
        if task == 'va' and self.va_format == 'canonical':
            path = osp.join(folder, vid + '.csv')
        else:
            path = osp.join(folder, vid + _EXT[task])
        if not osp.isfile(path):
            if self.require_all_tasks:
                raise FileNotFoundError(f'{self.ann_file}: video {vid!r} has '
                                        f'no {task} label file {path}')
            return None
        if task == 'expr':
            return read_affwild2_expr_txt(path)
        if task == 'au':
            return read_affwild2_au_txt(path).astype(np.int64)
        ann = read_va_csv(path) if self.va_format == 'canonical' else \
            read_affwild2_txt(path, self.fps)
        va = ann.va.astype(np.float32)
        va[~ann.valid] = np.nan
        return va

    def _media(self, vid: str, num: int, info: dict) -> np.ndarray:
        if self.media == 'frames':
            root = self.data_prefix.get('frames', self.data_prefix['video'])
            info.update(frame_dir=osp.join(root, vid), offset=0,
                        filename_tmpl=self.filename_tmpl)
            return face_mask(list_cropped_frames(info['frame_dir']), num,
                             info['frame_dir'])[0]
        for ext in self.video_ext:
            path = osp.join(self.data_prefix['video'], vid + ext)
            if osp.isfile(path):
                info['filename'] = path
                return np.ones(num, bool)
        raise FileNotFoundError(f'{self.ann_file}: video {vid!r} not found '
                                f"as {self.data_prefix['video']}/{vid}"
                                f'{{{",".join(self.video_ext)}}}')

    def load_data_list(self) -> List[dict]:
        data_list = []
        for vid in self._video_ids():
            labels = {t: self._read(t, vid) for t in self.tasks}
            labels = {t: v for t, v in labels.items() if v is not None}
            if not labels:
                self.skipped.append((vid, 'no label file of any task'))
                continue
            num = max(len(v) for v in labels.values())
            info = dict(video_id=vid, fps=self.fps, total_frames=num)
            mask = self._media(vid, num, info)
            labelled = np.zeros(num, bool)
            for task, arr in labels.items():
                pad = num - len(arr)     # tasks of one video differ in length
                fill = np.nan if task == 'va' else -1
                arr = np.concatenate([arr, np.full((pad, ) + arr.shape[1:],
                                                   fill, arr.dtype)])
                info[f'gt_{task}'] = arr
                ok = np.isfinite(arr) if task == 'va' else arr >= 0
                labelled |= ok.reshape(num, -1).any(1)
            if not (labelled & mask).any():
                self.skipped.append((vid, 'no labelled frame with a face'))
                continue
            info['frame_mask'] = mask
            data_list.append(info)
        return finish_data_list(self.ann_file, data_list, self.skipped)

    def label_counts(self) -> Dict[str, np.ndarray]:
        """Labelled frames per expression class; AU positives / negatives.

        Feed them to :func:`~mmaction_vaerr.models.losses.
        inverse_frequency_weights` and ``au_pos_weights``.
        """
        out = {}
        infos = [self.get_data_info(i) for i in range(len(self))]
        if 'expr' in self.tasks:
            e = np.concatenate([i['gt_expr'][i['frame_mask']] for i in infos
                                if 'gt_expr' in i])
            out['expr'] = np.bincount(e[e >= 0], minlength=8)
        if 'au' in self.tasks:
            a = np.concatenate([i['gt_au'][i['frame_mask']] for i in infos
                                if 'gt_au' in i])
            out['au_pos'] = (a == 1).sum(0)
            out['au_neg'] = (a == 0).sum(0)
        return out
