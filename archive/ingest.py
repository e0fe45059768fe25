"""From an extracted article to the archive, the same way for the live crawl and for ``rebuild``.

:class:`Archiver` judges relevance, then deduplicates (URL, exact text, near-duplicate text) and
stores: each story once in ``articles``, every other copy in ``duplicates``.
:func:`ingest_warcs` is ``python -m archive rebuild``: WARC files → captures, extraction, Archiver.

For every response record: a ``captures`` row; for every page the crawl took for an article
(``page-kind: article`` in the metadata record the crawler wrote beside it; a WARC from another
tool has none, and then every 2xx HTML page is tried), the same extraction and Archiver.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from archive.article import Article
from archive.dedup import (
    Copy,
    Fingerprint,
    NearDuplicateIndex,
    canonical_url,
    containment,
    fingerprint,
    normalise_text,
    prefer_new,
    shingle_array,
)
from archive.extract import extract
from archive.relevance import Lexicon, relevance
from archive.search import IndexEntries, index_entries, searchable
from archive.store import Archive
from archive.warcread import DEFAULT_MAX_BODY, READ_ERRORS, ReadReport, StoredResponse, iter_responses, read_response_at

logger = logging.getLogger(__name__)
#: how far under the threshold a MinHash estimate may fall and still be checked exactly
ESTIMATE_MARGIN = 0.2
#: memory for the shingle sets of recent articles, kept for the exact containment check (4 bytes a
#: shingle: 4-20 KB an article, so 128 MB holds 6,000-30,000 articles; older ones are recomputed
#: from their stored text when a new article names them as candidates)
SHINGLE_CACHE_BYTES = 128 * 1024 * 1024


@dataclass
class Outcome:
    """What became of an article: ``inserted``, ``seen`` (this very URL was archived before),
    or a copy of article ``article_id`` found by ``url``, ``exact`` or ``near`` deduplication."""

    kind: str
    article_id: int | None = None
    similarity: float = 1.0
    replaced: bool = False  # the new copy became the article (the canonical-copy rule)


def judge(article: Article, lexicon: Lexicon, min_score: float) -> bool:
    """Score the article (stored with it) and say whether it belongs in the archive."""
    result = relevance(article.title, article.text, lexicon)
    article.relevance_score = result.score
    article.relevance_terms = result.terms
    return result.score >= min_score


@dataclass
class Analysis:
    """What a page is worth to the archive: ``status`` is ``ok`` (an on-topic article, with its
    dedup fingerprint), ``no_article`` or ``offtopic``."""

    status: str
    article: Article | None = None
    fingerprint: Fingerprint | None = None
    entries: IndexEntries | None = None  # its full-text index entries
    error: str | None = None  # status ``failed``: what the extractor raised


class PageTimeout(Exception):
    """A page took longer than its time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block once ``seconds`` of process CPU time have gone
    (``ITIMER_PROF``: a page waiting for the CPU is not charged). Only in a process's main thread,
    where signals are delivered (extraction workers, ``rebuild``); elsewhere, and for 0, no limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise PageTimeout()

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass
class IngestSettings:
    """How pages become archive candidates; :meth:`analyse` is all the per-page CPU work (the crawl
    runs it in extraction worker processes, ``rebuild`` in its own)."""

    min_chars: int = 80
    min_score: float = 4.0
    lexicon: Lexicon | None = None
    near_threshold: float = 0.6
    timeout: float = 0.0  # seconds of CPU a page may take (0: no limit); status ``timeout`` past it

    def analyse(self, body: bytes | str, url: str, content_type: str | None = None) -> Analysis:
        """Extraction, relevance, then the canonical URL, the dedup fingerprint and the index entries.
        Never raises: a page that breaks a third-party parser is status ``failed``, with the error."""
        try:
            with time_budget(self.timeout):
                return self._analyse(body, url, content_type)
        except PageTimeout:
            logger.warning("extraction of %s took over %.1f s: given up (EXTRACT_TIMEOUT)", url, self.timeout)
            return Analysis("timeout", error=f"over {self.timeout} s")
        except Exception as exc:  # one hostile page must not stop a crawl or a rebuild
            logger.warning("extraction failed on %s: %s: %s", url, type(exc).__name__, exc, exc_info=True)
            return Analysis("failed", error=f"{type(exc).__name__}: {exc}")

    def _analyse(self, body: bytes | str, url: str, content_type: str | None) -> Analysis:
        article = extract(body, url, content_type)
        if article is None or len(article.text) < self.min_chars:
            return Analysis("no_article", article)
        if self.lexicon is None:
            self.lexicon = Lexicon.load()
        if not judge(article, self.lexicon, self.min_score):
            return Analysis("offtopic", article)
        article.canonical_url = canonical_url(article.url, article.declared_canonical)
        simplified = searchable(article.text)  # Simplified script, NFKC: converted once for both
        return Analysis("ok", article, fingerprint(article.text, simplified),
                        index_entries(article.title, article.text, simplified))


#: the settings of an extraction worker process (set once by :func:`start_worker`)
_worker_settings: IngestSettings | None = None


def start_worker(settings: IngestSettings, owner: int | None = None) -> None:
    """Initialise a worker process of the crawl's extraction pool. With ``owner`` (the crawl
    process's pid), the worker exits once that process is gone: a pool's workers hold their own
    task queue open, so a crawl killed with SIGKILL would otherwise leave them, and their
    forkserver, waiting for ever."""
    global _worker_settings
    _worker_settings = settings
    if settings.lexicon is None:
        settings.lexicon = Lexicon.load()
    if owner is not None:
        threading.Thread(target=_exit_with, args=(owner,), name="owner-watch", daemon=True).start()


def _exit_with(owner: int, every: float = 1.0) -> None:
    while True:
        time.sleep(every)
        if not _alive(owner):
            os._exit(1)


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or the pid is someone else's now
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc: the signal test is all there is


def analyse_in_worker(body: bytes, url: str, content_type: str | None) -> Analysis:
    """:meth:`IngestSettings.analyse` with the worker's settings (only the page crosses processes)."""
    assert _worker_settings is not None, "start_worker was not called in this process"
    return _worker_settings.analyse(body, url, content_type)


class Archiver:
    """Deduplicating writer of articles; its near-duplicate index is rebuilt from the store."""

    def __init__(self, store: Archive, near_threshold: float = 0.6, lsh_threshold: float = 0.2,
                 cache_bytes: int = SHINGLE_CACHE_BYTES) -> None:
        self.store = store
        self.near_threshold = near_threshold
        self.index = NearDuplicateIndex(threshold=lsh_threshold)
        self.seen_up_to = 0
        self.cache_bytes = cache_bytes
        self.cached_bytes = 0
        self.shingle_cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self.refresh()

    def refresh(self) -> None:
        """Index the signatures other writers (another spider of this run, another process) added."""
        for article_id, blob, size in self.store.signatures(after=self.seen_up_to):
            if article_id not in self.index:
                self.index.add(article_id, np.frombuffer(blob, dtype=np.uint32), size)
            self.seen_up_to = max(self.seen_up_to, article_id)

    def copy_of(self, article: Article) -> Copy:
        return Copy(article.canonical_url or "", article.site, article.source, article.published)

    def stored_copy(self, article_id: int) -> Copy:
        row = self.store.article(article_id)
        return Copy(row["canonical_url"] or "", row["site"], row["source"], row["published"])

    def remember(self, article_id: int, hashed: np.ndarray) -> None:
        """Keep an article's shingles for the containment checks to come (least recently used go)."""
        previous = self.shingle_cache.pop(article_id, None)
        if previous is not None:
            self.cached_bytes -= previous.nbytes
        self.shingle_cache[article_id] = hashed
        self.cached_bytes += hashed.nbytes
        while self.cached_bytes > self.cache_bytes and len(self.shingle_cache) > 1:
            _, dropped = self.shingle_cache.popitem(last=False)
            self.cached_bytes -= dropped.nbytes

    def shingles_of(self, article_id: int) -> np.ndarray:
        hashed = self.shingle_cache.get(article_id)
        if hashed is None:
            hashed = shingle_array(normalise_text(self.store.article_text(article_id)))
        self.remember(article_id, hashed)
        return hashed

    def near_match(self, hashed: np.ndarray, signature: np.ndarray) -> tuple[int, float] | None:
        """The archived article this text is a near copy of: LSH candidates, a containment estimate
        from the signatures (a margin of 0.2 under the threshold), then the exact containment."""
        best: tuple[int, float] | None = None
        for candidate, _ in self.index.candidates(signature, len(hashed), self.near_threshold - ESTIMATE_MARGIN):
            score = containment(hashed, self.shingles_of(candidate))
            if score >= self.near_threshold and (best is None or score > best[1]):
                best = (candidate, score)
        return best

    def add(self, article: Article, fingerprinted: Fingerprint | None = None,
            entries: IndexEntries | None = None) -> Outcome:
        """Archive ``article`` or record it as a copy. ``fingerprinted``, ``entries``: its fingerprint
        and full-text index entries, when an extraction worker computed them already."""
        if self.store.is_known_url(article.url):
            return Outcome("seen")
        if article.canonical_url is None:
            article.canonical_url = canonical_url(article.url, article.declared_canonical)
        fp = fingerprinted or fingerprint(article.text)
        article.text_hash = fp.text_hash
        hashed, signature, size = fp.shingles, fp.signature, fp.size
        self.refresh()
        target, kind, similarity = None, "", 1.0
        by_url = self.store.article_by_url_key(article.canonical_url)
        by_text = None if by_url is not None else self.store.article_by_text_hash(article.text_hash)
        if by_url is not None:
            target, kind = by_url, "url"
        elif by_text is not None:
            target, kind = by_text, "exact"
        else:
            near = self.near_match(hashed, signature)
            if near is not None:
                (target, similarity), kind = near, "near"
        with self.store.transaction():
            if target is None:
                article_id = self.store.insert_article(article, signature.tobytes(), size, entries)
                self.index.add(article_id, signature, size)
                self.remember(article_id, hashed)
                self.seen_up_to = max(self.seen_up_to, article_id)
                return Outcome("inserted", article_id)
            if kind != "url" and prefer_new(self.copy_of(article), self.stored_copy(target)):
                self.store.replace_canonical(target, article, kind, similarity, signature.tobytes(), size, entries)
                self.index.remove(target)
                self.index.add(target, signature, size)
                self.remember(target, hashed)
                return Outcome(kind, target, similarity, replaced=True)
            self.store.add_duplicate(target, article, kind, similarity)
            return Outcome(kind, target, similarity)


# -- rebuild ----------------------------------------------------------------------------------
@dataclass
class IngestReport:
    counts: Counter = field(default_factory=Counter)

    def inc(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


def is_article_candidate(response: StoredResponse) -> bool:
    if not 200 <= response.status < 300 or response.truncated or response.metadata.get("refused"):
        return False  # the crawl never parses a page cut short, nor one it refused (a gzip bomb)
    kind = response.metadata.get("page-kind")
    if kind is not None:
        return kind == "article"
    content_type = (response.header("Content-Type") or "").lower()
    return "html" in content_type or not content_type


def revisited_body(store: Archive, response: StoredResponse, warc_paths: dict[str, Path],
                   max_body: int = DEFAULT_MAX_BODY) -> bytes | None:
    """The payload a revisit record refers to, read from the WARC file that holds it; None when it
    is in none of them, damaged, or cut short."""
    location = store.capture_location(response.refers_to) if response.refers_to else None
    if location is None or location[0] not in warc_paths:
        return None
    try:
        target = read_response_at(warc_paths[location[0]], location[1], max_body)
    except READ_ERRORS as exc:
        logger.warning("revisit of %s: its payload at %s@%d cannot be read (%s: %s)", response.url, location[0],
                       location[1], type(exc).__name__, exc)
        return None
    return None if target.truncated else target.body


def ingest_response(archiver: Archiver, response: StoredResponse, settings: IngestSettings, report: IngestReport,
                    warc_paths: dict[str, Path], max_body: int = DEFAULT_MAX_BODY) -> None:
    store = archiver.store
    store.add_capture(response.capture())
    report.inc("captures")
    if not is_article_candidate(response):
        return
    body = response.body
    if response.record_type == "revisit":
        body = revisited_body(store, response, warc_paths, max_body)
        if body is None:
            report.inc("revisit_unresolved")
            logger.warning("revisit of %s refers to %s, which is in none of the WARC files given or cannot be read",
                           response.url, response.refers_to)
            return
    analysis = settings.analyse(body, response.url, response.header("Content-Type"))
    if analysis.status != "ok":
        report.inc(analysis.status)
        return
    article = analysis.article
    article.warc_file = response.warc_file
    article.warc_offset = response.warc_offset
    article.warc_record_id = response.record_id
    article.fetched_at = response.date
    report.inc(archiver.add(article, analysis.fingerprint, analysis.entries).kind)


def ingest_warcs(store: Archive, paths: Iterable[Path], settings: IngestSettings | None = None,
                 progress: Callable[[int], None] | None = None, max_body: int = DEFAULT_MAX_BODY) -> IngestReport:
    """Ingest WARC files in the order given (name order is crawl order for our files). A damaged
    record, a body over ``max_body`` (the crawl's DOWNLOAD_MAXSIZE) raw or inflated, a page that
    breaks the extractor: each is a counted, logged skip; the rest of the file is still read."""
    settings = settings or IngestSettings()
    if settings.lexicon is None:
        settings.lexicon = Lexicon.load()
    report = IngestReport()
    archiver = Archiver(store, settings.near_threshold)
    paths = [Path(p) for p in paths]
    warc_paths = {p.name: p for p in paths}
    interval = store.commit_interval
    store.group_commits(interval or 1.0)  # as the crawl does: one commit a second, not one per row
    try:
        for path in paths:
            read = ReadReport()
            for response in iter_responses(path, max_body, read):
                with store.writing():
                    ingest_response(archiver, response, settings, report, warc_paths, max_body)
            for key, count in read.counts.items():
                report.inc(f"read_{key}", count)
            store.commit_due(force=True)  # each file's rows committed as it ends
            report.inc("files")
            if progress is not None:
                progress(path.stat().st_size)
    finally:
        store.group_commits(interval)
    return report
