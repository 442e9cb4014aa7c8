import numpy as np
import pytest

from mmaction_vaerr.datasets.transforms import SampleVASegment


def _results(n_labels, n_video=None, invalid=()):
    va = np.stack([np.arange(n_labels), -np.arange(n_labels)], 1) / 1000.0
    mask = np.ones(n_labels, bool)
    mask[list(invalid)] = False
    return dict(gt_va=va.astype(np.float32), frame_mask=mask,
                total_frames=n_video or n_labels, filename='v.mp4')


def test_training_segment_labels_follow_frames():
    np.random.seed(0)
    for _ in range(20):
        r = SampleVASegment(clip_len=10)(_results(50))
        inds = r['frame_inds']
        assert len(inds) == 10 and r['clip_len'] == 10
        np.testing.assert_array_equal(np.diff(inds), 1)
        # label of each sampled frame is exactly that frame's label
        np.testing.assert_allclose(r['gt_va'][:, 0], inds / 1000.0)
        assert r['frame_mask'].all()


def test_short_video_is_padded_and_masked():
    r = SampleVASegment(clip_len=8)(_results(5, invalid=[1]))
    assert r['frame_inds'].tolist() == [0, 1, 2, 3, 4, 4, 4, 4]
    assert r['frame_mask'].tolist() == [True, False, True, True, True,
                                        False, False, False]
    assert r['gt_va'].shape == (8, 2)


def test_whole_video_in_test_mode():
    r = SampleVASegment(clip_len=None)(_results(7))
    assert r['frame_inds'].tolist() == list(range(7))
    r = SampleVASegment(clip_len=3, test_mode=True)(_results(7))
    assert r['clip_len'] == 7


def test_frame_folders_are_offset_by_start_index():
    res = _results(6)
    res['start_index'] = 1
    r = SampleVASegment(clip_len=None)(res)
    assert r['frame_inds'].tolist() == [1, 2, 3, 4, 5, 6]


def test_length_mismatch_policy():
    # small mismatch: frames past the video are masked, never shifted
    r = SampleVASegment(clip_len=None)(_results(100, n_video=98))
    assert r['frame_mask'][:98].all() and not r['frame_mask'][98:].any()
    assert r['frame_inds'].max() == 97
    np.testing.assert_allclose(r['gt_va'][50, 0], 0.05)
    with pytest.raises(ValueError, match='v.mp4: video has 50 frames'):
        SampleVASegment(clip_len=None)(_results(100, n_video=50))


def test_repr_and_bad_args():
    assert 'clip_len=200' in repr(SampleVASegment())
    with pytest.raises(ValueError):
        SampleVASegment(clip_len=0)


def test_test_mode_never_pads_a_video_shorter_than_its_labels():
    """Whole-video evaluation used to repeat the last frame for the labels
    past the video's end; a model then predicted on fake frames (and a
    bidirectional one let them change the real last frames)."""
    for sampler in (SampleVASegment(clip_len=None),
                    SampleVASegment(clip_len=3, test_mode=True)):
        r = sampler(_results(100, n_video=97, invalid=[5]))
        assert r['frame_inds'].tolist() == list(range(97))
        assert len(r['gt_va']) == len(r['frame_mask']) == r['clip_len'] == 97
        np.testing.assert_allclose(r['gt_va'][:, 0], np.arange(97) / 1000.0)
        assert not r['frame_mask'][5] and r['frame_mask'].sum() == 96
    # a video longer than its labels: every labelled frame, no more
    r = SampleVASegment(clip_len=None)(_results(50, n_video=51))
    assert r['frame_inds'].tolist() == list(range(50))
