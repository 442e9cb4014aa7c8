from .gru_va_head import GRUVAHead

__all__ = ['GRUVAHead']
