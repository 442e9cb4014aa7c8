import os
import os.path as osp
import tempfile

import pytest

# 'auto' precision picks bf16 only on CPUs with native bf16; tests compare
# against fp32 references and must behave (and take) the same on every CPU
# kind, so they pin fp32 unless a test asks for a precision itself
# (tests/utils/test_hardware.py clears this to test the decision).
os.environ.setdefault('MMACTION_VAERR_PRECISION', 'fp32')
# Inductor's on-disk cache is not keyed by an emulated ISA
# (ATEN_CPU_CAPABILITY / ONEDNN_MAX_CPU_ISA): a graph cached in one mode and
# reused in another gave NaNs (tests/utils/test_fast_paths.py), so each
# mode gets its own cache folder.
os.environ.setdefault('TORCHINDUCTOR_CACHE_DIR', osp.join(
    tempfile.gettempdir(), 'torchinductor_vaerr_tests_' + '_'.join(
        os.environ.get(k, 'native') for k in ('ATEN_CPU_CAPABILITY',
                                              'ONEDNN_MAX_CPU_ISA'))))



def _pin_xdist_worker() -> None:
    """Under pytest-xdist (``-n``), give each worker its own share of the
    usable cores, before torch starts its thread pool: torch's threads, the
    'auto' thread count of the configs (TorchThreadsHook: the CPU affinity)
    and subprocesses then stay inside it, so two workers on a 2-core CPU do
    not run four busy-waiting threads on two cores."""
    worker = os.environ.get('PYTEST_XDIST_WORKER', '')
    count = int(os.environ.get('PYTEST_XDIST_WORKER_COUNT', '1'))
    if not worker.startswith('gw') or count < 2 or \
            not hasattr(os, 'sched_setaffinity'):
        return
    cpus = sorted(os.sched_getaffinity(0))
    share = cpus[int(worker[2:]) % count::count] or cpus
    os.sched_setaffinity(0, share)
    os.environ['OMP_NUM_THREADS'] = str(len(share))


_pin_xdist_worker()

import mmaction_vaerr  # noqa: E402,F401  (patches + registration first)
from mmaction.utils import register_all_modules  # noqa: E402
from mmaction_vaerr.testing import (single_thread,  # noqa: E402
                                    write_phone_clip)

# build transforms/models outside a Runner in mmaction2's scope
register_all_modules(init_default_scope=True)


def _unformatted_config_text() -> None:
    """Configs built in the test processes skip mmengine's yapf pass.

    Every Runner formats its config with yapf twice (the log and the dumped
    copy) and once more per checkpoint (its meta): about 30 of the 74 s of
    tests/tools/test_paper_tables.py's miniature on a Zen 2. mmengine's own
    ``format_python_code=False`` gives the same config as unformatted (still
    valid, loadable) Python; what the tests check never depends on the
    layout. Subprocess tests run the tools as users do, formatted.
    """
    from mmengine.config import Config
    init = Config.__init__

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        object.__setattr__(self, '_format_python_code', False)
    Config.__init__ = __init__


_unformatted_config_text()

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
SHARED_DATA = osp.normpath(osp.join(REPO, '..', 'shared', 'data'))


@pytest.fixture(scope='session')
def shared_data() -> str:
    """``../shared/data`` next to the repository (real clips and labels)."""
    if not osp.isdir(SHARED_DATA):
        pytest.fail(f'shared data not found at {SHARED_DATA}')
    return SHARED_DATA


@pytest.fixture(scope='session')
def real_clips(shared_data) -> str:
    return osp.join(shared_data, 'real_clips')


@pytest.fixture(scope='session')
def real_labels(shared_data) -> str:
    return osp.join(shared_data, 'labels')


@pytest.fixture(scope='session')
def clip(real_clips):
    """``clip(name)`` -> path of a real clip (fails if it is missing)."""

    def get(name: str) -> str:
        path = osp.join(real_clips, name)
        if not osp.isfile(path):
            pytest.fail(f'real clip {path} is missing')
        return path

    return get


@pytest.fixture
def phone_clip():
    """``phone_clip(src, dst, degrees, frames, hflip=False)`` -> path
    (``mmaction_vaerr.testing.write_phone_clip``)."""
    return write_phone_clip


os.environ.setdefault('OMP_NUM_THREADS', '2')


@pytest.fixture(scope='session')
def tiny_synthetic(tmp_path_factory) -> str:
    """A tiny synthetic VA dataset in the canonical layout (6 subjects)."""
    from mmaction_vaerr.dataprep.synthetic import generate_synthetic_dataset
    root = str(tmp_path_factory.mktemp('synthetic'))
    generate_synthetic_dataset(root, num_subjects=6, videos_per_subject=2,
                               num_frames=(40, 56), seed=3,
                               splits=dict(train=4, val=1, test=1))
    return root


# Emotion of each clip -> (arousal, valence) of the drawn face, so that the
# tiny RAVDESS / CREMA-D stand-ins below have learnable labels.
_EMOTION_VA = {'neutral': (-0.2, 0.0), 'calm': (-0.7, 0.3),
               'happy': (0.5, 0.9), 'sad': (-0.6, -0.8),
               'angry': (0.8, -0.8), 'fearful': (0.9, -0.5),
               'disgust': (0.2, -0.9), 'surprised': (0.9, 0.4)}
_CREMA = {'NEU': 'neutral', 'ANG': 'angry', 'DIS': 'disgust',
          'FEA': 'fearful', 'HAP': 'happy', 'SAD': 'sad'}


def _write_emotion_clip(path, subject, emotion, frames=12):
    import numpy as np
    from mmaction_vaerr.dataprep.synthetic import (render_face,
                                                   subject_identity)
    from mmaction_vaerr.io.face_video import \
        write_face_video
    idt = subject_identity(7, subject)
    a, v = _EMOTION_VA[emotion]
    imgs = np.stack([render_face(idt, a, v, talk=0.3 * (i % 3))
                     for i in range(frames)])
    write_face_video(path, imgs, 25.0)


@pytest.fixture(scope='session')
def tiny_ravdess(tmp_path_factory) -> str:
    """96x96 face clips under real RAVDESS names: actors 1, 18, 22."""
    root = tmp_path_factory.mktemp('ravdess')
    for actor in (1, 18, 22):
        for emo in range(1, 9):
            name = f'01-01-{emo:02d}-01-01-01-{actor:02d}.mp4'
            _write_emotion_clip(str(root / f'Actor_{actor:02d}' / name),
                                actor, list(_EMOTION_VA)[emo - 1])
    return str(root)


@pytest.fixture(scope='session')
def tiny_crema_d(tmp_path_factory) -> str:
    """96x96 face clips under real CREMA-D names: actors 1001, 1070, 1085."""
    root = tmp_path_factory.mktemp('crema_d')
    for actor in (1001, 1070, 1085):
        for code, emo in _CREMA.items():
            _write_emotion_clip(str(root / f'{actor}_DFA_{code}_XX.mp4'),
                                actor - 1000, emo)
    return str(root)


@pytest.fixture(scope='session')
def tiny_affwild2(tiny_synthetic, tmp_path_factory) -> str:
    """The tiny synthetic set in Aff-Wild2's released layout (flat names,
    Train_Set / Validation_Set folders, VA txt with -5 markers), clips in
    ``faces/`` as the preprocessing writes them."""
    import shutil
    from mmaction_vaerr.datasets import read_split, read_va_csv
    root = tmp_path_factory.mktemp('affwild2')
    parts = dict(Train_Set='train', Validation_Set='val')
    for folder, split in parts.items():
        for vid in read_split(osp.join(tiny_synthetic, 'splits',
                                       split + '.txt')):
            flat = vid.replace('/', '_')
            (root / 'faces').mkdir(exist_ok=True)
            shutil.copy(osp.join(tiny_synthetic, 'videos', vid + '.mp4'),
                        root / 'faces' / (flat + '.mp4'))
            for task in ('EXPR_Recognition_Challenge',
                         'AU_Detection_Challenge'):
                dst = root / 'Annotations' / task / folder
                dst.mkdir(parents=True, exist_ok=True)
                shutil.copy(osp.join(tiny_synthetic, task, vid + '.txt'),
                            dst / (flat + '.txt'))
            ann = read_va_csv(osp.join(tiny_synthetic, 'labels',
                                       vid + '.csv'))
            dst = root / 'Annotations' / 'VA_Estimation_Challenge' / folder
            dst.mkdir(parents=True, exist_ok=True)
            rows = [f'{v:.4f},{a:.4f}' if i % 7 else '-5,-5'
                    for i, (a, v) in enumerate(ann.va)]
            (dst / (flat + '.txt')).write_text(
                'valence,arousal\n' + '\n'.join(rows) + '\n')
    return str(root)
# photos of three people (two each) in ../shared/data/face_images
REALFACE_TEST_PHOTOS = ('deepface_img1.jpg', 'deepface_img2.jpg',
                        'deepface_img29.jpg', 'deepface_img30.jpg',
                        'deepface_img38.jpg', 'deepface_img39.jpg')


@pytest.fixture(scope='session')
def realface_photos(shared_data, tmp_path_factory) -> str:
    """A folder linking six shared photos of three real people."""
    d = tmp_path_factory.mktemp('realface_photos')
    for name in REALFACE_TEST_PHOTOS:
        os.symlink(osp.join(shared_data, 'face_images', name), d / name)
    return str(d)


@pytest.fixture(scope='session')
def realface_cache(tmp_path_factory) -> str:
    """Landmark cache shared by the real-face tests (detect once)."""
    return str(tmp_path_factory.mktemp('realface_cache'))


@pytest.fixture(scope='session')
def tiny_realface(realface_photos, realface_cache, tmp_path_factory) -> str:
    """A tiny real-face set in both layouts (3 subjects x 2 videos)."""
    from mmaction_vaerr.dataprep.realface import generate_realface_dataset
    root = str(tmp_path_factory.mktemp('realface'))
    generate_realface_dataset(
        root, num_subjects=3, videos_per_subject=2, num_frames=30, seed=1,
        splits=dict(train=1, val=1, test=1), photo_dir=realface_photos,
        clip_dir='', cache_dir=realface_cache,
        layouts=('canonical', 'affwild2'), affwild2_invalid=0.1)
    return root


MAX_AUTO_WORKERS = 4


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: one worker per usable core (the CPU affinity, not the
    machine's core count), at most 4 (each worker holds torch and
    mmaction2, about 1 GB)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(
        os, 'sched_getaffinity') else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_AUTO_WORKERS))


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked ``long`` (the few that train for a minute or more on a
    slow CPU) start first, so that with several workers none of them is
    left to run alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker('long') is None)


@pytest.fixture
def one_thread():
    """Single-threaded torch for a test (``pytestmark =
    pytest.mark.usefixtures('one_thread')`` for a module): on a shared,
    oversubscribed 2-core machine two OpenMP threads spin-wait for each
    other (20x slower there)."""
    with single_thread():
        yield


@pytest.fixture
def av_clip(tmp_path):
    """Factory: ``av_clip(name, fps, num_frames, **kw)`` -> file path."""
    from mmaction_vaerr.testing import write_av_clip

    def make(name='clip.mp4', fps=25.0, num_frames=40, **kwargs):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_av_clip(path, fps, num_frames, **kwargs)
        return str(path)
    return make
