"""RAVDESS / CREMA-D clips with the emotion read from the file name."""
from __future__ import annotations

import os
import os.path as osp
from typing import Callable, List, Optional, Sequence, Union

from mmengine.logging import MMLogger

from mmaction.datasets import BaseActionDataset
from mmaction.registry import DATASETS

from ..labels import COMMON6
from .annotations.clip_names import (RAVDESS_EMOTIONS, RAVDESS_TO_ABAW,
                                     parse_crema_d_name, parse_ravdess_name)
from .data_list import keep_unserialised

PARSERS = dict(ravdess=parse_ravdess_name, crema_d=parse_crema_d_name)


def class_names(naming: str, label_set: str) -> tuple:
    """Class names, in id order, of a dataset under a label set.

    ``'native'``: RAVDESS's 8 emotions in file-name order, or CREMA-D's 6
    (in the ABAW order of :data:`~mmaction_vaerr.labels.COMMON6`).
    ``'common6'``: the 6 classes both share (neutral, anger, disgust, fear,
    happiness, sadness), for cross-dataset evaluation; RAVDESS's calm and
    surprised clips are left out.
    """
    if naming not in PARSERS or label_set not in ('native', 'common6'):
        raise ValueError(f'naming must be one of {tuple(PARSERS)} and '
                         "label_set 'native' or 'common6', got "
                         f'{naming!r}, {label_set!r}')
    if naming == 'ravdess' and label_set == 'native':
        return RAVDESS_EMOTIONS
    return COMMON6


@DATASETS.register_module()
class ClipEmotionDataset(BaseActionDataset):
    """One emotion label per clip, parsed from RAVDESS or CREMA-D names.

    The clips are the face crops of the released videos (run
    ``tools/data/preprocess_faces.py`` on them first; it keeps the names).
    ``ann_file`` lists clip paths relative to ``data_prefix['video']``, one
    per line; when it is empty the folder is scanned recursively. Splits
    are actor-disjoint through ``actors``. Example::

        data/ravdess/faces/Actor_12/01-01-06-01-02-01-12.mp4   fearful, 12
        data/crema-d/faces/1001_DFA_ANG_XX.mp4                 anger, 1001

    Items carry ``filename``, ``label`` (class id), ``actor``, ``emotion``
    and ``video_id``; mmaction2's ``SampleFrames`` / ``DecordDecode`` /
    ``PackActionInputs`` make the clip.

    Args:
        ann_file: list file, or ``''`` to scan the video folder.
        pipeline: transforms.
        data_root: dataset root.
        data_prefix: ``dict(video=...)``, the clip folder.
        naming: ``'ravdess'`` or ``'crema_d'``.
        label_set: ``'native'`` or ``'common6'`` (see :func:`class_names`).
        actors: actors to keep (actor-disjoint splits), None for all.
        modalities: RAVDESS modalities with video (1 AV, 2 video-only).
        vocal_channels: RAVDESS ``'speech'`` and/or ``'song'``.
        extensions: clip file extensions when scanning.
        test_mode: evaluation mode.
    """

    def __init__(self, ann_file: str = '',
                 pipeline: List[Union[dict, Callable]] = (),
                 data_root: str = '', data_prefix: dict = dict(video=''),
                 naming: str = 'ravdess', label_set: str = 'native',
                 actors: Optional[Sequence[int]] = None,
                 modalities: Sequence[int] = (1, 2),
                 vocal_channels: Sequence[str] = ('speech', 'song'),
                 extensions: Sequence[str] = ('.mp4', '.flv', '.avi'),
                 test_mode: bool = False, **kwargs) -> None:
        self.naming = naming
        self.label_set = label_set
        self.classes = class_names(naming, label_set)
        self.actors = None if actors is None else {int(a) for a in actors}
        self.modalities = tuple(modalities)
        self.vocal_channels = tuple(vocal_channels)
        self.extensions = tuple(e.lower() for e in extensions)
        self.skipped: List[tuple] = []
        keep_unserialised(kwargs)
        super().__init__(ann_file, pipeline=list(pipeline),
                         data_root=data_root, data_prefix=data_prefix,
                         test_mode=test_mode, modality='RGB',
                         metainfo=dict(classes=self.classes), **kwargs)

    def _paths(self) -> List[str]:
        root = self.data_prefix.get('video', '')
        if self.ann_file and osp.isfile(self.ann_file):
            with open(self.ann_file) as f:
                rel = [ln.split('#', 1)[0].strip() for ln in f]
            return [osp.join(root, r) for r in rel if r]
        if self.ann_file and not osp.isdir(self.ann_file):
            raise FileNotFoundError(f'clip list not found: {self.ann_file}')
        if not osp.isdir(root):
            raise FileNotFoundError(f'clip folder not found: {root}')
        found = []
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            found += [osp.join(folder, n) for n in sorted(files)
                      if osp.splitext(n)[1].lower() in self.extensions]
        return found

    def _label(self, name) -> Optional[int]:
        if self.naming == 'ravdess':
            if name.modality not in self.modalities or \
                    name.vocal_channel not in self.vocal_channels:
                return None
            if self.label_set == 'native':
                return RAVDESS_EMOTIONS.index(name.emotion)
            abaw = RAVDESS_TO_ABAW.get(name.emotion)
            return COMMON6.index(abaw) if abaw in COMMON6 else None
        return COMMON6.index(name.emotion)

    def load_data_list(self) -> List[dict]:
        data_list = []
        root = self.data_prefix.get('video', '')
        for path in self._paths():
            try:
                name = PARSERS[self.naming](path)
            except ValueError as e:   # a stray or misnamed file: report it
                self.skipped.append((path, str(e)))
                continue
            if self.actors is not None and name.actor not in self.actors:
                continue
            label = self._label(name)
            if label is None:
                continue
            if not osp.isfile(path):
                raise FileNotFoundError(f'{self.ann_file}: clip not found: '
                                        f'{path}')
            data_list.append(dict(
                filename=path, label=label, actor=name.actor,
                emotion=name.emotion, video_id=osp.relpath(path, root)))
        if self.skipped:
            MMLogger.get_current_instance().warning(
                f'{root}: skipped {len(self.skipped)} files whose names do '
                f'not parse: {self.skipped[:5]}')
        if not data_list:
            raise ValueError(f'{root}: no clip matches (naming='
                             f'{self.naming!r}, actors={self.actors})')
        return data_list
