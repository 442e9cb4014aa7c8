"""Offline data preparation: what runs once before training, never inside
the Runner.

- :mod:`.convert` / :mod:`.convert_frames`: released annotations (SEWA,
  RECOLA / Aff-Wild2, AFEW-VA)
  aligned to the video frames and written in the canonical layout
  (:class:`mmaction_vaerr.io.DatasetLayout`), with the frame-count policy
  (:mod:`.alignment_policy`) and the overwrite guard
  (:mod:`.convert_outputs`).
- :mod:`.splits`: subject-disjoint split files.
- :mod:`.stats`: dataset pixel mean/std for the data preprocessor.
- :mod:`.quadrant_list`: mmaction2 ``VideoDataset`` lists of VA quadrants.
- :mod:`.synthetic`: the cartoon face set with known arousal/valence.
- :mod:`.realface`: real face photos animated by known arousal/valence.

The file-format readers these use stay in
:mod:`mmaction_vaerr.datasets.annotations` (the runtime datasets read
Aff-Wild2 files too), and the output framings that the real-face set and
the runtime ``ReframeFace`` share in
:mod:`mmaction_vaerr.preprocessing.framing`. The two generators are not
imported here, only where they are used
(``from mmaction_vaerr.dataprep.synthetic import ...``).
"""
from .alignment_policy import FrameCountPolicy, fit_length
from .convert import convert_recola, convert_sewa, resolve_video
from .convert_frames import convert_afew_va, convert_affwild2
from .frames import frame_path, write_frame_folder
from .quadrant_list import quadrant_counts, write_quadrant_list

__all__ = [
    'FrameCountPolicy', 'convert_afew_va', 'convert_affwild2',
    'convert_recola', 'convert_sewa', 'fit_length', 'frame_path',
    'quadrant_counts', 'resolve_video', 'write_frame_folder',
    'write_quadrant_list'
]
