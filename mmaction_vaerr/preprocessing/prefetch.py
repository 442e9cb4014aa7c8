"""Decode ahead in a background thread while the face tracker works.

FFmpeg's decoding and pixel-format conversion run without Python's global
interpreter lock, so on a machine with a spare core the next frames are
decoded while dlib's detector and shape predictor work on the current one;
the frames and their order are unchanged. Whether it pays depends on the
cores this process may use, so it is decided at run time
(:func:`decode_ahead_decision`) and logged.
"""
from __future__ import annotations

import logging
import os
import queue
import threading
from typing import Iterable, Iterator, Optional, Tuple, TypeVar

logger = logging.getLogger(__name__)
T = TypeVar('T')
_END = object()
_logged = set()


def usable_cores() -> int:
    """CPUs this process may run on (its affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def decode_ahead_decision(setting: Optional[bool] = None
                          ) -> Tuple[bool, str]:
    """Whether to decode in a background thread, and why.

    Args:
        setting: True / False force it; None (``'auto'``): on when the
            process may use at least 2 cores (with one core the thread only
            takes turns with the tracker).

    Returns:
        ``(on, reason)``; the reason is logged once per distinct reason.
    """
    cores = usable_cores()
    if setting is not None:
        on, why = bool(setting), 'requested'
    else:
        on = cores >= 2
        why = f'auto: {cores} usable core{"s" if cores > 1 else ""}'
    how = 'ahead in a thread' if on else 'inline'
    reason = f'face pipeline: decoding {how} ({why})'
    if reason not in _logged:
        _logged.add(reason)
        logger.info(reason)
    return on, reason


def prefetch(items: Iterable[T], depth: int = 8) -> Iterator[T]:
    """Iterate ``items`` in a daemon thread, ``depth`` items ahead.

    Exceptions raised by ``items`` are re-raised here, in order (after the
    items produced before them). Stopping early stops the thread.
    """
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry) -> bool:
        while not stop.is_set():
            try:
                q.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work():
        it = iter(items)
        try:
            for item in it:
                if not put((True, item)):
                    return
            put((True, _END))
        except BaseException as e:  # handed to the consumer
            put((False, e))
        finally:
            close = getattr(it, 'close', None)
            if close is not None:
                close()  # e.g. iter_frames closes its container

    thread = threading.Thread(target=work, name='decode-ahead', daemon=True)
    thread.start()
    try:
        while True:
            ok, item = q.get()
            if not ok:
                raise item
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)
