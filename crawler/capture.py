"""Raw capture: every HTTP exchange goes to the WARC files as it came off the wire.

Connected to the ``response_downloaded`` signal, which Scrapy sends right after the
download handler returns and before any downloader middleware's ``process_response``:
bodies are still gzip-encoded, and redirects, errors and retried attempts are all seen.
A response served from Scrapy's HTTP cache never reaches the handler, so it is not
archived again.
"""
from __future__ import annotations

import logging
import platform
import sqlite3
import weakref
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Headers, Request, Response
from scrapy.spiders import Spider
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.misc import load_object
from twisted.internet.defer import Deferred, maybeDeferred

import archive
from archive.article import Capture
from archive.cdx import write_cdxj
from archive.store import ArchiveDB
from archive.warc import HttpExchange, new_record_id, safe_name_part, warc_date
from archive.warcrecover import recover_open_files
from crawler import storage
from crawler.storage import archive_paths

logger = logging.getLogger(__name__)
_captures: weakref.WeakKeyDictionary[Crawler, WarcCapture] = weakref.WeakKeyDictionary()
#: seconds the writer's replies gather before their captures rows are added, in one statement
DRAIN_DELAY = 0.05


def header_pairs(headers: Headers) -> list[tuple[str, str]]:
    """Every value of every header (``Set-Cookie`` lines stay separate)."""
    try:  # what Headers stores (bytes names, lists of bytes values), read without its accessors
        return [(name.decode("latin-1"), value.decode("latin-1"))
                for name, values in dict.items(headers) for value in values]
    except (AttributeError, TypeError):
        return [(text(name), text(value)) for name, values in headers.items() for value in values]


def text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


class WarcCapture:
    """Writes a ``response``, a ``request`` and a ``metadata`` record per exchange, and a
    ``captures`` row pointing at them. The records are written by a writer process
    (``WARC_WRITER``: :class:`~archive.warcprocess.WarcWriterProcess`; ``InlineWriter``: in the
    reactor's thread), so gzip and the digests do not hold up downloading. Stats: ``capture/records``, ``capture/bytes``,
    ``capture/status/<code>``, ``capture/truncated``, ``capture/cached_skipped``,
    ``capture/failed``, ``capture/recovered_files``, ``capture/revisits`` (a payload already
    archived, in this crawl or an earlier one, is written as a ``revisit`` record)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.warc_dir, _ = archive_paths(settings)
        self.prefix = settings.get("WARC_PREFIX")
        self.max_size = settings.getint("WARC_MAX_SIZE")
        self.download_maxsize = settings.getint("DOWNLOAD_MAXSIZE")  # recorded with each page: rebuild applies it
        self.gzip_level = settings.getint("WARC_GZIP_LEVEL")
        self.fsync = settings.getbool("WARC_FSYNC")
        self.user_agent = settings.get("USER_AGENT")
        self.robots = "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"
        self.operator = settings.get("CONTACT_URL")
        self.writer_class = load_object(settings.get("WARC_WRITER"))
        self.queue_size = settings.getint("WARC_WRITER_QUEUE")
        self.writer = None  # a WARC_WRITER
        self.store: ArchiveDB | None = None
        self.waiting: dict[str, tuple[str, list[Deferred]]] = {}  # record id -> (URL, what waits for it)
        self.delivered: list[tuple[str, Capture | None, Exception | None]] = []  # not yet drained
        self.drain_scheduled = False
        self.closing_done = False
        self.closing_waiters: list[Deferred] = []
        _captures[crawler] = self
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)
        self.max_body = settings.getint("WARC_MAX_BODY")
        self.watched: weakref.WeakSet[Request] = weakref.WeakSet()  # bodies counted as they come
        self.watching = False
        if self.max_body:
            crawler.signals.connect(self.headers_received, signal=signals.headers_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
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
        from twisted.internet import reactor  # the one Scrapy installed (not at import time)

        self.reactor = reactor
        self.store = storage.acquire_for(self.crawler)
        database = archive_paths(self.crawler.settings)[1] if self.store is not None else None
        options = dict(prefix=f"{self.prefix}-{safe_name_part(spider.name)}", max_size=self.max_size,
                       warcinfo=self.warcinfo(spider), gzip_level=self.gzip_level, fsync=self.fsync)
        self.writer = self.writer_class.open(self.warc_dir, database, on_result=self.deliver,
                                             queue_size=self.queue_size, **options)
        if hasattr(self.writer, "registerProducer"):  # the writer pauses the engine while it is behind
            self.writer.registerProducer(EnginePause(self.crawler), True)

    async def spider_closed(self, spider: Spider) -> None:
        """Waits for the writer to write what it was handed and close its file (final name, CDXJ
        index: what pywb and other replay tools read), then for the last captures rows."""
        try:
            if self.writer is not None:
                writer, self.writer = self.writer, None
                try:
                    if hasattr(writer, "unregisterProducer"):
                        writer.unregisterProducer()
                    self.writer_closed(await maybe_deferred_to_future(maybeDeferred(writer.close)))
                except Exception as exc:  # noqa: BLE001 - logged; the rows and the crawls row still follow
                    logger.error("WARC: closing the writer failed: %s", exc)
        finally:
            self.drain()  # the last rows, whether a drain is due or not
            self.release_store()
            self.closing_done = True
            for waiting in self.closing_waiters:
                waiting.callback(None)

    def when_closed(self) -> Deferred:
        """Fires once the WARC files are closed and every captures row is added."""
        waiting: Deferred = Deferred()
        if self.closing_done:
            waiting.callback(None)
        else:
            self.closing_waiters.append(waiting)
        return waiting

    def writer_closed(self, files: list) -> None:
        self.stats.set_value("capture/files", len(files))
        self.stats.set_value("capture/file_names", [path.name for path in files])

    def release_store(self) -> None:
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
            fetched_at=datetime.now(UTC),
            truncated=truncation(response),
            record_id=new_record_id(),
        )

    def headers_received(self, headers: Headers, body_length: Any, request: Request, spider: Spider) -> None:
        """A body whose announced length is within ``WARC_MAX_BODY`` needs no counting; any other
        (no length: chunked, or a longer one) is counted chunk by chunk (:meth:`bytes_received`,
        connected only while such a body is being received: it would otherwise run for every
        chunk of every page)."""
        if isinstance(body_length, int) and 0 <= body_length <= self.max_body:
            return
        self.watched.add(request)
        if not self.watching:
            self.crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)
            self.watching = True

    def unwatch(self, request: Request) -> None:
        self.watched.discard(request)
        if self.watching and not self.watched:  # (a failed download's request left when it was freed)
            self.crawler.signals.disconnect(self.bytes_received, signal=signals.bytes_received)
            self.watching = False

    def bytes_received(self, data: bytes, request: Request, spider: Spider) -> None:
        """Cut a body at ``WARC_MAX_BODY``: the part received is kept and marked truncated."""
        if request not in self.watched:
            return
        received = request.meta.get("_capture_bytes", 0) + len(data)
        request.meta["_capture_bytes"] = received
        if received > self.max_body:
            self.stats.inc_value("capture/cut_at_max_body")
            logger.warning("%s is over WARC_MAX_BODY (%d bytes): kept what was received", request.url, self.max_body)
            raise StopDownload(fail=False)

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        """Hands the exchange to the writer and goes on: the record's id and date are known now,
        its file and offset once the writer has written it (:func:`written`)."""
        if self.watching:
            self.unwatch(request)
        if "cached" in response.flags:
            self.stats.inc_value("capture/cached_skipped")
            return
        if self.writer is None:  # the writer is closed: the spider is closing
            self.stats.inc_value("capture/after_close")
            logger.warning("WARC: %s arrived after the writer closed: not captured", response.url)
            return
        kind, reason = page_kind(spider, response, request)
        metadata = {"portal": spider.name, "page-kind": kind, "max-size": str(request.meta.get("download_maxsize",
                                                                                            self.download_maxsize))}
        if reason:
            metadata["page-kind-reason"] = reason
        exchange = self.exchange(response, request)
        request.meta["warc"] = {"record_id": exchange.record_id, "fetched_at": warc_date(exchange.fetched_at)}
        self.waiting[exchange.record_id] = (response.url, [])
        self.writer.send(exchange, metadata)

    def note(self, record_id: str, url: str, fields: dict[str, str]) -> None:
        """A later metadata record about a page already handed to the writer (what the spider made of
        it once it read it), referring to its response record."""
        if self.writer is not None:
            self.writer.note(url, record_id, fields)

    def written(self, record_id: str) -> Deferred | None:
        """A Deferred that fires once the record is written and its ``captures`` row added (None:
        that is done already, or the record is not this crawl's)."""
        entry = self.waiting.get(record_id)
        if entry is None:
            return None
        waiting: Deferred = Deferred()
        entry[1].append(waiting)
        return waiting

    def deliver(self, record_id: str, capture: Capture | None, error: Exception | None) -> None:
        """The writer is done with an exchange (called in the reactor's thread): the captures rows
        are added in batches (:meth:`drain`, ``DRAIN_DELAY`` after the first of a batch, so that a
        batch is more than the one or two replies of a read)."""
        self.delivered.append((record_id, capture, error))
        if not self.drain_scheduled:
            self.drain_scheduled = True
            self.reactor.callLater(DRAIN_DELAY, self.drain)

    def drain(self) -> None:
        batch, self.delivered = self.delivered, []
        self.drain_scheduled = False
        captures = []
        for record_id, capture, error in batch:
            if error is None:
                captures.append(capture)
            else:
                self.write_failed(self.waiting.get(record_id, (record_id,))[0], error)
        try:
            self.record_captures(captures)
        finally:
            for record_id, _, _ in batch:
                for waiting in self.waiting.pop(record_id, (None, ()))[1]:
                    waiting.callback(None)

    def write_failed(self, url: str, exc: Exception) -> None:
        self.stats.inc_value("capture/failed")
        if self.stats.get_value("capture/failed") > 1:
            logger.warning("WARC write failed for %s: %s", url, exc)
            return
        logger.error("WARC write failed for %s: %s; closing the spider", url, exc)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="warc_write_failed"))

    def record_captures(self, captures: list[Capture]) -> None:
        if not captures or self.store is None:
            return  # no database (it could not be opened: the crawl is closing); the WARC has the pages
        try:
            with self.store.writing():
                self.store.add_new_captures(captures)
        except sqlite3.Error as exc:
            self.stats.inc_value("capture/db_failed", len(captures))
            storage.fail(self.crawler, f"archive database write failed for the captures of {captures[0].url} "
                                       f"and {len(captures) - 1} more: {exc} (their WARC records are written)")
            return
        counts: Counter = Counter()
        for capture in captures:
            counts["capture/bytes"] += capture.length or 0
            counts[f"capture/status/{capture.status}"] += 1
            if capture.record_type == "revisit":
                counts["capture/revisits"] += 1
            if capture.truncated:
                counts["capture/truncated"] += 1
                logger.warning("WARC: %s captured truncated (%s)", capture.url, capture.truncated)
        counts["capture/records"] = len(captures)
        for key, count in counts.items():
            self.stats.inc_value(key, count)


class EnginePause:
    """The crawl's engine as the producer the WARC writer pauses while it is more than
    ``WARC_WRITER_QUEUE`` exchanges behind (the disk slower than the network): no new request is
    sent meanwhile (downloads under way still finish). The engine picks up again at its next
    heartbeat or finished download. Stats: ``capture/writer_paused``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    def pauseProducing(self) -> None:
        if self.crawler.engine is not None:
            self.crawler.stats.inc_value("capture/writer_paused")
            logger.info("WARC: the writer is %s exchanges behind: new requests wait",
                        self.crawler.settings.getint("WARC_WRITER_QUEUE"))
            self.crawler.engine.pause()

    def resumeProducing(self) -> None:
        if self.crawler.engine is not None:
            self.crawler.engine.unpause()

    def stopProducing(self) -> None:
        self.resumeProducing()


def closed(crawler: Crawler) -> Deferred | None:
    """The crawl's :meth:`WarcCapture.when_closed`; None without WARC capture."""
    capture = _captures.get(crawler)
    return capture.when_closed() if capture is not None else None


def written(crawler: Crawler, record_id: str | None) -> Deferred | None:
    """The crawl's :meth:`WarcCapture.written`; None without WARC capture."""
    capture = _captures.get(crawler)
    return capture.written(record_id) if capture is not None and record_id else None


def note(crawler: Crawler, response: Response, fields: dict[str, str]) -> None:
    """Add a metadata record about ``response`` to the crawl's WARC (nothing without WARC capture)."""
    capture = _captures.get(crawler)
    record_id = response.meta.get("warc", {}).get("record_id")
    if capture is not None and record_id:
        capture.note(record_id, response.url, fields)


def truncation(response: Response) -> str | None:
    """The ``WARC-Truncated`` reason of a response whose body is not whole."""
    if "dataloss" in response.flags:
        return "disconnect"
    if "download_stopped" in response.flags:
        return "length"
    return None


def page_kind(spider: Spider, response: Response, request: Request) -> tuple[str, str | None]:
    """How the spider will treat the page, and why: ``article`` pages (by a URL ``pattern`` or a
    learnt ``template``) go to the pipelines; ``other`` pages are read (listings, or articles by
    their content: a later metadata record says which). Recorded in the WARC so that ``archive
    rebuild`` makes the same decision without the spider."""
    source = getattr(spider, "article_source", None)
    if source is not None and 200 <= response.status < 300:
        found = source(response.url)
        return ("article", found) if found else ("other", None)
    return request.meta.get("page_kind") or "other", None


def warcio_version() -> str:
    from importlib.metadata import version

    return version("warcio")
