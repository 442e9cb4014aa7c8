"""AFEW-VA reader and converter on small synthetic clip JSONs."""
import csv
import json
import os

import cv2
import numpy as np
import pytest

from mmaction_vaerr.datasets import read_va_csv
from mmaction_vaerr.dataprep import convert_afew_va
from mmaction_vaerr.datasets.annotations import read_afew_va_json


def _landmarks(k):
    return [[10.0 * k + i, 100.0 + i] for i in range(68)]


def _frames(keys=('00000', '00001', '00003')):
    return {
        key: {'valence': int(key) - 2, 'arousal': 10 - int(key),
              'landmarks': _landmarks(int(key))}
        for key in keys
    }


def _write(folder, name, data=None, text=None):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, 'w') as f:
        f.write(text if text is not None else
                json.dumps(data, indent=1))
    return path


def test_values_scaled_landmarks_and_gaps(tmp_path):
    path = _write(str(tmp_path), '001.json',
                  {'actor': 'Jane Doe', 'video_id': '001',
                   'frames': _frames()})
    ann, lms, actor = read_afew_va_json(path)
    assert actor == 'Jane Doe' and ann.fps == 25.0 and len(ann) == 4
    np.testing.assert_allclose(ann.arousal, [1.0, 0.9, 0.0, 0.7], atol=1e-7)
    np.testing.assert_allclose(ann.valence, [-0.2, -0.1, 0.0, 0.1],
                               atol=1e-7)
    # frame 00002 is not annotated: invalid, NaN landmarks, never filled
    np.testing.assert_array_equal(ann.valid, [1, 1, 0, 1])
    assert lms.shape == (4, 68, 2) and lms.dtype == np.float32
    assert np.isnan(lms[2]).all()
    np.testing.assert_array_equal(lms[3, 5], [35.0, 105.0])


def _bad_frames(field, value):
    frames = _frames()
    frames['00001'][field] = value
    return frames


@pytest.mark.parametrize('frames,key,words', [
    (_bad_frames('valence', 'abc'), '00001', "valence is 'abc', not a"),
    (_bad_frames('arousal', 11), '00001', 'arousal 11 is outside -10..10'),
    (_bad_frames('arousal', True), '00001', 'arousal is True, not a number'),
    (_bad_frames('landmarks', _landmarks(1)[:67]), '00001',
     'landmarks must be 68 [x, y] number pairs, got shape (67, 2)'),
    ({**_frames(), 'first': _frames()['00000']}, 'first',
     'is not a frame number'),
    ({**_frames(), '1': _frames()['00000']}, '1', "repeats frame '00001'"),
])
def test_malformed_frames_name_file_and_line(tmp_path, frames, key, words):
    path = _write(str(tmp_path), 'c.json', {'actor': 'a', 'frames': frames})
    with pytest.raises(ValueError) as err:
        read_afew_va_json(path)
    msg = str(err.value)
    assert words in msg and f'frame {key!r}' in msg
    # the reported line is the line of the frame's key in the file
    assert msg.startswith(f'{path}:')
    line = int(msg[len(path) + 1:].split(':')[0])
    with open(path) as f:
        assert f'"{key}":' in f.read().splitlines()[line - 1]


def test_missing_dimension(tmp_path):
    frames = _frames()
    del frames['00003']['arousal']
    path = _write(str(tmp_path), 'c.json', {'frames': frames})
    with pytest.raises(ValueError, match="frame '00003' has no 'arousal'"):
        read_afew_va_json(path)


def test_invalid_json_and_duplicates(tmp_path):
    path = _write(str(tmp_path), 'c.json',
                  text='{"frames": {\n "00000": {"valence": 1,,}\n}}')
    with pytest.raises(ValueError, match=r'c\.json:2: invalid JSON'):
        read_afew_va_json(path)
    path = _write(str(tmp_path), 'd.json',
                  text='{"frames": {\n"00000": {},\n"00000": {}\n}}')
    with pytest.raises(ValueError, match=r"d\.json:3: duplicate key '00000'"):
        read_afew_va_json(path)
    path = _write(str(tmp_path), 'e.json', {'frames': []})
    with pytest.raises(ValueError, match='"frames" map'):
        read_afew_va_json(path)


def test_convert_clip_folder(tmp_path):
    clip = str(tmp_path / 'AFEW-VA' / '001')
    _write(clip, '001.json', {'actor': 'Jane Doe', 'frames': _frames()})
    for k in range(5):  # 5 images, annotations up to frame 3
        cv2.imwrite(os.path.join(clip, f'{k:05d}.png'),
                    np.full((4, 4, 3), k, np.uint8))
    out = str(tmp_path / 'out')
    ids = convert_afew_va([os.path.join(clip, '001.json')], out)
    assert ids == ['001']
    ann = read_va_csv(os.path.join(out, 'labels', '001.csv'))
    np.testing.assert_array_equal(ann.valid, [1, 1, 0, 1, 0])
    lms = np.load(os.path.join(out, 'landmarks', '001.npy'))
    assert lms.shape == (5, 68, 2) and np.isnan(lms[4]).all()
    # AFEW-VA image 00000.png is frame 0 = canonical 00001.png
    fdir = os.path.join(out, 'frames', '001')
    assert sorted(os.listdir(fdir)) == [f'{k:05d}.png' for k in range(1, 6)]
    assert os.path.realpath(os.path.join(fdir, '00001.png')) == \
        os.path.realpath(os.path.join(clip, '00000.png'))
    with open(os.path.join(out, 'subjects.csv')) as f:
        assert list(csv.reader(f)) == [['video_id', 'subject'],
                                       ['001', 'Jane Doe']]
