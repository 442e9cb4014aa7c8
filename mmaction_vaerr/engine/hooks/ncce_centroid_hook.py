"""Fill nCCE's k-means centroids from the training labels before training.

nCCE (Jegorova et al., FG 2023, https://arxiv.org/abs/2210.11341) needs
class centroids from k-means on the training labels; see
:mod:`mmaction_vaerr.models.losses.ncce_loss` for the interpretation.
"""
from __future__ import annotations

from typing import List, Tuple

import numpy as np
import torch
from mmengine.dist import get_dist_info
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmaction.registry import HOOKS
from mmaction_vaerr.models.losses.kmeans import compute_va_centroids


def _frame_labels(dataset, rank: int,
                  world_size: int) -> Tuple[np.ndarray, np.ndarray]:
    """This rank's share of the frame labels of ``dataset``.

    A dataset with ``get_frame_labels(indices)`` gives the labels of the
    videos ``range(rank, len(dataset), world_size)``; mmengine's
    ``ConcatDataset`` (``.datasets``) and wrappers such as
    ``RepeatDataset`` (``.dataset``; repetition does not change k-means)
    are unwrapped.
    """
    if hasattr(dataset, 'get_frame_labels'):
        indices = list(range(rank, len(dataset), world_size))
        if not indices:  # more ranks than videos: still join the k-means
            return np.zeros((0, 2), np.float32), np.zeros(0, bool)
        va, valid = dataset.get_frame_labels(indices)
        va = np.asarray(va, dtype=np.float32)
        valid = np.asarray(valid, dtype=bool).reshape(-1)
        if va.ndim != 2 or va.shape[0] != valid.shape[0]:
            raise ValueError(
                f'{type(dataset).__name__}.get_frame_labels must return va '
                f'(F, D) and valid (F,), got {va.shape} and {valid.shape}')
        return va, valid
    if hasattr(dataset, 'datasets'):
        parts = [_frame_labels(d, rank, world_size) for d in dataset.datasets]
        return (np.concatenate([p[0] for p in parts]),
                np.concatenate([p[1] for p in parts]))
    if hasattr(dataset, 'dataset'):
        return _frame_labels(dataset.dataset, rank, world_size)
    raise TypeError(
        f'NCCECentroidHook: the training dataset {type(dataset).__name__} '
        'has no get_frame_labels(indices) method (nor wraps one that has)')


@HOOKS.register_module()
class NCCECentroidHook(Hook):
    """Compute nCCE centroids from the training labels in ``before_train``.

    Every module of ``runner.model`` with ``needs_centroids()`` returning
    True (e.g. :class:`NCCELoss` inside a head's composite loss) gets the
    per-dimension k-means centroids of the training labels through
    ``set_centroids``. Each rank reads the labels of every
    ``world_size``-th video and the k-means all-reduces its statistics, so
    every rank gets the same centroids.

    Resume: mmengine's ``Runner.train`` calls ``load_or_resume()`` before
    the train loop fires ``before_train``, so a resumed (or ``load_from``)
    checkpoint has already restored the persistent ``centroids`` and
    ``centroids_ready`` buffers; such modules report ``needs_centroids()``
    False and are left as saved. Set ``force=True`` to recompute anyway
    (e.g. after ``load_from`` a model fine-tuned on another dataset).

    Args:
        force: recompute even for modules whose centroids are ready.
        iters: maximum number of Lloyd iterations.
    """
    priority = 'VERY_HIGH'

    def __init__(self, force: bool = False, iters: int = 50) -> None:
        self.force = force
        self.iters = iters

    def _targets(self, model) -> List[torch.nn.Module]:
        if is_model_wrapper(model):
            model = model.module
        found = []
        for module in model.modules():
            needs = getattr(module, 'needs_centroids', None)
            if callable(needs) and hasattr(module, 'set_centroids') and (
                    self.force or needs()):
                found.append(module)
        return found

    def before_train(self, runner) -> None:
        """Set the centroids of every module that needs them."""
        targets = self._targets(runner.model)
        if not targets:
            return
        rank, world_size = get_dist_info()
        va, valid = _frame_labels(runner.train_dataloader.dataset, rank,
                                  world_size)
        cache = {}
        for module in targets:
            num_bins = int(getattr(module, 'num_bins', 20))
            if num_bins not in cache:  # same k-means for every module
                cache[num_bins] = compute_va_centroids(
                    va, valid, num_bins=num_bins, iters=self.iters)
            centroids = cache[num_bins]
            module.set_centroids(centroids)
            with np.printoptions(precision=4, suppress=True):
                runner.logger.info(
                    f'NCCECentroidHook: k-means centroids (per dimension) '
                    f'for {type(module).__name__}:\n{centroids.numpy()}')
