"""Per-frame arousal/valence video dataset in the project's canonical layout."""
from __future__ import annotations

import os.path as osp
from typing import Callable, List, Optional, Sequence, Tuple, Union

import numpy as np

from mmaction.datasets import BaseActionDataset
from mmaction.registry import DATASETS

from .data_list import finish_data_list, keep_unserialised
from ..io.layout import DatasetLayout
from .va_annotation import read_split, read_va_csv
from .video_check import check_video_lengths


@DATASETS.register_module()
class VAVideoDataset(BaseActionDataset):
    """Videos with per-frame arousal/valence labels and a validity mask.

    The layout is documented in :mod:`mmaction_vaerr.datasets.va_annotation`.
    ``ann_file`` is a split file (one ``video_id`` per line); for each id the
    dataset reads ``<data_root>/<label>/<video_id>.csv`` and points the
    pipeline at ``<data_root>/<video>/<video_id>.mp4`` (``media='video'``,
    decode with mmaction2's ``DecordInit``/``DecordDecode``) or at the frame
    folder ``<data_root>/<frames>/<video_id>/`` (``media='frames'``, decode
    with ``RawFrameDecode``). Example::

        data/synthetic/splits/train.txt      s00/v00
                                             s00/v01
        data/synthetic/videos/s00/v00.mp4
        data/synthetic/labels/s00/v00.csv    frame,time,arousal,valence,valid
                                             0,0.0000,0.120000,-0.310000,1

    Each item carries ``video_id``, ``filename`` or ``frame_dir``,
    ``total_frames``, ``fps``, ``gt_va`` ``(T, 2)`` float32 (arousal, valence,
    clipped to [-1, 1]) and ``frame_mask`` ``(T,)`` bool. Segment sampling
    (training) and whole-video evaluation are done by ``SampleVASegment``.

    Args:
        ann_file: split file.
        pipeline: transforms.
        data_root: dataset root.
        data_prefix: folders under ``data_root`` for ``video`` (or
            ``frames``) and ``label``. With ``media='frames'`` and no
            ``frames`` key the frames are read from ``<data_root>/frames``
            (the canonical layout), never from the ``video`` folder.
        media: ``'video'`` or ``'frames'``.
        video_ext: extension of video files.
        filename_tmpl: frame file names (1-based) for ``media='frames'``.
        min_valid_frames: videos with fewer valid frames are skipped (and
            reported), e.g. a video where no face was found.
        test_mode: evaluation mode.
        check_videos: when built, compare every video's frame count
            (container header, see :mod:`.video_check`) with its labels and
            raise one error listing all that differ by more than the
            pipeline's ``SampleVASegment.max_length_mismatch`` (0.05 without
            one) or cannot be read (``media='video'``).
    """

    def __init__(self,
                 ann_file: str,
                 pipeline: List[Union[dict, Callable]],
                 data_root: str = '',
                 data_prefix: dict = dict(video='videos', label='labels'),
                 media: str = 'video',
                 video_ext: str = '.mp4',
                 filename_tmpl: str = '{:05d}.png',
                 min_valid_frames: int = 2,
                 test_mode: bool = False,
                 check_videos: bool = True,
                 **kwargs) -> None:
        if media not in ('video', 'frames'):
            raise ValueError(f"media must be 'video' or 'frames', got {media!r}")
        self.media = media
        self.video_ext = video_ext
        self.filename_tmpl = filename_tmpl
        self.min_valid_frames = min_valid_frames
        self.check_videos = check_videos
        self.skipped: List[Tuple[str, str]] = []
        # frame files are 1-based (00001.png); decoded videos are 0-based
        kwargs.setdefault('start_index', 1 if media == 'frames' else 0)
        keep_unserialised(kwargs)
        super().__init__(ann_file, pipeline=pipeline, data_root=data_root,
                         data_prefix=data_prefix, test_mode=test_mode,
                         modality='RGB', **kwargs)

    def load_data_list(self) -> List[dict]:
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'split file not found: {self.ann_file}')
        if self.media == 'video':
            media_dir = self.data_prefix.get('video', '')
        else:
            # <data_root>/frames/<id>/ unless data_prefix names the folder
            media_dir = self.data_prefix.get('frames') or osp.join(
                self.data_root, DatasetLayout.FRAMES)
        label_dir = self.data_prefix['label']
        data_list = []
        for vid in read_split(self.ann_file):
            label_path = osp.join(label_dir, vid + '.csv')
            if not osp.isfile(label_path):
                raise FileNotFoundError(
                    f'{self.ann_file}: video {vid!r} has no label file '
                    f'{label_path}')
            ann = read_va_csv(label_path)
            info = dict(video_id=vid, label_file=label_path,
                        total_frames=len(ann), fps=ann.fps,
                        gt_va=np.clip(ann.va, -1.0, 1.0),
                        frame_mask=ann.valid)
            if self.media == 'video':
                info['filename'] = osp.join(media_dir, vid + self.video_ext)
                if not osp.isfile(info['filename']):
                    raise FileNotFoundError(
                        f'{self.ann_file}: video {vid!r} not found at '
                        f"{info['filename']}")
            else:
                info.update(frame_dir=osp.join(media_dir, vid),
                            filename_tmpl=self.filename_tmpl, offset=0)
                if not osp.isdir(info['frame_dir']):
                    raise FileNotFoundError(
                        f'{self.ann_file}: frame folder of {vid!r} not found '
                        f"at {info['frame_dir']}")
            n_valid = int(ann.valid.sum())
            if n_valid < self.min_valid_frames:
                self.skipped.append((vid, f'{n_valid} valid frames'))
                continue
            data_list.append(info)
        finish_data_list(
            self.ann_file, data_list, self.skipped, 'videos with fewer than '
            f'{self.min_valid_frames} valid frames')
        if self.check_videos and self.media == 'video':
            check_video_lengths(data_list, self._length_tolerance(),
                                self.ann_file)
        return data_list

    def _length_tolerance(self) -> float:
        """``max_length_mismatch`` of the pipeline's ``SampleVASegment``."""
        for t in getattr(self.pipeline, 'transforms', []):
            if hasattr(t, 'max_length_mismatch'):
                return float(t.max_length_mismatch)
        return 0.05

    def get_frame_labels(self, indices: Optional[Sequence[int]] = None
                         ) -> Tuple[np.ndarray, np.ndarray]:
        """All frame labels of the given videos: ``(F, 2)`` va, ``(F,)`` valid.

        Used to fit the nCCE k-means centroids on the training labels.
        """
        if indices is None:
            indices = range(len(self))
        infos = [self.get_data_info(i) for i in indices]
        if not infos:
            return np.zeros((0, 2), np.float32), np.zeros((0, ), bool)
        return (np.concatenate([i['gt_va'] for i in infos]).astype(np.float32),
                np.concatenate([i['frame_mask'] for i in infos]))
