"""``python -m archive rebuild``: the archive from WARC files alone, without the network.

For every response record: a ``captures`` row; for every page the crawl took for an article
(``page-kind: article`` in the metadata record the crawler wrote beside it; a WARC from another
tool has none, and then every 2xx HTML page is tried), the same analysis (:mod:`archive.analyse`)
and the same deduplicating writer (:mod:`archive.dedupwriter`) as the live crawl.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archive.analyse import Analyser
from archive.dedupwriter import DedupWriter
from archive.extract import decode_html
from archive.pagekind import classify
from archive.relevance import Lexicon
from archive.store import ArchiveDB
from archive.warcread import DEFAULT_MAX_BODY, READ_ERRORS, ReadReport, StoredResponse, iter_responses, read_response_at

logger = logging.getLogger(__name__)


@dataclass
class RebuildReport:
    counts: Counter = field(default_factory=Counter)

    def inc(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


def candidate_kind(response: StoredResponse) -> str | None:
    """Whether the crawl could have taken this page for an article: ``article`` (it did: page-kind,
    or a WARC of another tool's HTML page), ``classify`` (a page it read as a listing by its URL:
    an article if its content says so), or None (an error, a page cut short or refused, not HTML)."""
    if not 200 <= response.status < 300 or response.truncated or response.metadata.get("refused"):
        return None  # the crawl never parses a page cut short, nor one it refused (a gzip bomb)
    kind = response.metadata.get("page-kind")
    if kind == "article":
        return "article"
    content_type = (response.header("Content-Type") or "").lower()
    if "html" not in content_type and content_type:
        return None
    return "article" if kind is None else "classify"


def revisited_body(store: ArchiveDB, response: StoredResponse, warc_paths: dict[str, Path],
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


def rebuild_response(writer: DedupWriter, response: StoredResponse, analyser: Analyser, report: RebuildReport,
                    warc_paths: dict[str, Path], max_body: int = DEFAULT_MAX_BODY) -> None:
    store = writer.store
    store.add_capture(response.capture())
    report.inc("captures")
    kind = candidate_kind(response)
    if kind is None:
        return
    body = response.body
    if response.record_type == "revisit":
        body = revisited_body(store, response, warc_paths, max_body)
        if body is None:
            report.inc("revisit_unresolved")
            logger.warning("revisit of %s refers to %s, which is in none of the WARC files given or cannot be read",
                           response.url, response.refers_to)
            return
    check = "template" if response.metadata.get("page-kind-reason") == "template" else "pattern"
    if kind == "classify":
        if classify(decode_html(body, response.header("Content-Type"))).kind != "article":
            return  # as the crawl decided (NEWS_CLASSIFY_BY_CONTENT, the same classifier)
        check = "content"
    analysis = analyser.analyse(body, response.url, response.header("Content-Type"), check)
    if analysis.status != "ok":
        report.inc(analysis.status)
        return
    article = analysis.article
    article.warc_file = response.warc_file
    article.warc_offset = response.warc_offset
    article.warc_record_id = response.record_id
    article.fetched_at = response.date
    report.inc(writer.add(article, analysis.fingerprint, analysis.entries).kind)


def rebuild_from_warcs(store: ArchiveDB, paths: Iterable[Path], analyser: Analyser | None = None,
                 progress: Callable[[int], None] | None = None, max_body: int = DEFAULT_MAX_BODY) -> RebuildReport:
    """Ingest WARC files in the order given (name order is crawl order for our files). A damaged
    record, a body over ``max_body`` (the crawl's DOWNLOAD_MAXSIZE) raw or inflated, a page that
    breaks the extractor: each is a counted, logged skip; the rest of the file is still read."""
    analyser = analyser or Analyser()
    if analyser.lexicon is None:
        analyser.lexicon = Lexicon.load()
    report = RebuildReport()
    writer = DedupWriter(store, analyser.near_threshold)
    paths = [Path(p) for p in paths]
    warc_paths = {p.name: p for p in paths}
    interval = store.commit_interval
    store.group_commits(interval or 1.0)  # as the crawl does: one commit a second, not one per row
    try:
        for path in paths:
            read = ReadReport()
            for response in iter_responses(path, max_body, read):
                with store.writing():
                    rebuild_response(writer, response, analyser, report, warc_paths, max_body)
            for key, count in read.counts.items():
                report.inc(f"read_{key}", count)
            store.commit_due(force=True)  # each file's rows committed as it ends
            report.inc("files")
            if progress is not None:
                progress(path.stat().st_size)
    finally:
        store.group_commits(interval)
    return report
