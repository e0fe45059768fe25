"""One connection per archive database in a crawl process, shared by everything that reads or
writes it (WARC capture, the incremental middleware, the store pipeline, the crawls recorder),
committing in groups of ``ARCHIVE_COMMIT_INTERVAL`` seconds.

Shared because a group is an open write transaction: a second connection of the same process
would wait on it in the reactor's thread, which is the thread that would commit it (``crawlall``
runs several spiders in one process against one database). A reactor timer commits a group that
no later write comes to close; the last user to let go commits and closes.
"""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from archive.store import ArchiveDB, ArchiveError

logger = logging.getLogger(__name__)


@dataclass
class _Shared:
    store: ArchiveDB
    users: int = 0
    timer: task.LoopingCall | None = None
    crawlers: list = field(default_factory=list)  # whose crawls a failed commit closes


_open: dict[Path, _Shared] = {}


def archive_paths(settings) -> tuple[Path, Path]:
    """``(ARCHIVE_DIR/warc, ARCHIVE_DIR/archive.db)``."""
    root = Path(settings.get("ARCHIVE_DIR"))
    return root / "warc", root / "archive.db"


def acquire_for(crawler: Crawler) -> ArchiveDB | None:
    """The process's connection to the crawl's archive (``ARCHIVE_DIR``, ``ARCHIVE_COMMIT_INTERVAL``). None when
    it cannot be opened: that is logged, counted (``store/failed``) and the crawl closes with reason
    ``store_failed`` (pages already fetched are still written to the WARC files)."""
    path = archive_paths(crawler.settings)[1]
    try:
        shared = _acquire(path, crawler.settings.getfloat("ARCHIVE_COMMIT_INTERVAL"))
    except (ArchiveError, sqlite3.Error, OSError) as exc:
        fail(crawler, f"archive database {path} cannot be opened: {exc}")
        return None
    if crawler not in shared.crawlers:
        shared.crawlers.append(crawler)
    return shared.store


def fail(crawler: Crawler, message: str) -> None:
    """A database failure ends the crawl: one error line, ``store/failed``, reason ``store_failed``."""
    first = not crawler.stats.get_value("store/failed")
    crawler.stats.inc_value("store/failed")
    if not first:  # the crawl is closing already
        logger.warning("%s", message)
        return
    logger.error("%s; closing the crawl (the WARC files keep every page: `python -m archive rebuild` "
                 "restores the database)", message)
    engine = getattr(crawler, "engine", None)
    if engine is not None and getattr(engine, "spider", None) is not None:
        deferred_from_coro(engine.close_spider_async(reason="store_failed"))


def _acquire(path: str | Path, commit_interval: float) -> _Shared:
    """The process's connection to the archive at ``path`` (opened, and migrated, on first use)."""
    key = Path(path).resolve()
    shared = _open.get(key)
    if shared is None:
        store = ArchiveDB.open(key)
        store.group_commits(commit_interval)
        shared = _open[key] = _Shared(store)
        if commit_interval > 0:
            shared.timer = task.LoopingCall(_commit_due, shared)
            shared.timer.start(commit_interval, now=False)
    shared.users += 1
    return shared


def release(store: ArchiveDB) -> None:
    """Let go of a connection from :func:`acquire_for`; the last user's release commits and closes it.
    A failure of that last commit is logged (the crawl is ending; the WARC files hold its pages)."""
    for key, shared in list(_open.items()):
        if shared.store is store:
            shared.users -= 1
            if shared.users <= 0:
                del _open[key]
                if shared.timer is not None and shared.timer.running:
                    shared.timer.stop()
                try:
                    store.close()
                except sqlite3.Error as exc:
                    for crawler in shared.crawlers:
                        crawler.stats.inc_value("store/failed")
                    logger.error("archive database %s: the last rows could not be committed: %s (the WARC files "
                                 "hold those pages: `python -m archive rebuild` restores them)", key, exc)
            return
    store.close()  # not a shared one


def _commit_due(shared: _Shared) -> None:
    try:
        shared.store.commit_due()
    except sqlite3.Error as exc:
        shared.store.abandon_group(exc)
        for crawler in shared.crawlers:
            fail(crawler, f"archive database write failed (commit): {exc}")
