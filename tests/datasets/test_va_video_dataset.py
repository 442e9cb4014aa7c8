import glob
import os
import os.path as osp

import numpy as np
import pytest
import torch

from mmaction_vaerr.datasets import VAVideoDataset, read_split

PIPE = [
    dict(type='DecordInit'),
    dict(type='SampleVASegment', clip_len=16),
    dict(type='DecordDecode'),
    dict(type='ToGray'),
    dict(type='FormatShape', input_format='NCTHW'),
    dict(type='PackVAInputs'),
]


def test_loads_split_and_packs_clips(tiny_synthetic):
    ds = VAVideoDataset('splits/train.txt', PIPE, data_root=tiny_synthetic)
    ids = read_split(osp.join(tiny_synthetic, 'splits', 'train.txt'))
    assert len(ds) == len(ids) == 8
    out = ds[0]
    assert out['inputs'].shape == (1, 1, 16, 96, 96)
    assert out['inputs'].dtype == torch.uint8
    s = out['data_samples']
    assert s.gt_va.shape == (16, 2) and s.frame_mask.dtype == torch.bool
    assert s.metainfo['video_id'] == ids[0]
    assert s.gt_va.abs().max() <= 1
    va, valid = ds.get_frame_labels()
    assert va.shape[1] == 2 and len(va) == len(valid) == sum(
        ds.get_data_info(i)['total_frames'] for i in range(len(ds)))


def test_whole_video_test_mode(tiny_synthetic):
    pipe = [dict(PIPE[1], clip_len=None) if p['type'] == 'SampleVASegment'
            else p for p in PIPE]
    ds = VAVideoDataset('splits/test.txt', pipe, data_root=tiny_synthetic,
                        test_mode=True)
    info = ds.get_data_info(0)
    out = ds[0]
    assert out['inputs'].shape[2] == info['total_frames']
    assert out['data_samples'].frame_inds.tolist() == list(
        range(info['total_frames']))


def test_frame_folder_media(tiny_synthetic, tmp_path):
    import cv2
    import decord
    vid = read_split(osp.join(tiny_synthetic, 'splits', 'val.txt'))[0]
    vr = decord.VideoReader(osp.join(tiny_synthetic, 'videos', vid + '.mp4'))
    fdir = tmp_path / 'frames' / vid
    fdir.mkdir(parents=True)
    for i in range(len(vr)):
        cv2.imwrite(str(fdir / f'{i + 1:05d}.png'), vr[i].asnumpy()[..., ::-1])
    os.symlink(osp.join(tiny_synthetic, 'labels'), tmp_path / 'labels')
    (tmp_path / 'splits').mkdir()
    (tmp_path / 'splits' / 'val.txt').write_text(vid + '\n')
    pipe = [dict(type='SampleVASegment', clip_len=None),
            dict(type='RawFrameDecode'), dict(type='ToGray'),
            dict(type='FormatShape', input_format='NCTHW'),
            dict(type='PackVAInputs')]
    ds = VAVideoDataset('splits/val.txt', pipe, data_root=str(tmp_path),
                        data_prefix=dict(frames='frames', label='labels'),
                        media='frames', test_mode=True)
    out = ds[0]
    assert out['inputs'].shape == (1, 1, len(vr), 96, 96)
    # same pixels as decoding the video (PNG is lossless)
    first = cv2.cvtColor(vr[0].asnumpy(), cv2.COLOR_RGB2GRAY)
    assert np.abs(out['inputs'][0, 0, 0].numpy().astype(int) -
                  first.astype(int)).max() <= 1
    # the default data_prefix (no 'frames' key) reads <root>/frames/<id>/,
    # as documented, not the videos/ folder
    ds = VAVideoDataset('splits/val.txt', pipe, data_root=str(tmp_path),
                        media='frames', test_mode=True)
    assert ds.get_data_info(0)['frame_dir'] == str(fdir)
    assert ds[0]['inputs'].shape == (1, 1, len(vr), 96, 96)


def test_missing_files_are_named(tiny_synthetic, tmp_path):
    (tmp_path / 'splits').mkdir()
    (tmp_path / 'splits' / 'x.txt').write_text('nope/v00\n')
    (tmp_path / 'labels').mkdir()
    with pytest.raises(FileNotFoundError, match='nope/v00.csv'):
        VAVideoDataset('splits/x.txt', PIPE, data_root=str(tmp_path))
    with pytest.raises(FileNotFoundError, match='split file'):
        VAVideoDataset('splits/missing.txt', PIPE, data_root=str(tmp_path))


def test_videos_without_valid_frames_are_skipped(tiny_synthetic, tmp_path):
    from mmaction_vaerr.datasets import read_va_csv, write_va_csv
    ids = read_split(osp.join(tiny_synthetic, 'splits', 'train.txt'))[:2]
    for sub in ('videos', 'labels'):
        for vid in ids:
            os.makedirs(tmp_path / sub / osp.dirname(vid), exist_ok=True)
    for vid in ids:
        os.symlink(osp.join(tiny_synthetic, 'videos', vid + '.mp4'),
                   tmp_path / 'videos' / (vid + '.mp4'))
        ann = read_va_csv(osp.join(tiny_synthetic, 'labels', vid + '.csv'))
        if vid == ids[1]:
            ann.valid[:] = False
        write_va_csv(str(tmp_path / 'labels' / (vid + '.csv')), ann)
    (tmp_path / 'splits').mkdir()
    (tmp_path / 'splits' / 't.txt').write_text('\n'.join(ids))
    ds = VAVideoDataset('splits/t.txt', PIPE, data_root=str(tmp_path))
    assert len(ds) == 1 and ds.skipped[0][0] == ids[1]


def _copy_dataset(src, dst, ids):
    """Symlinked videos and rewritable labels of ``ids`` under ``dst``."""
    from mmaction_vaerr.datasets import read_va_csv, write_va_csv
    for vid in ids:
        os.makedirs(dst / 'videos' / osp.dirname(vid), exist_ok=True)
        os.symlink(osp.join(src, 'videos', vid + '.mp4'),
                   dst / 'videos' / (vid + '.mp4'))
        write_va_csv(str(dst / 'labels' / (vid + '.csv')),
                     read_va_csv(osp.join(src, 'labels', vid + '.csv')))
    (dst / 'splits').mkdir(exist_ok=True)
    (dst / 'splits' / 'val.txt').write_text('\n'.join(ids) + '\n')


def _relabel(root, vid, num):
    """Labels of ``vid`` cut or extended (repeating the last row) to num."""
    from mmaction_vaerr.datasets import VAAnnotation, read_va_csv, write_va_csv
    path = str(root / 'labels' / (vid + '.csv'))
    ann = read_va_csv(path)
    keep = np.minimum(np.arange(num), len(ann) - 1)
    write_va_csv(path, VAAnnotation(ann.arousal[keep], ann.valence[keep],
                                    ann.valid[keep], ann.fps))


def test_every_label_video_mismatch_is_listed_when_built(tiny_synthetic,
                                                         tmp_path,
                                                         monkeypatch):
    """A bad validation video used to crash the run only when drawn (after
    the training steps); the dataset now refuses to build, naming them all."""
    import av
    ids = read_split(osp.join(tiny_synthetic, 'splits', 'train.txt'))[:4]
    _copy_dataset(tiny_synthetic, tmp_path, ids)
    n = [VAVideoDataset('splits/val.txt', PIPE, data_root=str(tmp_path),
                        test_mode=True).get_data_info(i)['total_frames']
         for i in range(4)]
    _relabel(tmp_path, ids[0], n[0] + 1)          # within 5 %: accepted
    _relabel(tmp_path, ids[1], n[1] * 2)          # labels far too long
    _relabel(tmp_path, ids[2], n[2] // 2)         # labels far too short
    bad_video = tmp_path / 'videos' / (ids[3] + '.mp4')
    bad_video.unlink()
    bad_video.write_bytes(b'not a video')
    with pytest.raises(ValueError) as err:
        VAVideoDataset('splits/val.txt', PIPE, data_root=str(tmp_path),
                       test_mode=True)
    msg = str(err.value)
    assert 'splits/val.txt: 3 of 4 videos' in msg
    assert f'{ids[1]}.mp4: video has {n[1]} frames but its labels ' \
        f'{tmp_path}/labels/{ids[1]}.csv have {2 * n[1]}' in msg
    assert f'{ids[2]}.mp4: video has {n[2]} frames' in msg
    assert f'{ids[3]}.mp4: cannot read' in msg and ids[0] not in msg
    # the tolerance is the pipeline's SampleVASegment's
    loose = [dict(p, max_length_mismatch=1.5)
             if p['type'] == 'SampleVASegment' else p for p in PIPE]
    _copy_dataset(tiny_synthetic, tmp_path / 'ok', ids[:3])
    for i in (1, 2):
        _relabel(tmp_path / 'ok', ids[i], n[i] * 2 if i == 1 else n[i] // 2)
    with pytest.raises(ValueError, match='2 of 3 videos'):
        VAVideoDataset('splits/val.txt', PIPE, data_root=str(tmp_path / 'ok'))
    assert len(VAVideoDataset('splits/val.txt', loose,
                              data_root=str(tmp_path / 'ok'))) == 3
    # headers are read once per file version: a rebuild opens no video
    opened = []
    real_open = av.open
    monkeypatch.setattr(av, 'open', lambda *a, **k: opened.append(a[0]) or
                        real_open(*a, **k))
    VAVideoDataset('splits/val.txt', loose, data_root=str(tmp_path / 'ok'))
    assert opened == []


def test_bad_validation_video_stops_training_before_the_first_step(
        tiny_synthetic, tmp_path):
    """Through mmengine's Runner: the validation split is built before the
    training loop runs, so a bad validation video costs no training time."""
    from mmengine.config import Config
    from mmengine.runner import Runner
    repo = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    ids = read_split(osp.join(tiny_synthetic, 'splits', 'val.txt'))
    train = read_split(osp.join(tiny_synthetic, 'splits', 'train.txt'))[:2]
    root = tmp_path / 'data'
    _copy_dataset(tiny_synthetic, root, train + ids)
    (root / 'splits' / 'train.txt').write_text('\n'.join(train) + '\n')
    (root / 'splits' / 'val.txt').write_text('\n'.join(ids) + '\n')
    n = len(VAVideoDataset('splits/val.txt', PIPE, data_root=str(root),
                           test_mode=True).get_data_info(0)['gt_va'])
    _relabel(root, ids[0], 3 * n)
    cfg = Config.fromfile(osp.join(
        repo, 'configs', 'vaerr',
        'vaerr_r18-stem3d-gru_scratch_1xb4-20e_synthetic.py'))
    cfg.work_dir = str(tmp_path / 'work')
    for split in ('train', 'val', 'test'):
        loader = cfg[f'{split}_dataloader']
        loader.dataset.data_root = str(root)
        loader.num_workers = 0
        loader.persistent_workers = False
    cfg.train_dataloader.batch_size = 2
    cfg.train_dataloader.dataset.pipeline[1].clip_len = 8
    cfg.train_cfg.max_epochs = 1
    cfg.train_cfg.val_interval = 1
    runner = Runner.from_cfg(cfg)
    with pytest.raises(ValueError, match=f'{ids[0]}.mp4: video has {n} '
                       f'frames but its labels .* have {3 * n}'):
        runner.train()
    assert runner.iter == 0
    assert not glob.glob(str(tmp_path / 'work' / '*.pth'))


def test_data_list_is_kept_unserialised_unless_the_config_asks(
        tiny_synthetic, monkeypatch):
    import gc
    collected = []
    monkeypatch.setattr(gc, 'collect', lambda *a: collected.append(a) or 0)
    ds = VAVideoDataset('splits/train.txt', PIPE, data_root=tiny_synthetic)
    assert ds.serialize_data is False and len(ds.data_list) == len(ds)
    assert collected == []         # mmengine's serialisation never ran
    ds = VAVideoDataset('splits/train.txt', PIPE, data_root=tiny_synthetic,
                        serialize_data=True)
    assert ds.serialize_data is True and ds.data_list == []
    assert len(collected) == 1 and len(ds) > 0
