from .transforms import *  # noqa: F401,F403
from .transforms.pack_va_inputs import PackVAInputs
from .transforms.sample_segment import SampleVASegment
from .va_annotation import (DIMS, VAAnnotation, read_split, read_va_csv,
                            write_split, write_va_csv)
from .va_video_dataset import VAVideoDataset

__all__ = [
    'DIMS', 'VAAnnotation', 'read_split', 'read_va_csv', 'write_split',
    'write_va_csv', 'VAVideoDataset', 'PackVAInputs', 'SampleVASegment'
]
