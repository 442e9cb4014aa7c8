from .au_bce_loss import AUBCELoss
from .bin_ce_loss import BinCELoss
from .bins import bin_centres, bin_edges, va_to_bins
from .ccc_loss import CCCLoss, concordance_cc
from .class_balance import au_pos_weights, inverse_frequency_weights
from .composite_loss import VACompositeLoss
from .frame_ce_loss import FrameCELoss
from .kmeans import compute_va_centroids, kmeans_1d
from .mse_loss import VAMSELoss
from .ncce_loss import NCCELoss

__all__ = [
    'AUBCELoss', 'BinCELoss', 'FrameCELoss', 'au_pos_weights',
    'inverse_frequency_weights', 'CCCLoss', 'NCCELoss', 'VACompositeLoss',
    'VAMSELoss',
    'bin_centres', 'bin_edges', 'compute_va_centroids', 'concordance_cc',
    'kmeans_1d', 'va_to_bins'
]
