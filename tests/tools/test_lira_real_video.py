"""LiRA from raw real video with sound: preprocess_faces -> crops that keep
the audio -> the LiRA pretext dataset with log-mel targets (from the crops'
own audio, and precomputed by tools/data/extract_audio_targets.py) -> one
pretext train step of the shipped config."""
import json
import os
import os.path as osp

import av
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.optim import build_optim_wrapper

from mmaction.registry import DATASETS, MODELS
from mmaction_vaerr.io.face_video import write_face_video
from mmaction_vaerr.testing import shrink_lira_dataset, single_thread
from mmaction_vaerr.tools.data import (extract_audio_targets,
                                       preprocess_faces)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CFG = osp.join(REPO, 'configs', 'selfsup',
               'lira_r18-stem3d-conformer_1xb8-5e_synthetic.py')
CLIPS = {'s00/v00': 'liveportrait_d11.mp4', 's00/v01': 'mmaction2_test.avi'}
FRAMES, CLIP = 24, 6


@pytest.fixture(scope='module')
def real_root(tmp_path_factory, real_clips):
    """Raw clips with sound -> the canonical layout, as a user would."""
    try:
        from mmaction_vaerr.preprocessing.backends import DlibBackend
        DlibBackend()
    except Exception as e:  # the face extra is missing
        pytest.skip(str(e))
    base = tmp_path_factory.mktemp('lira_real')
    raw, root = base / 'raw', base / 'data'
    for vid, name in CLIPS.items():
        (raw / osp.dirname(vid)).mkdir(parents=True, exist_ok=True)
        os.symlink(osp.join(real_clips, name),
                   raw / (vid + osp.splitext(name)[1]))
    code = preprocess_faces.main(
        [str(raw), str(root), '--backend', 'dlib', '--max-frames',
         str(FRAMES), '--no-progress'])
    assert code == 0
    (root / 'splits').mkdir()
    (root / 'splits' / 'train.txt').write_text('\n'.join(CLIPS) + '\n')
    return str(raw), str(root)


def _dataset(cfg, root, **audio):
    return DATASETS.build(shrink_lira_dataset(cfg, root, CLIP, **audio))


def _loader(dataset):
    """The dataset's LoadAudioTargets transform."""
    return next(t for t in dataset.pipeline.transforms
                if type(t).__name__ == 'LoadAudioTargets')


def _train_step(cfg, dataset):
    batch = pseudo_collate([dataset[0], dataset[1]])
    for sample in batch['data_samples']:
        assert sample.audio_target.shape == (CLIP, cfg.target_dim)
        assert bool(sample.audio_mask.all())
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    before = model.backbone.stem[0].weight.detach().clone()
    with single_thread():
        out = model.train_step(batch, wrapper)
    assert torch.isfinite(out['loss']) and out['loss'] > 0
    assert not torch.equal(before, model.backbone.stem[0].weight)


def test_logmel_from_the_crops_own_audio(real_root):
    _, root = real_root
    for vid in CLIPS:
        with av.open(osp.join(root, 'videos', vid + '.mp4')) as c:
            assert c.streams.audio, f'{vid}: the crop lost its audio'
    cfg = Config.fromfile(CFG)
    dataset = _dataset(cfg, root)
    assert len(dataset) == 2
    sample = dataset[0]['data_samples']
    # the targets follow the sound: not constant across frames
    assert float(sample.audio_target.std(0).mean()) > 0.1
    _train_step(cfg, dataset)


def test_precomputed_targets_from_the_raw_videos(real_root, tmp_path,
                                                 capsys):
    raw, root = real_root
    feats = str(tmp_path / 'logmel')
    tool = extract_audio_targets
    assert tool.main([raw, feats, '--frames-root', root]) == 0
    assert 'written' in capsys.readouterr().out
    with open(osp.join(feats, 'audio_targets.json')) as f:
        assert json.load(f)['dim'] == 80
    arr = np.load(osp.join(feats, 's00', 'v00.npy'))
    assert arr.shape == (round(FRAMES / 25 * 100), 80)
    # a second run keeps the files; other settings are refused
    mtime = os.path.getmtime(osp.join(feats, 's00', 'v00.npy'))
    assert tool.main([raw, feats, '--frames-root', root]) == 0
    assert os.path.getmtime(osp.join(feats, 's00', 'v00.npy')) == mtime
    assert tool.main([raw, feats, '--kind', 'mfcc']) == 2
    assert 'made with' in capsys.readouterr().err

    cfg = Config.fromfile(CFG)
    pre = _dataset(cfg, root, kind='precomputed', feature_root=feats,
                   feature_rate=100.0)
    own = _dataset(Config.fromfile(CFG), root)
    # same sound, two front-ends (100 Hz 25 ms windows averaged per frame
    # vs one 80 ms window per frame): strongly correlated targets
    video = osp.join(root, 'videos', 's00/v00.mp4')
    a, b = (_loader(d).video_targets(video, FRAMES, 25.0, 's00/v00')[0]
            for d in (pre, own))
    assert np.corrcoef(a.ravel(), b.ravel())[0, 1] > 0.8
    _train_step(cfg, pre)


def test_targets_are_on_time(tmp_path):
    """Known answer: a 1 kHz tone sounding only in [0.40, 0.80) s of a 2 s
    video lifts features 40..79 of the 100 Hz file (and the two edge windows
    that overlap it), no others."""
    sr, fps = 16000, 25
    t = np.arange(2 * sr) / sr
    audio = np.where((t >= 0.4) & (t < 0.8),
                     0.5 * np.sin(2 * np.pi * 1000 * t), 0.0)
    path = str(tmp_path / 'tone.mp4')
    write_face_video(path, np.full((2 * fps, 32, 32), 128, np.uint8), fps,
                     audio.astype(np.float32), sr)
    out = str(tmp_path / 'f')
    assert extract_audio_targets.main([path, out]) == 0
    energy = np.load(osp.join(out, 'tone.npy')).max(axis=1)
    assert energy.shape == (200,)
    loud = np.flatnonzero(energy > 0.5 * (energy.max() + energy.min()))
    # feature j's 25 ms window is centred at j / 100 s: centres inside the
    # tone are 40..79; windows that reach into it are 39..81
    assert set(range(40, 80)) <= set(loud) <= set(range(39, 82))


def test_broken_inputs_are_named_and_skipped(tmp_path, real_clips, capsys):
    raw = tmp_path / 'raw'
    raw.mkdir()
    (raw / 'empty.mp4').write_bytes(b'')
    write_face_video(str(raw / 'silent_film.mp4'),
                     np.zeros((10, 32, 32), np.uint8), 25)  # no audio
    os.symlink(osp.join(real_clips, 'mmaction2_test.avi'), raw / 'ok.avi')
    out = tmp_path / 'f'
    assert extract_audio_targets.main(
        [str(raw), str(out)]) == 1
    text = capsys.readouterr().out
    assert 'empty' in text and 'zero-length' in text
    assert 'silent_film' in text and 'no audio stream' in text
    assert sorted(os.listdir(out)) == ['audio_targets.json', 'ok.npy']
