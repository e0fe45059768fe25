"""Thin stage pipelines, in ITEM_PIPELINES order: Extract, then Store.

Each stage calls one function of ``archive`` and counts what it did.
"""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.spiders import Spider

from archive.extract import extract
from archive.store import Archive
from crawler.capture import archive_paths
from crawler.items import PageItem

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Page bytes → Article (trafilatura + our rules). Stats: ``extract/ok``,
    ``extract/no_article`` (no body text, or shorter than ``EXTRACT_MIN_CHARS``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.min_chars = crawler.settings.getint("EXTRACT_MIN_CHARS", 80)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractPipeline":
        return cls(crawler)

    def process_item(self, item: PageItem) -> PageItem:
        article = extract(item["body"], item["url"], item.get("content_type"))
        if article is None or len(article.text) < self.min_chars:
            self.stats.inc_value("extract/no_article")
            length = len(article.text) if article else 0
            raise DropItem(f"no article text ({length} chars) at {item['url']}")
        article.warc_file = item.get("warc_file")
        article.warc_offset = item.get("warc_offset")
        article.warc_record_id = item.get("warc_record_id")
        article.fetched_at = item.get("fetched_at")
        item["article"] = article
        item["body"] = b""  # the bytes are in the WARC; do not carry them further
        self.stats.inc_value("extract/ok")
        return item


class StorePipeline:
    """Article → ``articles`` row. Stats: ``store/inserted``, ``store/duplicate_url``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        _, self.db_path = archive_paths(crawler.settings)
        self.store: Archive | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.store = Archive.open(self.db_path)

    def spider_closed(self, spider: Spider) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: PageItem) -> PageItem:
        assert self.store is not None
        article = item["article"]
        if self.store.add_article(article) is None:
            self.stats.inc_value("store/duplicate_url")
            raise DropItem(f"already archived: {article.url}")
        self.stats.inc_value("store/inserted")
        logger.info("archived %s (%s, %s)", article.url, article.site, article.title)
        return item
