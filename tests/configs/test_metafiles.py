"""Every config folder has a metafile.yml that lists exactly its configs,
and no config inherits more than 3 levels deep.

Generic over ``configs/*/``: a folder another helper adds (e.g.
``configs/tasks/``) is checked the same way.
"""
import ast
import glob
import os.path as osp

import pytest
import yaml

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = osp.join(REPO, 'configs')
FOLDERS = sorted(d for d in glob.glob(osp.join(CONFIGS, '*'))
                 if osp.isdir(d) and osp.basename(d) != '_base_')
ALL = sorted(p for p in glob.glob(osp.join(CONFIGS, '**', '*.py'),
                                  recursive=True)
             if '_base_' not in osp.relpath(p, CONFIGS).split(osp.sep))
MAX_DEPTH = 3
KNOWN_DEEP = set()


def _owner(path):
    """The nearest folder above ``path`` that has a metafile.yml."""
    d = osp.dirname(path)
    while d.startswith(CONFIGS) and not osp.isfile(
            osp.join(d, 'metafile.yml')):
        d = osp.dirname(d)
    return d


def shipped_configs(folder):
    """Configs under ``folder`` not claimed by a sub-folder's metafile."""
    return {osp.relpath(p, REPO) for p in ALL
            if p.startswith(folder + osp.sep) and _owner(p) == folder}


def bases(path):
    """``_base_`` entries of a config file, resolved to absolute paths."""
    if not path.endswith('.py'):
        return []   # .json / .yaml bases hold values only
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                getattr(t, 'id', None) == '_base_' for t in node.targets):
            value = ast.literal_eval(node.value)
            value = [value] if isinstance(value, str) else value
            return [osp.normpath(osp.join(osp.dirname(path), b))
                    for b in value]
    return []


def depth(path, seen=()):
    """Longest chain of ``_base_`` files above ``path`` (0 = no base)."""
    if path in seen:
        raise ValueError(f'inheritance cycle through {path}')
    parents = bases(path)
    for p in parents:
        assert osp.isfile(p), f'{path}: base {p} does not exist'
    return 1 + max(depth(p, seen + (path,)) for p in parents) \
        if parents else 0


def test_every_folder_is_checked():
    names = {osp.basename(d) for d in FOLDERS}
    assert {'vaerr', 'mixing', 'selfsup'} <= names


@pytest.mark.parametrize('folder', FOLDERS, ids=osp.basename)
def test_metafile_lists_exactly_the_configs(folder):
    meta = osp.join(folder, 'metafile.yml')
    assert osp.isfile(meta), f'{folder} has no metafile.yml'
    with open(meta) as f:
        doc = yaml.safe_load(f)
    collections = {c['Name'] for c in doc.get('Collections', [])}
    listed = []
    for entry in doc['Models']:
        cfg = entry['Config']
        assert osp.isfile(osp.join(REPO, cfg)), f'{meta}: {cfg} not found'
        assert osp.basename(cfg) == entry['Name'] + '.py', cfg
        assert entry['In Collection'] in collections, cfg
        listed.append(cfg)
    assert len(listed) == len(set(listed)), f'{meta} lists a config twice'
    shipped = shipped_configs(folder)
    assert not shipped - set(listed), \
        f'{meta} misses {sorted(shipped - set(listed))}'
    assert not set(listed) - shipped, \
        f'{meta} lists configs outside {folder}'


@pytest.mark.parametrize('path', ALL,
                         ids=[osp.relpath(p, CONFIGS) for p in ALL])
def test_inheritance_at_most_3_levels(path):
    d = depth(path)
    if osp.relpath(path, CONFIGS) in KNOWN_DEEP:
        pytest.xfail(f'known exception (lead flattens it): depth {d}')
    assert d <= MAX_DEPTH, f'{path} inherits {d} levels'


def test_depth_counts_levels(tmp_path):
    (tmp_path / 'a.py').write_text('x = 1\n')
    (tmp_path / 'b.json').write_text('{"y": 2}\n')
    (tmp_path / 'c.py').write_text("_base_ = ['./a.py', './b.json']\n")
    (tmp_path / 'd.py').write_text("_base_ = './c.py'\n")
    assert depth(str(tmp_path / 'a.py')) == 0
    assert depth(str(tmp_path / 'd.py')) == 2
