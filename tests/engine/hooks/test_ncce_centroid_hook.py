import os.path as osp
from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torch.multiprocessing as mp
import torch.nn as nn
from mmengine.logging import MMLogger
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch.utils.data import DataLoader

from mmaction.registry import HOOKS, MODELS
from mmaction_vaerr.engine import NCCECentroidHook
from mmaction_vaerr.models.losses import compute_va_centroids
from mmaction_vaerr.testing import gloo_group


class FakeVADataset:
    """Videos of per-frame labels with the ``get_frame_labels`` contract."""

    def __init__(self, seed=0, num_videos=3, frames=8, shift=0.0):
        rng = np.random.default_rng(seed)
        self.labels = [np.clip(rng.normal(shift, 0.4, (frames, 2)), -1, 1)
                       .astype(np.float32) for _ in range(num_videos)]
        self.valid = [rng.random(frames) > 0.2 for _ in range(num_videos)]
        self.calls = []

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return dict(inputs=torch.ones(8, 4),
                    target=torch.from_numpy(self.labels[idx]))

    def get_frame_labels(self, indices=None):
        indices = range(len(self)) if indices is None else indices
        self.calls.append(list(indices))
        return (np.concatenate([self.labels[i] for i in indices]),
                np.concatenate([self.valid[i] for i in indices]))

    def union(self):
        return np.concatenate(self.labels), np.concatenate(self.valid)


class ToyVAModel(BaseModel):
    """Linear bin classifier trained with the composite loss (nCCE on)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2 * 20)
        self.loss_module = MODELS.build(dict(
            type='VACompositeLoss', weights=dict(ccc=0.5, ncce=0.5)))

    @property
    def ncce(self):
        return self.loss_module.components['ncce']

    def forward(self, inputs, target=None, mode='tensor'):
        logits = self.fc(inputs).view(*inputs.shape[:2], 2, 20)
        reg = logits.mean(-1)
        if mode == 'loss':
            return self.loss_module(reg, logits, target, None)
        return reg


def _runner(dataset, model=None):
    return SimpleNamespace(
        model=model or ToyVAModel(),
        train_dataloader=SimpleNamespace(dataset=dataset),
        logger=MMLogger.get_current_instance())


def test_before_train_sets_centroids_from_all_videos():
    dataset = FakeVADataset()
    runner = _runner(dataset)
    assert runner.model.ncce.needs_centroids()
    hook = HOOKS.build(dict(type='NCCECentroidHook'))
    hook.before_train(runner)
    assert dataset.calls == [[0, 1, 2]]  # rank 0 of 1 reads every video
    assert not runner.model.ncce.needs_centroids()
    expected = compute_va_centroids(*dataset.union()).float()
    assert torch.allclose(runner.model.ncce.centroids, expected)


def test_ready_model_is_left_unchanged_unless_forced():
    dataset = FakeVADataset()
    model = ToyVAModel()
    preset = torch.linspace(-0.5, 0.5, 20).repeat(2, 1)
    model.ncce.set_centroids(preset)
    NCCECentroidHook().before_train(_runner(dataset, model))
    assert dataset.calls == [] and torch.equal(model.ncce.centroids, preset)
    NCCECentroidHook(force=True).before_train(_runner(dataset, model))
    assert not torch.equal(model.ncce.centroids, preset)


def test_no_ncce_does_nothing_and_wrappers_unwrapped():
    model = nn.Sequential(MODELS.build(dict(type='VACompositeLoss')))
    NCCECentroidHook().before_train(_runner(None, model))  # dataset unused

    dataset = FakeVADataset()
    wrapped = SimpleNamespace(dataset=SimpleNamespace(dataset=dataset))
    runner = _runner(wrapped.dataset)  # e.g. RepeatDataset(dataset)
    NCCECentroidHook().before_train(runner)
    assert not runner.model.ncce.needs_centroids()
    with pytest.raises(TypeError, match='get_frame_labels'):
        NCCECentroidHook().before_train(_runner(object()))


def _train(work_dir, dataset, max_epochs, resume_from=None):
    runner = Runner(
        model=ToyVAModel(), work_dir=work_dir,
        experiment_name=f'ncce_{max_epochs}',
        train_dataloader=DataLoader(dataset, batch_size=3),
        train_cfg=dict(by_epoch=True, max_epochs=max_epochs),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        custom_hooks=[dict(type='NCCECentroidHook')],
        default_hooks=dict(checkpoint=dict(type='CheckpointHook',
                                           interval=1)),
        load_from=resume_from, resume=resume_from is not None,
        default_scope='mmaction')
    runner.train()
    return runner.model.ncce


def test_real_runner_resume_keeps_saved_centroids(tmp_path):
    work_dir = str(tmp_path)
    first = FakeVADataset(seed=0)
    saved = _train(work_dir, first, 1).centroids.clone()
    assert torch.allclose(saved, compute_va_centroids(*first.union()).float())
    # resume on a dataset with other labels: the checkpoint's centroids win
    other = FakeVADataset(seed=1, shift=0.5)
    resumed = _train(work_dir, other, 2, osp.join(work_dir, 'epoch_1.pth'))
    assert other.calls == []
    assert torch.equal(resumed.centroids, saved)


def _worker(rank, init_file, out_file, dataset):
    with gloo_group(rank, 2, init_file=init_file, timeout_s=60):
        torch.set_num_threads(1)
        runner = _runner(dataset)
        NCCECentroidHook().before_train(runner)
        torch.save(dict(calls=dataset.calls,
                        centroids=runner.model.ncce.centroids),
                   f'{out_file}.{rank}')


@pytest.mark.parametrize('num_videos,calls', [
    (5, [[[0, 2, 4]], [[1, 3]]]),
    (1, [[[0]], []]),  # rank 1 has no video but joins the k-means
])
def test_two_process_ranks_share_videos_and_agree(tmp_path, num_videos,
                                                  calls):
    dataset = FakeVADataset(num_videos=num_videos)
    out = str(tmp_path / 'hook')
    # fork, not spawn: the children need not re-import mmaction (seconds)
    mp.start_processes(_worker, nprocs=2, start_method='fork',
                       args=(str(tmp_path / 'init'), out, dataset))
    res = [torch.load(f'{out}.{rank}') for rank in range(2)]
    assert [r['calls'] for r in res] == calls
    assert torch.equal(res[0]['centroids'], res[1]['centroids'])
    expected = compute_va_centroids(*dataset.union()).float()
    assert torch.allclose(res[0]['centroids'], expected)
