from .va_data_preprocessor import VADataPreprocessor, centre_zoom

__all__ = ['VADataPreprocessor', 'centre_zoom']
