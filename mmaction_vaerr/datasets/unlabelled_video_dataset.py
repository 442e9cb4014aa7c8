"""Unlabelled face videos for self-supervised pretext training."""
from __future__ import annotations

import os
import os.path as osp
from typing import Callable, List, Sequence, Union

from mmengine.dataset import BaseDataset

from mmaction.registry import DATASETS
from ..io import VIDEO_EXTS, DatasetLayout, count_frames
from .data_list import keep_unserialised
from .va_annotation import read_split

LRS3_SUBSETS = ('pretrain', 'trainval', 'test')
LAYOUTS = ('auto', 'canonical', 'lrs3', 'folder')


@DATASETS.register_module()
class UnlabelledVideoDataset(BaseDataset):
    """Face videos without labels (LRS3, the synthetic set, any folder).

    Three layouts are read (``layout='auto'`` picks the first that fits):

    * ``'canonical'`` -- the project's layout (see
      :mod:`mmaction_vaerr.io.layout`) with a split file::

          <root>/splits/train.txt      s01/v00
                                       s01/v01   # '#' starts a comment
          <root>/videos/s01/v00.mp4

    * ``'lrs3'`` -- LRS3 after face preprocessing (96x96 crops)::

          <root>/{pretrain,trainval,test}/<speaker>/<utt>.mp4

      ``subsets`` chooses the folders; ``video_id`` is
      ``<subset>/<speaker>/<utt>``.
    * ``'folder'`` -- every video below ``<root>`` (recursively);
      ``video_id`` is the relative path without extension.

    Each item is ``dict(filename, video_id, total_frames, start_index=0,
    modality='RGB')`` (the last two are what mmaction2's ``SampleFrames``
    and ``Flip`` read; 'RGB' means "not optical flow", frames may be gray);
    ``total_frames`` is read from the container header when the item is
    fetched (mmaction2's ``DecordInit``/``PyAVInit`` overwrite it with the
    decoder's count). A clip is cut by a transform, e.g.
    ``dict(type='SampleFrames', clip_len=16, frame_interval=1,
    num_clips=1)`` for one random fixed-length window.

    Args:
        data_root: dataset root.
        pipeline: transforms applied to each item.
        layout: one of ``'auto'``, ``'canonical'``, ``'lrs3'``, ``'folder'``.
        split: split name for the canonical layout (``splits/<split>.txt``).
        subsets: LRS3 folders to read.
        extensions: video file extensions for ``'lrs3'`` and ``'folder'``.
        **kwargs: other :class:`mmengine.dataset.BaseDataset` arguments.
    """

    def __init__(self, data_root: str,
                 pipeline: Sequence[Union[dict, Callable]] = (),
                 layout: str = 'auto', split: str = 'train',
                 subsets: Sequence[str] = ('pretrain', 'trainval'),
                 extensions: Sequence[str] = VIDEO_EXTS, **kwargs) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f'layout must be one of {LAYOUTS}, '
                             f'got {layout!r}')
        bad = set(subsets) - set(LRS3_SUBSETS)
        if bad:
            raise ValueError(f'unknown LRS3 subsets {sorted(bad)}; '
                             f'choose from {LRS3_SUBSETS}')
        self.layout = layout
        self.split = split
        self.subsets = tuple(subsets)
        self.extensions = tuple(e.lower() for e in extensions)
        keep_unserialised(kwargs)
        super().__init__(data_root=data_root, pipeline=list(pipeline),
                         **kwargs)

    def _resolve_layout(self) -> str:
        if self.layout != 'auto':
            return self.layout
        root = self.data_root
        if DatasetLayout(root).has_split(self.split):
            return 'canonical'
        if any(osp.isdir(osp.join(root, s)) for s in LRS3_SUBSETS):
            return 'lrs3'
        return 'folder'

    def _scan(self, folder: str) -> List[str]:
        found = []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                if name.lower().endswith(self.extensions):
                    found.append(osp.join(dirpath, name))
        return found

    def load_data_list(self) -> List[dict]:
        root = self.data_root
        if not osp.isdir(root):
            raise FileNotFoundError(f'{root}: dataset root does not exist')
        layout = self._resolve_layout()
        if layout == 'canonical':
            layout = DatasetLayout(root)
            split_file = layout.split(self.split)
            if not osp.isfile(split_file):
                raise FileNotFoundError(f'{split_file}: split file missing')
            items = []
            for vid in read_split(split_file):
                path = layout.video(vid)
                if not osp.isfile(path):
                    raise FileNotFoundError(
                        f'{split_file}: lists {vid!r} but {path} is missing')
                items.append((path, vid))
        elif layout == 'lrs3':
            items = []
            for subset in self.subsets:
                folder = osp.join(root, subset)
                if not osp.isdir(folder):
                    raise FileNotFoundError(
                        f'{folder}: LRS3 subset folder missing')
                items += [(p, osp.splitext(osp.relpath(p, root))[0])
                          for p in self._scan(folder)]
        else:
            items = [(p, osp.splitext(osp.relpath(p, root))[0])
                     for p in self._scan(root)]
        if not items:
            raise ValueError(f'{root}: no videos found (layout {layout!r}, '
                             f'extensions {self.extensions})')
        return [dict(filename=p, video_id=v.replace(os.sep, '/'),
                     start_index=0, modality='RGB') for p, v in items]

    def get_data_info(self, idx: int) -> dict:
        info = super().get_data_info(idx)
        info['total_frames'] = count_frames(info['filename'], decode=False)
        return info
