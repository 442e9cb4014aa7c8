"""Aff-Wild2 EXPR / AU txt readers: values, missing labels, errors."""
import numpy as np
import pytest

from mmaction_vaerr.datasets.annotations import (AnnotationFormatError,
                                                 read_affwild2_au_txt,
                                                 read_affwild2_expr_txt,
                                                 write_affwild2_au_txt,
                                                 write_affwild2_expr_txt)

EXPR_HEAD = 'Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other\n'
AU_HEAD = 'AU1,AU2,AU4,AU6,AU7,AU10,AU12,AU15,AU23,AU24,AU25,AU26\n'


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_expr_reads_ids_and_missing(tmp_path):
    p = write(tmp_path, 'v.txt', EXPR_HEAD + '0\n4\n-1\n7\n')
    np.testing.assert_array_equal(read_affwild2_expr_txt(p), [0, 4, -1, 7])


def test_au_reads_flags_and_missing(tmp_path):
    rows = '0,0,0,1,0,0,1,0,0,0,1,0\n' + ','.join(['-1'] * 12) + '\n'
    au = read_affwild2_au_txt(write(tmp_path, 'v.txt', AU_HEAD + rows))
    assert au.shape == (2, 12)
    assert au[0].tolist() == [0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0]
    assert (au[1] == -1).all()


def test_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    expr = rng.integers(-1, 8, 30)
    au = rng.integers(-1, 2, (30, 12))
    write_affwild2_expr_txt(str(tmp_path / 'e.txt'), expr)
    write_affwild2_au_txt(str(tmp_path / 'a.txt'), au)
    np.testing.assert_array_equal(
        read_affwild2_expr_txt(str(tmp_path / 'e.txt')), expr)
    np.testing.assert_array_equal(
        read_affwild2_au_txt(str(tmp_path / 'a.txt')), au)
    assert (tmp_path / 'e.txt').read_text().startswith(EXPR_HEAD)


@pytest.mark.parametrize('body,where', [
    ('0\n8\n', r'v\.txt:3: expression 8'),
    ('0\nhappy\n', r"v\.txt:3: expression: 'happy' is not an integer"),
    ('0\n\n1\n', r'v\.txt:3: blank line'),
    ('0,1\n', r'v\.txt:2: expected 1'),
])
def test_expr_errors_name_file_and_line(tmp_path, body, where):
    with pytest.raises(AnnotationFormatError, match=where):
        read_affwild2_expr_txt(write(tmp_path, 'v.txt', EXPR_HEAD + body))


@pytest.mark.parametrize('text,where', [
    (AU_HEAD + '0,0,0,1,0,0,2,0,0,0,1,0\n', r'v\.txt:2: AU12: 2'),
    (AU_HEAD + '0;0;0;1;0;0;1;0;0;0;1;0\n', r'v\.txt:2: wrong separator'),
    (AU_HEAD + '0,0,0,1\n', r'v\.txt:2: expected 12'),
    (EXPR_HEAD + '0\n', r'v\.txt:1: expected header AU1'),
    ('', r'v\.txt: empty file'),
])
def test_au_errors_name_file_and_line(tmp_path, text, where):
    with pytest.raises(AnnotationFormatError, match=where):
        read_affwild2_au_txt(write(tmp_path, 'v.txt', text))
