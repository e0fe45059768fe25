"""One row per crawl in the archive's ``crawls`` table, written when the spider closes."""
from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy.utils.defer import maybe_deferred_to_future

from archive.store import ArchiveError
from crawler import capture, storage

logger = logging.getLogger(__name__)


def crawl_row(spider_name: str, stats: dict, reason: str, warc_files: list[str]) -> dict:
    """The ``crawls`` row of a finished crawl, from Scrapy's stats."""
    def count(*keys: str) -> int:
        return sum(int(stats.get(key, 0) or 0) for key in keys)

    def when(key: str) -> str | None:
        value = stats.get(key)
        return value.isoformat() if isinstance(value, datetime) else value

    return {
        "spider": spider_name,
        "started": when("start_time"),
        "finished": when("finish_time") or datetime.now(UTC).isoformat(),
        "finish_reason": reason,
        "pages": count("response_received_count"),
        "captures": count("capture/records"),
        "articles_new": count("store/inserted"),
        "duplicates": count("dedup/url", "dedup/exact", "dedup/near"),
        "offtopic": count("relevance/offtopic"),
        "no_article": count("extract/no_article"),
        "errors": count("log_count/ERROR", "spider_exceptions/count"),  # failed downloads log an ERROR
        "warc_files": json.dumps(warc_files),
        "stats": json.dumps({k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in stats.items()},
                            ensure_ascii=False, default=str),
    }


class CrawlRecorder:
    """Writes the ``crawls`` row (spider, start, finish, finish reason, counts) on ``spider_closed``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRecorder:
        return cls(crawler)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        """After the WARC writer has closed its files (their names and the last captures are counted)."""
        waiting = capture.closed(self.crawler)
        if waiting is not None:
            await maybe_deferred_to_future(waiting)
        self.record(spider, reason)

    def record(self, spider: Spider, reason: str) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_time", datetime.now(UTC))
        files = list(stats.get("capture/file_names") or [])
        try:
            store = storage.acquire_for(self.crawler)
            if store is None:
                return
            try:
                with store.writing():
                    crawl_id = store.record_crawl(crawl_row(spider.name, stats, reason, files))
            finally:
                storage.release(store)
        except (sqlite3.Error, ArchiveError) as exc:
            logger.error("the crawls row of %s (%s) could not be written: %s", spider.name, reason, exc)
            return
        logger.info("crawl %d of %s recorded (%s)", crawl_id, spider.name, reason)
