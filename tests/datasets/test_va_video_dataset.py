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
