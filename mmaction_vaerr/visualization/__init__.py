"""Drawing: the valence-arousal circle, trajectory plots, overlay videos and
training curves."""
from .circumplex import (EMOTION_WORDS, draw_circumplex, draw_va_point,
                         va_panel, va_to_pixel)
from .curves import find_scalars, load_scalars, plot_curves
from .overlay_video import (ColorVideoWriter, compose_frame,
                            render_overlay_video)
from .trajectory_plot import (figure_to_rgb, save_va_trajectory_plot,
                              va_trajectory_figure)

__all__ = [
    'EMOTION_WORDS', 'ColorVideoWriter', 'compose_frame', 'draw_circumplex',
    'draw_va_point', 'figure_to_rgb', 'find_scalars', 'load_scalars',
    'plot_curves', 'render_overlay_video', 'save_va_trajectory_plot',
    'va_panel', 'va_to_pixel', 'va_trajectory_figure'
]
