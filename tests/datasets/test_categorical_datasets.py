"""FrameLabelDataset and ClipEmotionDataset on the tiny stand-in data."""
import os.path as osp

import numpy as np
import pytest

from mmaction.registry import DATASETS
from mmaction_vaerr.datasets import FrameLabelDataset

PIPE = [dict(type='DecordInit'), dict(type='SampleFrameSegment', clip_len=8),
        dict(type='DecordDecode'), dict(type='ToGray'),
        dict(type='FormatShape', input_format='NCTHW'),
        dict(type='PackFrameLabels')]


def test_affwild2_layout_all_tasks(tiny_affwild2):
    ds = FrameLabelDataset(
        ann_file='Annotations/EXPR_Recognition_Challenge/Train_Set',
        data_root=tiny_affwild2, pipeline=PIPE, tasks=('expr', 'au', 'va'),
        data_prefix=dict(
            video='faces',
            expr='Annotations/EXPR_Recognition_Challenge/Train_Set',
            au='Annotations/AU_Detection_Challenge/Train_Set',
            va='Annotations/VA_Estimation_Challenge/Train_Set'))
    assert len(ds) == 8
    info = ds.get_data_info(0)
    n = info['total_frames']
    assert info['gt_expr'].shape == (n, ) and info['gt_au'].shape == (n, 12)
    assert np.isnan(info['gt_va'][0]).all()        # the -5 row
    assert np.isfinite(info['gt_va'][1]).all()
    item = ds[0]['data_samples']
    assert item.gt_expr.shape == (8, ) and item.gt_au.shape == (8, 12)
    assert item.gt_va.shape == (8, 2) and item.frame_mask.all()
    counts = ds.label_counts()
    assert counts['expr'].sum() == sum(
        (ds.get_data_info(i)['gt_expr'] >= 0).sum() for i in range(len(ds)))
    assert (counts['au_pos'] + counts['au_neg'])[3] == 0     # AU6 undrawn


def test_synthetic_split_file(tiny_synthetic):
    ds = FrameLabelDataset(ann_file='splits/val.txt',
                           data_root=tiny_synthetic, pipeline=PIPE,
                           tasks=('expr', 'va'), va_format='canonical',
                           data_prefix=dict(
                               video='videos',
                               expr='EXPR_Recognition_Challenge',
                               va='labels'))
    assert [ds.get_data_info(i)['video_id'] for i in range(len(ds))] == [
        's04/v00', 's04/v01']


def test_missing_task_file(tiny_synthetic, tmp_path):
    kw = dict(ann_file=str(tmp_path / 'split.txt'), data_root=tiny_synthetic,
              pipeline=PIPE, tasks=('expr', 'au'),
              data_prefix=dict(video='videos',
                               expr='EXPR_Recognition_Challenge',
                               au=str(tmp_path / 'none')))
    (tmp_path / 'split.txt').write_text('s00/v00\n')
    with pytest.raises(FileNotFoundError, match="'s00/v00' has no au"):
        FrameLabelDataset(**kw)
    ds = FrameLabelDataset(require_all_tasks=False, **kw)
    assert 'gt_au' not in ds.get_data_info(0)


def test_segment_pads_short_videos_with_missing_labels():
    from mmaction.registry import TRANSFORMS
    t = TRANSFORMS.build(dict(type='SampleFrameSegment', clip_len=6))
    out = t(dict(frame_mask=np.ones(4, bool), total_frames=4,
                 gt_expr=np.arange(4), gt_va=np.zeros((4, 2), np.float32)))
    assert out['gt_expr'].tolist() == [0, 1, 2, 3, -1, -1]
    assert np.isnan(out['gt_va'][4:]).all()
    assert out['frame_mask'].tolist() == [True] * 4 + [False] * 2
    with pytest.raises(ValueError, match='video has 9 frames'):
        t(dict(frame_mask=np.ones(4, bool), total_frames=9))


@pytest.mark.parametrize('label_set,n,classes', [('native', 16, 8),
                                                  ('common6', 12, 6)])
def test_ravdess_actor_split(tiny_ravdess, label_set, n, classes):
    ds = DATASETS.build(dict(type='ClipEmotionDataset',
                             data_prefix=dict(video=tiny_ravdess),
                             naming='ravdess', label_set=label_set,
                             actors=[1, 22], pipeline=[]))
    assert len(ds) == n and len(ds.metainfo['classes']) == classes
    assert {ds.get_data_info(i)['actor'] for i in range(n)} == {1, 22}
    fear = [ds.get_data_info(i) for i in range(n)
            if ds.get_data_info(i)['emotion'] == 'fearful'][0]
    assert ds.metainfo['classes'][fear['label']] in ('fearful', 'fear')


def test_crema_d_and_stray_files(tiny_crema_d, tmp_path):
    import shutil
    root = tmp_path / 'c'
    shutil.copytree(tiny_crema_d, root)
    (root / 'notes_about_it.mp4').write_bytes(b'')
    ds = DATASETS.build(dict(type='ClipEmotionDataset',
                             data_prefix=dict(video=str(root)),
                             naming='crema_d', pipeline=[]))
    assert len(ds) == 18
    assert ds.skipped and 'notes_about_it.mp4' in ds.skipped[0][1]
    names = {osp.basename(ds.get_data_info(i)['filename']):
             ds.metainfo['classes'][ds.get_data_info(i)['label']]
             for i in range(len(ds))}
    assert names['1001_DFA_ANG_XX.mp4'] == 'anger'
