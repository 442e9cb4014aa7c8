from .au_metric import AUMetric
from .ccc_metric import CCCMetric
from .expr_metric import ExprMetric
from .uar_war_metric import UARWARMetric

__all__ = ['AUMetric', 'CCCMetric', 'ExprMetric', 'UARWARMetric']
