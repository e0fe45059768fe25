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
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.store import Archive
from archive.warc import HttpExchange, in_use, iter_responses, read_response_at, recover_open_files
from archive.warcprocess import InlineWriter, WarcWriterProcess

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


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


def warcio_check(path: Path) -> None:
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


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
    for capture, item in zip(by_child, exchanges()):
        if capture.record_type == "response":
            stored = read_response_at(tmp_path / "child" / capture.warc_file, capture.warc_offset)
            assert stored.record_id == item.record_id and stored.body == item.body and stored.status == item.status


def test_revisits_refer_to_a_payload_an_earlier_crawl_archived(tmp_path):
    """The child reads the captures rows the crawl process committed (read-only connection)."""
    first = InlineWriter(tmp_path / "warc", prefix="first")
    [earlier] = write_all(first, exchanges(1))
    store = Archive.open(tmp_path / "archive.db")
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


def test_an_exchange_the_writer_cannot_write_fails_alone_and_is_logged(tmp_path, caplog):
    writer = WarcWriterProcess(tmp_path, prefix="bad")
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
