"""Config shrinking for the one-step tests of the pretext configs."""
from __future__ import annotations

from typing import Callable, Union


def shrink_pretext_loader(cfg, root: str, clip_len: int,
                          crop: Union[int, Callable[[int], int]],
                          batch: int = 2):
    """Point a pretext config's train loader at a tiny canonical set.

    The loader reads ``root``'s ``train`` split in one process with
    ``batch`` clips of ``clip_len`` frames (``SampleFrames``), and every
    ``ClipRandomResizedCrop`` inside a ``MultiView`` crops to ``crop`` px
    (an int, or a function of the config's own size, so that global and
    local views stay apart).

    Args:
        cfg: an mmengine ``Config`` with a ``train_dataloader``.
        root: dataset root in the canonical layout.
        clip_len: frames per clip.
        crop: the views' crop size, or ``size -> new size``.
        batch: clips per batch.

    Returns:
        ``cfg``, changed in place.
    """
    resize = crop if callable(crop) else (lambda _size: crop)
    loader = cfg.train_dataloader
    loader.update(batch_size=batch, num_workers=0, persistent_workers=False)
    loader.dataset.update(data_root=root, layout='canonical', split='train')
    for t in loader.dataset.pipeline:
        if t['type'] == 'SampleFrames':
            t['clip_len'] = clip_len
        if t['type'] == 'MultiView':
            for view in t['transforms']:
                for s in view:
                    if s['type'] == 'ClipRandomResizedCrop':
                        s['size'] = resize(s['size'])
    return cfg


def shrink_lira_dataset(cfg, root: str, clip_len: int, **audio):
    """A LiRA config's train dataset on ``root``: ``clip_len`` frames a
    clip, and ``audio`` set on its ``LoadAudioTargets`` step (e.g.
    ``kind='precomputed'``).

    Args:
        cfg: an mmengine ``Config`` with a ``train_dataloader``.
        root: dataset root.
        clip_len: frames per clip (``SampleFrames``).
        **audio: keys to update on ``LoadAudioTargets``.

    Returns:
        the dataset config (part of ``cfg``, changed in place).
    """
    dataset = cfg.train_dataloader.dataset
    dataset.data_root = root
    for step in dataset.pipeline:
        if step.type == 'SampleFrames':
            step.clip_len = clip_len
        if step.type == 'LoadAudioTargets':
            step.update(audio)
    return dataset
