"""The pretext x temporal head table as markdown: the mean over seeds of
each cell (VA mean CCC, expression macro F1) and, with several seeds, how
far the seed alone moves each cell (``tools/analysis/pretext_head_table.py``
writes both)."""
from __future__ import annotations

import statistics
from typing import Dict, List

HEADS = ('gru', 'tcn', 'transformer')


def to_markdown(results: List[Dict]) -> str:
    """Mean over seeds: VA mean CCC / expression macro F1 per head, one
    line per backbone, initialisation and mode (results written before
    frozen rows existed have no mode: fine-tuned)."""
    cells: Dict = {}
    for r in results:
        key = (r['backbone'], r['init'], r.get('mode', 'finetuned'))
        cells.setdefault(key, {}).setdefault(r['head'], []).append(
            (r['va/ccc_mean'], r['expr/f1_macro']))
    head = ' | '.join(f'{h} CCC | {h} F1' for h in HEADS)
    lines = ['| backbone | pretext | mode | ' + head + ' |',
             '| --- | --- | --- |' + ' --- |' * (2 * len(HEADS))]
    for (bb, init, mode), by_head in cells.items():
        vals = []
        for h in HEADS:
            got = by_head.get(h)
            if not got:
                vals += ['-', '-']
                continue
            vals += ['{:.3f}'.format(sum(v[i] for v in got) / len(got))
                     for i in (0, 1)]
        lines.append(f'| {bb} | {init} | {mode} | ' + ' | '.join(vals)
                     + ' |')
    seeds = sorted({r['seed'] for r in results})
    md = '\n'.join(lines) + f'\n\nseeds: {seeds}\n'
    if len(seeds) > 1:
        md += '\n' + _spread_table(cells)
    return md


def _spread_table(cells: Dict) -> str:
    """Sample standard deviation over seeds of each cell's VA mean CCC
    (how far the seed alone moves a row), with the number of seeds; ``-``
    where a cell has a single seed."""
    lines = ['| backbone | pretext | mode | '
             + ' | '.join(f'{h} CCC sd (n)' for h in HEADS) + ' |',
             '| --- | --- | --- |' + ' --- |' * len(HEADS)]
    for (bb, init, mode), by_head in cells.items():
        vals = []
        for h in HEADS:
            ccc = [v[0] for v in by_head.get(h, [])]
            if len(ccc) < 2:
                vals.append('-')
                continue
            vals.append(f'{statistics.stdev(ccc):.3f} ({len(ccc)})')
        lines.append(f'| {bb} | {init} | {mode} | ' + ' | '.join(vals)
                     + ' |')
    return '\n'.join(lines) + '\n'
