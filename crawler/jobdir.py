"""JOBDIR after a crash: Scrapy keeps a crawl's queue and seen-requests in JOBDIR for pause and
resume (Ctrl-C, then the same command). A crawl killed outright (kill -9, power loss) leaves them
inconsistent: requests counted as seen may be gone from the queue, and would never be fetched.

JobdirGuard marks a running job (``fraudnews.running`` in JOBDIR) and removes the mark on a clean
close. If the mark is still there at the next start, the job state is discarded, with a warning and
``jobdir/discarded_after_crash``: the crawl starts over, and the incremental middleware skips every
article the killed crawl archived, re-reading the listings it may not have finished.
"""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider

logger = logging.getLogger(__name__)
MARK = "fraudnews.running"


class JobdirGuard:
    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        self.crawler = crawler
        self.jobdir = jobdir
        self.mark = jobdir / MARK
        if self.mark.exists():
            stale = [p for p in jobdir.iterdir() if p.name != MARK]
            logger.warning("JOBDIR %s is from a crawl that did not close (killed?): discarding its queue and "
                           "seen requests (%d entries); archived articles are still skipped", jobdir, len(stale))
            for path in stale:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            crawler.stats.inc_value("jobdir/discarded_after_crash")
        jobdir.mkdir(parents=True, exist_ok=True)
        self.mark.write_text("running\n")
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JobdirGuard:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured("JOBDIR is not set")
        return cls(crawler, Path(jobdir))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.mark.unlink(missing_ok=True)
