"""The overrides tools/quickstart.py passes to tools/train.py land where the
quickstart config expects them; tools/ssl_experiment.py runs its committed
configs as they are."""
import argparse
import os.path as osp

import pytest
from mmengine.config import Config, DictAction

from mmaction_vaerr.tools import REPO, quickstart, ssl_experiment


def _apply(opts):
    p = argparse.ArgumentParser()
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    cfg = Config.fromfile(quickstart.CONFIG)
    cfg.merge_from_dict(p.parse_args(['--cfg-options', *opts]).cfg_options)
    return cfg


def test_schedule_and_data_options():
    cfg = _apply(quickstart.data_opts('/data/x') +
                 quickstart.schedule_opts(200))
    for split in ('train', 'val', 'test'):
        assert cfg[f'{split}_dataloader'].dataset.data_root == '/data/x'
    assert cfg.train_cfg.type == 'IterBasedTrainLoop'
    assert (cfg.train_cfg.max_iters, cfg.train_cfg.val_interval) == (200, 50)
    assert cfg.default_hooks.checkpoint.interval == 50
    sched = cfg.param_scheduler[0]
    assert (sched.end, sched.T_max, sched.by_epoch) == (200, 200, False)
    # a tiny run still validates and saves at least once
    assert _apply(quickstart.schedule_opts(3)).train_cfg.val_interval == 1


def test_best_checkpoint_falls_back_to_last(tmp_path):
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_8.pth'))
    assert quickstart.best_checkpoint(str(tmp_path)).endswith('iter_8.pth')
    (tmp_path / 'best_va_ccc_mean_iter_4.pth').write_bytes(b'')
    assert quickstart.best_checkpoint(str(tmp_path)).endswith(
        'best_va_ccc_mean_iter_4.pth')


def test_ssl_experiment_configs_agree_with_the_tool():
    """The pretrained rows read the checkpoint the pretext run writes, with
    the schedules the tool's table is labelled with."""
    syn = ssl_experiment.SETTINGS['synthetic']
    for method, name in syn.pretext.items():
        pre = Config.fromfile(
            osp.join(REPO, 'configs', 'selfsup', name + '.py'))
        assert pre.train_cfg.max_epochs == syn.epochs
        assert pre.default_hooks.checkpoint.interval == syn.epochs
        assert pre.train_dataloader.dataset.data_root == syn.data_root
        assert pre.train_dataloader.dataset.split == 'pretrain'
        for suffix in ssl_experiment.MODE_SUFFIX.values():
            cfg = Config.fromfile(osp.join(
                REPO, ssl_experiment.downstream_config(
                    syn, f'{method}-pre-{syn.tag}{suffix}')))
            init = cfg.model.backbone.init_cfg
            assert init.checkpoint == osp.join(
                'work_dirs', name, 'epoch_20.pth')
            assert cfg.model.backbone.frozen == (
                'stem_conv' if suffix else 'none')
            assert cfg.train_cfg.max_iters == 200
            for split in ('train', 'val', 'test'):
                assert cfg[f'{split}_dataloader'].dataset.data_root == \
                    syn.data_root
    real = ssl_experiment.SETTINGS['realface']
    # the paper-width real-face config: the pretexts train a 64-wide trunk
    down = ssl_experiment.downstream_config(real, 'anything')
    assert down == osp.join('configs', 'vaerr', 'vaerr_r18-tapstem-gru_'
                            'scratch_1xb32-autoprec-200it_realface.py')
    assert Config.fromfile(osp.join(REPO, down)).model.backbone.get(
        'base_channels', 64) == 64
    assert len(set(real.splits)) == 4 and \
        real.splits['pretrain'] > 2 * real.splits['train']


def _record(monkeypatch, tmp_path):
    calls = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(ssl_experiment, 'run', calls.append)
    monkeypatch.setattr(ssl_experiment, 'best_checkpoint', lambda w: 'x.pth')
    monkeypatch.setattr('mmaction_vaerr.evaluation.score_dump',
                        lambda dump: dict(dump=dump))
    return calls


def test_ssl_experiment_runs_committed_configs(monkeypatch, tmp_path):
    """Seed 0: plain ``tools/train.py CONFIG`` (no overrides); another seed
    gets its own work dirs, its seed and its own pretext checkpoint."""
    calls = _record(monkeypatch, tmp_path)
    syn = ssl_experiment.SETTINGS['synthetic']
    ckpt = ssl_experiment.pretrain(syn, 'lira', 0)
    assert ckpt == osp.join('work_dirs', syn.pretext['lira'], 'epoch_20.pth')
    assert calls[-1][1:] == ['tools/train.py', osp.join(
        'configs', 'selfsup', syn.pretext['lira'] + '.py')]
    row = ssl_experiment.finetune(syn, 'lira', 'lira-pre-20e-synthetic-ssl',
                                  0, ckpt)
    assert not any('--cfg-options' in c for c in calls)
    assert calls[-2][2] == row['config']
    seeded = ssl_experiment.pretrain(syn, 'lira', 1)
    assert seeded != ckpt and '_seed1' in seeded
    assert 'randomness.seed=1' in calls[-1]
    row1 = ssl_experiment.finetune(syn, 'lira', 'lira-pre-20e-synthetic-ssl',
                                   1, seeded)
    assert row1['dump'] != row['dump']
    assert f'model.backbone.init_cfg.checkpoint={seeded}' in calls[-2]
    assert 'randomness.seed=1' in calls[-1]


def test_ssl_experiment_realface_retargets_the_main_job(monkeypatch,
                                                        tmp_path):
    """On real faces every row is the paper-width real-face config on the
    experiment's set, the pretrained ones loading their own seed's pretext
    backbone; pretext and rows never share a work dir across seeds or
    methods."""
    calls = _record(monkeypatch, tmp_path)
    real = ssl_experiment.SETTINGS['realface']
    root = f'train_dataloader.dataset.data_root={real.data_root}'
    ckpts = [ssl_experiment.pretrain(real, 'byol', s) for s in (0, 1)]
    assert len(set(ckpts)) == 2 and all(
        'realface_ssl' in c for c in ckpts)
    assert all(root in c for c in calls) and 'randomness.seed=1' in calls[1]
    mean = Config.fromfile(quickstart.CONFIG).model.data_preprocessor.mean
    assert all(f'model.data_preprocessor.mean={mean}'.replace(' ', '') in c
               for c in calls)   # pretext sees the downstream pixel scale
    rows = [ssl_experiment.finetune(real, 'scratch', 'scratch', 0),
            ssl_experiment.finetune(real, 'byol', 'byol-pre-x', 0, ckpts[0]),
            ssl_experiment.finetune(real, 'byol', 'byol-pre-x', 1, ckpts[1])]
    assert len({r['dump'] for r in rows}) == 3
    trains = calls[2::2]
    assert all(c[2] == ssl_experiment.downstream_config(real, 'scratch')
               for c in trains)
    for split in ('train', 'val', 'test'):
        assert all(f'{split}_dataloader.dataset.data_root={real.data_root}'
                   in c for c in trains)
    assert not any('init_cfg' in o for o in trains[0])
    for c, ck in zip(trains[1:], ckpts):
        assert f'model.backbone.init_cfg.checkpoint={ck}' in c
        assert 'model.backbone.init_cfg.type=Pretrained' in c


def test_ssl_experiment_faceviews_is_byol_with_whole_face_crops(
        monkeypatch, tmp_path):
    """The face-view BYOL pretext differs from BYOL only in its crop (both
    views keep 70-100 % of the face), writes the checkpoint the tool
    reads, and is offered on real faces only."""
    real = ssl_experiment.SETTINGS['realface']
    name = real.pretext['byol-faceviews']
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'selfsup', name + '.py'))
    ref = Config.fromfile(osp.join(REPO, 'configs', 'selfsup',
                                   real.pretext['byol'] + '.py'))
    assert cfg.train_cfg.max_epochs == real.epochs
    assert cfg.default_hooks.checkpoint.interval == real.epochs
    assert cfg.train_dataloader.dataset.split == 'pretrain'
    views = cfg.train_dataloader.dataset.pipeline[-2].transforms
    ref_views = ref.train_dataloader.dataset.pipeline[-2].transforms
    for view, ref_view in zip(views, ref_views):
        assert view[0].scale == (0.7, 1.0) and view[0].ratio == (0.9, 1.1)
        assert view[1:] == ref_view[1:]
    assert cfg.model == ref.model and cfg.optim_wrapper == ref.optim_wrapper
    calls = _record(monkeypatch, tmp_path)
    ckpt = ssl_experiment.pretrain(real, 'byol-faceviews', 0)
    assert ckpt == osp.join('work_dirs', name.replace(
        'synthetic-ssl', 'realface_ssl'), 'epoch_20.pth')
    assert calls[-1][2] == osp.join('configs', 'selfsup', name + '.py')
    monkeypatch.setattr('sys.argv', ['ssl_experiment', '--dataset',
                                     'synthetic', '--methods',
                                     'byol-faceviews'])
    with pytest.raises(SystemExit):
        ssl_experiment.parse_args()


def test_ssl_experiment_no_scratch_keeps_the_earlier_scratch_rows(
        monkeypatch, tmp_path):
    """--no-scratch trains only the pretrained rows and the table keeps the
    scratch runs an earlier call wrote."""
    import json
    monkeypatch.setattr(ssl_experiment, 'REPO', str(tmp_path))
    monkeypatch.setattr(ssl_experiment, 'generate', lambda *a: None)
    monkeypatch.setattr(ssl_experiment, 'pretrain',
                        lambda setting, m, seed: f'{m}{seed}.pth')
    rows = []

    def finetune(setting, row, init, seed, ckpt=None):
        rows.append(row)
        return dict(name=row, seed=seed, ccc_arousal=0.5, ccc_valence=0.5,
                    ccc_mean=0.5, video_ccc_mean=0.5)
    monkeypatch.setattr(ssl_experiment, 'finetune', finetune)
    out = tmp_path / 'work_dirs' / 'ssl_experiment' / 'realface.json'
    out.parent.mkdir(parents=True)
    old = [dict(name='scratch', seed=s, ccc_arousal=0.4, ccc_valence=0.4,
                ccc_mean=0.4, video_ccc_mean=0.4) for s in (3, 4)]
    out.write_text(json.dumps(dict(runs=old)))
    monkeypatch.setattr('sys.argv', ['ssl_experiment', '--methods',
                                     'byol-faceviews', '--seeds', '3', '4',
                                     '--no-scratch'])
    ssl_experiment.main()
    assert rows == ['byol-faceviews-20e-finetuned'] * 2
    saved = json.loads(out.read_text())
    assert [(r['name'], r['seeds']) for r in saved['rows']] == [
        ('scratch', [3, 4]), ('byol-faceviews-20e-finetuned', [3, 4])]
    assert '--no-scratch' in saved['command'] and 'flags' in saved['machine']


def test_ssl_experiment_summary_is_mean_and_sd_over_seeds():
    runs = [dict(name='a', seed=s, ccc_arousal=x, ccc_valence=2 * x,
                 ccc_mean=1.5 * x, video_ccc_mean=0.0)
            for s, x in ((0, 0.2), (1, 0.4), (2, 0.6))]
    runs.append(dict(name='b', seed=0, ccc_arousal=0.1, ccc_valence=0.1,
                     ccc_mean=0.1, video_ccc_mean=0.1))
    from mmaction_vaerr.evaluation import format_comparison, summarise_seeds
    rows = summarise_seeds(runs)
    assert [r['name'] for r in rows] == ['a', 'b']
    assert rows[0]['seeds'] == [0, 1, 2]
    assert abs(rows[0]['ccc_valence'] - 0.8) < 1e-12
    assert abs(rows[0]['ccc_arousal_sd'] - 0.2) < 1e-12   # ddof 1
    assert rows[1]['ccc_mean_sd'] == 0.0
    text = format_comparison(rows)
    assert ' 0.400+-0.200' in text and text.count('\n') == 3


def test_main_job_is_realface_and_its_model_runs_under_affwild2():
    """The default dataset is the real-face set, normalised by the stats
    compute_mean_std.py wrote for it; cartoon stays selectable. The CPU
    Aff-Wild2 config of the same recipe builds the same model (backbone,
    head, normalisation), so the main job's checkpoint can be scored on
    Aff-Wild2's layout as it is; the paper-width pair matches too."""
    import json
    assert quickstart.CONFIG == quickstart.CONFIGS['realface']
    cfg = Config.fromfile(quickstart.CONFIG)
    for vaerr_name, aw_name in [
            (osp.basename(quickstart.CONFIG),
             'vaerr_r18w32-tapstem-gru_scratch_1xb32-autoprec-400it_'
             'affwild2.py'),
            ('vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_'
             'realface.py',
             'vaerr_r18-tapstem-gru_scratch_1xb32-autoprec-200it_'
             'affwild2.py')]:
        va = Config.fromfile(osp.join(REPO, 'configs', 'vaerr', vaerr_name))
        aw = Config.fromfile(osp.join(REPO, 'configs', 'affwild2', aw_name))
        assert va.model.data_preprocessor == aw.model.data_preprocessor
        assert va.model.cls_head == aw.model.cls_head
        width = va.model.backbone.get('base_channels', 64)
        assert aw.model.backbone.get('base_channels', 64) == width
        assert va.train_cfg == aw.train_cfg
    assert cfg.model.backbone.base_channels == 32
    with open(osp.join(REPO, 'configs', '_base_', 'datasets',
                       'stats', 'realface.json')) as f:
        stats = json.load(f)
    pre = cfg.model.data_preprocessor
    assert (pre.mean, pre.std) == (stats['pixel_mean'], stats['pixel_std'])
    for split in ('train', 'val', 'test'):
        assert cfg[f'{split}_dataloader'].dataset.data_root == \
            quickstart.DATA_ROOTS['realface']
    assert osp.isfile(quickstart.CONFIGS['cartoon'])


@pytest.fixture
def generator_calls(monkeypatch):
    """The real-face generator replaced by a recorder of its calls: the
    reuse tests must decide from meta.json alone."""
    called = []
    monkeypatch.setattr(
        'mmaction_vaerr.dataprep.realface.generate_realface_dataset',
        lambda *a, **k: called.append(k))
    return called


def test_realface_set_is_reused_only_when_it_matches(tmp_path,
                                                     generator_calls):
    import json
    called = generator_calls
    params = dict(seed=0, num_subjects=40, videos_per_subject=2,
                  num_frames=250)
    (tmp_path / 'meta.json').write_text(json.dumps(dict(params=params)))
    quickstart.generate(str(tmp_path), 40, 2, 'realface')
    assert not called
    with pytest.raises(SystemExit, match='another real-face set'):
        quickstart.generate(str(tmp_path), 20, 2, 'realface')
    assert (tmp_path / 'meta.json').read_text() == json.dumps(
        dict(params=params))


def test_ssl_experiment_runs_add_up_across_calls(tmp_path):
    """A later call with another method or seed adds its rows to the JSON
    instead of replacing the table; a rerun of a row and seed replaces it."""
    import json
    path = str(tmp_path / 'realface.json')
    first = [dict(name='scratch', seed=0, ccc_mean=0.4),
             dict(name='byol', seed=0, ccc_mean=0.5)]
    with open(path, 'w') as f:
        json.dump(dict(runs=first), f)
    merged = ssl_experiment.merge_runs(path, [
        dict(name='scratch', seed=0, ccc_mean=0.41),
        dict(name='dino', seed=0, ccc_mean=0.45)])
    assert [(r['name'], r['ccc_mean']) for r in merged] == [
        ('byol', 0.5), ('scratch', 0.41), ('dino', 0.45)]
    assert ssl_experiment.merge_runs(str(tmp_path / 'none.json'),
                                     first) == first
    # where and how long a run trained survives a call that skipped it
    # (its dump existed); a call that trained it again records its own
    with open(path, 'w') as f:
        json.dump(dict(runs=[dict(first[0], machine='A', wall_s=10.0),
                             dict(first[1], machine='A', wall_s=20.0)]), f)
    merged = ssl_experiment.merge_runs(path, [
        dict(name='scratch', seed=0, ccc_mean=0.4),
        dict(name='byol', seed=0, ccc_mean=0.5, machine='B', wall_s=30.0)])
    assert [(r['name'], r['machine'], r['wall_s']) for r in merged] == [
        ('scratch', 'A', 10.0), ('byol', 'B', 30.0)]


def test_realface_set_with_other_split_sizes_is_not_reused(
        tmp_path, generator_calls):
    import json
    called = generator_calls
    params = dict(seed=0, num_subjects=4, videos_per_subject=2,
                  num_frames=250)
    (tmp_path / 'meta.json').write_text(json.dumps(dict(
        params=params, splits=dict(pretrain=['s0', 's1'], train=['s2'],
                                   test=['s3']))))
    quickstart.generate_realface(str(tmp_path), 4, 2,
                                 splits=dict(pretrain=2, train=1, test=1))
    with pytest.raises(SystemExit, match='another real-face set'):
        quickstart.generate_realface(str(tmp_path), 4, 2,
                                     splits=dict(pretrain=1, train=2, test=1))
    assert not called
