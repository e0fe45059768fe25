"""The analyse stage: page bytes → an :class:`Analysis` (the article, its relevance score, its dedup
fingerprint and its full-text index entries). All the per-page CPU work, the same for the live crawl
(in extraction worker processes, :mod:`archive.workers`) and for ``rebuild`` (:mod:`archive.rebuild`).
No I/O: what to do with the result is the deduplicating writer's (:mod:`archive.dedupwriter`).
"""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from archive.article import Article
from archive.dedup import Fingerprint, canonical_url, fingerprint
from archive.extract import decode_html, extract
from archive.pagekind import classify, not_article, parse
from archive.relevance import Lexicon, relevance
from archive.search import IndexEntries, index_entries, searchable

logger = logging.getLogger(__name__)


def judge(article: Article, lexicon: Lexicon, min_score: float) -> bool:
    """Score the article (stored with it) and say whether it belongs in the archive."""
    result = relevance(article.title, article.text, lexicon)
    article.relevance_score = result.score
    article.relevance_terms = result.terms
    return result.score >= min_score


#: bodies of this many characters are articles: no content check
NOT_ARTICLE_BELOW = 300


def content_check(body: bytes | str, content_type: str | None, check: str) -> str | None:
    """Why a page its URL calls an article is not one (None: it may be one, or the check failed on it:
    logged, and the page goes on to extraction rather than being lost)."""
    try:
        tree = parse(decode_html(body, content_type) if isinstance(body, bytes) else body)
        if tree is None:
            return None
        reason = not_article(tree)
        if reason is None and check == "template" and classify(tree).kind != "article":
            reason = "listing"  # a learnt template is a guess: the page's content has the last word
    except Exception as exc:  # noqa: BLE001 - the extractor decides what the page holds
        logger.warning("content check failed (%s: %s): the page goes to extraction", type(exc).__name__, exc)
        return None
    return reason


@dataclass
class Analysis:
    """What a page is worth to the archive: ``status`` is ``ok`` (an on-topic article, with its
    dedup fingerprint), ``no_article``, ``offtopic``, ``not_article`` (a page its URL called an article
    whose content is not one: ``error`` says why, see :func:`archive.pagekind.not_article`),
    ``failed`` or ``timeout``."""

    status: str
    article: Article | None = None
    fingerprint: Fingerprint | None = None
    entries: IndexEntries | None = None  # its full-text index entries
    error: str | None = None  # status ``failed``: what the extractor raised


class PageTimeout(BaseException):
    """A page took longer than its time budget. A BaseException, as KeyboardInterrupt is: the
    libraries a page goes through catch ``Exception`` here and there, and must not swallow it."""


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
    signal.setitimer(signal.ITIMER_PROF, seconds, 0.1)  # and again every 0.1 s, should one be swallowed
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass
class Analyser:
    """How pages become archive candidates; :meth:`analyse` is all the per-page CPU work (the crawl
    runs it in extraction worker processes, ``rebuild`` in its own): extraction, the relevance score,
    the canonical URL, the dedup fingerprint and the full-text index entries."""

    min_chars: int = 80
    min_score: float = 4.0
    lexicon: Lexicon | None = None
    near_threshold: float = 0.6
    timeout: float = 0.0  # seconds of CPU a page may take (0: no limit); status ``timeout`` past it

    def analyse(self, body: bytes | str, url: str, content_type: str | None = None, check: str = "pattern") -> Analysis:
        """Extraction, relevance, then the canonical URL, the dedup fingerprint and the index entries.
        ``check`` is why the page is taken for an article: a URL ``pattern`` (its content is checked
        for a video page, a soft 404 …), a learnt URL ``template`` (checked for a listing too), or
        its ``content`` (the spider read it: no check). Never raises: a page that breaks a
        third-party parser is status ``failed``, with the error."""
        try:
            with time_budget(self.timeout):
                return self._analyse(body, url, content_type, check)
        except PageTimeout:
            logger.warning("extraction of %s took over %.1f s: given up (EXTRACT_TIMEOUT)", url, self.timeout)
            return Analysis("timeout", error=f"over {self.timeout} s")
        except Exception as exc:  # one hostile page must not stop a crawl or a rebuild
            logger.warning("extraction failed on %s: %s: %s", url, type(exc).__name__, exc, exc_info=True)
            return Analysis("failed", error=f"{type(exc).__name__}: {exc}")

    def _analyse(self, body: bytes | str, url: str, content_type: str | None, check: str) -> Analysis:
        article = extract(body, url, content_type)
        # a long body is an article whatever its page looks like (not_article says so too): the
        # check costs a parse, paid only by short or empty extractions and by template guesses
        if check == "template" or (check == "pattern" and (article is None or len(article.text) < NOT_ARTICLE_BELOW)):
            reason = content_check(body, content_type, check)
            if reason is not None:
                return Analysis("not_article", article, error=reason)
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
