import numpy as np
import torch

from mmaction_vaerr.evaluation import (format_comparison, format_metrics,
                                       score_samples)


def _sample(vid, pred, gt):
    return dict(video_id=vid, pred_va=torch.tensor(pred, dtype=torch.float32),
                gt_va=torch.tensor(gt, dtype=torch.float32),
                frame_mask=torch.ones(len(gt), dtype=torch.bool))


def test_score_and_tables():
    t = np.linspace(-1, 1, 50)
    gt = np.stack([t, -t], 1)
    res = score_samples([_sample('a', gt, gt), _sample('b', gt * 0.5, gt)])
    # video a perfect (CCC 1); video b halved: 2*0.5*v/(v + 0.25 v) = 0.8
    assert abs(res['video_ccc_arousal'] - 0.9) < 1e-6
    table = format_metrics(res)
    assert 'arousal' in table and f"{res['ccc_mean']:7.3f}" in table
    row = dict(name='scratch', **res)
    assert format_comparison([row]).splitlines()[-1].startswith('scratch')
