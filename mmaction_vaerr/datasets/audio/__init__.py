"""Audio tracks of videos and frame-synchronous acoustic targets (LiRA)."""
from .features import (frame_centers, frame_times, hz_to_mel, log_mel_frames,
                       mel_filterbank, mel_to_hz, mfcc_frames,
                       power_spectrogram)
from .precomputed import (load_feature_file, load_precomputed,
                          resample_features)
from .extract import extract_audio_targets, feature_dim

__all__ = [
    'extract_audio_targets', 'feature_dim', 'frame_centers', 'frame_times',
    'hz_to_mel',
    'mel_to_hz', 'mel_filterbank', 'power_spectrogram', 'log_mel_frames',
    'mfcc_frames',
    'load_feature_file', 'load_precomputed', 'resample_features'
]
