"""Prediction dumps are read without running code from them."""
import io
import os
import os.path as osp
import pickle

import mmengine
import numpy as np
import pytest
import torch

from mmaction_vaerr.evaluation import score_dump
from mmaction_vaerr.io import DumpError, load_dump


def _samples():
    g = torch.Generator().manual_seed(0)
    gt = torch.rand(40, 2, generator=g) * 2 - 1
    return [dict(video_id=f's00/v0{i}', fps=25.0, img_shape=(96, 96),
                 total_frames=40, gt_va=gt, frame_mask=torch.ones(40),
                 pred_va=gt * 0.5 + 0.1 * i, pred_va_prob=torch.rand(40, 2, 20),
                 frame_inds=np.arange(40)) for i in range(2)]


def test_a_test_py_dump_reads_back_equal_and_scores(tmp_path):
    path = str(tmp_path / 'pred.pkl')
    mmengine.dump(_samples(), path)     # what tools/test.py --dump writes
    got = load_dump(path)
    with open(path, 'rb') as f:
        ref = pickle.load(f)
    assert len(got) == 2 and got[0].keys() == ref[0].keys()
    for a, b in zip(got, ref):
        for k in a:
            if torch.is_tensor(a[k]):
                assert torch.equal(a[k], b[k])
            elif isinstance(a[k], np.ndarray):
                np.testing.assert_array_equal(a[k], b[k])
            else:
                assert a[k] == b[k]
    res = score_dump(path)
    assert 0.0 < res['ccc_mean'] < 1.0


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f'touch {self.marker}', )


def test_a_dump_that_would_run_code_is_refused(tmp_path):
    marker = tmp_path / 'ran'
    path = str(tmp_path / 'evil.pkl')
    with open(path, 'wb') as f:
        pickle.dump([dict(video_id='x', pred_va=_Payload(marker))], f)
    with pytest.raises(DumpError, match=r'evil\.pkl.*refusing.*system'):
        load_dump(path)
    assert not marker.exists()


def test_code_hidden_in_a_tensor_storage_is_refused(tmp_path):
    # torch pickles a tensor's storage as torch.save bytes, which torch's
    # own _load_from_bytes reads with weights_only=False
    marker = tmp_path / 'ran'
    buf = io.BytesIO()
    torch.save(_Payload(marker), buf)

    class _Storage:
        def __reduce__(self):
            return torch.storage._load_from_bytes, (buf.getvalue(), )

    path = str(tmp_path / 'evil_tensor.pkl')
    with open(path, 'wb') as f:
        pickle.dump([dict(pred_va=_Storage())], f)
    with pytest.raises(DumpError, match='evil_tensor.pkl'):
        load_dump(path)
    assert not marker.exists()


def test_not_a_pickle_names_the_file(tmp_path):
    path = tmp_path / 'broken.pkl'
    path.write_bytes(b'not a pickle at all')
    with pytest.raises(DumpError, match=r'broken\.pkl: not a prediction'):
        load_dump(str(path))
    assert osp.isfile(path)
