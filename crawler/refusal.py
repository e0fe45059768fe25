"""A crawl that must not start, and the finish reasons that make ``scrapy crawl`` exit non-zero.

A component that finds at start-up that the crawl would do harm (the archive is in use by another
crawl, JOBDIR is the archive's folder or a live job's) calls :func:`refuse_start` from its
``from_crawler``: one ERROR line, ``finish_reason`` set, then :class:`CrawlRefused`, raised before
the engine opens anything. The project's ``crawl`` and ``crawlall`` commands report it as that one
line and exit 1.
"""
from __future__ import annotations

import logging
from typing import NoReturn

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: a crawl that closed for one of these did not do its job: ``scrapy crawl`` and ``crawlall`` exit 1
FAILED_REASONS = frozenset({"store_failed", "warc_write_failed", "archive_locked", "jobdir_in_use",
                            "jobdir_refused"})


class CrawlRefused(Exception):
    """Raised by a component's ``from_crawler`` to stop a crawl before it starts."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def refuse_start(crawler: Crawler, reason: str, message: str) -> NoReturn:
    """Stop ``crawler`` before it starts: log ``message`` once, record ``reason``, raise."""
    logger.error("%s: not crawling (%s)", message, reason)
    crawler.stats.set_value("finish_reason", reason)
    crawler.stats.inc_value(f"refused/{reason}")
    raise CrawlRefused(reason, message)


def crawl_failed(crawler: Crawler) -> bool:
    """True when the crawl was refused or closed for a reason in :data:`FAILED_REASONS`."""
    stats = getattr(crawler, "stats", None)
    return stats is not None and stats.get_value("finish_reason") in FAILED_REASONS


def quiet_refusal(started) -> None:
    """Consume a :class:`CrawlRefused` from a crawl's Deferred or asyncio Task: its one ERROR line
    was logged already; anything else still reaches Scrapy's own error reporting."""
    def trap(failure):
        failure.trap(CrawlRefused)

    if hasattr(started, "addErrback"):
        started.addErrback(trap)
    elif hasattr(started, "add_done_callback"):
        def retrieve(task) -> None:
            error = None if task.cancelled() else task.exception()  # retrieving it silences asyncio's report
            if error is not None and not isinstance(error, CrawlRefused):
                logger.error("crawl failed to start: %s", error, exc_info=error)

        started.add_done_callback(retrieve)
