"""Extract the backbone of a pretext (BYOL / DINO / LiRA) checkpoint.

The pretext algorithms keep the network handed over downstream under
``backbone.`` (the online network for BYOL, the student for DINO); EMA
targets/teachers, projectors, heads and optimiser state are dropped.

By default the prefix is removed, so the output loads with no prefix::

    python tools/convert_pretext_checkpoint.py \
        work_dirs/byol/epoch_100.pth work_dirs/byol/backbone.pth
    # downstream config:
    # backbone=dict(type='ResNet18Stem3D', init_cfg=dict(
    #     type='Pretrained', checkpoint='work_dirs/byol/backbone.pth'))

``--keep-prefix`` keeps ``backbone.`` (load with ``prefix='backbone.'``, as
the raw pretext checkpoint). The source is read without running code from
it (see docs/checkpoints.md; ``--unsafe-load`` unpickles it in full, for
files you trust only). An existing output is replaced only with
``--overwrite``.
"""
from __future__ import annotations

import argparse
import os
import os.path as osp
import sys
from typing import Dict

import torch

from mmaction_vaerr.io.atomic import atomic_write


def convert(src: str, dst: str, prefix: str = 'backbone.',
            keep_prefix: bool = False,
            overwrite: bool = False) -> Dict[str, int]:
    """Write the tensors of ``src`` under ``prefix`` to ``dst``.

    Returns counts: ``total`` keys in the source state dict, ``kept``
    (written) and ``dropped``. Raises ``FileExistsError`` if ``dst``
    exists and ``overwrite`` is False; ``dst`` appears complete or not at
    all (written to a temporary name, then renamed).
    """
    import mmaction_vaerr  # noqa: F401  (checkpoint loading patch)
    from mmengine.runner.checkpoint import _load_checkpoint

    ckpt = _load_checkpoint(src, map_location='cpu')
    state = ckpt.get('state_dict', ckpt) if isinstance(ckpt, dict) else None
    if not isinstance(state, dict):
        raise ValueError(f'{src}: no state dict found')
    if prefix and not prefix.endswith('.'):
        prefix += '.'
    out = {(k if keep_prefix else k[len(prefix):]): v
           for k, v in state.items() if k.startswith(prefix)}
    if not out:
        raise ValueError(f'{src}: no key starts with {prefix!r} '
                         f'(first keys: {list(state)[:3]})')
    meta = dict(source=osp.abspath(src), prefix=prefix,
                prefix_kept=keep_prefix)
    if osp.exists(dst) and not overwrite:
        raise FileExistsError(f'{dst} exists; pass --overwrite to replace it')
    with atomic_write(dst, unique=True) as tmp:
        torch.save(dict(state_dict=out, meta=meta), tmp)
    return dict(total=len(state), kept=len(out),
                dropped=len(state) - len(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='pretext checkpoint (.pth)')
    parser.add_argument('dst', help='output backbone checkpoint (.pth)')
    parser.add_argument('--prefix', default='backbone.',
                        help='key prefix of the backbone '
                        "(default 'backbone.')")
    parser.add_argument('--keep-prefix', action='store_true',
                        help='keep the prefix in the output keys')
    parser.add_argument('--overwrite', action='store_true',
                        help='replace an existing output file')
    parser.add_argument('--unsafe-load', action='store_true',
                        help='UNSAFE: unpickle the source in full; code in '
                        'it runs. Only for files whose origin you trust')
    args = parser.parse_args()
    from mmaction_vaerr.checkpoint_io import CheckpointError, UNSAFE_LOAD_ENV
    if args.unsafe_load:
        os.environ[UNSAFE_LOAD_ENV] = '1'
    try:
        counts = convert(args.src, args.dst, args.prefix, args.keep_prefix,
                         args.overwrite)
    except (CheckpointError, FileNotFoundError, FileExistsError,
            ValueError) as e:
        sys.exit(f'error: {e}')
    print(f"{args.src}: {counts['total']} tensors; wrote {counts['kept']} "
          f"backbone tensors to {args.dst} (prefix "
          f"{'kept' if args.keep_prefix else 'removed'}); dropped "
          f"{counts['dropped']} (target/teacher, neck, head)")
