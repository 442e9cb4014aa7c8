"""person_errors: the held-out error split by subject and by person, on
predictions with a known answer."""
import json

import mmengine
import numpy as np
import pytest
import torch

from mmaction_vaerr.tools.analysis import person_errors


def _samples():
    t = np.linspace(0, 6, 100)
    gt = np.stack([np.sin(t), np.cos(t)], 1).astype(np.float32)
    out = []
    for sub, shift in (('s00', 0.0), ('s01', 0.0), ('s02', 0.5)):
        for v in range(2):
            pred = gt.copy()
            pred[:, 1] += shift           # a valence level offset
            mask = np.ones(100, np.float32)
            mask[:10] = 0                 # invalid frames are left out
            pred[:10] = 9.0
            out.append(dict(video_id=f'{sub}/v0{v}', gt_va=torch.from_numpy(gt),
                            pred_va=torch.from_numpy(pred),
                            frame_mask=torch.from_numpy(mask)))
    return out


def test_offsets_shares_and_the_ccc_without_each_group():
    rows = person_errors.group_errors(
        _samples(), person_errors.subject_groups(_samples()))
    assert [r['group'] for r in rows] == ['s00', 's01', 's02']
    good, bad = rows[0], rows[2]
    assert good['frames'] == 180 and good['offset'] == [0.0, 0.0]
    assert good['ccc'] == [1.0, 1.0]
    assert bad['offset'] == [0.0, 0.5] and bad['ccc'][0] == 1.0
    assert bad['ccc'][1] < 1.0
    # all of the valence error is s02's; without it the rest is perfect
    assert bad['sq_error_share'][1] == 1.0
    assert good['sq_error_share'][1] == 0.0
    assert bad['pooled_ccc_without'] == [1.0, 1.0]
    assert good['pooled_ccc_without'][1] < 1.0


def test_persons_from_meta_count_a_morph_under_both(tmp_path, capsys):
    meta = dict(subjects={'s00': dict(persons=['p0']),
                          's01': dict(persons=['p1']),
                          's02': dict(persons=['p0', 'p1'])})
    rows = person_errors.group_errors(
        _samples(), person_errors.person_groups(_samples(), meta))
    assert [(r['group'], r['videos']) for r in rows] == [('p0', 4),
                                                        ('p1', 4)]
    assert rows[0]['offset'][1] == pytest.approx(0.25, abs=1e-3)
    dump, meta_path = tmp_path / 'pred.pkl', tmp_path / 'meta.json'
    mmengine.dump(_samples(), str(dump))
    meta_path.write_text(json.dumps(meta))
    out = tmp_path / 'rows.json'
    person_errors.main([str(dump), '--meta', str(meta_path), '--out',
                        str(out)])
    printed = capsys.readouterr().out
    assert 'per person' in printed and 'p1' in printed
    res = json.loads(out.read_text())
    assert len(res['subjects']) == 3 and len(res['persons']) == 2
    assert res['pooled_ccc'][0] == 1.0
