"""Affine output calibration of arousal/valence, fitted on validation.

A regressor trained with an MSE or CCC loss often predicts the right
ordering of frames with the wrong spread: over-dispersed (the CCC loss
alone rewards a large variance early in training) or shrunk towards the
mean (MSE). The concordance correlation coefficient (Lin, 1989,
https://doi.org/10.2307/2532051)

    CCC = 2 rho s_p s_g / (s_p^2 + s_g^2 + (m_p - m_g)^2)

penalises both. An increasing affine map ``y' = a + b y`` leaves the
correlation ``rho`` unchanged, and for a fixed ``rho`` the CCC is largest
when ``m_p = m_g`` and ``s_p = s_g`` (the derivative of
``2 s s_g / (s^2 + s_g^2)`` in ``s`` vanishes at ``s = s_g``). So the map
that matches the predictions' mean and standard deviation to the labels' on
held-out data is the CCC-optimal affine correction. It is the centring and
scaling steps of the post-processing chain of the AVEC baselines (Ringeval
et al., "Prediction of asynchronous dimensional emotion ratings from
audiovisual and physiological data", Pattern Recognition Letters 2015,
https://doi.org/10.1016/j.patrec.2014.11.007), fitted on the development
partition and applied unchanged to the test one.

:func:`fit_va_calibration` fits it on validation samples; a VA head applies
it in eval mode (``BaseVAHead.set_calibration``), so that the calibrated
checkpoint carries it to ``tools/test.py``, the API, the demo and streaming.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Sequence

import numpy as np

from .metrics._samples import frame_fields

DIMS = ('arousal', 'valence')


@dataclass
class VACalibration:
    """Per-dimension ``y' = shift + scale * y`` and what it was fitted on.

    Args:
        scale: one factor a dimension (> 0: the ordering is kept).
        shift: one offset a dimension.
        stats: the fit's frames and the predictions' / labels' moments.
    """
    scale: List[float]
    shift: List[float]
    stats: Dict = field(default_factory=dict)

    def apply(self, pred: np.ndarray) -> np.ndarray:
        """Calibrate ``(T, D)`` predictions (numpy; the head does the same
        in torch)."""
        return np.asarray(pred) * np.asarray(self.scale) + \
            np.asarray(self.shift)

    def to_dict(self) -> Dict:
        return asdict(self)


def fit_va_calibration(samples: Sequence[dict], min_frames: int = 50,
                       max_scale: float = 4.0) -> VACalibration:
    """Match the predictions' mean and sd to the labels' on valid frames.

    Args:
        samples: predictions with labels (``pred_va``, ``gt_va``,
            ``frame_mask``), e.g. ``tools/test.py --dump`` of the
            validation split; all videos are pooled, as the frame-level
            CCC pools them.
        min_frames: fewer valid frames than this is an error (a fit on a
            handful of frames would move the test result by chance).
        max_scale: the scale is kept within ``[1 / max_scale, max_scale]``
            (a near-constant prediction would otherwise be blown up).

    Raises:
        ValueError: too few valid frames, or a dimension whose predictions
            or labels are constant on them.
    """
    preds, gts = [], []
    for s in samples:
        f = frame_fields(s, ('pred_va', 'gt_va'), 'VA calibration')
        pred, gt = (f[k].reshape(len(f['mask']), -1).astype(np.float64)
                    for k in ('pred_va', 'gt_va'))
        ok = f['mask'] & np.isfinite(pred).all(1) & np.isfinite(gt).all(1)
        preds.append(pred[ok])
        gts.append(gt[ok])
    pred = np.concatenate(preds) if preds else np.zeros((0, len(DIMS)))
    gt = np.concatenate(gts) if gts else np.zeros((0, len(DIMS)))
    if len(pred) < min_frames:
        raise ValueError(f'calibration needs at least {min_frames} valid '
                         f'frames, got {len(pred)}')
    pm, ps = pred.mean(0), pred.std(0)
    gm, gs = gt.mean(0), gt.std(0)
    for d, name in enumerate(DIMS[:pred.shape[1]]):
        if ps[d] < 1e-6 or gs[d] < 1e-6:
            raise ValueError(f'{name}: constant predictions (sd {ps[d]:.2g})'
                             f' or labels (sd {gs[d]:.2g}) on the '
                             'calibration frames; nothing to fit')
    scale = np.clip(gs / ps, 1.0 / max_scale, max_scale)
    shift = gm - scale * pm
    stats = dict(frames=int(len(pred)), videos=len(preds),
                 pred_mean=pm.tolist(), pred_sd=ps.tolist(),
                 gt_mean=gm.tolist(), gt_sd=gs.tolist())
    return VACalibration(scale.tolist(), shift.tolist(), stats)
