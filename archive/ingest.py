"""WARC files → archive, without the network: what ``python -m archive rebuild`` runs.

For every response record: a ``captures`` row; for every page the crawl took for an
article (``page-kind: article`` in the metadata record the crawler wrote beside it; a
WARC from another tool has none, and then every 2xx HTML page is tried), the same
extraction and storage as the live crawl.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from archive.extract import extract
from archive.store import Archive
from archive.warc import StoredResponse, iter_responses, read_response_at

logger = logging.getLogger(__name__)


@dataclass
class IngestReport:
    counts: Counter = field(default_factory=Counter)

    def inc(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


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
    original = read_response_at(warc_paths[location[0]], location[1])
    return original.body


def ingest_response(store: Archive, response: StoredResponse, min_chars: int, report: IngestReport,
                    warc_paths: dict[str, Path] | None = None) -> None:
    store.add_capture(response.capture())
    report.inc("captures")
    if not is_article_candidate(response):
        return
    body = response.body
    if response.record_type == "revisit":
        body = revisited_body(store, response, warc_paths or {})
        if body is None:
            report.inc("revisit_unresolved")
            logger.warning("revisit of %s refers to %s, which is in none of the WARC files given",
                           response.url, response.refers_to)
            return
    article = extract(body, response.url, response.header("Content-Type"))
    if article is None or len(article.text) < min_chars:
        report.inc("no_article")
        return
    article.warc_file = response.warc_file
    article.warc_offset = response.warc_offset
    article.warc_record_id = response.record_id
    article.fetched_at = response.date
    if store.add_article(article) is None:
        report.inc("duplicate_url")
    else:
        report.inc("inserted")


def ingest_warcs(store: Archive, paths: Iterable[Path], min_chars: int = 80,
                 progress: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest WARC files in the order given (name order is crawl order for our files)."""
    report = IngestReport()
    paths = [Path(p) for p in paths]
    warc_paths = {p.name: p for p in paths}
    for path in paths:
        with store.db.atomic():
            for response in iter_responses(path):
                ingest_response(store, response, min_chars, report, warc_paths)
        report.inc("files")
        if progress is not None:
            progress(Path(path).stat().st_size)
    return report
