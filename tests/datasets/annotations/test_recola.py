"""RECOLA (AVEC 2016/2018 ARFF) reader on the real gold-standard sample.

Read independently (``tr -d '\\r' | awk``): 9 header lines (CRLF), then 7501
rows of instance ``dev_1`` at 0, 0.04, .. 300 s.
"""
import logging
import os.path as osp

import numpy as np
import pytest

from mmaction_vaerr.dataprep import FrameCountPolicy
from mmaction_vaerr.datasets.annotations import read_recola, read_recola_arff

GS = 'recola_avec2018_templateGS.arff'


@pytest.fixture(scope='module')
def gs_path(real_labels):
    return osp.join(real_labels, GS)


@pytest.fixture(scope='module')
def gs_lines(gs_path):
    with open(gs_path, newline='') as f:
        return f.read().split('\r\n')


def _set_value(row, value):
    return ','.join(row.split(',')[:2] + [value])


def _write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_bytes('\r\n'.join(lines).encode())
    return str(path)


def test_real_rows_and_values(gs_path):
    series = read_recola_arff(gs_path)
    assert list(series) == ['dev_1']
    times, values, valid, lines = series['dev_1']
    assert len(times) == 7501 and valid.all()
    assert times[0] == 0.0 and times[-1] == 300.0
    assert np.allclose(np.diff(times), 0.04, atol=1e-9)
    assert lines[0] == 10 and lines[-1] == 7510
    assert (values[0], values[-1]) == (-0.022925, -0.1179248)
    assert (values[1000], values[5000]) == (-0.177925, 0.1204085)
    assert (values.min(), values.max()) == (-0.4312582, 0.4087418)


def test_combined_tracks_and_exact_25fps_frames(tmp_path, gs_path, gs_lines):
    # valence file = the sample with every value negated
    neg = gs_lines[:9] + [
        ','.join(r.split(',')[:2] + [str(-float(r.split(',')[2]))])
        for r in gs_lines[9:] if r
    ]
    track = read_recola(gs_path, _write(tmp_path, 'val.arff', neg))['dev_1']
    assert track.name == 'dev_1' and len(track) == 7501
    assert np.array_equal(track.valence, -track.arousal)
    ann = track.to_frames(25)
    # 0.04 s labels on a 25 fps video: one label per frame, values unchanged
    assert len(ann) == 7501 and ann.valid.all()
    assert np.array_equal(ann.arousal, track.arousal.astype(np.float32))
    assert ann.arousal[1000] == np.float32(-0.177925)


def test_frame_count_policy_against_300s_video(gs_path, caplog):
    ann = read_recola(gs_path, gs_path)['dev_1'].to_frames(25)
    with caplog.at_level(logging.WARNING):
        cut = FrameCountPolicy().align(ann, 7500, gs_path, 'dev_1.mp4')
    assert len(cut) == 7500
    assert '7501 label frames vs 7500 frames in dev_1.mp4' in caplog.text
    with pytest.raises(ValueError, match='labels cover 7501 frames but '
                       'dev_1.mp4 has 6000 frames'):
        FrameCountPolicy().align(ann, 6000, gs_path, 'dev_1.mp4')


def test_mismatched_timestamps_name_both_files(tmp_path, gs_path, gs_lines):
    lines = list(gs_lines)
    lines[109] = lines[109].replace('dev_1,4,', 'dev_1,4.01,')
    other = _write(tmp_path, 'val.arff', lines)
    with pytest.raises(ValueError) as err:
        read_recola(gs_path, other)
    assert f'{gs_path}:110 vs {other}:110' in str(err.value)
    short = _write(tmp_path, 'short.arff', gs_lines[:-100])
    with pytest.raises(ValueError, match='7501 vs 7402 rows'):
        read_recola(gs_path, short)


def test_missing_values_are_invalid_not_dropped(tmp_path, gs_lines):
    lines = list(gs_lines)
    lines[9 + 50] = 'dev_1,2,?'
    series = read_recola_arff(_write(tmp_path, 'q.arff', lines))['dev_1']
    assert len(series[0]) == 7501 and not series[2][50]
    path = _write(tmp_path, 'q.arff', lines)
    ann = read_recola(path, path)['dev_1'].to_frames(25)
    assert not ann.valid[50] and ann.valid[49] and ann.valid[51]


def test_multi_instance_file(tmp_path, gs_lines):
    rows = [r for r in gs_lines[9:] if r][:10]
    lines = gs_lines[:9] + rows + [r.replace('dev_1', 'dev_2') for r in rows]
    path = _write(tmp_path, 'multi.arff', lines)
    tracks = read_recola(path, path)
    assert list(tracks) == ['dev_1', 'dev_2']
    assert len(tracks['dev_2']) == 10


@pytest.mark.parametrize('edit,where,words', [
    (lambda ls: [x for x in ls if x != '@data'], ':9:',
     'unexpected line before @data (missing @data?)'),
    (lambda ls: ls[:7], '', 'no @data section'),
    (lambda ls: ls[:9], '', 'no data rows after @data'),
    (lambda ls: [x for x in ls if 'frameTime' not in x], '',
     'expected attributes Instance_name and frameTime'),
    (lambda ls: ls[:20] + [ls[20].replace(',', ';')] + ls[21:], ':21:',
     'wrong separator'),
    (lambda ls: ls[:30] + [_set_value(ls[30], 'high')] + ls[31:],
     ':31:', "'goldstandard': 'high' is not a number"),
    (lambda ls: ls[:40] + [ls[40] + ',0.1'] + ls[41:], ':41:',
     'expected 3 comma-separated fields'),
    (lambda ls: ls[:50] + [ls[51], ls[50]] + ls[52:], ':52:',
     'does not increase'),
    (lambda ls: ls[:60] + [_set_value(ls[60], '-1.2')] + ls[61:],
     ':61:', 'outside the valid range'),
])
def test_malformed_variants(tmp_path, gs_lines, edit, where, words):
    path = _write(tmp_path, 'bad.arff', edit(list(gs_lines[:200])))
    with pytest.raises(ValueError) as err:
        read_recola_arff(path)
    assert f'{path}{where}' in str(err.value) and words in str(err.value)


def test_unedited_variant_reads(tmp_path, gs_lines):
    path = _write(tmp_path, 'ok.arff', list(gs_lines[:200]))
    assert len(read_recola_arff(path)['dev_1'][0]) == 191


def test_files_of_different_lengths_are_both_named(tmp_path, gs_path,
                                                   gs_lines):
    """'(7501 vs 7402 rows)' used to name neither file."""
    from mmaction_vaerr.dataprep import convert_recola
    short = _write(tmp_path, 'short.arff', gs_lines[:-100])
    for aro, val in ((gs_path, short), (short, gs_path)):
        with pytest.raises(ValueError) as err:
            convert_recola([aro], [val], str(tmp_path / 'out'), fps=25)
        msg = str(err.value)
        # the first row the shorter file lacks: line 9 + 7402 + 1 of GS
        assert f'{gs_path}:7412:' in msg and short in msg, msg
        assert '7402' in msg and '7501' in msg and ' rows in ' in msg
