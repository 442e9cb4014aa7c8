"""Readers and converters of real emotion datasets' annotations.

Each dataset's released files are read with file/line error messages, then
aligned to video frames and written in the canonical layout of
:mod:`mmaction_vaerr.datasets.va_annotation`.
"""
from ._parsing import AnnotationFormatError
from .afew_va import read_afew_va_json
from .affwild2_expr_au import (read_affwild2_au_txt, read_affwild2_expr_txt,
                               write_affwild2_au_txt,
                               write_affwild2_expr_txt)
from .affwild2 import (AFFWILD2_INVALID, face_mask, list_cropped_frames,
                       read_affwild2, read_affwild2_txt)
from .clip_names import ClipName, parse_crema_d_name, parse_ravdess_name
from .alignment_policy import FrameCountPolicy, fit_length
from .convert import (convert_afew_va, convert_affwild2, convert_recola,
                      convert_sewa, resolve_video)
from .frames import frame_path, write_frame_folder
from .recola import combine_recola, read_recola, read_recola_arff
from .resample import label_period, num_label_frames, resample_to_frames
from .sewa import read_sewa_csv
from .track import LabelTrack

__all__ = [
    'AnnotationFormatError', 'read_afew_va_json', 'AFFWILD2_INVALID',
    'face_mask', 'list_cropped_frames', 'read_affwild2', 'read_affwild2_txt',
    'FrameCountPolicy', 'fit_length', 'convert_afew_va', 'convert_affwild2',
    'convert_recola', 'convert_sewa', 'resolve_video', 'frame_path',
    'write_frame_folder', 'combine_recola', 'read_recola', 'read_recola_arff',
    'label_period', 'num_label_frames', 'resample_to_frames',
    'read_sewa_csv', 'LabelTrack',
    'read_affwild2_au_txt', 'read_affwild2_expr_txt',
    'write_affwild2_au_txt', 'write_affwild2_expr_txt', 'ClipName',
    'parse_crema_d_name', 'parse_ravdess_name'
]
