"""archive.warcprocess: the WARC writer in a child process, against the same writer in-process.
Real child processes started by a real reactor (each scenario runs in a process of its own:
tests/reactorrun.py), real files read back with warcio. No Scrapy."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.article import Capture
from archive.store import ArchiveDB
from archive.warc import HttpExchange
from archive.warcprocess import InlineWriter, WarcWriterProcess
from archive.warcread import iter_responses, read_response_at
from archive.warcrecover import in_use, recover_open_files
from tests.conftest import warcio_check
from tests.reactorrun import in_reactor

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def exchanges(count: int = 40) -> list[HttpExchange]:
    """Pages of 20–60 KB; every fifth repeats an earlier payload, one is cut, one is a 404."""
    found = []
    for n in range(count):
        key = 0 if n % 5 == 0 else n
        body = (f"<html><p>第{key}号稿件</p>" + "反诈宣传。" * (2000 + 500 * (key % 7))).encode()
        status, truncated = 200, None
        if n == 7:
            status = 404
        if n == 11:
            truncated = "disconnect"
        found.append(HttpExchange(url=f"http://a.example/a/{n}.htm", status=status, body=body,
                                  response_headers=[("Content-Type", "text/html; charset=utf-8")],
                                  request_headers=[("User-Agent", "test/1.0")], ip_address="127.0.0.1",
                                  fetched_at=START + timedelta(seconds=n), truncated=truncated,
                                  record_id=f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"))
    return found


def big_exchanges(count: int) -> list[HttpExchange]:
    """Pages of 600 KB that do not compress (random bytes, the same on each call): two fill the
    1 MiB pipe."""
    import random

    rng = random.Random(7)
    return [HttpExchange(url=f"http://a.example/big/{n}.bin", status=200, body=rng.randbytes(600_000),
                         response_headers=[("Content-Type", "application/octet-stream")],
                         fetched_at=START + timedelta(seconds=n), record_id=f"<urn:uuid:00000000-0000-4000-9000-{n:012d}>")
            for n in range(count)]


# -- scenarios: run in a child process's reactor (tests.reactorrun) --------------------------------
def open_writer(kind: str, directory: str, results: list, **options):
    """A writer of either class, as the crawl opens it; each result goes to ``results`` as
    (record id, capture's columns or None, error or None)."""
    def on_result(record_id, capture, error):
        results.append((record_id, asdict(capture) if capture else None, str(error) if error else None))

    cls = WarcWriterProcess if kind == "process" else InlineWriter
    return cls.open(directory, on_result=on_result, **options)


async def until(reactor, condition, limit: float = 60) -> None:
    from twisted.internet.task import deferLater

    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the writer did not answer"
        await deferLater(reactor, 0.01)


async def write_exchanges(reactor, kind: str, directory: str, count: int = 40, database: str | None = None,
                          copy: bool = False, bad_metadata: int = -1, broken: int = -1, **options) -> dict:
    """Send ``count`` exchanges (``copy``: the first under another URL and a new id; ``bad_metadata``:
    this one's metadata cannot travel; ``broken``: this one has no body), then close."""
    import logging

    logged: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            logged.append(record.getMessage())

    logging.getLogger("archive.warcprocess").addHandler(Keep(logging.ERROR))
    results: list = []
    writer = open_writer(kind, directory, results, database=database, **options)
    for n, item in enumerate(exchanges(count)):
        if copy and n == 0:
            item.url, item.record_id = "http://b.example/copy.htm", None
        if n == broken:
            item.body = None  # no body at all: warcio's record builder raises TypeError on it
        writer.send(item, {"page-kind": object() if n == bad_metadata else "article"})
    files = await writer.close()
    return {"results": results, "files": [str(f) for f in files], "logged": logged,
            "exit_status": getattr(writer, "exit_status", None), "records_written": getattr(writer, "records_written", None)}


async def dead_child(reactor, directory: str) -> dict:
    """The child is killed after one write: the next exchange fails with the reason, close returns."""
    results: list = []
    writer = open_writer("process", directory, results, prefix="dead")
    first, second = exchanges(2)
    writer.send(first)
    await until(reactor, lambda: results)
    os.kill(writer.pid, signal.SIGKILL)
    await until(reactor, lambda: writer.error is not None)
    writer.send(second)
    files = await writer.close()
    return {"results": results, "error": writer.error, "files": [str(f) for f in files]}


async def killed(reactor, directory: str) -> dict:
    """kill -9 of the process that owns the writer, once it has reported 20 of 40 records."""
    results: list = []
    writer = open_writer("process", directory, results, prefix="killed")
    for item in exchanges(40):
        writer.send(item)
    await until(reactor, lambda: len(results) >= 20)
    print(" ".join(record_id for record_id, capture, _ in results if capture), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    return {}


async def paced(reactor, directory: str, queue_size: int, count: int) -> dict:
    """A producer that sends an exchange whenever it is not paused, as the crawl's engine does:
    the writer pauses it while more than ``queue_size`` exchanges are not written yet."""
    from twisted.internet.task import deferLater

    results: list = []
    writer = open_writer("process", directory, results, prefix="big", queue_size=queue_size)

    class Producer:
        paused, pauses, resumes = False, 0, 0

        def pauseProducing(self):
            self.paused, self.pauses = True, self.pauses + 1

        def resumeProducing(self):
            self.paused, self.resumes = False, self.resumes + 1

    producer = Producer()
    writer.registerProducer(producer, True)
    most_pending = 0
    for item in big_exchanges(count):
        while producer.paused:
            await deferLater(reactor, 0.005)
        writer.send(item)
        most_pending = max(most_pending, len(writer.pending))
    writer.unregisterProducer()
    closing, again = writer.close(), writer.close()  # closing twice: both fire, nothing written to a closed pipe
    files = await closing
    assert await again == files
    return {"results": results, "files": [str(f) for f in files], "pauses": producer.pauses,
            "resumes": producer.resumes, "most_pending": most_pending}


# -- the tests ------------------------------------------------------------------------------------
def captures_of(run: dict) -> list[Capture]:
    return [Capture(**capture) for _, capture, _ in run["results"] if capture]


def test_the_writer_process_writes_what_the_inline_writer_writes(tmp_path):
    options = dict(prefix="crawl", max_size=5_000, warcinfo={"software": "test"})
    child = in_reactor("tests.test_warcprocess:write_exchanges", kind="process", directory=str(tmp_path / "child"), **options)
    inline = in_reactor("tests.test_warcprocess:write_exchanges", kind="inline", directory=str(tmp_path / "inline"), **options)
    assert child["exit_status"] == 0 and child["records_written"] == 40
    by_child, by_inline = captures_of(child), captures_of(inline)
    # every result, in the order handed over, with the ids the caller chose
    assert [r[0] for r in child["results"]] == [e.record_id for e in exchanges()]
    assert all(error is None for _, _, error in child["results"] + inline["results"])
    # the same records in the same order (where they are differs: each warcinfo and request record
    # has its own random id, so the gzip members are not byte for byte the same)
    place = ("warc_file", "warc_offset")
    strip = [{k: v for k, v in asdict(c).items() if k not in place} for c in by_child]
    assert strip == [{k: v for k, v in asdict(c).items() if k not in place} for c in by_inline]
    assert [c.record_type for c in by_child].count("revisit") == 7  # 10, 15, … 35 repeat 0 and 5; 5 repeats 0
    files = sorted((tmp_path / "child").glob("*.warc.gz"))
    assert len(files) > 1 and [str(f) for f in files] == sorted(child["files"])  # rotated at 5 KB
    assert not list((tmp_path / "child").glob("*.open"))
    for path in files:
        warcio_check(path)
        assert path.with_name(path.name.replace(".warc.gz", ".cdxj")).exists()
    for capture, item in zip(by_child, exchanges(), strict=True):
        if capture.record_type == "response":
            stored = read_response_at(tmp_path / "child" / capture.warc_file, capture.warc_offset)
            assert stored.record_id == item.record_id and stored.body == item.body and stored.status == item.status


def test_revisits_refer_to_a_payload_an_earlier_crawl_archived(tmp_path):
    """The child reads the captures rows the crawl process committed (read-only connection)."""
    first = in_reactor("tests.test_warcprocess:write_exchanges", kind="inline", directory=str(tmp_path / "warc"),
                       count=1, prefix="first")
    [earlier] = captures_of(first)
    store = ArchiveDB.open(tmp_path / "archive.db")
    store.add_capture(earlier)
    store.close()
    second = in_reactor("tests.test_warcprocess:write_exchanges", kind="process", directory=str(tmp_path / "warc"),
                        count=1, copy=True, database=str(tmp_path / "archive.db"), prefix="second")
    [capture] = captures_of(second)
    assert capture.record_type == "revisit" and capture.payload_digest == earlier.payload_digest
    assert capture.url == "http://b.example/copy.htm"
    [stored] = list(iter_responses(tmp_path / "warc" / capture.warc_file))
    assert stored.record_type == "revisit" and stored.refers_to == earlier.warc_record_id


def test_a_killed_crawl_process_loses_no_record_it_handed_over(tmp_path):
    """kill -9 of the process that owns the writer: the child writes what it was handed, exits on
    the end of the pipe and leaves the file ``.open``; recovery closes it like any killed crawl's."""
    out = subprocess.run([sys.executable, "-m", "tests.reactorrun", "tests.test_warcprocess:killed",
                          json.dumps({"directory": str(tmp_path)})], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == -signal.SIGKILL, out.stderr
    reported = set(out.stdout.split())
    assert len(reported) >= 20
    [open_file] = list(tmp_path.glob("*.warc.gz.open"))
    deadline = time.monotonic() + 30
    while in_use(open_file):  # the child still writing what is in the pipe
        assert time.monotonic() < deadline, "the writer process did not exit"
        time.sleep(0.05)
    with open(open_file, "rb") as f:
        written = [r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(f)
                   if r.rec_type in ("response", "revisit")]
    assert reported <= set(written) and len(written) == len(set(written))
    assert written == [e.record_id for e in exchanges(len(written))]  # in the order handed over
    [recovered] = recover_open_files(tmp_path)
    warcio_check(recovered)


def test_a_dead_writer_process_fails_every_pending_and_later_write(tmp_path):
    run = in_reactor("tests.test_warcprocess:dead_child", directory=str(tmp_path))
    first, second = run["results"]
    assert first[1]["record_type"] == "response" and first[2] is None
    assert second[1] is None and "exited (signal 9)" in second[2] and "exited" in run["error"]
    assert run["files"] == []  # close returns (no hang) though the child never closed its file
    assert len(list(tmp_path.glob("*.warc.gz.open"))) == 1


def test_a_directory_that_cannot_be_used_fails_each_write_with_the_reason(tmp_path):
    (tmp_path / "file").write_text("not a directory")
    run = in_reactor("tests.test_warcprocess:write_exchanges", kind="process", directory=str(tmp_path / "file" / "warc"),
                     count=3, prefix="x")
    assert len(run["results"]) == 3 and all("cannot be used" in error for _, _, error in run["results"])
    assert run["files"] == [] and run["exit_status"] == 2


@pytest.mark.parametrize("kind", ["process", "inline"])
def test_an_exchange_whose_metadata_cannot_travel_fails_alone(tmp_path, kind):
    run = in_reactor("tests.test_warcprocess:write_exchanges", kind=kind, directory=str(tmp_path), count=6,
                     bad_metadata=2, prefix="sent")
    items = exchanges(6)
    if kind == "process":  # fails at once, before the ones handed over earlier are written
        assert run["results"][0][0] == items[2].record_id and "cannot be handed" in run["results"][0][2]
        rest = run["results"][1:]
        items = items[:2] + items[3:]
    else:  # written in the calling thread: the metadata is only formatted, so the page is written
        rest = run["results"]
    assert [record_id for record_id, _, _ in rest] == [item.record_id for item in items]
    assert all(error is None for _, _, error in rest)
    [path] = run["files"]
    assert all(capture["warc_file"] == Path(path).name for _, capture, _ in rest)
    warcio_check(Path(path))


@pytest.mark.parametrize("kind", ["process", "inline"])
def test_an_exchange_the_writer_cannot_write_fails_alone_and_is_logged(tmp_path, kind):
    run = in_reactor("tests.test_warcprocess:write_exchanges", kind=kind, directory=str(tmp_path), count=2,
                     broken=0, prefix="bad")
    broken, whole = exchanges(2)
    (bad_id, bad, error), (good_id, good, good_error) = run["results"]
    assert bad_id == broken.record_id and bad is None and "cannot be written" in error
    assert good_id == whole.record_id and good_error is None and good["record_type"] == "response"
    assert any("could not be written" in line and broken.url in line for line in run["logged"])  # in the child: sent up
    [path] = run["files"]
    warcio_check(Path(path))


def test_the_writer_pauses_its_producer_while_it_is_behind(tmp_path):
    """Bodies bigger than the pipe, from a producer that sends whenever it is not paused: it is
    paused while more than queue_size exchanges are not written, and resumed; every body arrives."""
    items = big_exchanges(12)
    run = in_reactor("tests.test_warcprocess:paced", directory=str(tmp_path), queue_size=3, count=12)
    assert run["pauses"] >= 1 and run["resumes"] >= run["pauses"]
    assert run["most_pending"] <= 3 + 1  # never more than queue_size (and the one that tipped it) in flight
    captures = captures_of(run)
    [path] = run["files"]
    assert [c.warc_record_id for c in captures] == [i.record_id for i in items]
    for capture, item in zip(captures, items, strict=True):
        assert read_response_at(Path(path), capture.warc_offset).body == item.body
    warcio_check(Path(path))
