import os

import numpy as np
import pytest

from mmaction_vaerr.datasets import (VAAnnotation, read_split, read_va_csv,
                                     write_split, write_va_csv)
from mmaction_vaerr.datasets.va_annotation import apply_face_mask


def test_roundtrip(tmp_path):
    ann = VAAnnotation(arousal=[0.1, -0.5, 0.25], valence=[1.0, 0.0, -1.0],
                       valid=[True, False, True], fps=30.0)
    p = str(tmp_path / 'a' / 'b.csv')
    write_va_csv(p, ann)
    back = read_va_csv(p)
    assert back.fps == pytest.approx(30.0, rel=1e-3)
    np.testing.assert_array_equal(back.valid, [True, False, True])
    np.testing.assert_allclose(back.va[[0, 2]], ann.va[[0, 2]], atol=1e-6)
    assert back.va.shape == (3, 2)
    with open(p) as f:
        assert f.readline().strip() == 'frame,time,arousal,valence,valid'


@pytest.mark.parametrize('body,match', [
    ('frame,time,arousal,valence\n0,0,0,0\n', 'expected header'),
    ('frame,time,arousal,valence,valid\n0,0,0.1,x,1\n', ':2: not a number'),
    ('frame,time,arousal,valence,valid\n0,0,0.1,0.1,1\n2,0.08,0,0,1\n',
     ':3: frame 2 out of order'),
    ('frame,time,arousal,valence,valid\n0,0,1.5,0,1\n', 'outside'),
    ('frame,time,arousal,valence,valid\n0;0;0;0;1\n', 'expected 5 columns'),
    ('frame,time,arousal,valence,valid\n0,0,0.1,0.1,1\n1,0.04,nan,0,1\n',
     ':3: non-finite'),
])
def test_malformed_files_name_file_and_line(tmp_path, body, match):
    p = tmp_path / 'bad.csv'
    p.write_text(body)
    with pytest.raises(ValueError, match=match) as e:
        read_va_csv(str(p))
    assert 'bad.csv' in str(e.value)


def test_invalid_rows_may_hold_anything_in_range(tmp_path):
    p = tmp_path / 'ok.csv'
    p.write_text('frame,time,arousal,valence,valid\n0,0,-5,-5,0\n'
                 '1,0.04,0.2,0.3,1\n')
    ann = read_va_csv(str(p))
    assert ann.valid.tolist() == [False, True]
    assert ann.fps == pytest.approx(25.0)


def test_split_files(tmp_path):
    p = str(tmp_path / 'splits' / 'train.txt')
    write_split(p, ['s00/v00', 's01/v00'])
    with open(p, 'a') as f:
        f.write('# comment\n\n')
    assert read_split(p) == ['s00/v00', 's01/v00']
    empty = tmp_path / 'e.txt'
    empty.write_text('# nothing\n')
    with pytest.raises(ValueError, match='e.txt'):
        read_split(str(empty))


@pytest.mark.parametrize('fps,n', [(30.0, 4), (29.97, 300), (23.976, 50),
                                   (50.0, 7), (25.0, 2), (12.5, 40)])
def test_fps_is_recovered_from_rounded_times(tmp_path, fps, n):
    p = str(tmp_path / 'f.csv')
    write_va_csv(p, VAAnnotation(np.zeros(n), np.zeros(n), np.ones(n), fps))
    assert read_va_csv(p).fps == pytest.approx(fps, abs=1e-3)


def test_utf8_bom_is_accepted_like_the_converters_do(tmp_path):
    """Every converter reads a BOM (utf-8-sig); the canonical reader used to
    reject the header as '\\ufeffframe'."""
    body = ('frame,time,arousal,valence,valid\n0,0.0000,0.1,0.2,1\n'
            '1,0.0400,0.3,0.4,0\n')
    plain, bom = tmp_path / 'plain.csv', tmp_path / 'bom.csv'
    plain.write_text(body)
    bom.write_bytes(b'\xef\xbb\xbf' + body.encode())
    a, b = read_va_csv(str(plain)), read_va_csv(str(bom))
    np.testing.assert_array_equal(a.va, b.va)
    assert b.valid.tolist() == [True, False] and a.fps == b.fps
    split = tmp_path / 's.txt'
    split.write_bytes(b'\xef\xbb\xbfs00/v00\ns01/v00\n')
    assert read_split(str(split)) == ['s00/v00', 's01/v00']
    latin = tmp_path / 'latin.csv'
    latin.write_bytes(body.encode() + b'# caf\xe9\n')
    with pytest.raises(ValueError, match='latin.csv.*not UTF-8'):
        read_va_csv(str(latin))


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(
        tmp_path, monkeypatch):
    import csv
    import errno
    from mmaction_vaerr.datasets import va_annotation
    p = tmp_path / 'a.csv'
    ann = VAAnnotation(arousal=[0.1, 0.2], valence=[0.0, 0.1],
                       valid=[True, True])
    write_va_csv(str(p), ann)
    before = p.read_text()

    class Full:
        def __init__(self, f):
            self.rows = 0

        def writerow(self, row):
            self.rows += 1
            if self.rows > 1:
                raise OSError(errno.ENOSPC, 'No space left on device')

    monkeypatch.setattr(va_annotation.csv, 'writer', Full)
    with pytest.raises(OSError, match='a.csv.*No space left'):
        write_va_csv(str(p), ann)
    monkeypatch.setattr(va_annotation.csv, 'writer', csv.writer)
    assert p.read_text() == before and os.listdir(tmp_path) == ['a.csv']


def test_apply_face_mask():
    ann = VAAnnotation(np.zeros(6), np.zeros(6),
                       [True, True, False, True, True, True], fps=25)
    out = apply_face_mask(ann, np.array([True, False, True, True, True]))
    assert out.valid.tolist() == [True, False, False, True, True, False]
    assert ann.valid.tolist() == [True, True, False, True, True, True]
    with pytest.raises(ValueError, match='face mask has 60 frames'):
        apply_face_mask(ann, np.ones(60, bool))
