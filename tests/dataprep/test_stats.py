"""Streaming dataset mean/std of grayscale frames."""
import json
import os
import os.path as osp

import cv2
import decord
import numpy as np
import pytest

from mmaction_vaerr.datasets import VAAnnotation, write_split, write_va_csv
from mmaction_vaerr.dataprep.stats import (RunningMoments, compute_mean_std,
                                           dataset_sources, iter_gray_frames,
                                           preprocessor_values)
from mmaction_vaerr.tools.data import compute_mean_std as tool


def _frames_dir(path, values, size=(6, 4)):
    os.makedirs(path, exist_ok=True)
    for k, v in enumerate(values):
        cv2.imwrite(osp.join(path, f'{k + 1:05d}.png'),
                    np.full((size[1], size[0]), v, np.uint8))
    return path


def test_running_moments_match_numpy():
    rng = np.random.default_rng(0)
    chunks = [rng.uniform(size=n) for n in (1, 7, 300, 2)]
    m = RunningMoments()
    for c in chunks:
        m.update(c)
    allv = np.concatenate(chunks)
    assert m.count == allv.size
    assert m.mean == pytest.approx(allv.mean(), abs=1e-12)
    assert m.std == pytest.approx(allv.std(), abs=1e-12)


def test_frames_folder_exact_values_step_and_limit(tmp_path):
    folder = _frames_dir(str(tmp_path / 'f'), [0, 255, 51, 102, 204])
    mean, std, n = compute_mean_std([folder], chunk=2)
    vals = np.array([0, 255, 51, 102, 204]) / 255
    assert n == 5
    assert mean == pytest.approx(vals.mean()) and std == pytest.approx(
        vals.std())
    mean, std, n = compute_mean_std([folder], frame_step=2)  # 0, 51, 204
    assert n == 3 and mean == pytest.approx(vals[[0, 2, 4]].mean())
    mean, _, n = compute_mean_std([folder], max_frames_per_video=2)
    assert n == 2 and mean == pytest.approx(0.5)


def test_video_chunks_equal_full_decode(tmp_path):
    path = str(tmp_path / 'v.mp4')
    rng = np.random.default_rng(1)
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*'mp4v'), 25,
                             (32, 32))
    for _ in range(9):
        writer.write(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8))
    writer.release()
    rgb = decord.VideoReader(path).get_batch(list(range(9))).asnumpy()
    gray = np.stack([cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in rgb])
    assert [c.shape for c in iter_gray_frames(path, chunk=4)] == [
        (4, 32, 32), (4, 32, 32), (1, 32, 32)]
    mean, std, n = compute_mean_std([path, path], chunk=4)
    assert n == 18
    assert mean == pytest.approx(gray.mean() / 255, abs=1e-12)
    assert std == pytest.approx((gray / 255).std(), abs=1e-12)


def test_preprocessor_values():
    assert preprocessor_values(0.421, 0.165) == \
        'mean=[107.355], std=[42.075]'


def test_sources_and_tool(tmp_path, capsys):
    root = str(tmp_path)
    _frames_dir(osp.join(root, 'frames', 's1', 'a'), [10, 20])
    _frames_dir(osp.join(root, 'frames', 'b'), [30, 40])
    write_split(osp.join(root, 'splits', 'train.txt'), ['s1/a', 'b'])
    assert dataset_sources(root, ['b']) == [osp.join(root, 'frames', 'b')]
    with pytest.raises(FileNotFoundError, match='nope'):
        dataset_sources(root, ['nope'])
    res = tool.main(['--root', root, '--split', 'train'])
    assert res['frames'] == 4 and res['videos'] == 2
    assert res['mean_255'] == pytest.approx(25.0)
    assert res['std_255'] == pytest.approx(np.std([10, 20, 30, 40]))
    assert 'mean=[25.000], std=[11.180]' in capsys.readouterr().out
    # an invalid frame (Aff-Wild2: a black stand-in, no face) is left out
    write_va_csv(osp.join(root, 'labels', 'b.csv'), VAAnnotation(
        arousal=np.zeros(2), valence=np.zeros(2),
        valid=np.array([True, False]), fps=25.0))
    res = tool.main(['--root', root, '--split', 'train'])
    assert res['frames'] == 3
    assert res['mean_255'] == pytest.approx(20.0)
    assert tool.main(['--root', root, '--split', 'train',
                      '--all-frames'])['frames'] == 4


def test_tool_writes_a_config_base(tmp_path, capsys):
    """--config-out writes pixel_mean/std that a config inherits."""
    from mmengine.config import Config
    root = str(tmp_path / 'data')
    _frames_dir(osp.join(root, 'frames', 'a'), [10, 30])
    write_split(osp.join(root, 'splits', 'train.txt'), ['a'])
    out = str(tmp_path / 'stats.json')
    tool.main(['--root', root, '--config-out', out])
    child = tmp_path / 'child.py'
    child.write_text("_base_ = ['./stats.json']\n"
                     "mean = _base_.pixel_mean\n")
    cfg = Config.fromfile(str(child))
    assert cfg.mean == [20.0] and cfg.pixel_std == [10.0]
    assert '--config-out' in cfg.pixel_stats.command
    with pytest.raises(SystemExit) as e:    # refused before any frame
        tool.main(['--root', root, '--config-out', out])
    assert e.value.code == 2
    assert out in capsys.readouterr().err
    tool.main(['--root', root, '--config-out', out, '--overwrite'])


def test_tool_replaces_only_its_own_json(tmp_path, capsys):
    root = str(tmp_path / 'data')
    _frames_dir(osp.join(root, 'frames', 'a'), [10, 30])
    write_split(osp.join(root, 'splits', 'train.txt'), ['a'])
    out = tmp_path / 'stats.json'
    tool.main(['--root', root, '--out', str(out)])
    first = json.loads(out.read_text())
    assert first['written_by'] == tool.TOOL and first['frames'] == 2
    tool.main(['--root', root, '--out', str(out)])   # its own file: a rerun
    foreign = tmp_path / 'notes.json'
    foreign.write_text('{"mine": 1}')
    with pytest.raises(SystemExit):
        tool.main(['--root', root, '--out', str(foreign)])
    assert 'notes.json' in capsys.readouterr().err
    assert json.loads(foreign.read_text()) == {'mine': 1}
    tool.main(['--root', root, '--out', str(foreign), '--overwrite'])
    assert json.loads(foreign.read_text())['frames'] == 2
