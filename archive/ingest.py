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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from archive.article import Article
from archive.dedup import (Copy, NearDuplicateIndex, canonical_url, containment, exact_key, normalise_text,
                           prefer_new, shingles)
from archive.extract import extract
from archive.relevance import Lexicon, relevance
from archive.store import Archive
from archive.warc import StoredResponse, iter_responses, read_response_at

logger = logging.getLogger(__name__)
#: how far under the threshold a MinHash estimate may fall and still be checked exactly
ESTIMATE_MARGIN = 0.2


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


class Archiver:
    """Deduplicating writer of articles; its near-duplicate index is rebuilt from the store."""

    def __init__(self, store: Archive, near_threshold: float = 0.6, lsh_threshold: float = 0.2) -> None:
        self.store = store
        self.near_threshold = near_threshold
        self.index = NearDuplicateIndex(threshold=lsh_threshold)
        self.seen_up_to = 0
        self.refresh()

    def refresh(self) -> None:
        """Index the signatures other writers (another spider of this run, another process) added."""
        for article_id, blob, size in self.store.signatures(after=self.seen_up_to):
            if article_id not in self.index.signatures:
                self.index.add(article_id, np.frombuffer(blob, dtype=np.uint32), size)
            self.seen_up_to = max(self.seen_up_to, article_id)

    def copy_of(self, article: Article) -> Copy:
        return Copy(article.canonical_url or "", article.site, article.source, article.published)

    def stored_copy(self, article_id: int) -> Copy:
        row = self.store.article(article_id)
        return Copy(row["canonical_url"] or "", row["site"], row["source"], row["published"])

    def near_match(self, hashed: set[int], signature: np.ndarray) -> tuple[int, float] | None:
        """The archived article this text is a near copy of: LSH candidates, a containment estimate
        from the signatures (a margin of 0.2 under the threshold), then the exact containment."""
        best: tuple[int, float] | None = None
        for candidate, _ in self.index.candidates(signature, len(hashed), self.near_threshold - ESTIMATE_MARGIN):
            score = containment(hashed, shingles(normalise_text(self.store.article_text(candidate))))
            if score >= self.near_threshold and (best is None or score > best[1]):
                best = (candidate, score)
        return best

    def add(self, article: Article) -> Outcome:
        if self.store.is_known_url(article.url):
            return Outcome("seen")
        article.canonical_url = canonical_url(article.url, article.declared_canonical)
        normalised = normalise_text(article.text)
        article.text_hash = exact_key(normalised)
        hashed = shingles(normalised)
        signature = self.index.signature(hashed)
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
        with self.store.db.atomic():
            if target is None:
                article_id = self.store.insert_article(article, signature.tobytes(), len(hashed))
                self.index.add(article_id, signature, len(hashed))
                self.seen_up_to = max(self.seen_up_to, article_id)
                return Outcome("inserted", article_id)
            if kind != "url" and prefer_new(self.copy_of(article), self.stored_copy(target)):
                self.store.replace_canonical(target, article, kind, similarity, signature.tobytes(), len(hashed))
                self.index.remove(target)
                self.index.add(target, signature, len(hashed))
                return Outcome(kind, target, similarity, replaced=True)
            self.store.add_duplicate(target, article, kind, similarity)
            return Outcome(kind, target, similarity)


# -- rebuild ----------------------------------------------------------------------------------
@dataclass
class IngestReport:
    counts: Counter = field(default_factory=Counter)

    def inc(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


@dataclass
class IngestSettings:
    min_chars: int = 80
    min_score: float = 4.0
    lexicon: Lexicon | None = None
    near_threshold: float = 0.6


def is_article_candidate(response: StoredResponse) -> bool:
    if not 200 <= response.status < 300 or response.truncated:
        return False  # the crawl never parses a page cut short
    kind = response.metadata.get("page-kind")
    if kind is not None:
        return kind == "article"
    content_type = (response.header("Content-Type") or "").lower()
    return "html" in content_type or not content_type


def revisited_body(store: Archive, response: StoredResponse, warc_paths: dict[str, Path]) -> bytes | None:
    """The payload a revisit record refers to, read from the WARC file that holds it."""
    location = store.capture_location(response.refers_to) if response.refers_to else None
    if location is None or location[0] not in warc_paths:
        return None
    return read_response_at(warc_paths[location[0]], location[1]).body


def ingest_response(archiver: Archiver, response: StoredResponse, settings: IngestSettings, report: IngestReport,
                    warc_paths: dict[str, Path]) -> None:
    store = archiver.store
    store.add_capture(response.capture())
    report.inc("captures")
    if not is_article_candidate(response):
        return
    body = response.body
    if response.record_type == "revisit":
        body = revisited_body(store, response, warc_paths)
        if body is None:
            report.inc("revisit_unresolved")
            logger.warning("revisit of %s refers to %s, which is in none of the WARC files given",
                           response.url, response.refers_to)
            return
    article = extract(body, response.url, response.header("Content-Type"))
    if article is None or len(article.text) < settings.min_chars:
        report.inc("no_article")
        return
    if not judge(article, settings.lexicon or Lexicon.load(), settings.min_score):
        report.inc("offtopic")
        return
    article.warc_file = response.warc_file
    article.warc_offset = response.warc_offset
    article.warc_record_id = response.record_id
    article.fetched_at = response.date
    report.inc(archiver.add(article).kind)


def ingest_warcs(store: Archive, paths: Iterable[Path], settings: IngestSettings | None = None,
                 progress: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest WARC files in the order given (name order is crawl order for our files)."""
    settings = settings or IngestSettings()
    if settings.lexicon is None:
        settings.lexicon = Lexicon.load()
    report = IngestReport()
    archiver = Archiver(store, settings.near_threshold)
    paths = [Path(p) for p in paths]
    warc_paths = {p.name: p for p in paths}
    for path in paths:
        with store.db.atomic():
            for response in iter_responses(path):
                ingest_response(archiver, response, settings, report, warc_paths)
        report.inc("files")
        if progress is not None:
            progress(path.stat().st_size)
    return report
