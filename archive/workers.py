"""Extraction worker processes of the crawl: started by the analyse pipeline's process pool with the
crawl's :class:`~archive.analyse.Analyser`; each analyses pages sent to it, and exits when the crawl
process is gone.
"""
from __future__ import annotations

import os
import threading
import time

from archive.analyse import Analyser, Analysis
from archive.relevance import Lexicon

_worker_settings: Analyser | None = None


def start_worker(settings: Analyser, owner: int | None = None) -> None:
    """Initialise a worker process of the crawl's extraction pool. With ``owner`` (the crawl
    process's pid), the worker exits once that process is gone: a pool's workers hold their own
    task queue open, so a crawl killed with SIGKILL would otherwise leave them, and their
    forkserver, waiting for ever."""
    global _worker_settings
    _worker_settings = settings
    if settings.lexicon is None:
        settings.lexicon = Lexicon.load()
    if owner is not None:
        threading.Thread(target=_exit_with, args=(owner,), name="owner-watch", daemon=True).start()


def _exit_with(owner: int, every: float = 1.0) -> None:
    while True:
        time.sleep(every)
        if not _alive(owner):
            os._exit(1)


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or the pid is someone else's now
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc: the signal test is all there is


def analyse_in_worker(body: bytes, url: str, content_type: str | None, check: str = "pattern") -> Analysis:
    """:meth:`Analyser.analyse` with the worker's settings (only the page crosses processes)."""
    assert _worker_settings is not None, "start_worker was not called in this process"
    return _worker_settings.analyse(body, url, content_type, check)


def analyse_candidate_in_worker(body: bytes, url: str, content_type: str | None, kind: str, check: str) -> Analysis:
    """:func:`archive.rebuild.analyse_candidate` with the worker's settings (``rebuild --workers``)."""
    from archive.rebuild import analyse_candidate

    assert _worker_settings is not None, "start_worker was not called in this process"
    return analyse_candidate(_worker_settings, body, url, content_type, kind, check)
