"""Class weights against label imbalance, from a config's training set.

Prints the label counts of the training split of a task config and the
loss weights to paste into it: ``class_weight`` (inverse class frequency,
for :class:`FrameCELoss`) and, for AU configs, ``pos_weight`` (n_neg / n_pos
per AU, for :class:`AUBCELoss`). Only the labels are read (no video is
decoded). Formulas: ``mmaction_vaerr/models/losses/class_balance.py``.

Usage: python tools/analysis/class_weights.py CONFIG [--max-weight 50]
       [--json OUT]
"""
from __future__ import annotations

import argparse
import sys

import numpy as np


def label_counts(dataset) -> dict:
    """Counts of a FrameLabelDataset or a clip-level (``label``) dataset."""
    if hasattr(dataset, 'label_counts'):
        return {k: np.asarray(v).tolist()
                for k, v in dataset.label_counts().items()}
    labels = [int(dataset.get_data_info(i)['label'])
              for i in range(len(dataset))]
    k = len(dataset.metainfo.get('classes', ())) or max(labels) + 1
    return dict(expr=np.bincount(labels, minlength=k).tolist())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('--max-weight', type=float, default=50.0)
    parser.add_argument('--json', help='also write counts and weights here')
    args = parser.parse_args(argv)
    import mmaction_vaerr  # noqa: F401
    from mmaction.registry import DATASETS
    from mmaction.utils import register_all_modules
    from mmengine.config import Config
    from mmaction_vaerr.models.losses import (au_pos_weights,
                                              inverse_frequency_weights)
    register_all_modules(init_default_scope=True)
    cfg = Config.fromfile(args.config)
    ds_cfg = cfg.train_dataloader.dataset
    ds_cfg.pipeline = []
    counts = label_counts(DATASETS.build(ds_cfg))
    out = dict(counts=counts)
    if 'expr' in counts:
        out['class_weight'] = inverse_frequency_weights(counts['expr'],
                                                        args.max_weight)
        print(f"class counts: {counts['expr']}")
        print(f"class_weight={out['class_weight']}")
    if 'au_pos' in counts:
        out['pos_weight'] = au_pos_weights(counts['au_pos'],
                                           counts['au_neg'], args.max_weight)
        print(f"AU positives: {counts['au_pos']}, negatives: "
              f"{counts['au_neg']}")
        print(f"pos_weight={out['pos_weight']}")
    if args.json:
        from mmaction_vaerr.io import write_json_atomic
        write_json_atomic(args.json, out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
