"""RAVDESS and CREMA-D file-name parsers on real file names.

The names and their meanings are those of the datasets' own documentation:
RAVDESS's README on Zenodo (https://doi.org/10.5281/zenodo.1188975), whose
worked example is ``02-01-06-01-02-01-12.mp4``, and CREMA-D's README
(https://github.com/CheyneyComputerScience/CREMA-D), whose files include
``1001_DFA_ANG_XX.flv``.
"""
import pytest

from mmaction_vaerr.datasets.annotations import (parse_crema_d_name,
                                                 parse_ravdess_name)


def test_ravdess_documented_example():
    n = parse_ravdess_name('Actor_12/02-01-06-01-02-01-12.mp4')
    assert (n.modality, n.vocal_channel, n.emotion, n.intensity,
            n.statement, n.repetition, n.actor) == (
                2, 'speech', 'fearful', 'normal', '02', 1, 12)
    assert n.actor % 2 == 0                     # female


@pytest.mark.parametrize('name,emotion,actor,extra', [
    ('01-01-06-01-02-01-12.mp4', 'fearful', 12, 'speech'),
    ('03-01-01-01-01-01-01.wav', 'neutral', 1, 'speech'),
    ('03-01-07-02-01-02-19.wav', 'disgust', 19, 'strong'),
    ('01-02-05-02-02-02-24.mp4', 'angry', 24, 'song'),
    ('01-01-08-01-01-01-07.mp4', 'surprised', 7, 'normal'),
    ('01-01-02-02-01-02-03.mp4', 'calm', 3, 'strong'),
])
def test_ravdess_names(name, emotion, actor, extra):
    n = parse_ravdess_name(name)
    assert n.emotion == emotion and n.actor == actor
    assert extra in (n.vocal_channel, n.intensity)


@pytest.mark.parametrize('name,why', [
    ('01-01-09-01-01-01-01.mp4', 'emotion 09'),
    ('01-01-01-02-01-01-01.mp4', 'neutral has no strong'),
    ('01-02-07-01-01-01-01.mp4', r'song \(02\) has no disgust'),
    ('01-01-03-01-01-01-25.mp4', 'actor 25'),
    ('04-01-03-01-01-01-01.mp4', 'modality 04'),
    ('01-01-03-01-01-01.mp4', 'seven two-digit'),
    ('Actor_03/01-01-03-01-01-01-04.mp4', 'filed under Actor_03'),
])
def test_ravdess_bad_names(name, why):
    with pytest.raises(ValueError, match=why):
        parse_ravdess_name(name)


@pytest.mark.parametrize('name,emotion,actor,level,sentence', [
    ('1001_DFA_ANG_XX.flv', 'anger', 1001, 'XX', 'DFA'),
    ('1001_DFA_DIS_XX.flv', 'disgust', 1001, 'XX', 'DFA'),
    ('1001_DFA_NEU_XX.wav', 'neutral', 1001, 'XX', 'DFA'),
    ('1001_IEO_HAP_HI.flv', 'happiness', 1001, 'HI', 'IEO'),
    ('1091_WSI_SAD_XX.mp4', 'sadness', 1091, 'XX', 'WSI'),
    ('1045_IEO_FEA_LO.flv', 'fear', 1045, 'LO', 'IEO'),
    ('1078_IEO_SAD_MD.flv', 'sadness', 1078, 'MD', 'IEO'),
])
def test_crema_d_names(name, emotion, actor, level, sentence):
    n = parse_crema_d_name(name)
    assert (n.emotion, n.actor, n.intensity, n.statement) == (
        emotion, actor, level, sentence)


@pytest.mark.parametrize('name,why', [
    ('1001_DFA_SUR_XX.flv', 'emotion SUR'),
    ('1001_ABC_ANG_XX.flv', 'sentence ABC'),
    ('1001_DFA_ANG_VH.flv', 'level VH'),
    ('0999_DFA_ANG_XX.flv', 'actor 0999'),
    ('1001-DFA-ANG-XX.flv', 'not a CREMA-D name'),
])
def test_crema_d_bad_names(name, why):
    with pytest.raises(ValueError, match=why):
        parse_crema_d_name(name)
