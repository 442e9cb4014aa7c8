from .metrics import *  # noqa: F401,F403
from .report import (format_comparison, format_metrics, score_dump,
                     score_samples, summarise_seeds)
