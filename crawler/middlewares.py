"""Incremental crawling: what the archive already holds is not fetched again.

- An article request whose canonical URL (archive.dedup.canonical_url) is archived, as an article or
  as a copy of one, is dropped before download (``incremental/skipped_archived``).
- Listing pages, feeds and sitemaps are fetched again, conditionally: ``If-None-Match`` /
  ``If-Modified-Since`` from their last capture (``incremental/conditional``), when that capture was
  whole and made before the spider's last clean finish; a ``304 Not Modified`` is captured and
  counted (``incremental/not_modified``): every article it lists was reached by that finished crawl.
"""
from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.spiders import Spider

from archive.dedup import canonical_url
from archive.store import ArchiveDB
from crawler import storage

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store: ArchiveDB | None = None
        self.spider_name = ""
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        if not crawler.settings.getbool("INCREMENTAL_ENABLED"):
            raise NotConfigured("INCREMENTAL_ENABLED is off")
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.store = storage.acquire_for(self.crawler)
        self.spider_name = spider.name

    def spider_closed(self, spider: Spider) -> None:
        if self.store is not None:
            storage.release(self.store)
            self.store = None

    def process_request(self, request: Request) -> None:
        if self.store is None:
            return
        kind = request.meta.get("page_kind")
        if kind == "article":
            if self.store.article_by_url_key(canonical_url(request.url)) is not None:
                self.stats.inc_value("incremental/skipped_archived")
                raise IgnoreRequest(f"already archived: {request.url}")
        elif kind in ("start", "listing", "sitemap") and b"If-None-Match" not in request.headers:
            etag, last_modified = self.store.validators(request.url, self.spider_name)
            if etag:
                request.headers[b"If-None-Match"] = etag
            if last_modified:
                request.headers[b"If-Modified-Since"] = last_modified
            if etag or last_modified:
                self.stats.inc_value("incremental/conditional")

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304:
            self.stats.inc_value("incremental/not_modified")
            logger.info("not modified since the last crawl: %s", request.url)
        return response
