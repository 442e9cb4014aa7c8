"""What every dataset of the package does at the end of ``load_data_list``:
report the videos it left out (once, with the reasons of the first ten) and
refuse to build with none left."""
from __future__ import annotations

from typing import List, Sequence

from mmengine.logging import MMLogger


def finish_data_list(ann_file: str, data_list: List[dict],
                     skipped: Sequence[tuple],
                     what: str = 'videos') -> List[dict]:
    """Warn about ``skipped`` ``(video_id, reason)`` pairs and return
    ``data_list``.

    Args:
        ann_file: the split file (named in the message).
        data_list: the samples kept.
        skipped: the videos left out, with why.
        what: how the message names them (``'videos'``, or e.g.
            ``'videos with fewer than 5 valid frames'``).

    Raises:
        ValueError: ``data_list`` is empty (names ``ann_file``).
    """
    if skipped:
        MMLogger.get_current_instance().warning(
            f'{ann_file}: skipped {len(skipped)} {what}: {list(skipped[:10])}')
    if not data_list:
        raise ValueError(f'{ann_file}: no usable video')
    return data_list
