"""Readers of real emotion datasets' released annotation files.

Each reader names the file and line of a problem. Aligning the labels to
the video frames and writing the canonical layout is offline data
preparation: :mod:`mmaction_vaerr.dataprep.convert`.
"""
from ._parsing import AnnotationFormatError
from .afew_va import read_afew_va_json
from .affwild2_expr_au import (read_affwild2_au_txt, read_affwild2_expr_txt,
                               write_affwild2_au_txt,
                               write_affwild2_expr_txt)
from .affwild2 import (AFFWILD2_INVALID, face_mask, list_cropped_frames,
                       read_affwild2, read_affwild2_txt)
from .clip_names import ClipName, parse_crema_d_name, parse_ravdess_name
from .recola import combine_recola, read_recola, read_recola_arff
from .resample import label_period, num_label_frames, resample_to_frames
from .sewa import read_sewa_csv
from .track import LabelTrack

__all__ = [
    'AnnotationFormatError', 'read_afew_va_json', 'AFFWILD2_INVALID',
    'face_mask', 'list_cropped_frames', 'read_affwild2', 'read_affwild2_txt',
    'combine_recola', 'read_recola', 'read_recola_arff',
    'label_period', 'num_label_frames', 'resample_to_frames',
    'read_sewa_csv', 'LabelTrack',
    'read_affwild2_au_txt', 'read_affwild2_expr_txt',
    'write_affwild2_au_txt', 'write_affwild2_expr_txt', 'ClipName',
    'parse_crema_d_name', 'parse_ravdess_name'
]
