"""Patches of mmengine's checkpoint handling (applied by :mod:`.compat`).

- every loader reads without running code (:mod:`.checkpoint_io`);
- ``Runner.test`` / ``Runner.val`` load strictly;
- auto-resume skips a truncated ``last_checkpoint``;
- every Runner gets :class:`~.engine.hooks.ResumeValidationHook`.

See ``docs/checkpoints.md``.
"""
from __future__ import annotations

import functools
import os


def patch_checkpoint_loading() -> None:
    """Load every checkpoint without running code from it.

    mmengine's local loader (the ``''`` scheme: ``load_from``, ``--resume``,
    ``Pretrained`` init, ``init_model``, ``tools/test.py``) and its URL
    loader go through :func:`mmaction_vaerr.checkpoint_io.safe_torch_load`
    (``weights_only`` + the allow-list of mmengine checkpoints); the other
    schemes get the allow-list and the named errors.
    """
    import torch
    from mmengine.runner import checkpoint as mm_ckpt

    from .checkpoint_io import (CheckpointError, allowed_globals,
                                classify_load_error, load_local_checkpoint,
                                unsafe_load_enabled)
    loader = mm_ckpt.CheckpointLoader
    if getattr(loader._schemes.get(''), '_vaerr_safe', False):
        return

    def guarded(fn):
        @functools.wraps(fn)
        def load(filename, map_location=None, *args, **kwargs):
            try:
                with torch.serialization.safe_globals(allowed_globals()):
                    return fn(filename, map_location, *args, **kwargs)
            except CheckpointError:
                raise
            except Exception as e:  # noqa: BLE001 - re-raised unless named
                named = classify_load_error(filename, e)
                if named is None:
                    raise
                raise named from None
        load._vaerr_safe = True
        return load

    @guarded
    def load_url(url, map_location=None, model_dir=None, progress=True):
        # torch.hub unpickles in full unless told otherwise
        return torch.hub.load_state_dict_from_url(
            url, model_dir=model_dir, map_location=map_location,
            progress=progress, weights_only=not unsafe_load_enabled())

    for prefix, fn in list(loader._schemes.items()):
        loader._schemes[prefix] = guarded(fn)
    load_local_checkpoint._vaerr_safe = True
    loader._schemes[''] = load_local_checkpoint
    mm_ckpt.load_url = lambda url, model_dir=None, map_location=None, \
        progress=True: load_url(url, map_location, model_dir, progress)


def patch_strict_evaluation_loading() -> None:
    """``Runner.test`` / ``Runner.val`` load ``load_from`` strictly.

    mmengine loads with ``strict=False``: a checkpoint of another model
    (a bidirectional GRU with a unidirectional config) is then evaluated
    after a few ``size mismatch`` log lines. Evaluating needs every weight,
    so missing, unexpected or mis-shaped keys raise
    :class:`~mmaction_vaerr.checkpoint_io.CheckpointMismatchError`, naming
    the checkpoint and the config. Training (``load_from`` fine-tuning,
    ``Pretrained`` init) keeps mmengine's behaviour.
    """
    from mmengine.runner import Runner

    from .checkpoint_io import CheckpointMismatchError
    if getattr(Runner.load_checkpoint, '_vaerr_patched', False):
        return
    load, test, val = Runner.load_checkpoint, Runner.test, Runner.val

    def load_checkpoint(self, filename, map_location='cpu', strict=False,
                        revise_keys=[(r'^module.', '')]):
        if not getattr(self, '_vaerr_evaluating', False):
            return load(self, filename, map_location, strict, revise_keys)
        try:
            return load(self, filename, map_location, True, revise_keys)
        except RuntimeError as e:
            if 'state_dict' not in str(e) and 'size mismatch' not in str(e):
                raise
            config = getattr(self.cfg, 'filename', None) or 'given'
            raise CheckpointMismatchError(
                filename, f'{filename} does not fit the model of the config '
                f'{config}: {e}') from None

    def evaluating(run):
        @functools.wraps(run)
        def wrapped(self):
            self._vaerr_evaluating = True
            try:
                return run(self)
            finally:
                self._vaerr_evaluating = False
        return wrapped

    load_checkpoint._vaerr_patched = True
    Runner.load_checkpoint = load_checkpoint
    Runner.test, Runner.val = evaluating(test), evaluating(val)


def patch_auto_resume() -> None:
    """Auto-resume skips a truncated ``last_checkpoint``.

    A kill while ``torch.save`` writes leaves a file without its zip
    directory. ``resume=True`` without a file then takes the newest
    readable ``.pth`` of the work dir instead, and logs that it did; with
    none readable it raises, naming the files.
    """
    from mmengine.logging import print_log
    from mmengine.runner import runner as mm_runner

    from .checkpoint_io import CorruptCheckpointError, readable_checkpoint
    find = mm_runner.find_latest_checkpoint
    if getattr(find, '_vaerr_patched', False):
        return

    def find_latest_checkpoint(path):
        last = find(path)
        if last is None or not os.path.isfile(last):
            return last
        why = readable_checkpoint(last)
        if why is None:
            return last
        others = sorted((os.path.join(path, f) for f in os.listdir(path)
                         if f.endswith('.pth')), key=os.path.getmtime,
                        reverse=True)
        bad = [f'{last} ({why})']
        for cand in others:
            if os.path.samefile(cand, last):
                continue
            reason = readable_checkpoint(cand)
            if reason is None:
                print_log(f'{last} is truncated or not a checkpoint ({why}); '
                          f'resuming from {cand}, the newest readable '
                          'checkpoint of the work dir instead',
                          logger='current', level=30)
                return cand
            bad.append(f'{cand} ({reason})')
        raise CorruptCheckpointError(
            last, 'auto-resume: no readable checkpoint in '
            f'{path}: ' + '; '.join(bad))

    find_latest_checkpoint._vaerr_patched = True
    mm_runner.find_latest_checkpoint = find_latest_checkpoint


def patch_resume_validation() -> None:
    """Every Runner gets :class:`ResumeValidationHook` (see its docstring).

    Registered here rather than in the configs: a config's
    ``custom_hooks`` replaces the inherited list, which would drop it.
    """
    from mmengine.runner import Runner
    register = Runner.register_hooks
    if getattr(register, '_vaerr_patched', False):
        return

    @functools.wraps(register)
    def register_hooks(self, default_hooks=None, custom_hooks=None):
        register(self, default_hooks, custom_hooks)
        from .engine.hooks.resume_validation_hook import ResumeValidationHook
        if not any(isinstance(h, ResumeValidationHook) for h in self.hooks):
            self.register_hook(ResumeValidationHook(), priority='LOWEST')

    register_hooks._vaerr_patched = True
    Runner.register_hooks = register_hooks


def apply() -> None:
    patch_checkpoint_loading()
    patch_strict_evaluation_loading()
    patch_auto_resume()
    patch_resume_validation()
