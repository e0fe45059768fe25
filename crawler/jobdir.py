"""JOBDIR after a crash: Scrapy keeps a crawl's queue and seen-requests in JOBDIR for pause and
resume (Ctrl-C, then the same command). A crawl killed outright (kill -9, power loss) leaves them
inconsistent: requests counted as seen may be gone from the queue, and would never be fetched.

JobdirGuard marks a running job (``fraudnews.running`` in JOBDIR) and holds an exclusive lock on
that mark while the crawl runs; it removes the mark on a clean close. At the next start:

- the mark is locked: another crawl is running with this JOBDIR. Its state is left alone and this
  crawl stops at once (reason ``jobdir_in_use``, exit status 1).
- the mark is there but nobody holds it: the crawl that wrote it was killed. Scrapy's own job
  files (``requests.queue/``, ``requests.seen``, ``spider.state``) are removed, nothing else, with a
  warning and ``jobdir/discarded_after_crash``: the crawl starts over, and the incremental
  middleware skips every article the killed crawl archived.

A JOBDIR that is ``ARCHIVE_DIR`` or contains it is refused (reason ``jobdir_refused``): job state
and the archive must not share a folder that one of them may clean.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
from pathlib import Path
from typing import IO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider

from crawler.refusal import refuse_start

logger = logging.getLogger(__name__)
MARK = "fraudnews.running"
#: what Scrapy itself writes in JOBDIR (scheduler queue, dupefilter, SpiderState): nothing else is ours to delete
SCRAPY_JOB_FILES = ("requests.queue", "requests.seen", "spider.state")


def contains(outer: Path, inner: Path) -> bool:
    """True when ``inner`` is ``outer`` or lies inside it (both resolved).

    >>> contains(Path("/srv"), Path("/srv/data")), contains(Path("/srv/data"), Path("/srv"))
    (True, False)
    """
    outer, inner = outer.resolve(), inner.resolve()
    return inner == outer or outer in inner.parents


def discard_job_state(jobdir: Path) -> list[str]:
    """Remove Scrapy's job files from ``jobdir``; return the names removed."""
    removed = []
    for name in SCRAPY_JOB_FILES:
        path = jobdir / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        else:
            continue
        removed.append(name)
    return removed


class JobdirGuard:
    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        self.crawler = crawler
        self.jobdir = jobdir
        self.mark = jobdir / MARK
        self.handle: IO[str] | None = None
        archive_dir = Path(crawler.settings.get("ARCHIVE_DIR"))
        if contains(jobdir, archive_dir):
            refuse_start(crawler, "jobdir_refused",
                         f"JOBDIR {jobdir} is ARCHIVE_DIR {archive_dir} or contains it: give the job state a folder "
                         "of its own (e.g. -s JOBDIR=jobs/news)")
            return
        jobdir.mkdir(parents=True, exist_ok=True)
        crashed = self.mark.exists()
        handle = open(self.mark, "a+", encoding="utf-8")  # held open: the lock lives with it
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            refuse_start(crawler, "jobdir_in_use",
                         f"JOBDIR {jobdir} is in use by a running crawl: its job state is left alone")
            return
        self.handle = handle
        if crashed:
            removed = discard_job_state(jobdir)
            logger.warning("JOBDIR %s is from a crawl that did not close (killed?): discarded Scrapy's job state "
                           "(%s); archived articles are still skipped", jobdir, ", ".join(removed) or "none left")
            crawler.stats.inc_value("jobdir/discarded_after_crash")
        handle.seek(0)
        handle.truncate()
        handle.write(f"running pid {os.getpid()}\n")
        handle.flush()
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobdirGuard:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured("JOBDIR is not set")
        return cls(crawler, Path(jobdir))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.handle is None:
            return
        self.mark.unlink(missing_ok=True)
        self.handle.close()  # releases the lock
        self.handle = None
