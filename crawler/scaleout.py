"""Scale-out on scrapy-redis: set ``REDIS_URL`` and every crawl process shares one request queue and
one seen-requests set in Redis, so N processes (on one machine or many) split the work and fetch each
page once.

- :class:`RedisScaleOut` (a Scrapy add-on) switches ``SCHEDULER`` and ``DUPEFILTER_CLASS`` to
  scrapy-redis's when ``REDIS_URL`` is set, and leaves Scrapy's own otherwise.
- :class:`WaitForSharedQueue` keeps a process from closing the moment the shared queue is empty (the
  others may be about to add to it): it closes after ``REDIS_IDLE_BEFORE_CLOSE`` seconds with no work.

Each process writes its own WARC files and its own SQLite archive (``ARCHIVE_DIR`` per process, or
per machine); one ``python -m archive rebuild`` over all their WARC files builds the merged archive.
"""
from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import BaseSettings
from scrapy.spiders import Spider

logger = logging.getLogger(__name__)


class RedisScaleOut:
    """Add-on: scrapy-redis's scheduler and dupefilter when ``REDIS_URL`` is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            return
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("SCHEDULER_PERSIST", settings.getbool("SCHEDULER_PERSIST", True), "addon")
        settings.set("JOBDIR", None, "addon")  # the queue lives in Redis


class WaitForSharedQueue:
    def __init__(self, crawler: Crawler, grace: float) -> None:
        self.crawler = crawler
        self.grace = grace
        self.idle_since: float | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WaitForSharedQueue:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        return cls(crawler, crawler.settings.getfloat("REDIS_IDLE_BEFORE_CLOSE"))

    def request_scheduled(self, request, spider: Spider) -> None:
        self.idle_since = None

    def response_received(self, response, request, spider: Spider) -> None:
        self.idle_since = None

    def spider_idle(self, spider: Spider) -> None:
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.grace:
            self.crawler.stats.inc_value("scaleout/idle_waits")
            raise DontCloseSpider("the shared queue may still fill")
        logger.info("shared queue empty for %.0f s: closing", now - self.idle_since)
