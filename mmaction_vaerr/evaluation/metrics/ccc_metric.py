"""CCC / PCC / RMSE of per-frame arousal and valence over whole videos.

The headline figure of SS-VAERR (Jegorova et al., FG 2023,
https://arxiv.org/abs/2210.11341) and the AVEC challenges is the CCC of
each dimension on the concatenation of all test videos at frame level.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any, Dict, List, Mapping, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from mmaction.registry import METRICS
from ..functional import ccc, pcc, rmse


def _np(value: Any) -> np.ndarray:
    if hasattr(value, 'detach'):
        value = value.detach().cpu().numpy()
    return np.asarray(value)


@METRICS.register_module()
class CCCMetric(BaseMetric):
    """Frame-level CCC, PCC and RMSE per dimension on concatenated videos.

    Each data sample (a dict, as mmengine passes data elements through
    ``to_dict``) carries ``pred_va`` (T, D), ``gt_va`` (T, D),
    ``frame_mask`` (T,) bool (False = unlabelled frame), ``video_id`` and
    optionally ``frame_inds`` (T,) absolute frame indices (default
    ``arange(T)``). Samples are grouped by ``video_id``; a frame predicted
    more than once (overlapping segments, or a sample repeated by a
    distributed sampler) is counted once with the average prediction of its
    labelled copies; frames are sorted and the valid frames of all videos
    concatenated. A masked copy never reaches the metric: the padding of a
    video shorter than its labels (``SampleVASegment`` repeats the last
    frame index, masked) is not averaged into the last real frame.

    Results (prefix ``va/``): ``ccc_<dim>``, ``pcc_<dim>``, ``rmse_<dim>``,
    ``ccc_mean`` on the concatenation, and ``video_ccc_<dim>``,
    ``video_ccc_mean``: the mean of per-video CCC over videos with at least
    2 valid frames (usually much lower than the concatenated CCC).

    Statistics are population (1/N) moments; the AVEC baseline form
    ``2 * corrcoef * std * std / (...)`` is mathematically identical, the
    unbiased (1/(N-1)) form differs by O(1/N) (see
    :mod:`mmaction_vaerr.evaluation.functional`). Constant predictions give
    CCC 0 and PCC 0. A non-finite prediction (NaN, inf: a diverged model) on
    a labelled frame is never scored as a number: with ``nonfinite='nan'``
    every metric of the affected dimension (and the means) is NaN and an
    error is logged naming the videos; mmengine's ``CheckpointHook``
    compares scores with ``>``/``<``, so a NaN is never the best checkpoint
    (``EarlyStoppingHook`` stops on it). ``nonfinite='error'`` raises.

    Args:
        dim_names: names of the D label dimensions, in order.
        collect_device: ``'cpu'`` or ``'gpu'`` for collecting results.
        prefix: metric name prefix (default ``'va'``).
        collect_dir: shared folder for ``collect_device='cpu'`` in
            distributed runs (mmengine's default is ``./.dist_test``).
        nonfinite: ``'nan'`` (NaN metrics and a logged error) or
            ``'error'`` (raise ``ValueError``) for NaN/inf predictions on
            labelled frames.
    """
    default_prefix: Optional[str] = 'va'

    def __init__(self,
                 dim_names: Sequence[str] = ('arousal', 'valence'),
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None,
                 collect_dir: Optional[str] = None,
                 nonfinite: str = 'nan') -> None:
        super().__init__(collect_device=collect_device, prefix=prefix,
                         collect_dir=collect_dir)
        if nonfinite not in ('nan', 'error'):
            raise ValueError(f"nonfinite must be 'nan' or 'error', got "
                             f'{nonfinite!r}')
        self.dim_names = tuple(dim_names)
        self.nonfinite = nonfinite

    def process(self, data_batch: Any,
                data_samples: Sequence[Mapping]) -> None:
        """Store numpy copies of each sample's predictions and labels."""
        for sample in data_samples:
            if hasattr(sample, 'to_dict'):
                sample = sample.to_dict()
            missing = [k for k in ('pred_va', 'gt_va', 'video_id')
                       if k not in sample]
            if missing:
                raise KeyError(f'CCCMetric: data sample lacks {missing}; '
                               f'it has {sorted(sample)}')
            pred = _np(sample['pred_va']).astype(np.float64)
            gt = _np(sample['gt_va']).astype(np.float64)
            num = pred.shape[0]
            if pred.shape != gt.shape or pred.ndim != 2 or \
                    pred.shape[1] != len(self.dim_names):
                raise ValueError(
                    f'pred_va {pred.shape} and gt_va {gt.shape} must both be '
                    f'(T, {len(self.dim_names)}) for video '
                    f"{sample.get('video_id')!r}")
            mask = _np(sample.get('frame_mask', np.ones(num, bool)))
            inds = _np(sample.get('frame_inds', np.arange(num)))
            if mask.shape != (num, ) or inds.shape != (num, ):
                raise ValueError(
                    f'frame_mask {mask.shape} and frame_inds {inds.shape} '
                    f'must be ({num},) for video {sample.get("video_id")!r}')
            self.results.append(
                dict(video_id=str(sample['video_id']), pred=pred, gt=gt,
                     mask=mask.astype(bool), inds=inds.astype(np.int64)))

    @staticmethod
    def merge_video(parts: List[dict]):
        """Merge one video's samples into sorted unique frames.

        Returns ``(pred, gt)`` of the valid frames, each (F, D): the
        prediction and the label are averaged over the valid (unmasked)
        copies of a frame; a frame is valid if any copy is valid and its
        label is finite.
        """
        inds = np.concatenate([p['inds'] for p in parts])
        pred = np.concatenate([p['pred'] for p in parts])
        gt = np.concatenate([p['gt'] for p in parts])
        mask = np.concatenate([p['mask'] for p in parts])
        frames, inverse = np.unique(inds, return_inverse=True)
        n = frames.size
        pred_sum = np.zeros((n, pred.shape[1]))
        np.add.at(pred_sum, inverse[mask], pred[mask])
        gt_sum = np.zeros((n, gt.shape[1]))
        np.add.at(gt_sum, inverse[mask], gt[mask])
        cnt = np.bincount(inverse[mask], minlength=n)
        valid = cnt > 0
        pred_m = pred_sum[valid] / cnt[valid, None]
        gt_m = gt_sum[valid] / cnt[valid, None]
        finite = np.isfinite(gt_m).all(1)
        return pred_m[finite], gt_m[finite]

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Merge per video, concatenate and compute the metrics."""
        if len(results) == 0:
            raise ValueError('CCCMetric got no results to evaluate')
        by_video = defaultdict(list)
        for res in results:
            by_video[res['video_id']].append(res)
        merged = [self.merge_video(by_video[v]) for v in sorted(by_video)]
        pred = np.concatenate([m[0] for m in merged])
        gt = np.concatenate([m[1] for m in merged])
        if pred.shape[0] == 0:
            raise ValueError('CCCMetric: no valid (labelled) frame in '
                             f'{len(by_video)} videos')

        self._check_finite(sorted(by_video), merged)

        metrics: Dict[str, float] = {}
        for d, name in enumerate(self.dim_names):
            for key, fn in (('ccc', ccc), ('pcc', pcc), ('rmse', rmse)):
                metrics[f'{key}_{name}'] = _score(fn, pred[:, d], gt[:, d])
        metrics['ccc_mean'] = float(
            np.mean([metrics[f'ccc_{n}'] for n in self.dim_names]))

        usable = [m for m in merged if m[0].shape[0] >= 2]
        if not usable:
            print_log('CCCMetric: no video has 2 valid frames; per-video CCC'
                      ' is NaN', logger='current', level=30)
        for d, name in enumerate(self.dim_names):
            per_video = [_score(ccc, p[:, d], g[:, d]) for p, g in usable]
            metrics[f'video_ccc_{name}'] = float(
                np.mean(per_video)) if per_video else float('nan')
        metrics['video_ccc_mean'] = float(
            np.mean([metrics[f'video_ccc_{n}'] for n in self.dim_names]))
        return metrics

    def _check_finite(self, video_ids: List[str], merged: List[tuple]) -> None:
        """Name the videos with NaN/inf predictions on labelled frames."""
        bad = [(vid, int((~np.isfinite(p)).any(1).sum()), len(p))
               for vid, (p, _) in zip(video_ids, merged)
               if not np.isfinite(p).all()]
        if not bad:
            return
        listed = ', '.join(f'{vid!r}: {k} labelled frame(s) of {n}'
                           for vid, k, n in bad[:20])
        more = f' and {len(bad) - 20} more' if len(bad) > 20 else ''
        msg = (f'CCCMetric: non-finite (NaN/inf) predictions in '
               f'{len(bad)} of {len(video_ids)} videos ({listed}{more}); '
               'the model has probably diverged')
        if self.nonfinite == 'error':
            raise ValueError(msg)
        print_log(msg + '. The metrics of the affected dimensions are NaN.',
                  logger='current', level=logging.ERROR)


def _score(fn, x: np.ndarray, y: np.ndarray) -> float:
    """``fn(x, y)``, or NaN when a prediction is not finite (logged)."""
    return fn(x, y) if np.isfinite(x).all() else float('nan')
