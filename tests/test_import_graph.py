"""The package's imports point down and have no cycle (docs/architecture.md).

Every module of ``mmaction_vaerr`` is parsed (imports inside functions
count too: a lazy import is still a dependency) and each import between two
top-level parts must go from a higher layer to a lower one. A new top-level
package or module must be given its layer here, which is the point: the
layer says what it may import.
"""
import ast
import os
import os.path as osp
from collections import defaultdict
from functools import lru_cache

PKG = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))),
               'mmaction_vaerr')

#: layer of each top-level part; an import must go to a lower layer
LAYERS = {
    # leaves: files and formats, label vocabularies, test helpers
    'io': 0, 'labels': 0, 'version': 0,
    'utils': 1, 'checkpoint_io': 1, 'testing': 1,
    # components and their building blocks
    'models': 2, 'evaluation': 2, 'visualization': 2, 'preprocessing': 2,
    'datasets': 3, 'engine': 3, 'export': 3,
    # what the user calls; offline preparation; Runner patches
    'apis': 4, 'dataprep': 4, 'checkpoint_patches': 4,
    'compat': 5,
    # the package itself (its __init__ registers everything), then what
    # imports the whole package: the command-line entries, the benchmark
    # and the command lines that tools/ runs
    '': 6, 'entry': 7, 'benchmark': 7, 'tools': 7,
}


def _modules():
    for root, _, files in os.walk(PKG):
        for name in sorted(files):
            if name.endswith('.py'):
                path = osp.join(root, name)
                rel = osp.relpath(path, osp.dirname(PKG))[:-3].split(os.sep)
                if rel[-1] == '__init__':
                    yield path, rel[:-1], True
                else:
                    yield path, rel, False


def _targets(node, module, is_pkg):
    if isinstance(node, ast.Import):
        return [a.name.split('.') for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module if is_pkg else module[:-1]
        base = base[:len(base) - node.level + 1]
    else:
        base = []
    mod = base + (node.module.split('.') if node.module else [])
    if node.module:
        return [mod]
    return [mod + [a.name] for a in node.names]   # from . import x


def _part(dotted):
    return dotted[1] if len(dotted) > 1 else ''


@lru_cache(maxsize=1)
def import_edges():
    """``{(from_part, to_part): ['file:line -> module', ...]}``."""
    edges = defaultdict(list)
    for path, module, is_pkg in _modules():
        tree = ast.parse(open(path).read(), path)
        for node in ast.walk(tree):
            for target in _targets(node, module, is_pkg):
                if target[0] != 'mmaction_vaerr':
                    continue
                a, b = _part(module), _part(target)
                if a != b:
                    where = f'{osp.relpath(path, PKG)}:{node.lineno}'
                    edges[(a, b)].append(f'{where} -> {".".join(target)}')
    return edges


def test_every_part_has_a_layer():
    parts = {_part(m) for _, m, _ in _modules()}
    assert parts - set(LAYERS) == set(), \
        'give the new part a layer in LAYERS (and docs/architecture.md)'


def test_imports_point_down():
    upward = {f'{a} -> {b}': where for (a, b), where in import_edges().items()
              if LAYERS.get(a, -1) <= LAYERS.get(b, -1)}
    assert upward == {}


def test_leaves_import_nothing_above_them():
    edges = import_edges()
    for leaf in ('io', 'utils'):
        bad = {b: w for (a, b), w in edges.items()
               if a == leaf and b in ('models', 'datasets', 'apis',
                                      'engine', 'preprocessing')}
        assert bad == {}, leaf
    assert not [b for (a, b) in edges if a == 'io'], 'io is a leaf'


def test_the_checker_sees_lazy_and_relative_imports():
    # the rules above would pass trivially if imports were missed
    edges = import_edges()
    # lazy (inside a function): apis.inference -> export.int8
    assert any('export.int8' in w for w in edges[('apis', 'export')])
    # relative 'from . import x' of compat -> checkpoint_patches
    assert ('compat', 'checkpoint_patches') in edges
    tree = ast.parse('def f():\n    from ..models import x\n')
    node = tree.body[0].body[0]
    assert _targets(node, ['mmaction_vaerr', 'utils', 'a'], False) == \
        [['mmaction_vaerr', 'models']]


#: loading code by file path, or putting a folder on ``sys.path``
_BY_PATH = ('spec_from_file_location', 'SourceFileLoader', 'run_path',
            'sys.path.insert', 'sys.path.append')
#: the places that still do it, and why (remove an entry when it goes)
_BY_PATH_LEFT = {
    # runs mmaction2's packaged tools/train.py etc. (not ours)
    'mmaction_vaerr/entry.py',
}


def test_tools_and_tests_import_code_not_load_it_by_path():
    repo = osp.dirname(PKG)
    found = set()
    for top in ('mmaction_vaerr', 'tools', 'tests'):
        for root, _, files in os.walk(osp.join(repo, top)):
            for name in files:
                if not name.endswith('.py'):
                    continue
                path = osp.join(root, name)
                rel = osp.relpath(path, repo)
                if rel == osp.join('tests', 'test_import_graph.py'):
                    continue
                text = open(path).read()
                if any(s in text for s in _BY_PATH):
                    found.add(rel.replace(os.sep, '/'))
    assert found == _BY_PATH_LEFT
