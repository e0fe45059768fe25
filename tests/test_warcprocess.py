"""archive.warcprocess: the WARC writer in a child process, against the same writer in-process.
Real child processes, real files read back with warcio. No Scrapy."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.store import ArchiveDB
from archive.warc import HttpExchange
from archive.warcprocess import InlineWriter, WarcWriterProcess
from archive.warcread import iter_responses, read_response_at
from archive.warcrecover import in_use, recover_open_files
from tests.conftest import warcio_check

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


def write_all(writer, items) -> list:
    futures = [writer.submit(item, {"page-kind": "article"}) for item in items]
    captures = [future.result(timeout=60) for future in futures]
    writer.close()
    return captures


def test_the_writer_process_writes_what_the_inline_writer_writes(tmp_path):
    options = dict(prefix="crawl", max_size=5_000, warcinfo={"software": "test"})
    child = WarcWriterProcess(tmp_path / "child", **options)
    by_child = write_all(child, exchanges())
    inline = InlineWriter(tmp_path / "inline", **options)
    by_inline = write_all(inline, exchanges())
    assert child.process.returncode == 0 and child.error is None and child.records_written == 40
    # the same records in the same order (where they are differs: each warcinfo and request record
    # has its own random id, so the gzip members are not byte for byte the same)
    place = ("warc_file", "warc_offset")
    strip = [{k: v for k, v in asdict(c).items() if k not in place} for c in by_child]
    assert strip == [{k: v for k, v in asdict(c).items() if k not in place} for c in by_inline]
    assert [c.warc_record_id for c in by_child] == [e.record_id for e in exchanges()]  # the ids the caller chose
    assert [c.record_type for c in by_child].count("revisit") == 7  # 10, 15, … 35 repeat 0 and 5; 5 repeats 0
    files = sorted((tmp_path / "child").glob("*.warc.gz"))
    assert len(files) > 1 and files == sorted(child.files_written)  # rotated at 5 KB
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
    first = InlineWriter(tmp_path / "warc", prefix="first")
    [earlier] = write_all(first, exchanges(1))
    store = ArchiveDB.open(tmp_path / "archive.db")
    store.add_capture(earlier)
    store.close()
    again = exchanges(1)[0]
    again.url, again.record_id = "http://b.example/copy.htm", None
    child = WarcWriterProcess(tmp_path / "warc", tmp_path / "archive.db", prefix="second")
    [capture] = write_all(child, [again])
    assert capture.record_type == "revisit" and capture.payload_digest == earlier.payload_digest
    [stored] = list(iter_responses(tmp_path / "warc" / capture.warc_file))
    assert stored.record_type == "revisit" and stored.refers_to == earlier.warc_record_id


KILLED = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from tests.test_warcprocess import exchanges
    from archive.warcprocess import WarcWriterProcess
    writer = WarcWriterProcess({directory!r}, prefix="killed")
    futures = [writer.submit(item) for item in exchanges(40)]
    futures[19].result(timeout=60)
    print(" ".join(f.result().warc_record_id for f in futures if f.done()), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_crawl_process_loses_no_record_it_handed_over(tmp_path):
    """kill -9 of the process that owns the writer: the child writes what it was handed, exits on
    the end of the pipe and leaves the file ``.open``; recovery closes it like any killed crawl's."""
    script = KILLED.format(root=str(ROOT), directory=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
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
    writer = WarcWriterProcess(tmp_path, prefix="dead")
    assert writer.submit(exchanges(1)[0]).result(timeout=60).record_type == "response"
    os.kill(writer.process.pid, signal.SIGKILL)
    writer.process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while writer.error is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "exited" in (writer.error or "")
    later = writer.submit(exchanges(2)[1])
    with pytest.raises(OSError, match="exited"):
        later.result(timeout=10)
    assert writer.close() == []  # returns (no hang) though the child never closed its file
    assert len(list(tmp_path.glob("*.warc.gz.open"))) == 1


def test_a_directory_that_cannot_be_used_fails_each_write_with_the_reason(tmp_path):
    (tmp_path / "file").write_text("not a directory")
    writer = WarcWriterProcess(tmp_path / "file" / "warc", prefix="x")
    futures = [writer.submit(item) for item in exchanges(3)]
    for future in futures:
        with pytest.raises(OSError, match="cannot be used"):
            future.result(timeout=60)
    assert writer.close() == [] and writer.process.returncode == 2


def test_an_exchange_that_cannot_be_handed_over_fails_alone(tmp_path):
    writer = WarcWriterProcess(tmp_path, prefix="one")
    first, second, third = exchanges(3)
    bad = writer.submit(first, {"page-kind": lambda: "not picklable"})
    good = [writer.submit(second), writer.submit(third)]
    with pytest.raises(OSError, match="cannot be handed"):
        bad.result(timeout=60)
    assert [f.result(timeout=60).warc_record_id for f in good] == [second.record_id, third.record_id]
    [path] = writer.close()
    warcio_check(path)


@pytest.mark.parametrize("kind", ["process", "inline"])
def test_an_exchange_the_writer_cannot_write_fails_alone_and_is_logged(tmp_path, caplog, kind):
    writer = WarcWriterProcess(tmp_path, prefix="bad") if kind == "process" else InlineWriter(tmp_path, prefix="bad")
    broken, whole = exchanges(2)
    broken.body = None  # no body at all: warcio's record builder raises TypeError on it
    with caplog.at_level("ERROR", logger="archive.warcprocess"):
        bad, good = writer.submit(broken), writer.submit(whole)
        with pytest.raises(OSError, match="cannot be written"):
            bad.result(timeout=60)
        assert good.result(timeout=60).warc_record_id == whole.record_id
        [path] = writer.close()
    assert any("could not be written" in r.getMessage() and broken.url in r.getMessage() for r in caplog.records)
    warcio_check(path)


def drive(writer: WarcWriterProcess, futures: list, limit: float = 60) -> None:
    """An event loop in miniature: what the crawl's reactor does with a writer without its own
    thread (read the replies when readable, write what waits when the pipe has room)."""
    import select

    deadline = time.monotonic() + limit
    while not all(f.done() for f in futures):
        assert time.monotonic() < deadline, "the writer did not answer"
        poller = select.poll()
        if writer.reply_fileno() is not None:
            poller.register(writer.reply_fileno(), select.POLLIN)
        if writer.pending_output:
            poller.register(writer.request_fileno(), select.POLLOUT)
        for fd, _ in poller.poll(1000):
            if fd == writer.reply_fileno():
                writer.read_replies()
            elif fd == writer.request_fileno():
                writer.flush()


def big_exchanges(count: int) -> list[HttpExchange]:
    """Pages of 600 KB that do not compress (random bytes): two fill the 1 MiB pipe."""
    return [HttpExchange(url=f"http://a.example/big/{n}.bin", status=200, body=os.urandom(600_000),
                         response_headers=[("Content-Type", "application/octet-stream")],
                         fetched_at=START + timedelta(seconds=n), record_id=f"<urn:uuid:00000000-0000-4000-9000-{n:012d}>")
            for n in range(count)]


def test_a_writer_driven_by_the_caller_writes_what_the_threaded_one_writes(tmp_path):
    """own_thread=False: no thread of the writer's; futures complete only in read_replies."""
    options = dict(prefix="crawl", max_size=5_000, warcinfo={"software": "test"})
    driven = WarcWriterProcess(tmp_path / "driven", own_thread=False, **options)
    futures = [driven.submit(item, {"page-kind": "article"}) for item in exchanges()]
    assert reader_threads(driven) == 0
    import select

    while driven.pending_output:  # hand everything over, as the reactor would when the pipe has room
        select.select([], [driven.request_fileno()], [], 60)
        driven.flush()
    readable, _, _ = select.select([driven.reply_fileno()], [], [], 60)
    assert readable  # the child has answered ...
    assert not any(f.done() for f in futures)  # ... and no future completes until the caller reads the replies
    drive(driven, futures)
    by_driven = [f.result() for f in futures]
    files = driven.close()
    by_threaded = write_all(WarcWriterProcess(tmp_path / "threaded", **options), exchanges())
    place = ("warc_file", "warc_offset")
    assert ([{k: v for k, v in asdict(c).items() if k not in place} for c in by_driven]
            == [{k: v for k, v in asdict(c).items() if k not in place} for c in by_threaded])
    assert driven.process.returncode == 0 and len(files) > 1
    for path in files:
        warcio_check(path)


def reader_threads(writer: WarcWriterProcess) -> int:
    import threading

    return sum(1 for t in threading.enumerate() if t.name == "warc-writer-receive" and t.is_alive())


def test_a_driven_writer_keeps_what_does_not_fit_in_the_pipe_and_waits_past_its_queue(tmp_path):
    """Bodies bigger than the pipe: submit returns with the rest kept in memory (pending_output)
    until the loop finds room; past queue_size exchanges, submit itself waits for the child,
    reading its replies meanwhile (neither side can then wait for the other for ever)."""
    items = big_exchanges(12)
    writer = WarcWriterProcess(tmp_path, own_thread=False, queue_size=3, prefix="big")
    futures = []
    kept_back = False
    for item in items:
        futures.append(writer.submit(item))
        kept_back = kept_back or writer.pending_output
        assert len(writer._backlog) <= 3 * 3  # never more than queue_size exchanges in memory (3 parts each)
    assert kept_back
    drive(writer, futures)
    captures = [f.result() for f in futures]
    [path] = writer.close()
    assert [c.warc_record_id for c in captures] == [i.record_id for i in items]
    for capture, item in zip(captures, items, strict=True):
        assert read_response_at(path, capture.warc_offset).body == item.body
    warcio_check(path)


def test_a_driven_writer_whose_child_dies_fails_what_is_pending(tmp_path):
    writer = WarcWriterProcess(tmp_path, own_thread=False, prefix="dead")
    first = writer.submit(exchanges(1)[0])
    drive(writer, [first])
    os.kill(writer.process.pid, signal.SIGKILL)
    writer.process.wait(timeout=30)
    pending = writer.submit(exchanges(2)[1])  # into the pipe of a dead child, or failed at once
    deadline = time.monotonic() + 30
    while writer.read_replies():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    with pytest.raises(OSError, match="exited|gone"):
        pending.result(timeout=1)
    with pytest.raises(OSError, match="exited|gone"):
        writer.submit(exchanges(3)[2]).result(timeout=1)
    assert writer.reply_fileno() is None and writer.close() == []


@pytest.mark.parametrize("kind", ["process", "inline"])
def test_send_reports_each_result_to_on_result_without_a_future(tmp_path, kind):
    """What the crawl uses: send() returns nothing; every exchange's capture, or the error that kept
    it out of the WARC, goes to on_result with its record id, in order."""
    results = []
    on_result = lambda record_id, capture, error: results.append((record_id, capture, error))  # noqa: E731
    if kind == "process":
        writer = WarcWriterProcess(tmp_path, own_thread=False, on_result=on_result, prefix="sent")
    else:
        writer = InlineWriter(tmp_path, on_result=on_result, prefix="sent")
    items = exchanges(6)
    for n, item in enumerate(items):
        assert writer.send(item, {"page-kind": "article" if n != 2 else object()}) is None  # 2: cannot travel
    if kind == "process":
        deadline = time.monotonic() + 60
        while len(results) < len(items):
            assert time.monotonic() < deadline
            time.sleep(0.02)
            writer.read_replies()
    [path] = writer.close()
    if kind == "process":
        assert results[0][0] == items[2].record_id and "cannot be handed" in str(results[0][2])
        results = results[1:]
        items = items[:2] + items[3:]
    else:  # written in the calling thread: the metadata is only formatted, so the page is written
        assert all(error is None for _, _, error in results)
    assert [record_id for record_id, _, _ in results] == [item.record_id for item in items]
    assert all(capture.warc_file == path.name for _, capture, _ in results)
    warcio_check(path)
