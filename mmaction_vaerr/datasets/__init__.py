from .transforms import *  # noqa: F401,F403
from .va_annotation import (DIMS, VAAnnotation, read_split, read_va_csv,
                            write_split, write_va_csv)
from .clip_emotion_dataset import ClipEmotionDataset, class_names
from .frame_label_dataset import FrameLabelDataset
from .affwild2_dataset import AffWild2VADataset
from .unlabelled_video_dataset import UnlabelledVideoDataset
from .va_video_dataset import VAVideoDataset

__all__ = [
    'AffWild2VADataset',
    'DIMS', 'VAAnnotation', 'read_split', 'read_va_csv', 'write_split',
    'write_va_csv', 'ClipEmotionDataset', 'FrameLabelDataset',
    'UnlabelledVideoDataset', 'VAVideoDataset', 'class_names'
]
