"""Derived figures (ratios, FLOP/s, targets) and the Markdown table."""
from __future__ import annotations

from typing import Optional

TARGET_INFERENCE_FPS = 1000.0
TARGET_RUNNER_RATIO = 0.95
TARGET_PIPELINE_RATIO = 3.0
TARGET_CCC_DIFF = 0.005


def _med(res: Optional[dict], key: str = 'per_s') -> Optional[float]:
    return None if not isinstance(res, dict) or key not in res \
        else res[key]['median']


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return None if a is None or not b else round(a / b, 3)


def summarise(results: dict) -> dict:
    """Ratios, achieved FLOP/s and the issue's targets from the sections."""
    s = results['sections']
    out: dict = {}
    peak = s.get('peak', {})
    threads = results['args'].get('threads') or \
        results['machine']['usable_cpus']
    # peak of the cores the run used: per-core peak (per CPU-second, robust
    # to other load) x threads; the wall peak where that is missing
    peaks = {k: v.get('peak_gflops_per_core', v['peak_gflops'] / threads)
             * threads for k, v in peak.items()
             if isinstance(v, dict) and 'peak_gflops' in v}
    out['peak_gflops_used_cores'] = {k: round(v, 1) for k, v in peaks.items()}
    fl = s.get('flops', {}).get('project', {})
    fwd, trn = fl.get('fwd_flops_per_frame'), fl.get('train_flops_per_frame')
    if 'flops' in s:
        p = s['flops']['plain']
        out['plain_equals_project'] = all(
            p[k] == fl[k] for k in ('params', 'fwd_flops_per_frame',
                                    'train_flops_per_frame'))
    if fwd and peaks:
        out['fps_bound_at_peak_used_cores'] = {
            k: round(v * 1e9 / fwd, 1) for k, v in peaks.items()}
        cores = results['machine']['usable_cpus']
        out['fps_bound_all_cores_at_per_core_peak'] = {
            k: round(v['peak_gflops_per_core'] * cores * 1e9 / fwd, 1)
            for k, v in peak.items()
            if isinstance(v, dict) and 'peak_gflops_per_core' in v}
    for sec, per_frame in (('inference', fwd), ('train', trn)):
        if sec not in s:
            continue
        var = s[sec]['variants']
        for name, res in var.items():
            if per_frame:
                gflops = res['per_s']['median'] * per_frame / 1e9
                res['gflops'] = round(gflops, 1)
                pk = peaks.get('bfloat16' if res['options'].get('bf16')
                               else 'float32')
                if pk:
                    res['pct_of_peak'] = round(100 * gflops / pk, 1)
        out[f'{sec}_framework_ratio_fp32'] = _ratio(
            _med(var.get('fp32')), _med(var.get('plain fp32')))
        out[f'{sec}_framework_ratio_bf16_cl'] = _ratio(
            _med(var.get('bf16+cl')), _med(var.get('plain bf16+cl')))
        out[f'{sec}_fast_speedup_vs_plain_fp32'] = _ratio(
            _med(var.get('fast')), _med(var.get('plain fp32')))
        out[f'{sec}_int8_speedup_vs_plain_fp32'] = _ratio(
            _med(var.get('int8')), _med(var.get('plain fp32')))
    run = s.get('runner', {})

    def paired(run_name, companion):
        r = run.get(run_name, {}).get('ratio_vs', {}).get(companion)
        return r['median'] if r else None
    out['runner_vs_plain_fp32'] = paired('fp32 cache', 'plain fp32')
    out['runner_vs_plain_bf16_cl'] = paired('bf16+cl cache', 'plain bf16+cl')
    out['runner_fast_vs_model_only_fast'] = paired('fast', 'model-only fast')
    pipe = s.get('pipeline', {}).get('frame cache')
    fastest = max([_med(r) for r in run.values() if _med(r)] or [0])
    out['pipeline_vs_fastest_training'] = _ratio(
        pipe['overall_per_s'] if pipe else None, fastest)
    out['targets'] = _targets(s, out)
    return out


def _targets(s: dict, out: dict) -> dict:
    t = {}
    inf = dict(s.get('inference', {}).get('variants', {}))
    for k, v in s.get('threads', {}).items():
        if isinstance(v, dict) and 'inference' in v:
            inf[f'fast, {k}'] = v['inference']
    if inf:
        best = max(inf, key=lambda k: _med(inf[k]))
        t['inference_fps'] = dict(value=_med(inf[best]), variant=best,
                                  target=TARGET_INFERENCE_FPS,
                                  reached=_med(inf[best]) >=
                                  TARGET_INFERENCE_FPS)
    if out.get('inference_int8_speedup_vs_plain_fp32') is not None:
        v = out['inference_int8_speedup_vs_plain_fp32']
        t['int8_vs_plain_fp32'] = dict(value=v, target=2.0, reached=v >= 2.0)
    for key in ('runner_vs_plain_fp32', 'runner_vs_plain_bf16_cl'):
        if out.get(key) is not None:
            t[key] = dict(value=out[key], target=TARGET_RUNNER_RATIO,
                          reached=out[key] >= TARGET_RUNNER_RATIO)
    if out.get('pipeline_vs_fastest_training') is not None:
        v = out['pipeline_vs_fastest_training']
        t['pipeline_vs_training'] = dict(value=v, target=TARGET_PIPELINE_RATIO,
                                         reached=v >= TARGET_PIPELINE_RATIO)
    acc = s.get('accuracy', {})
    for name in ('fast', 'fast+compile'):
        if name in acc:
            diff = max(abs(acc[name][d]['ccc_diff_vs_fp32'])
                       for d in ('arousal', 'valence'))
            t[f'ccc_diff_{name}'] = dict(value=diff, target=TARGET_CCC_DIFF,
                                         reached=diff <= TARGET_CCC_DIFF)
    return t


def _fmt(stats: dict) -> str:
    return f"{stats['median']:.1f} ({stats['min']:.1f}-{stats['max']:.1f})"


def _num(x) -> str:
    return '' if x is None else f'{x:.2g}'


def _table(header, rows) -> None:
    print('| ' + ' | '.join(header) + ' |')
    print('|' + '|'.join('---' for _ in header) + '|')
    for row in rows:
        print('| ' + ' | '.join('' if c is None else str(c) for c in row)
              + ' |')
    print()


def print_table(results: dict) -> None:
    """Markdown tables of every section that ran."""
    m, s = results['machine'], results['sections']
    print(f"\nMachine: {m['cpu_model']} ({m['cpu_id']}), {m['usable_cpus']} "
          f"usable CPUs, flags {' '.join(m['cpu_flags'])}, GPUs "
          f"{m['gpus'] or 'none'}, torch {m['torch']}; load average "
          f"start {results['load_average_start']} end "
          f"{results.get('load_average_end')}; "
          f"{results.get('total_seconds', '(partial)')} s\n")
    if 'peak' in s:
        _table(['GEMM', 'mm GFLOP/s', 'conv1x1 GFLOP/s',
                'trunk conv3x3 GFLOP/s', 'peak (wall)', 'peak per core '
                '(per CPU-s)'],
               [[k, _fmt(v['mm']), _fmt(v['conv1x1']),
                 _fmt(v['conv3x3']) if 'conv3x3' in v else '',
                 v['peak_gflops'], v.get('peak_gflops_per_core')]
                for k, v in s['peak'].items() if isinstance(v, dict)])
    if 'flops' in s:
        _table(['model', 'params', 'fwd GFLOPs/frame', 'train GFLOPs/frame',
                'stem / trunk / GRU fwd GFLOPs'],
               [[k, v['params'], round(v['fwd_flops_per_frame'] / 1e9, 4),
                 round(v['train_flops_per_frame'] / 1e9, 4),
                 ' / '.join(f'{x / 1e9:.4f}' for x in
                            v['fwd_stage_flops_per_frame'].values())]
                for k, v in s['flops'].items() if isinstance(v, dict)])
    for sec in ('inference', 'train'):
        if sec in s:
            inf = sec == 'inference'
            _table([sec, 'frames/s median (min-max)', 'frames per CPU-s',
                    'RTF @25fps' if inf else '-', 'GFLOP/s', '% peak',
                    'max abs diff vs fp32' if inf else '-',
                    'CCC vs fp32 (a/v)' if inf else '-'],
                   [[k, _fmt(v['per_s']), v['per_cpu_s']['median'],
                     v.get('real_time_factor'), v.get('gflops'),
                     v.get('pct_of_peak'),
                     _num(v.get('max_abs_diff_vs_fp32')),
                     ' / '.join(f'{c:.4f}' for c in v.get('ccc_vs_fp32', []))]
                    for k, v in s[sec]['variants'].items()])
    if 'threads' in s:
        _table(['fast path, thread setting', 'inference frames/s',
                'train frames/s', 'inference frames per CPU-s'],
               [[k, _fmt(v['inference']['per_s']), _fmt(v['train']['per_s']),
                 v['inference']['per_cpu_s']['median']]
                if 'inference' in v else [k, 'failed', v.get('error'), '']
                for k, v in s['threads'].items() if isinstance(v, dict)])
    if 'stages' in s:
        rows = []
        for k, v in s['stages'].items():
            if isinstance(v, dict):
                ms = {st: 1000 / v[st]['per_cpu_s']['median'] for st in v}
                tot = sum(ms.values())
                rows.append([k] + [f'{ms[st]:.2f} ({100 * ms[st] / tot:.0f}%)'
                                   for st in ('stem', 'trunk', 'gru')])
        _table(['stage CPU ms/frame', 'stem', 'trunk', 'GRU'], rows)
    if 'runner' in s:
        rows = []
        for k, v in s['runner'].items():
            if not isinstance(v, dict):
                continue
            rows.append([k, _fmt(v['per_s']), v['data_wait_s']['median'],
                         '', ''])
            for c, cv in v.get('companions', {}).items():
                rows.append([f'  in turns: {c}', _fmt(cv['per_s']), '',
                             v['ratio_vs'][c]['median'],
                             f"{v['ratio_vs'][c]['min']}-"
                             f"{v['ratio_vs'][c]['max']}"])
        _table(['runner.train() (train step)', 'frames/s median (min-max)',
                'data wait s (median)', 'Runner / this (median)',
                'min-max'], rows)
    if 'pipeline' in s:
        _table(['data pipeline (2 workers)', 'frames/s overall',
                'per batch median (min-max)'],
               [[k, v['overall_per_s'], _fmt(v['per_s'])]
                for k, v in s['pipeline'].items() if isinstance(v, dict)])
    if 'accuracy' in s:
        a = s['accuracy']
        rows = [['fp32', a['fp32']['arousal'], a['fp32']['valence'], '', '',
                 '']]
        for k, v in a.items():
            if isinstance(v, dict) and 'arousal' in v and k != 'fp32':
                rows.append([k, v['arousal']['ccc'], v['valence']['ccc'],
                             f"{v['arousal']['ccc_diff_vs_fp32']:+.5f} / "
                             f"{v['valence']['ccc_diff_vs_fp32']:+.5f}",
                             f"{v['arousal']['ccc_vs_fp32_pred']:.5f} / "
                             f"{v['valence']['ccc_vs_fp32_pred']:.5f}",
                             f"{v['max_abs_diff_vs_fp32']:.4f}"])
        print(f"Accuracy on {a['videos']} test videos ({a['frames']} "
              f"frames), weights: {a['weights']}")
        _table(['variant', 'CCC arousal', 'CCC valence', 'diff vs fp32 (a/v)',
                'CCC vs fp32 preds (a/v)', 'max abs diff'], rows)
    if 'face' in s:
        _table(['face backend', 'frames/s median (min-max)',
                'frames per CPU-s'],
               [[k, _fmt(v['per_s']), v['per_cpu_s']['median']]
                if 'per_s' in v else [k, 'unavailable: ' + str(
                    v.get('unavailable'))[:90] + '...', '']
                for k, v in s['face'].items() if isinstance(v, dict)])
    if 'e2e' in s:
        _table(['video -> VA', 'aligned 96x96 video frames/s',
                'raw video frames/s (face pipeline + model)'],
               [[k, _fmt(v['aligned_video']['per_s']),
                 _fmt(v['raw_video']['per_s'])]
                for k, v in s['e2e'].items() if isinstance(v, dict)])
    summ = results['summary']
    print('Summary:')
    for k, v in summ.items():
        if k != 'targets':
            print(f'- {k}: {v}')
    print('Targets:')
    for k, v in summ['targets'].items():
        print(f"- {k}: {v['value']} (target {v['target']}) -> "
              f"{'reached' if v['reached'] else 'NOT reached'}")
