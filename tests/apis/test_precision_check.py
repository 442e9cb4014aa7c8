"""compare_precisions: CCC against the labels and agreement with fp32."""
import os.path as osp

import pytest
import torch

from mmaction_vaerr.apis import init_model
from mmaction_vaerr.apis.precision_check import compare_precisions
from mmaction_vaerr.datasets import read_split, read_va_csv

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CFG = osp.join(REPO, 'configs', 'vaerr',
               'vaerr_r18-stem3d-unigru_scratch_1xb4-20e_synthetic.py')


@pytest.fixture(scope='module')
def model():
    torch.manual_seed(0)
    model = init_model(CFG)
    model.init_weights()
    return model.eval()


def test_fp32_agrees_with_itself(model, tiny_synthetic):
    out = compare_precisions(model, tiny_synthetic, precisions=('fp32', ),
                             max_videos=1)
    assert list(out) == ['fp32']
    row = out['fp32']
    assert row['agree_arousal'] == pytest.approx(1.0)
    assert row['agree_valence'] == pytest.approx(1.0)
    assert row['agree_min'] == pytest.approx(1.0)
    assert row['ccc_mean'] == pytest.approx(
        (row['ccc_arousal'] + row['ccc_valence']) / 2)
    vid = read_split(osp.join(tiny_synthetic, 'splits', 'test.txt'))[0]
    ann = read_va_csv(osp.join(tiny_synthetic, 'labels', vid + '.csv'))
    assert row['frames'] == int(ann.valid.sum()) > 0
    # CCC is against the labels, not the fp32 predictions (the untrained
    # model is far from the labels)
    assert abs(row['ccc_arousal']) < 0.9 and abs(row['ccc_valence']) < 0.9


def test_empty_split_names_the_file(model, tmp_path):
    (tmp_path / 'splits').mkdir()
    (tmp_path / 'splits' / 'test.txt').write_text('')
    with pytest.raises(ValueError, match='test.txt: split file lists no'):
        compare_precisions(model, str(tmp_path))
