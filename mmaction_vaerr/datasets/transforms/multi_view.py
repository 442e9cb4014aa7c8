"""Several independently augmented views of one decoded clip."""
from __future__ import annotations

import copy
from typing import List, Sequence, Union

from mmcv.transforms import BaseTransform, Compose

from mmaction.registry import TRANSFORMS
from ._clip import get_clip


@TRANSFORMS.register_module()
class MultiView(BaseTransform):
    """Run sub-pipelines on copies of the clip and collect the views.

    ``transforms[i]`` is applied ``num_views[i]`` times, each time to a fresh
    copy of the results dict (so random draws differ between views and the
    frames are shared: every view covers the same time window). The views'
    frame lists are stored in order: all views of pipeline 0, then of
    pipeline 1, ... E.g. BYOL: two pipelines x 1 view; DINO: two global
    pipelines x 1 view, then one local pipeline x ``n`` views (global views
    first, as :class:`~mmaction_vaerr.models.selfsup.DINO` expects).
    (mmcv 2.1's ``mmcv.transforms`` has no multi-view wrapper; the idea
    follows mmpretrain's ``MultiView``.)

    Required Keys: ``imgs`` (T uint8 frames of the decoded clip).

    Added Keys: ``views`` (list of views, each a list of T frames).

    Args:
        transforms: one list of transform configs (or callables) per
            sub-pipeline.
        num_views: views per sub-pipeline (an int applies to all).
    """

    def __init__(self, transforms: Sequence[Sequence[Union[dict, object]]],
                 num_views: Union[int, Sequence[int]] = 1) -> None:
        if not transforms or not all(isinstance(t, (list, tuple))
                                     for t in transforms):
            raise TypeError('transforms must be a non-empty list of '
                            'transform lists (one per sub-pipeline)')
        if isinstance(num_views, int):
            num_views = [num_views] * len(transforms)
        num_views = list(num_views)
        if len(num_views) != len(transforms) or min(num_views) < 0 or \
                sum(num_views) == 0:
            raise ValueError(f'num_views {num_views} must give a count >= 0 '
                             f'for each of the {len(transforms)} '
                             'sub-pipelines, at least one view in total')
        self.pipelines = [Compose(list(t)) for t in transforms]
        self.num_views = num_views

    def transform(self, results: dict) -> dict:
        get_clip(results, type(self).__name__)
        views: List[list] = []
        for pipeline, n in zip(self.pipelines, self.num_views):
            for _ in range(n):
                out = pipeline(copy.deepcopy(results))
                if out is None:
                    raise RuntimeError(f'{type(self).__name__}: a '
                                       'sub-pipeline returned None')
                views.append(get_clip(out, type(self).__name__))
        results['views'] = views
        return results

    def __repr__(self) -> str:
        subs = ', '.join(f'{n} x {p}' for p, n in
                         zip(self.pipelines, self.num_views))
        return f'{type(self).__name__}([{subs}])'
