"""Thin stage pipelines, in ITEM_PIPELINES order: Analyse (extraction, relevance score, fingerprint,
index entries, in worker processes), RelevanceFilter (drops off-topic articles), DedupStore (dedup
against the archive, then store).

Each stage calls one function of ``archive`` and counts what it did.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import sqlite3
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.spiders import Spider
from scrapy.utils.defer import maybe_deferred_to_future

from archive.analyse import Analyser, Analysis
from archive.dedupwriter import DedupWriter
from archive.relevance import Lexicon
from archive.store import ArchiveDB
from archive.workers import analyse_in_worker, start_worker
from crawler import capture, storage
from crawler.items import PageItem

logger = logging.getLogger(__name__)


def analyser_from(settings) -> Analyser:
    """The per-page analysis the crawl's settings ask for."""
    path = settings.get("RELEVANCE_LEXICON")
    return Analyser(min_chars=settings.getint("EXTRACT_MIN_CHARS"),
                    min_score=settings.getfloat("RELEVANCE_MIN_SCORE"),
                    lexicon=Lexicon.load(path) if path else Lexicon.load(),
                    near_threshold=settings.getfloat("DEDUP_NEAR_THRESHOLD"),
                    timeout=settings.getfloat("EXTRACT_TIMEOUT"))


class AnalysePipeline:
    """Page bytes → Article, in a pool of ``EXTRACT_WORKERS`` processes so the reactor keeps
    downloading while pages are extracted (0: in the reactor's thread). A worker does all the
    per-page CPU work (``Analyser.analyse``: trafilatura + our rules, the relevance score, the
    dedup fingerprint, the full-text entries); the item comes back with ``article``, ``fingerprint``
    and ``index_entries``. Stats:
    ``extract/ok``, ``extract/no_article`` (no body text, or shorter than ``EXTRACT_MIN_CHARS``),
    ``discover/not_article/<reason>`` (its URL says article, its content says a video page, a
    photo gallery, a soft 404, a login wall, or a listing),
    ``extract/failed`` (a worker died)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.analyser = analyser_from(crawler.settings)
        workers = crawler.settings.get("EXTRACT_WORKERS")
        self.workers = os.cpu_count() or 1 if workers in (None, "") else int(workers)
        self.pool: ProcessPoolExecutor | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AnalysePipeline:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        if self.workers > 0:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["archive.workers"])  # workers start with trafilatura loaded
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=start_worker,
                                            initargs=(self.analyser, os.getpid()))
            # start the forkserver and the workers now, off the reactor's thread: the first submit
            # would otherwise block it while trafilatura loads, and the first pages would wait
            threading.Thread(target=self.warm_up, args=(self.pool,), name="extract-warm-up", daemon=True).start()

    def warm_up(self, pool: ProcessPoolExecutor) -> None:
        try:
            for future in [pool.submit(os.getpid) for _ in range(self.workers)]:
                future.result()
        except Exception as exc:  # noqa: BLE001 (a logging thread; a pool that cannot start fails again on the first page)
            logger.warning("extraction workers did not start: %s", exc)

    def spider_closed(self, spider: Spider) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: PageItem) -> PageItem:
        check = item.get("check") or "pattern"
        if self.pool is None:
            analysis = self.analyser.analyse(item["body"], item["url"], item.get("content_type"), check)
        else:
            loop = asyncio.get_running_loop()
            try:
                analysis = await loop.run_in_executor(self.pool, analyse_in_worker, item["body"], item["url"],
                                                      item.get("content_type"), check)
            except BrokenProcessPool as exc:
                self.stats.inc_value("extract/failed")
                logger.error("extraction worker died on %s: %s; starting a new pool", item["url"], exc)
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.spider_opened(self.crawler.spider)
                raise DropItem(f"extraction failed: {item['url']}") from exc
        return self.accept(item, analysis)

    def accept(self, item: PageItem, analysis: Analysis) -> PageItem:
        article = analysis.article
        if analysis.status in ("failed", "timeout"):  # the worker logged it; the page stays in the WARC
            self.stats.inc_value(f"extract/{analysis.status}")
            raise DropItem(f"extraction {analysis.status} ({analysis.error}) at {item['url']}")
        if analysis.status == "not_article":  # a video page, a soft 404 … its capture stays in the WARC
            self.stats.inc_value("discover/not_article")
            self.stats.inc_value(f"discover/not_article/{analysis.error}")
            spider = self.crawler.spider
            if item.get("check") == "template" and getattr(spider, "learner", None) is not None:
                spider.learner.listing(item["url"])  # counts against the template
            logger.info("%s is not an article (%s): not stored", item["url"], analysis.error)
            raise DropItem(f"not an article ({analysis.error}): {item['url']}", log_level="INFO")
        if analysis.status == "no_article":
            self.stats.inc_value("extract/no_article")
            length = len(article.text) if article else 0
            raise DropItem(f"no article text ({length} chars) at {item['url']}")
        article.warc_file = item.get("warc_file")
        article.warc_offset = item.get("warc_offset")
        article.warc_record_id = item.get("warc_record_id")
        article.fetched_at = item.get("fetched_at")
        if article.over_cleaned:
            self.stats.inc_value("extract/over_cleaned")
            self.stats.inc_value(f"extract/over_cleaned/{article.over_cleaned}")
        if article.second_candidate:  # the body came, whole or in part, from the page's block of running text
            self.stats.inc_value(f"extract/second_candidate/{article.second_candidate}")
        if article.tables:  # data tables of the article put back into the body (archive.tables)
            self.stats.inc_value("extract/tables", article.tables)
        if article.tables_failed:  # the table search failed: the body was kept without tables
            self.stats.inc_value("extract/tables/failed")
        if article.unnested:  # unclosed tags nested the page's paragraphs: un-nested before extraction
            self.stats.inc_value("extract/unnested")
        if article.too_deep:  # nested deeper than the parser keeps: the text past that depth is not in the body
            self.stats.inc_value("extract/too_deep")
        if article.posts_cut:  # a page of several posts (a blog's front page, a thread): the first post is the body
            self.stats.inc_value("extract/first_post")
        if article.spam_removed:  # the page, spam and all, is in the WARC file
            self.stats.inc_value("clean/spam_removed", len(article.spam_removed))
            logger.info("spam removed from %s: %s", item["url"], " | ".join(article.spam_removed)[:300])
        item["article"] = article
        item["fingerprint"] = analysis.fingerprint
        item["index_entries"] = analysis.entries
        item["body"] = b""  # the bytes are in the WARC; do not carry them further
        self.stats.inc_value("extract/ok")
        return item


class RelevanceFilterPipeline:
    """Off-topic articles are not archived (their captures stay in the WARC, so ``archive rebuild
    --min-score`` recovers them). The score was computed with the article by the analyse stage.
    Stats: ``relevance/ontopic``, ``relevance/offtopic``."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.min_score = crawler.settings.getfloat("RELEVANCE_MIN_SCORE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevanceFilterPipeline:
        return cls(crawler)

    def process_item(self, item: PageItem) -> PageItem:
        article = item["article"]
        if article.relevance_score < self.min_score:
            self.stats.inc_value("relevance/offtopic")
            raise DropItem(f"off-topic (score {article.relevance_score}): {article.url}")
        self.stats.inc_value("relevance/ontopic")
        return item


class DedupStorePipeline:
    """Deduplicate and store (``archive.dedupwriter.DedupWriter``), with where the page is in the WARC files
    (waiting for the writer process when it has not written the page yet). Stats: ``store/inserted``,
    ``dedup/url``, ``dedup/exact``, ``dedup/near`` (a copy of an archived story, recorded in
    ``duplicates``), ``dedup/replaced`` (the new copy became the story's canonical one),
    ``dedup/seen`` (this very URL was archived before), ``store/failed`` (the database refused the
    write: the crawl closes with reason ``store_failed``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.near_threshold = crawler.settings.getfloat("DEDUP_NEAR_THRESHOLD")
        self.store: ArchiveDB | None = None
        self.writer: DedupWriter | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupStorePipeline:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.store = storage.acquire_for(self.crawler)
        if self.store is not None:
            try:
                self.writer = DedupWriter(self.store, self.near_threshold)
            except sqlite3.Error as exc:
                storage.fail(self.crawler, f"archive database unreadable: {exc}")

    def spider_closed(self, spider: Spider) -> None:
        if self.store is not None:
            storage.release(self.store)
            self.store = None

    async def process_item(self, item: PageItem) -> PageItem:
        article = item["article"]
        if self.writer is None:  # no database: the crawl is closing (store_failed)
            raise DropItem(f"not stored (no archive database): {article.url}")
        if article.warc_record_id and article.warc_file is None:
            waiting = capture.written(self.crawler, article.warc_record_id)
            if waiting is not None:  # the writer process has not reported this record yet
                await maybe_deferred_to_future(waiting)
            location = self.store.capture_location(article.warc_record_id)
            if location is not None:
                article.warc_file, article.warc_offset = location
                item["warc_file"], item["warc_offset"] = location
        try:
            with self.store.writing():
                outcome = self.writer.add(article, item.get("fingerprint"), item.get("index_entries"))
        except sqlite3.Error as exc:  # disk full, quota, a locked or damaged file
            storage.fail(self.crawler, f"archive database write failed for {article.url}: {exc}")
            raise DropItem(f"not stored ({exc}): {article.url}") from exc
        if outcome.kind == "inserted":
            self.stats.inc_value("store/inserted")
            logger.info("archived %s (%s, %s)", article.url, article.site, article.title)
            return item
        self.stats.inc_value(f"dedup/{outcome.kind}")
        if outcome.replaced:
            self.stats.inc_value("dedup/replaced")
        if outcome.kind == "seen":
            raise DropItem(f"already archived: {article.url}")
        logger.info("%s is a copy (%s, %.2f) of article %s%s", article.url, outcome.kind, outcome.similarity,
                    outcome.article_id, "; it is now the canonical copy" if outcome.replaced else "")
        return item
