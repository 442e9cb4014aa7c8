"""The LiRA target oracle finds the face-predictable part of the audio."""
import os.path as osp
import subprocess
import sys

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def test_oracle_beats_predicting_zero(tiny_synthetic):
    out = subprocess.run(
        [sys.executable, osp.join(REPO, 'tools', 'analysis',
                                  'lira_target_oracle.py'), tiny_synthetic,
         '--split', 'train', '--n-mels', '40'],
        capture_output=True, text=True, check=True).stdout
    vals = {line.split(':')[0].strip(): float(line.split(':')[1])
            for line in out.splitlines() if ':' in line}
    zero = vals['L1, predict 0 (per-video mean)']
    oracle = vals['L1, oracle from mouth opening/arousal']
    # normalised targets: predicting 0 costs about E|z| = 0.8
    assert 0.6 < zero < 1.0
    # the audio is made from mouth opening and arousal: most of it is
    # explained (a target unrelated to the face would give oracle ~ zero)
    assert oracle < 0.8 * zero
    assert vals['mean R^2 over bands'] > 0.2
