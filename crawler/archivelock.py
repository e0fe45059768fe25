"""One crawl process per ARCHIVE_DIR.

Two crawls writing one archive at once race on its database (one of them fails and loses its
rows) and on its WARC folder's recovery. :class:`ArchiveLock`, the first extension built, takes an
exclusive lock on ``ARCHIVE_DIR/archive.lock`` (``flock``: the kernel releases it when the process
ends, however it ends). A second crawl of the same ARCHIVE_DIR stops before it fetches or writes
anything, with one line naming the crawl that holds it (reason ``archive_locked``, exit status 1).
Spiders of one process (``scrapy crawlall``) share the lock.

Readers (``python -m archive search``, Datasette, ``sqlite-utils``) take no lock: SQLite's WAL lets
them read while a crawl writes.
"""
from __future__ import annotations

import fcntl
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from crawler.refusal import refuse_start

logger = logging.getLogger(__name__)
LOCK_NAME = "archive.lock"


@dataclass
class _Held:
    handle: IO[str]
    users: int = 0


#: the locks this process holds, by resolved ARCHIVE_DIR: flock is per open file, so spiders of one
#: process must share the one handle rather than lock the file again
_held: dict[Path, _Held] = {}


def acquire(archive_dir: Path) -> str | None:
    """Take (or share, within this process) the lock of ``archive_dir``. None on success, else who
    holds it (the lock file's text)."""
    key = archive_dir.resolve()
    held = _held.get(key)
    if held is None:
        key.mkdir(parents=True, exist_ok=True)
        handle = open(key / LOCK_NAME, "a+", encoding="utf-8")  # held open: the lock lives with it
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            return holder
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
        handle.flush()
        held = _held[key] = _Held(handle)
    held.users += 1
    return None


def release(archive_dir: Path) -> None:
    key = archive_dir.resolve()
    held = _held.get(key)
    if held is None:
        return
    held.users -= 1
    if held.users <= 0:
        del _held[key]
        held.handle.close()  # the lock goes with it; the file stays (removing it would race a new holder)


class ArchiveLock:
    def __init__(self, crawler: Crawler) -> None:
        self.archive_dir = Path(crawler.settings.get("ARCHIVE_DIR"))
        try:
            holder = acquire(self.archive_dir)
        except OSError as exc:  # a folder that cannot be made or written: nothing could be archived
            refuse_start(crawler, "store_failed", f"ARCHIVE_DIR {self.archive_dir} cannot be used ({exc})")
        if holder is not None:
            refuse_start(crawler, "archive_locked",
                         f"ARCHIVE_DIR {self.archive_dir} is in use by another crawl ({holder})")
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveLock:
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        release(self.archive_dir)
