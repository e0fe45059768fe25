"""The deduplicating writer: an analysed article goes into the archive once per story.

:class:`DedupWriter` looks the article up by canonical URL, by exact text, then by near-duplicate text
(MinHash LSH candidates from the band keys the store keeps, a containment estimate from their
signatures, then exact shingle containment), and stores it as a new story in
``articles`` or as a copy in ``duplicates`` (a better copy takes the story's place). The same code for
the live crawl (the store pipeline) and for ``rebuild``.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from archive.article import Article
from archive.dedup import (
    Copy,
    Fingerprint,
    band_keys,
    canonical_url,
    containment,
    estimated_containments,
    fingerprint,
    normalise_text,
    prefer_new,
    shingle_array,
)
from archive.search import IndexEntries
from archive.store import ArchiveDB

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


class DedupWriter:
    """Deduplicating writer of articles. Nothing is loaded at start: the near-duplicate index is the
    store's ``lsh_bands`` table, which also holds what other writers (another spider of this run,
    another process) have committed; only recent articles' shingles are cached."""

    def __init__(self, store: ArchiveDB, near_threshold: float = 0.6, cache_bytes: int = SHINGLE_CACHE_BYTES) -> None:
        self.store = store
        self.near_threshold = near_threshold
        self.cache_bytes = cache_bytes
        self.cached_bytes = 0
        self.shingle_cache: OrderedDict[int, np.ndarray] = OrderedDict()

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
        if not len(hashed):
            return None
        found = self.store.near_candidates(band_keys(signature).tolist())
        if not found:
            return None
        matrix = np.frombuffer(b"".join(blob for _, blob, _ in found), dtype=np.uint32).reshape(len(found), -1)
        estimates = estimated_containments(matrix, np.array([size for _, _, size in found]), signature, len(hashed))
        for at in np.argsort(-estimates, kind="stable"):
            if estimates[at] < self.near_threshold - ESTIMATE_MARGIN:
                break
            candidate = found[at][0]
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
                self.remember(article_id, hashed)
                return Outcome("inserted", article_id)
            if kind != "url" and prefer_new(self.copy_of(article), self.stored_copy(target)):
                self.store.replace_canonical(target, article, kind, similarity, signature.tobytes(), size, entries)
                self.remember(target, hashed)
                return Outcome(kind, target, similarity, replaced=True)
            self.store.add_duplicate(target, article, kind, similarity)
            return Outcome(kind, target, similarity)
