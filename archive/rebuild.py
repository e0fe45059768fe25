"""``python -m archive rebuild``: the archive from WARC files alone, without the network.

For every response record: a ``captures`` row; for every page the crawl took for an article
(``page-kind: article`` in the metadata record the crawler wrote beside it; a WARC from another
tool has none, and then every 2xx HTML page is tried), the same analysis (:mod:`archive.analyse`)
and the same deduplicating writer (:mod:`archive.dedupwriter`) as the live crawl.

With ``workers`` (``rebuild --workers N``) the analysis runs in a pool of N processes while this
process reads the WARC files and writes the database, alone, in file order: the archive is the same,
row for row, as a rebuild in one process. At most a window of pages is in flight (a few per worker,
and a bounded number of bytes), so memory does not grow with the number or the size of the files.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from archive.analyse import Analyser, Analysis
from archive.dedupwriter import DedupWriter
from archive.extract import decode_html
from archive.pagekind import classify
from archive.relevance import Lexicon
from archive.store import ArchiveDB
from archive.warcread import DEFAULT_MAX_BODY, READ_ERRORS, ReadReport, StoredResponse, iter_responses, read_response_at

logger = logging.getLogger(__name__)

#: pages in flight per worker process (enough to keep each busy while this process writes)
PAGES_PER_WORKER = 4
#: bytes of page bodies in flight, whatever the number of workers (one page is always let through)
WINDOW_BYTES = 64 * 1024 * 1024


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


@dataclass
class Task:
    """A page to analyse, and where its record is: what crosses to a worker is ``args`` only."""

    url: str
    warc_file: str
    warc_offset: int
    record_id: str
    date: str
    args: tuple  # (body, url, content_type, kind, check) for :func:`analyse_candidate`
    future: Future | None = None
    generation: int = 0  # of the pool it was handed to (see WorkerPool.restart)

    @property
    def size(self) -> int:
        return len(self.args[0])


def analyse_candidate(analyser: Analyser, body: bytes, url: str, content_type: str | None, kind: str,
                      check: str) -> Analysis:
    """The analysis of a candidate page; a page the crawl read as a listing by its URL (``classify``)
    is analysed only if its content says it is an article (as NEWS_CLASSIFY_BY_CONTENT decides in
    the crawl, with the same classifier), else it is status ``listing``. Never raises."""
    if kind == "classify":
        try:
            if classify(decode_html(body, content_type)).kind != "article":
                return Analysis("listing")
        except Exception as exc:  # noqa: BLE001 - as the spider does: a page it cannot classify is a listing
            logger.warning("classifying %s failed (%s: %s): read as a listing", url, type(exc).__name__, exc)
            return Analysis("listing", error=f"{type(exc).__name__}: {exc}")
        check = "content"
    return analyser.analyse(body, url, content_type, check)


def prepare(store: ArchiveDB, response: StoredResponse, report: RebuildReport, warc_paths: dict[str, Path],
            max_body: int = DEFAULT_MAX_BODY) -> Task | None:
    """Record the capture; the page to analyse, if the crawl could have taken it for an article."""
    store.add_capture(response.capture())
    report.inc("captures")
    kind = candidate_kind(response)
    if kind is None:
        return None
    body = response.body
    if response.record_type == "revisit":
        body = revisited_body(store, response, warc_paths, max_body)
        if body is None:
            report.inc("revisit_unresolved")
            logger.warning("revisit of %s refers to %s, which is in none of the WARC files given or cannot be read",
                           response.url, response.refers_to)
            return None
    check = "template" if response.metadata.get("page-kind-reason") == "template" else "pattern"
    return Task(response.url, response.warc_file, response.warc_offset, response.record_id, response.date,
                (body, response.url, response.header("Content-Type"), kind, check))


def finish(writer: DedupWriter, task: Task, analysis: Analysis, report: RebuildReport) -> None:
    """Store an analysed page's article (or count why there is none)."""
    if analysis.status == "listing":
        return
    if analysis.status != "ok":
        report.inc(analysis.status)
        return
    article = analysis.article
    article.warc_file = task.warc_file
    article.warc_offset = task.warc_offset
    article.warc_record_id = task.record_id
    article.fetched_at = task.date
    report.inc(writer.add(article, analysis.fingerprint, analysis.entries).kind)


def rebuild_response(writer: DedupWriter, response: StoredResponse, analyser: Analyser, report: RebuildReport,
                     warc_paths: dict[str, Path], max_body: int = DEFAULT_MAX_BODY) -> None:
    """One record, in this process: capture, analysis, article."""
    task = prepare(writer.store, response, report, warc_paths, max_body)
    if task is not None:
        finish(writer, task, analyse_candidate(analyser, *task.args), report)


class WorkerPool:
    """The analysis processes of a rebuild: a pool started with the rebuild's :class:`Analyser`
    (forkserver, trafilatura preloaded; the workers exit if this process is killed). A worker that
    dies (a segfault in a parser, the OOM killer) breaks the pool; :meth:`restart` starts another."""

    def __init__(self, analyser: Analyser, workers: int) -> None:
        self.analyser = analyser
        self.workers = workers
        self.generation = 0  # how many pools came before this one
        self.pool = self.start()

    def start(self) -> ProcessPoolExecutor:
        from archive.workers import start_worker

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archive.workers"])
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=start_worker,
                                   initargs=(self.analyser, os.getpid()))

    def submit(self, task: Task) -> None:
        """Hand ``task`` to the pool (a pool found broken here is replaced first: the pages it held
        fail, and are run again when their turn comes to be written)."""
        from archive.workers import analyse_candidate_in_worker

        try:
            task.future = self.pool.submit(analyse_candidate_in_worker, *task.args)
        except BrokenProcessPool as exc:
            logger.warning("the extraction pool broke (%s): starting another", exc)
            self.restart()
            task.future = self.pool.submit(analyse_candidate_in_worker, *task.args)
        task.generation = self.generation

    def restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.generation += 1
        self.pool = self.start()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def analyse_alone(pool: WorkerPool, task: Task) -> Analysis:
    """After a worker died: ``task`` run on its own, so a page that kills a worker is found and
    skipped (status ``worker_died``, counted) and the pages that were only in flight beside it are not lost."""
    pool.submit(task)
    try:
        return task.future.result()
    except (BrokenProcessPool, CancelledError) as exc:
        logger.error("extraction worker died on %s (%s): the page is skipped, its record stays in %s", task.url,
                     exc, task.warc_file)
        pool.restart()
        return Analysis("worker_died", error=str(exc))


def rebuild_from_warcs(store: ArchiveDB, paths: Iterable[Path], analyser: Analyser | None = None,
                       progress: Callable[[int], None] | None = None, max_body: int = DEFAULT_MAX_BODY,
                       workers: int = 0) -> RebuildReport:
    """Ingest WARC files in the order given (name order is crawl order for our files). A damaged
    record, a body over ``max_body`` (the crawl's DOWNLOAD_MAXSIZE) raw or inflated, a page that
    breaks the extractor: each is a counted, logged skip; the rest of the file is still read.
    ``workers``: analyse in that many processes (0: in this one); the result is the same."""
    analyser = analyser or Analyser()
    if analyser.lexicon is None:
        analyser.lexicon = Lexicon.load()
    report = RebuildReport()
    writer = DedupWriter(store, analyser.near_threshold)
    paths = [Path(p) for p in paths]
    warc_paths = {p.name: p for p in paths}
    interval = store.commit_interval
    store.group_commits(interval or 1.0)  # as the crawl does: one commit a second, not one per row
    pool = WorkerPool(analyser, workers) if workers > 0 else None
    # in file order: Task (a page being analysed) or (path, ReadReport) (the end of a file)
    window: deque = deque()
    in_flight = [0, 0]  # pages, bytes

    def end_file(path: Path, read: ReadReport) -> None:
        for key, count in read.counts.items():
            report.inc(f"read_{key}", count)
        store.commit_due(force=True)  # each file's rows committed as it ends
        report.inc("files")
        if progress is not None:
            progress(path.stat().st_size)

    def write_oldest() -> None:
        entry = window.popleft()
        if not isinstance(entry, Task):
            end_file(*entry)
            return
        in_flight[0] -= 1
        in_flight[1] -= entry.size
        try:
            analysis = entry.future.result()
        except (BrokenProcessPool, CancelledError) as exc:  # the pages of a dead pool: each again, alone
            if entry.generation == pool.generation:
                pool.restart()
            # pages handed to a pool that is gone; those given to the new one are in good hands
            others = [waiting for waiting in window if isinstance(waiting, Task) and waiting.generation < pool.generation]
            wait([waiting.future for waiting in others])  # a broken pool fails every page it still held
            lost = [waiting for waiting in others if waiting.future.cancelled() or waiting.future.exception()]
            logger.warning("an extraction worker died (%s): the %d pages it held are analysed again one by one",
                           type(exc).__name__, len(lost) + 1)
            analysis = analyse_alone(pool, entry)
            for waiting in lost:
                result = analyse_alone(pool, waiting)
                waiting.future = Future()
                waiting.future.set_result(result)
        with store.writing():
            finish(writer, entry, analysis, report)

    try:
        for path in paths:
            read = ReadReport()
            for response in iter_responses(path, max_body, read):
                with store.writing():
                    task = prepare(store, response, report, warc_paths, max_body)
                if task is None:
                    continue
                if pool is None:
                    analysis = analyse_candidate(analyser, *task.args)
                    with store.writing():
                        finish(writer, task, analysis, report)
                    continue
                while window and (in_flight[0] >= PAGES_PER_WORKER * workers
                                  or (in_flight[0] and in_flight[1] + task.size > WINDOW_BYTES)):
                    write_oldest()
                pool.submit(task)
                window.append(task)
                in_flight[0] += 1
                in_flight[1] += task.size
            if pool is None:
                end_file(path, read)
            else:
                window.append((path, read))
        while window:
            write_oldest()
    finally:
        if pool is not None:
            pool.close()
        store.group_commits(interval)
    return report
