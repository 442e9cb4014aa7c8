"""Frame-synchronous acoustic targets of a clip, for LiRA pretraining."""
from __future__ import annotations

import os.path as osp
from collections import OrderedDict
from typing import Dict, Optional, Tuple

import numpy as np
from mmcv.transforms import BaseTransform

from mmaction.registry import TRANSFORMS
from ...io import probe_video
from ...io.audio import read_audio
from ..audio import load_precomputed, log_mel_frames, mfcc_frames

KINDS = ('logmel', 'mfcc', 'precomputed')


@TRANSFORMS.register_module()
class LoadAudioTargets(BaseTransform):
    """Acoustic features of the clip's own audio, one row per sampled frame.

    Targets of LiRA (Ma et al., "LiRA: Learning Visual Speech
    Representations from Audio through Self-supervision", Interspeech 2021,
    https://arxiv.org/abs/2106.09171). Features are computed once for the
    whole video, one vector per video frame (alignment policy in
    :mod:`mmaction_vaerr.datasets.audio.features`), optionally normalised
    per video (zero mean, unit variance per dimension over valid frames),
    then indexed with ``frame_inds``:

    - ``'logmel'``: log-mel energies from the audio track (PyAV decoding).
    - ``'mfcc'``: MFCCs from the audio track.
    - ``'precomputed'``: ``<feature_root>/<video_id><feature_suffix>``
      ``(T_feat, D)`` ``.npy`` at ``feature_rate`` Hz (e.g. PASE+, 100 Hz),
      resampled to the video frames (:mod:`~.audio.precomputed`).

    Frames past the end of the audio (or of the feature file) and indices
    past the video get ``audio_mask = False`` and a zero target.

    Required Keys:

    - filename: the video file.
    - frame_inds: ``(T,)`` sampled frame indices (``start_index`` based).

    Optional Keys: total_frames, avg_fps (``DecordInit``) or fps, video_id,
    start_index. Missing frame count / fps are read with decord.

    Added Keys:

    - audio_target: ``(T, D)`` float32.
    - audio_mask: ``(T,)`` bool, True where the target is valid.

    Args:
        kind: ``'logmel'``, ``'mfcc'`` or ``'precomputed'``.
        sample_rate: audio decoding rate in Hz.
        n_mels: mel filters (log-mel dimension; MFCC filterbank size).
        n_mfcc: MFCC coefficients.
        win_length: analysis window in samples (default two frame periods).
        n_fft: FFT size (default next power of two >= ``win_length``).
        f_min: lowest mel edge in Hz.
        f_max: highest mel edge in Hz (default Nyquist).
        mel_scale: ``'htk'`` or ``'slaney'``.
        frame_offset: frame instant inside its display interval, in frames
            (0.5 = middle, 0 = presentation timestamp).
        normalize: per-video mean/variance normalisation of each dimension.
        feature_root: folder of precomputed feature files.
        feature_suffix: file suffix of precomputed features.
        feature_rate: precomputed feature frames per second.
        resample_mode: ``'auto'``, ``'mean'``, ``'linear'`` or ``'stack'``.
        tolerance_s: allowed duration mismatch of a feature file in seconds.
        cache_size: videos whose full-length targets are kept in memory
            (least recently used first out; 0 disables the cache). Each
            dataloader worker holds its own cache.
    """

    def __init__(self, kind: str = 'logmel', sample_rate: int = 16000,
                 n_mels: int = 80, n_mfcc: int = 13,
                 win_length: Optional[int] = None,
                 n_fft: Optional[int] = None, f_min: float = 0.0,
                 f_max: Optional[float] = None, mel_scale: str = 'htk',
                 frame_offset: float = 0.5, normalize: bool = True,
                 feature_root: Optional[str] = None,
                 feature_suffix: str = '.npy', feature_rate: float = 100.0,
                 resample_mode: str = 'auto', tolerance_s: float = 0.1,
                 cache_size: int = 128) -> None:
        if kind not in KINDS:
            raise ValueError(f'kind must be one of {KINDS}, got {kind!r}')
        if kind == 'precomputed' and not feature_root:
            raise ValueError("kind='precomputed' needs feature_root")
        self.kind = kind
        self.sample_rate = sample_rate
        self.spec_cfg = dict(win_length=win_length, n_fft=n_fft, f_min=f_min,
                             f_max=f_max, mel_scale=mel_scale,
                             frame_offset=frame_offset)
        self.n_mels = n_mels
        self.n_mfcc = n_mfcc
        self.frame_offset = frame_offset
        self.normalize = normalize
        self.feature_root = feature_root
        self.feature_suffix = feature_suffix
        self.feature_rate = feature_rate
        self.resample_mode = resample_mode
        self.tolerance_s = tolerance_s
        self.cache_size = cache_size
        self._cache: 'OrderedDict[str, Tuple[np.ndarray, np.ndarray]]' = \
            OrderedDict()

    def video_targets(self, filename: str, num_frames: int, fps: float,
                      video_id: Optional[str] = None
                      ) -> Tuple[np.ndarray, np.ndarray]:
        """Targets ``(num_frames, D)`` and validity of a whole video."""
        if self.kind == 'precomputed':
            vid = video_id or osp.splitext(osp.basename(filename))[0]
            path = osp.join(self.feature_root, vid + self.feature_suffix)
            feats, valid = load_precomputed(
                path, self.feature_rate, fps, num_frames,
                mode=self.resample_mode, tolerance_s=self.tolerance_s,
                frame_offset=self.frame_offset)
        else:
            track = read_audio(filename, self.sample_rate)
            args = (track.samples, track.sample_rate, fps, num_frames,
                    track.start_time)
            if self.kind == 'logmel':
                feats, valid = log_mel_frames(*args, n_mels=self.n_mels,
                                              **self.spec_cfg)
            else:
                feats, valid = mfcc_frames(*args, n_mfcc=self.n_mfcc,
                                           n_mels=self.n_mels,
                                           **self.spec_cfg)
        if not valid.any():
            raise ValueError(f'{filename}: no video frame overlaps the audio '
                             f'({self.kind} targets)')
        if self.normalize:
            mean = feats[valid].mean(axis=0)
            std = feats[valid].std(axis=0)
            feats = (feats - mean) / np.maximum(std, 1e-5)
            feats[~valid] = 0.0
        return feats.astype(np.float32), valid

    def _cached_targets(self, results: Dict) -> Tuple[np.ndarray, np.ndarray]:
        filename = results['filename']
        if filename in self._cache:
            self._cache.move_to_end(filename)
            return self._cache[filename]
        num_frames = results.get('total_frames')
        fps = results.get('avg_fps', results.get('fps'))
        if num_frames is None or fps is None:
            info = probe_video(filename, count='decoded')
            num_frames = info.num_frames if num_frames is None else num_frames
            fps = float(info.fps) if fps is None else fps
        out = self.video_targets(filename, int(num_frames), float(fps),
                                 results.get('video_id'))
        if self.cache_size > 0:
            self._cache[filename] = out
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out

    def transform(self, results: Dict) -> Dict:
        feats, valid = self._cached_targets(results)
        inds = np.asarray(results['frame_inds'], dtype=np.int64).reshape(-1)
        inds = inds - int(results.get('start_index', 0))
        inside = (inds >= 0) & (inds < len(feats))
        safe = np.clip(inds, 0, len(feats) - 1)
        mask = inside & valid[safe]
        target = np.where(mask[:, None], feats[safe], 0.0)
        results['audio_target'] = target.astype(np.float32)
        results['audio_mask'] = mask
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(kind={self.kind!r}, '
                f'sample_rate={self.sample_rate}, n_mels={self.n_mels}, '
                f'n_mfcc={self.n_mfcc}, spec_cfg={self.spec_cfg}, '
                f'normalize={self.normalize}, '
                f'feature_root={self.feature_root!r}, '
                f'feature_rate={self.feature_rate}, '
                f'resample_mode={self.resample_mode!r}, '
                f'cache_size={self.cache_size})')
