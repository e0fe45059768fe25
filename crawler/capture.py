"""Raw capture: every HTTP exchange goes to the WARC files as it came off the wire.

Connected to the ``response_downloaded`` signal, which Scrapy sends right after the
download handler returns and before any downloader middleware's ``process_response``:
bodies are still gzip-encoded, and redirects, errors and retried attempts are all seen.
A response served from Scrapy's HTTP cache never reaches the handler, so it is not
archived again.
"""
from __future__ import annotations

import logging
import sqlite3
import platform
from datetime import datetime, timezone

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Headers, Request, Response
from scrapy.spiders import Spider

import archive
from archive.cdx import write_cdxj
from archive.store import Archive
from archive.warc import HttpExchange, WarcWriter, payload_digest, recover_open_files, safe_name_part
from crawler import storage
from crawler.storage import archive_paths

logger = logging.getLogger(__name__)


def header_pairs(headers: Headers) -> list[tuple[str, str]]:
    """Every value of every header (``Set-Cookie`` lines stay separate)."""
    pairs = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values:
            pairs.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return pairs


class WarcCapture:
    """Writes a ``response``, a ``request`` and a ``metadata`` record per exchange, and a
    ``captures`` row pointing at them. Stats: ``capture/records``, ``capture/bytes``,
    ``capture/status/<code>``, ``capture/truncated``, ``capture/cached_skipped``,
    ``capture/failed``, ``capture/recovered_files``, ``capture/revisits`` (a payload already
    archived, in this crawl or an earlier one, is written as a ``revisit`` record)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.warc_dir, _ = archive_paths(settings)
        self.prefix = settings.get("WARC_PREFIX", "fraudnews")
        self.max_size = settings.getint("WARC_MAX_SIZE")
        self.gzip_level = settings.getint("WARC_GZIP_LEVEL", 6)
        self.fsync = settings.getbool("WARC_FSYNC")
        self.user_agent = settings.get("USER_AGENT")
        self.robots = "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"
        self.operator = settings.get("CONTACT_URL")
        self.writer: WarcWriter | None = None
        self.store: Archive | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)
        self.max_body = settings.getint("WARC_MAX_BODY")
        if self.max_body:
            crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "WarcCapture":
        if not crawler.settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off")
        return cls(crawler)

    def warcinfo(self, spider: Spider) -> dict[str, str]:
        return {
            "software": (
                f"fraudnews/{archive.__version__} Scrapy/{scrapy.__version__} "
                f"warcio/{warcio_version()} Python/{platform.python_version()}"
            ),
            "isPartOf": spider.name,
            "description": f"fraudnews crawl by spider {spider.name}",
            "http-header-user-agent": self.user_agent or "",
            "robots": self.robots,
            "operator": self.operator or "",
        }

    def spider_opened(self, spider: Spider) -> None:
        recovered = recover_open_files(self.warc_dir) if self.warc_dir.exists() else []
        if recovered:
            self.stats.inc_value("capture/recovered_files", len(recovered))
            for path in recovered:
                write_cdxj(path)
        self.writer = WarcWriter(
            self.warc_dir,
            prefix=f"{self.prefix}-{safe_name_part(spider.name)}",
            max_size=self.max_size,
            warcinfo=self.warcinfo(spider),
            gzip_level=self.gzip_level,
            fsync=self.fsync,
        )
        self.store = storage.acquire_for(self.crawler)

    def spider_closed(self, spider: Spider) -> None:
        if self.writer is not None:
            self.writer.close()
            self.stats.set_value("capture/files", len(self.writer.files_written))
            self.stats.set_value("capture/file_names", [path.name for path in self.writer.files_written])
            # the writer wrote each file's CDXJ index (what pywb and other replay tools read) as it closed it
        if self.store is not None:
            storage.release(self.store)
            self.store = None

    def exchange(self, response: Response, request: Request) -> HttpExchange:
        ip = getattr(response, "ip_address", None)
        return HttpExchange(
            url=response.url,
            status=response.status,
            body=response.body,
            response_headers=header_pairs(response.headers),
            request_headers=header_pairs(request.headers),
            method=request.method,
            request_body=request.body or b"",
            protocol=getattr(response, "protocol", None) or "HTTP/1.1",
            ip_address=str(ip) if ip else None,
            fetched_at=datetime.now(timezone.utc),
            truncated=truncation(response),
        )

    def bytes_received(self, data: bytes, request: Request, spider: Spider) -> None:
        """Cut a body at ``WARC_MAX_BODY``: the part received is kept and marked truncated."""
        received = request.meta.get("_capture_bytes", 0) + len(data)
        request.meta["_capture_bytes"] = received
        if received > self.max_body:
            self.stats.inc_value("capture/cut_at_max_body")
            logger.warning("%s is over WARC_MAX_BODY (%d bytes): kept what was received", request.url, self.max_body)
            raise StopDownload(fail=False)

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if "cached" in response.flags:
            self.stats.inc_value("capture/cached_skipped")
            return
        assert self.writer is not None
        metadata = {"portal": spider.name, "page-kind": page_kind(spider, response, request)}
        exchange = self.exchange(response, request)
        revisit_of = None
        if self.store is not None and 200 <= response.status < 300 and response.body and not exchange.truncated:
            exchange.payload_digest = payload_digest(exchange.body)  # for the lookup and the record: once
            revisit_of = self.store.revisit_target(exchange.payload_digest)
        try:
            capture = self.writer.write_exchange(exchange, metadata, revisit_of)
        except OSError as exc:
            self.stats.inc_value("capture/failed")
            logger.error("WARC write failed for %s: %s; closing the spider", response.url, exc)
            self.crawler.engine.close_spider(spider, "warc_write_failed")
            raise
        request.meta["warc"] = {
            "file": capture.warc_file,
            "offset": capture.warc_offset,
            "record_id": capture.warc_record_id,
            "fetched_at": capture.fetched_at,
        }
        if self.store is None:
            return  # no database (it could not be opened: the crawl is closing); the WARC has the page
        try:
            with self.store.writing():
                self.store.add_capture(capture)
        except sqlite3.Error as exc:
            self.stats.inc_value("capture/db_failed")
            storage.fail(self.crawler, f"archive database write failed for the capture of {response.url}: {exc} "
                                       "(its WARC record is written)")
            return
        self.stats.inc_value("capture/records")
        if capture.record_type == "revisit":
            self.stats.inc_value("capture/revisits")
        self.stats.inc_value("capture/bytes", len(response.body))
        self.stats.inc_value(f"capture/status/{response.status}")
        if capture.truncated:
            self.stats.inc_value("capture/truncated")
            logger.warning("WARC: %s captured truncated (%s)", response.url, capture.truncated)


def truncation(response: Response) -> str | None:
    """The ``WARC-Truncated`` reason of a response whose body is not whole."""
    if "dataloss" in response.flags:
        return "disconnect"
    if "download_stopped" in response.flags:
        return "length"
    return None


def page_kind(spider: Spider, response: Response, request: Request) -> str:
    """How the spider will treat the page: ``article`` pages go to the pipelines. Recorded in
    the WARC so that ``archive rebuild`` makes the same decision without the spider."""
    is_article = getattr(spider, "is_article_url", None)
    if is_article is not None and 200 <= response.status < 300:
        return "article" if is_article(response.url) else "other"
    return request.meta.get("page_kind") or "other"


def warcio_version() -> str:
    from importlib.metadata import version

    return version("warcio")
