"""Subject-disjoint, official-partition and user-supplied splits."""
import logging
import os
import os.path as osp

import pytest

from mmaction_vaerr.datasets import read_split
from mmaction_vaerr.dataprep.splits import (SEWA_PAPER_SIZES, list_video_ids,
                                            load_split_lists,
                                            official_partition_split,
                                            read_subject_map,
                                            regex_subject_of,
                                            subject_disjoint_split,
                                            update_subject_map)
from mmaction_vaerr.tools.data import make_splits as tool


def _grouped_ids():
    """60 subjects with 1..3 videos each (120 videos)."""
    return [f's{s:02d}/v{v}' for s in range(60) for v in range(s % 3 + 1)]


def _subjects(ids):
    return {i.split('/')[0] for i in ids}


def test_paper_sizes_on_541_videos():
    ids = [f'Train_DE_{i:03d}' for i in range(541)]
    splits = subject_disjoint_split(ids, sizes=SEWA_PAPER_SIZES, seed=0)
    assert [len(v) for v in splits.values()] == [435, 53, 53]
    assert list(splits) == ['train', 'val', 'test']
    assert sorted(sum(splits.values(), [])) == sorted(ids)


def test_deterministic_and_seed_dependent():
    ids = _grouped_ids()
    a = subject_disjoint_split(ids, sizes=(0.8, 0.1, 0.1), seed=3)
    b = subject_disjoint_split(list(reversed(ids)), sizes=(0.8, 0.1, 0.1),
                               seed=3)
    c = subject_disjoint_split(ids, sizes=(0.8, 0.1, 0.1), seed=4)
    assert a == b and a != c


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_subjects_never_shared(seed):
    ids = _grouped_ids()
    splits = subject_disjoint_split(ids, sizes=(None, 12, 12), seed=seed)
    tr, va, te = (_subjects(v) for v in splits.values())
    assert not (tr & va or tr & te or va & te)
    assert len(splits['val']) == 12 and len(splits['test']) == 12
    assert len(splits['train']) == 120 - 24


def test_custom_subject_function():
    ids = [f'rec{i}' for i in range(20)]
    subject_of = regex_subject_of(r'rec(\d)')  # rec1, rec10..rec19 share '1'
    splits = subject_disjoint_split(ids, subject_of, sizes=(None, 5, 5))
    owner = {vid: name for name, v in splits.items() for vid in v}
    assert len({owner[f'rec1{d}'] for d in range(10)} | {owner['rec1']}) == 1
    with pytest.raises(ValueError, match='does not match'):
        regex_subject_of(r'x(\d)')('rec1')


def test_bad_sizes():
    ids = [str(i) for i in range(10)]
    with pytest.raises(ValueError, match='sum to 9 but there are 10'):
        subject_disjoint_split(ids, sizes=(7, 1, 1))
    with pytest.raises(ValueError, match='sum to 1'):
        subject_disjoint_split(ids, sizes=(0.5, 0.1, 0.1))
    with pytest.raises(ValueError, match='counts or all as fractions'):
        subject_disjoint_split(ids, sizes=(0.8, 1, 1))


def test_official_partitions_from_instance_names():
    ids = ['train_1', 'dev_1', 'train_9', 'dev_9', 'Devel_DE_01',
           'Train_HU_03', 'Test_CN_05']
    splits = official_partition_split(ids)
    assert splits == {'train': ['Train_HU_03', 'train_1', 'train_9'],
                      'dev': ['Devel_DE_01', 'dev_1', 'dev_9'],
                      'test': ['Test_CN_05']}
    with pytest.raises(ValueError, match="'P07' has no partition prefix"):
        official_partition_split(['train_1', 'P07'])


def test_user_lists_are_checked(tmp_path, caplog):
    known = ['a/1', 'a/2', 'b/1', 'c/1']
    (tmp_path / 'train.txt').write_text('# mine\na/1\nb/1\n')
    (tmp_path / 'val.txt').write_text('c/1\n\na/2  # shares subject a\n')
    files = {'train': str(tmp_path / 'train.txt'),
             'val': str(tmp_path / 'val.txt')}
    with caplog.at_level(logging.WARNING):
        splits = load_split_lists(files, known, lambda v: v.split('/')[0])
    assert splits == {'train': ['a/1', 'b/1'], 'val': ['c/1', 'a/2']}
    assert "'a' in ['train', 'val']" in caplog.text
    (tmp_path / 'val.txt').write_text('c/1\nzz/9\n')
    with pytest.raises(ValueError, match=r"val\.txt:2: unknown video id "
                       r"'zz/9'"):
        load_split_lists(files, known)
    (tmp_path / 'val.txt').write_text('c/1\nb/1\n')
    with pytest.raises(ValueError, match=r"val\.txt:2: video 'b/1' already "
                       r'listed at .*train\.txt:3'):
        load_split_lists(files, known)


def test_same_list_for_val_and_test_and_folder_lists(tmp_path):
    known = ['a', 'b', 'c']
    (tmp_path / 'train.txt').write_text('a\nb\n')
    (tmp_path / 'val.txt').write_text('c\n')
    files = {'train': str(tmp_path / 'train.txt'),
             'val': str(tmp_path / 'val.txt'),
             'test': str(tmp_path / 'val.txt')}
    splits = load_split_lists(files, known)
    assert splits['val'] == splits['test'] == ['c']
    # a folder of label files (Aff-Wild2's *_Set) lists its videos
    folder = tmp_path / 'Train_Set'
    folder.mkdir()
    for name in ('b.txt', 'a.txt'):
        (folder / name).write_text('valence,arousal\n')
    splits = load_split_lists({'train': str(folder),
                               'val': str(tmp_path / 'val.txt')}, known)
    assert splits['train'] == ['a', 'b']
    # a different list still may not repeat a video
    (tmp_path / 'test.txt').write_text('c\na\n')
    with pytest.raises(ValueError, match="'c' already listed"):
        load_split_lists(dict(files, test=str(tmp_path / 'test.txt')), known)


def test_subject_map_roundtrip_and_errors(tmp_path):
    path = str(tmp_path / 'subjects.csv')
    update_subject_map(path, {'002': 'Bob', '001': 'Ann'})
    update_subject_map(path, {'003': 'Ann'})
    assert read_subject_map(path) == {'001': 'Ann', '002': 'Bob',
                                      '003': 'Ann'}
    with open(path, 'a') as f:
        f.write('004\n')
    with pytest.raises(ValueError, match=r'subjects\.csv:5: expected'):
        read_subject_map(path)


def _root(tmp_path, ids):
    for vid in ids:
        p = tmp_path / 'labels' / f'{vid}.csv'
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text('frame,time,arousal,valence,valid\n0,0.0,0,0,1\n')
    return str(tmp_path)


def test_make_splits_tool(tmp_path):
    root = _root(tmp_path, _grouped_ids())
    assert list_video_ids(root)[:3] == ['s00/v0', 's01/v0', 's01/v1']
    splits = tool.main(['--root', root, '--sizes', 'rest', '12', '12'])
    for name in ('train', 'val', 'test'):
        assert read_split(osp.join(root, 'splits', f'{name}.txt')) == \
            splits[name]
    # a subjects.csv in the root is used: every video one subject 'x' -> all
    # videos go together, val/test cannot be filled
    update_subject_map(osp.join(root, 'subjects.csv'),
                       {v: 'x' for v in _grouped_ids()})
    splits = tool.main(['--root', root, '--sizes', '0.8', '0.1', '0.1'])
    assert len(splits['train']) == 120 and not splits['val']
    assert sorted(os.listdir(osp.join(root, 'splits'))) == ['train.txt']
    os.remove(osp.join(root, 'subjects.csv'))
    root2 = _root(tmp_path / 'r', ['train_1', 'dev_1', 'dev_2'])
    splits = tool.main(['--root', root2, '--mode', 'partition'])
    assert splits == {'train': ['train_1'], 'dev': ['dev_1', 'dev_2']}
    dev = read_split(osp.join(root2, 'splits', 'dev.txt'))
    assert dev == ['dev_1', 'dev_2']
    with pytest.raises(SystemExit, match='name=path'):
        tool.main(['--root', root2, '--mode', 'lists', '--lists', 'x.txt'])
