"""Model-only measurements: inference, train step, stages, FLOPs.

The project's model is built from the quickstart config and run through
its own entry points (``test_step`` / ``train_step`` with an mmengine
optim wrapper, i.e. data preprocessor, recognizer, head, loss classes);
the plain model (:mod:`plain_model`) runs the same architecture with bare
PyTorch. Both see the same uint8 clips of ``N x T`` 96x96 frames.
"""
from __future__ import annotations

import copy
from typing import Callable, Dict, Optional

import torch
from mmengine.config import Config
from mmengine.optim import OptimWrapper

from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmaction_vaerr.engine.optimizers import AutocastOptimWrapper
from mmaction_vaerr.models.backbones import use_tap_stem
from mmaction_vaerr.models.data_preprocessors import test_frames
from mmaction_vaerr.utils import (autocast_context, compile_module,
                                  to_channels_last)
from .flops import count_flops, stage_flops
from .plain_model import (PlainSSVAERR, load_project_state_dict,
                          plain_va_loss, state_width)
from .timing import time_repeats



class Batch:
    """Random uint8 clips with labels, in the project's and plain formats."""

    def __init__(self, n: int, t: int, size: int = 96, seed: int = 0,
                 device: str = 'cpu'):
        g = torch.Generator().manual_seed(seed)
        self.n, self.t = n, t
        self.x = torch.randint(0, 256, (n, 1, t, size, size),
                               dtype=torch.uint8, generator=g).to(device)
        self.va = (torch.rand(n, t, 2, generator=g) * 2 - 1).to(device)
        self.mask = torch.ones(n, t, dtype=torch.bool, device=device)

    @property
    def frames(self) -> int:
        return self.n * self.t

    def project_data(self) -> dict:
        """``inputs``/``data_samples`` as ``PackVAInputs`` + collate give."""
        samples = []
        for i in range(self.n):
            ds = ActionDataSample()
            ds.gt_va = self.va[i].clone()
            ds.frame_mask = self.mask[i].clone()
            ds.set_metainfo(dict(clip_len=self.t))
            samples.append(ds)
        return dict(inputs=[self.x[i:i + 1] for i in range(self.n)],
                    data_samples=samples)


def build_project_model(config: str, state: Optional[dict] = None,
                        channels_last: bool = False, tap_stem: bool = False,
                        compile: bool = False, device: str = 'cpu'
                        ) -> torch.nn.Module:
    """The config's recognizer, with ``state`` loaded and fast paths set."""
    cfg = Config.fromfile(config)
    model = MODELS.build(cfg.model).to(device)
    if state is not None:
        model.load_state_dict(state, strict=True)
    if tap_stem:
        use_tap_stem(model)
    if channels_last:
        to_channels_last(model)
    if compile:
        compile_module(model.backbone)
    return model


def build_plain_model(state: dict, channels_last: bool = False,
                      device: str = 'cpu') -> PlainSSVAERR:
    model = PlainSSVAERR(channels_last=channels_last,
                         width=state_width(state)).to(device)
    load_project_state_dict(model, state)
    if channels_last:
        model.trunk.to(memory_format=torch.channels_last)
    return model


def inference_fn(model, batch: Batch, bf16: bool, plain: bool) -> Callable:
    """One no-grad prediction pass (project: full ``test_step``)."""
    data = batch.project_data()
    model.eval()

    def run():
        with torch.no_grad(), autocast_context(model, bf16):
            if plain:
                reg, logits = model(batch.x)
                return reg.float(), logits.float().softmax(-1)
            return model.test_step(data)
    return run


def int8_inference_fn(model, trunk, batch: Batch) -> Callable:
    """The int8 path of the inference API: normalisation, the calibrated
    ONNX Runtime trunk per clip, the fp32 temporal head."""
    model.eval()
    dp = model.data_preprocessor

    def run():
        feats = [torch.from_numpy(trunk.frames(
            test_frames(dp, clip[0]).cpu().numpy())) for clip in batch.x]
        with torch.no_grad():
            reg, logits = model.cls_head.temporal(torch.stack(feats))[:2]
        return reg.float(), (None if logits is None
                             else logits.float().softmax(-1))
    return run


def train_fn(model, batch: Batch, bf16: bool, plain: bool) -> Callable:
    """One optimisation step: forward, loss, backward, clip 10, AdamW."""
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4,
                                  weight_decay=1e-4)
    if plain:
        def run():
            optimizer.zero_grad()
            with autocast_context(model, bf16):
                reg, logits = model(batch.x)
                loss = plain_va_loss(reg, logits, batch.va, batch.mask)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            optimizer.step()
        return run
    wrapper_type = AutocastOptimWrapper if bf16 else OptimWrapper
    wrapper = wrapper_type(optimizer=optimizer, clip_grad=dict(max_norm=10.0))
    data = batch.project_data()
    return lambda: model.train_step(data, wrapper)


def predictions(out, plain: bool) -> torch.Tensor:
    """(N, T, 2) float predictions of an ``inference_fn`` call."""
    if plain:
        return out[0].detach().float().cpu()
    return torch.stack([ds.pred_va for ds in out]).float().cpu()


def agreement(pred: torch.Tensor, ref: torch.Tensor) -> dict:
    """Max abs difference and per-dimension CCC of ``pred`` vs ``ref``."""
    from mmaction_vaerr.evaluation.functional import ccc
    p, r = pred.reshape(-1, 2).numpy(), ref.reshape(-1, 2).numpy()
    return dict(max_abs_diff_vs_fp32=float(abs(p - r).max()),
                ccc_vs_fp32=[round(ccc(p[:, d], r[:, d]), 6)
                             for d in range(2)])


def measure(fn: Callable, frames: int, repeats: int, warmup: int = 1,
            device: str = 'cpu') -> dict:
    sync = torch.cuda.synchronize if device.startswith('cuda') else None
    return time_repeats(fn, repeats, warmup, sync).summary(frames)


def stage_times(model, batch: Batch, bf16: bool, repeats: int) -> dict:
    """Wall/CPU time of stem, trunk and GRU head of the project model."""
    model.eval()
    bb, head = model.backbone, model.cls_head
    x = model.data_preprocessor(batch.project_data())['inputs'].flatten(0, 1)
    with torch.no_grad(), autocast_context(model, bf16):
        stem_out = bb.stem(x)
        n, c, t, h, w = stem_out.shape
        folded = stem_out.transpose(1, 2).reshape(n * t, c, h, w)
        if bb.channels_last:
            folded = folded.contiguous(memory_format=torch.channels_last)

        def trunk():
            y = folded
            for layer in (bb.layer1, bb.layer2, bb.layer3, bb.layer4):
                y = layer(y)
            return y
        feats = trunk().float().mean((2, 3)).reshape(n, t, -1)
        parts = dict(stem=lambda: bb.stem(x), trunk=trunk,
                     gru=lambda: head.temporal(feats))
        return {name: measure(fn, batch.frames, repeats,
                              device=batch.x.device.type)
                for name, fn in parts.items()}


def flops_section(config: str, state: dict, t: int = 16) -> dict:
    """Counted FLOPs per frame (forward; forward + backward) of both."""
    batch = Batch(1, t, seed=1)
    project = build_project_model(config, state)
    plain = build_plain_model(state)
    out = {}
    for name, model, is_plain in (('project', project, False),
                                  ('plain', plain, True)):
        fwd = count_flops(inference_fn(model, batch, False, is_plain))
        step = train_fn(model, batch, False, is_plain)
        train = count_flops(step)
        out[name] = dict(
            params=sum(p.numel() for p in model.parameters()),
            fwd_flops_per_frame=fwd['total'] / batch.frames,
            train_flops_per_frame=train['total'] / batch.frames,
            fwd_stage_flops_per_frame={
                k: v / batch.frames for k, v in stage_flops(
                    fwd['by_module'], _stage_suffixes(is_plain)).items()})
    return out


def _stage_suffixes(plain: bool) -> Dict[str, str]:
    if plain:
        return dict(stem='PlainSSVAERR.stem', trunk='PlainSSVAERR.trunk',
                    gru='PlainSSVAERR.gru')
    return dict(stem='backbone.stem', trunk=('backbone.layer1', 'backbone.'
                                             'layer2', 'backbone.layer3',
                                             'backbone.layer4'),
                gru='cls_head.gru')


def clone_state(model) -> dict:
    return copy.deepcopy(model.state_dict())
