"""Where the held-out error comes from: per subject and per person.

The pooled test CCC (all test videos concatenated, what the README reports)
punishes a level offset per person as much as missed changes. This tool
splits a prediction dump (``tools/test.py --dump``, e.g. the main job's
``work_dirs/quickstart/test_predictions.pkl``) by subject (the first part
of ``video_id``) and, with a real-face ``meta.json``, by photographed
person. Per group it prints the frames, the mean offset (prediction minus
label) per dimension, the CCC within the group, the group's share of the
squared error, and the pooled CCC of the test set without that group.
Morph subjects are counted under each of their two persons.

Example::

    python tools/analysis/person_errors.py \\
        work_dirs/quickstart/test_predictions.pkl --meta data/realface/meta.json
"""
from __future__ import annotations

import argparse
import json
from collections import OrderedDict
from typing import Dict, List, Optional, Sequence

import numpy as np

from mmaction_vaerr.evaluation.functional import ccc_per_dim
from mmaction_vaerr.io import load_dump

DIMS = ('arousal', 'valence')


def _frames(sample: dict):
    pred, gt = np.asarray(sample['pred_va'], np.float64), \
        np.asarray(sample['gt_va'], np.float64)
    mask = np.asarray(sample.get('frame_mask', np.ones(len(gt)))) > 0
    return pred[mask], gt[mask]


def _ccc(pred: np.ndarray, gt: np.ndarray) -> List[float]:
    return [float(v) for v in ccc_per_dim(pred, gt, DIMS).values()]


def group_errors(samples: Sequence[dict],
                 groups: Dict[str, List[str]]) -> List[dict]:
    """One row per group of ``groups`` (name -> video ids), in order.

    Each row: ``frames``, ``offset`` (mean prediction - label per
    dimension), ``ccc`` (within the group), ``sq_error_share`` (the
    group's part of the summed squared error, per dimension) and
    ``pooled_ccc_without`` (the pooled CCC of the other groups' videos).
    """
    by_id = {s['video_id']: _frames(s) for s in samples}
    pred = np.concatenate([p for p, _ in by_id.values()])
    gt = np.concatenate([g for _, g in by_id.values()])
    total = ((pred - gt) ** 2).sum(0)
    rows = []
    for name, ids in groups.items():
        p = np.concatenate([by_id[i][0] for i in ids])
        g = np.concatenate([by_id[i][1] for i in ids])
        sq = ((p - g) ** 2).sum(0)
        rest = [v for k, v in by_id.items() if k not in set(ids)]
        row = dict(group=name, videos=len(ids), frames=int(len(g)),
                   offset=(p - g).mean(0).round(3).tolist(),
                   ccc=np.round(_ccc(p, g), 3).tolist(),
                   sq_error_share=np.divide(
                       sq, total, out=np.zeros_like(sq), where=total > 0)
                   .round(3).tolist())
        if rest:
            row['pooled_ccc_without'] = np.round(_ccc(
                np.concatenate([r[0] for r in rest]),
                np.concatenate([r[1] for r in rest])), 3).tolist()
        rows.append(row)
    return rows


def subject_groups(samples: Sequence[dict]) -> Dict[str, List[str]]:
    out: Dict[str, List[str]] = OrderedDict()
    for s in samples:
        out.setdefault(s['video_id'].split('/')[0], []).append(s['video_id'])
    return out


def person_groups(samples: Sequence[dict], meta: dict
                  ) -> Dict[str, List[str]]:
    """Person -> video ids, from a real-face ``meta.json``'s subjects."""
    subjects = meta.get('subjects', {})
    out: Dict[str, List[str]] = OrderedDict()
    for s in samples:
        sub = s['video_id'].split('/')[0]
        for person in subjects.get(sub, {}).get('persons', [sub]):
            out.setdefault(person, []).append(s['video_id'])
    return dict(sorted(out.items()))


def format_rows(rows: Sequence[dict], title: str) -> str:
    lines = [title, f"{'group':10s} {'videos':>6s} {'frames':>6s} "
             f"{'offset a/v':>13s} {'CCC a/v':>13s} {'sq.err a/v':>11s} "
             f"{'pooled CCC without a/v':>22s}"]
    for r in rows:
        w = r.get('pooled_ccc_without', [float('nan')] * 2)
        lines.append(
            f"{r['group']:10s} {r['videos']:6d} {r['frames']:6d} "
            f"{r['offset'][0]:+6.2f} {r['offset'][1]:+6.2f} "
            f"{r['ccc'][0]:6.3f} {r['ccc'][1]:6.3f} "
            f"{r['sq_error_share'][0]:5.2f} {r['sq_error_share'][1]:5.2f} "
            f"{w[0]:11.3f} {w[1]:10.3f}")
    return '\n'.join(lines)


def main(argv: Optional[Sequence[str]] = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('dump', help='tools/test.py --dump file (.pkl)')
    p.add_argument('--meta', default=None,
                   help="a real-face set's meta.json: also per person")
    p.add_argument('--out', default=None, help='write the rows as JSON')
    args = p.parse_args(argv)
    samples = load_dump(args.dump)
    pred = np.concatenate([_frames(s)[0] for s in samples])
    gt = np.concatenate([_frames(s)[1] for s in samples])
    pooled = np.round(_ccc(pred, gt), 3).tolist()
    print(f'{args.dump}: {len(samples)} videos, pooled CCC '
          f'arousal {pooled[0]:.3f}, valence {pooled[1]:.3f}\n')
    result = dict(pooled_ccc=pooled,
                  subjects=group_errors(samples, subject_groups(samples)))
    print(format_rows(result['subjects'], 'per subject'))
    if args.meta:
        with open(args.meta) as f:
            meta = json.load(f)
        result['persons'] = group_errors(samples,
                                         person_groups(samples, meta))
        print('\n' + format_rows(result['persons'],
                                 'per person (morphs under both persons)'))
    if args.out:
        from mmaction_vaerr.io import write_json_atomic
        write_json_atomic(args.out, result)
