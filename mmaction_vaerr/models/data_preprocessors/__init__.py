from .va_data_preprocessor import VADataPreprocessor, centre_zoom, test_frames

__all__ = ['VADataPreprocessor', 'centre_zoom', 'test_frames']
