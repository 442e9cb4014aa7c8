from setuptools import find_packages, setup


def readme() -> str:
    with open('README.md', encoding='utf-8') as f:
        return f.read()


setup(
    name='mmaction_vaerr',
    version='0.1.0',
    description='SS-VAERR: self-supervised arousal/valence recognition from '
                'face video, as an mmaction2 plugin',
    long_description=readme(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('tests', 'tests.*', 'configs', 'tools')),
    python_requires='>=3.9',
    # torch is declared loosely: users bring their own build (CUDA or CPU);
    # tools/install.sh pins the CPU wheel before installing this package.
    install_requires=[
        'torch>=2.0',
        'mmengine>=0.10.0,<0.11',
        'mmcv-lite>=2.0.0rc4,<2.2.0',
        'mmaction2>=1.1.0,<1.3',
        'importlib-metadata',
        'numpy',
        'scipy',
        'decord>=0.6.0',
        'av',
        'matplotlib',
        'tensorboard',
        'tqdm',
        'threadpoolctl',
    ],
    extras_require={
        'tests': ['pytest', 'pytest-timeout', 'pytest-xdist', 'scikit-learn'],
        # offline face models shipped inside PyPI packages + the paper's FAN
        'face': ['dlib-bin', 'face-recognition-models', 'face-alignment'],
        'export': ['onnx', 'onnxruntime'],
    },
    zip_safe=False,
)
