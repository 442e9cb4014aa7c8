"""SEWA (AVEC 2019 CES) reader on the real label samples.

Expected numbers were read from the files independently (awk / numpy
``genfromtxt``): Devel_DE_01 has 1742 rows at 0.0 .. 174.1 s, Devel_HU_01
1161 rows at 0.0 .. 116.0 s, both in 0.1 s steps.
"""
import os.path as osp

import numpy as np
import pytest

from mmaction_vaerr.datasets.annotations import read_sewa_csv

DE = 'sewa_avec2019_Devel_DE_01.csv'
HU = 'sewa_avec2019_Devel_HU_01.csv'


@pytest.fixture(scope='module')
def de(real_labels):
    return read_sewa_csv(osp.join(real_labels, DE))


def _lines(real_labels, name):
    with open(osp.join(real_labels, name)) as f:
        return f.read().splitlines()


def test_real_rows_and_timestamps(de, real_labels):
    hu = read_sewa_csv(osp.join(real_labels, HU))
    assert (de.name, len(de)) == ('Devel_DE_01', 1742)
    assert (hu.name, len(hu)) == ('Devel_HU_01', 1161)
    assert de.times[0] == 0.0 and de.times[-1] == pytest.approx(174.1)
    assert hu.times[-1] == pytest.approx(116.0)
    assert de.period == pytest.approx(0.1, abs=1e-9)
    assert np.allclose(np.diff(de.times), 0.1, atol=1e-6)
    assert de.valid.all()


def test_real_values(de, real_labels):
    # row at t = 2.0 s (line 22) and the last row (line 1743)
    assert de.times[20] == pytest.approx(2.0)
    assert (de.arousal[20], de.valence[20]) == (0.002563, 0.0)
    assert de.extra['liking'][20] == 0.000644
    assert (de.arousal[-1], de.valence[-1]) == (0.259259, 0.291682)
    assert de.arousal.max() == 0.991186 and de.valence.min() == -0.09981
    hu = read_sewa_csv(osp.join(real_labels, HU))
    assert (hu.arousal[1000], hu.valence[1000]) == (0.196778, 0.214783)
    assert hu.arousal.min() == -0.147488


@pytest.mark.parametrize('fps,frames', [(25, 4354), (30, 5225), (50, 8708)])
def test_resampled_to_video_frames(de, fps, frames):
    ann = de.to_frames(fps)
    # frames 0 .. (174.1 + 0.05) * fps
    assert len(ann) == frames and ann.valid.all() and ann.fps == fps
    # a label time that is a frame time keeps its exact value
    assert ann.arousal[round(100.0 * fps)] == pytest.approx(0.20942, abs=1e-7)
    assert ann.valence[round(100.0 * fps)] == pytest.approx(0.257211,
                                                            abs=1e-7)
    assert ann.arousal[-1] == pytest.approx(0.259259, abs=1e-7)


def test_resampled_interpolates_between_rows(de):
    # 25 fps frame 6 is t = 0.24 s, between rows 0.2 (0.000996) and 0.3
    # (0.000545): 0.6 * 0.000996 + 0.4 * 0.000545
    ann = de.to_frames(25)
    assert ann.arousal[6] == pytest.approx(0.0008156, abs=1e-9)
    assert ann.arousal[5] == pytest.approx(0.000996, abs=1e-9)


def _set_field(line, index, value):
    fields = line.split(';')
    fields[index] = value
    return ';'.join(fields)


def _variant(tmp_path, real_labels, edit):
    lines = _lines(real_labels, DE)[:30]
    path = tmp_path / 'bad.csv'
    path.write_text('\n'.join(edit(lines)) + '\n')
    return str(path)


@pytest.mark.parametrize('edit,where,words', [
    (lambda ls: [';'.join(x.split(';')[:3] + x.split(';')[4:]) for x in ls],
     ':1:', "missing column(s) ['valence']"),
    (lambda ls: ls[:4] + [ls[4].replace(';0.000545;', ';abc;')] + ls[5:],
     ':5:', "'arousal': 'abc' is not a number"),
    (lambda ls: [x.replace(';', ',') for x in ls], ':1:', 'wrong separator'),
    (lambda ls: ls[:6] + [ls[6].replace(';', ',')] + ls[7:], ':7:',
     'wrong separator'),
    (lambda ls: ls[:3] + [ls[3] + ';0.1'] + ls[4:], ':4:',
     'expected 5 semicolon-separated fields'),
    (lambda ls: ls[:8] + [_set_field(ls[8], 3, '1.5')] + ls[9:], ':9:',
     "'valence': 1.5 is outside the valid range"),
    (lambda ls: ls[:10] + [ls[11], ls[10]] + ls[12:], ':12:',
     'does not increase'),
    (lambda ls: ls[:12] + [ls[12].replace('Devel_DE_01', 'Devel_DE_02')] +
     ls[13:], ':13:', "instance 'Devel_DE_02' differs"),
])
def test_malformed_variants(tmp_path, real_labels, edit, where, words):
    path = _variant(tmp_path, real_labels, edit)
    with pytest.raises(ValueError) as err:
        read_sewa_csv(path)
    assert f'{path}{where}' in str(err.value)
    assert words in str(err.value)


def test_unedited_variant_reads(tmp_path, real_labels):
    # the edits above are the only reason those variants fail
    track = read_sewa_csv(_variant(tmp_path, real_labels, lambda ls: ls))
    assert len(track) == 29 and track.times[-1] == pytest.approx(2.8)


def test_empty_and_header_only(tmp_path):
    empty = tmp_path / 'e.csv'
    empty.write_text('')
    with pytest.raises(ValueError, match='empty file'):
        read_sewa_csv(str(empty))
    header = tmp_path / 'h.csv'
    header.write_text('name;timestamp;arousal;valence;liking\n')
    with pytest.raises(ValueError, match='no label rows'):
        read_sewa_csv(str(header))


def test_one_row_file_is_named_when_converted(tmp_path):
    """A 1-row file used to fail in resampling with a message naming no
    file ('at least two label samples are needed ...')."""
    from mmaction_vaerr.dataprep import convert_sewa
    path = tmp_path / 'Devel_DE_09.csv'
    path.write_text("name;timestamp;arousal;valence;liking\n"
                    "'Devel_DE_09';0.000000;0.1;0.2;0.0\n")
    with pytest.raises(ValueError) as err:
        convert_sewa([str(path)], str(tmp_path / 'out'), fps=25)
    assert str(path) in str(err.value) and 'two label' in str(err.value)
    assert not (tmp_path / 'out' / 'labels').exists()
