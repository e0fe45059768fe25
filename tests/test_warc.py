"""archive.warc: writer, rotation, crash recovery, reader. No Scrapy."""
from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.cdx import cdxj_lines, cdxj_path
from archive.warc import (
    HttpExchange,
    RevisitTarget,
    WarcWriter,
    request_target,
)
from archive.warcread import iter_responses
from archive.warcrecover import complete_members_end, recover_open_files
from tests.conftest import warcio_check

NAME = re.compile(r"^crawl-\d{17}-\d{5}-[A-Za-z0-9_.-]+\.warc\.gz$")


def exchange(url: str = "http://a.example/x/1.htm?page=2#top", body: bytes = b"<html>hello</html>", **kw) -> HttpExchange:
    return HttpExchange(
        url=url, status=kw.pop("status", 200), body=body,
        response_headers=kw.pop("response_headers",
                                [("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]),
        request_headers=[("User-Agent", "test/1.0")], ip_address="127.0.0.1",
        fetched_at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC), **kw,
    )


def test_request_target_keeps_query_drops_fragment():
    assert request_target("http://a.example/x/1.htm?page=2#top") == "/x/1.htm?page=2"


def test_written_file_reads_back_record_by_record(tmp_path):
    writer = WarcWriter(tmp_path, prefix="crawl", warcinfo={"software": "test"})
    capture = writer.write_exchange(exchange(), {"page-kind": "article"})
    assert writer.current_path is not None and (tmp_path / (writer.current_path.name + ".open")).exists()
    writer.close()
    [path] = list(tmp_path.glob("*.warc.gz"))
    assert NAME.match(path.name), path.name
    with open(path, "rb") as f:
        records = []
        for record in ArchiveIterator(f):
            records.append((record.rec_type, record.rec_headers, record.http_headers, record.raw_stream.read()))
    assert [r[0] for r in records] == ["warcinfo", "response", "request", "metadata"]
    _, rec, http, payload = records[1]
    assert http.statusline == "200 OK" and payload == b"<html>hello</html>"
    assert [v for k, v in http.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert rec.get_header("WARC-IP-Address") == "127.0.0.1"
    assert rec.get_header("WARC-Date") == "2026-11-01T12:00:00.000000Z"
    request = records[2]
    assert request[2].protocol == "GET" and request[2].statusline.startswith("/x/1.htm?page=2")
    assert request[1].get_header("WARC-Concurrent-To") == rec.get_header("WARC-Record-ID") == capture.warc_record_id
    assert request[2].get_header("Host") == "a.example"
    warcio_check(path)


def test_gzip_body_is_stored_encoded_and_read_decoded(tmp_path):
    raw = gzip.compress("电信诈骗".encode())
    writer = WarcWriter(tmp_path)
    writer.write_exchange(exchange(body=raw, response_headers=[("Content-Encoding", "gzip")]))
    writer.close()
    [stored] = list(iter_responses(next(tmp_path.glob("*.warc.gz"))))
    assert stored.body == "电信诈骗".encode() and stored.raw_length == len(raw)


def test_transfer_encoding_is_renamed(tmp_path):
    writer = WarcWriter(tmp_path)
    writer.write_exchange(exchange(response_headers=[("Transfer-Encoding", "chunked")]))
    writer.close()
    [stored] = list(iter_responses(next(tmp_path.glob("*.warc.gz"))))
    assert stored.header("Transfer-Encoding") is None and stored.header("X-Crawler-Transfer-Encoding") == "chunked"


def test_truncated_capture_is_marked(tmp_path):
    writer = WarcWriter(tmp_path)
    capture = writer.write_exchange(exchange(truncated="disconnect"))
    writer.close()
    [stored] = list(iter_responses(next(tmp_path.glob("*.warc.gz"))))
    assert capture.truncated == stored.truncated == "disconnect"


def test_rotation_at_max_size(tmp_path):
    writer = WarcWriter(tmp_path, max_size=2000)
    for n in range(12):
        writer.write_exchange(exchange(url=f"http://a.example/{n}.htm", body=bytes(range(256)) * 8))
    writer.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) > 2 and not list(tmp_path.glob("*.open"))
    serials = [int(f.name.split("-")[2]) for f in files]
    assert serials == list(range(len(files)))
    urls = [r.url for f in files for r in iter_responses(f)]
    assert urls == [f"http://a.example/{n}.htm" for n in range(12)]
    for f in files:  # every file starts with its own warcinfo
        with open(f, "rb") as fh:
            assert next(iter(ArchiveIterator(fh))).rec_type == "warcinfo"


def test_index_written_with_each_file_equals_one_read_from_it(tmp_path):
    """The writer keeps each file's CDXJ lines as it writes (no second read of a closed file); they
    are the lines an indexer reading the file with warcio finds, offsets and lengths included."""
    writer = WarcWriter(tmp_path, max_size=6000)
    previous = writer.write_exchange(exchange(url="http://a.example/0.htm", body=b"<p>same</p>" * 50))
    for n in range(1, 9):
        revisit = RevisitTarget(previous.warc_record_id, previous.url, previous.fetched_at) if n == 4 else None
        writer.write_exchange(exchange(url=f"http://a.example/{n}.htm", status=404 if n == 6 else 200,
                                       body=b"<p>same</p>" * 50 if n == 4 else bytes(range(256)) * (n + 3)),
                              {"page-kind": "article"}, revisit)
    writer.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) > 1
    written = [cdxj_path(f).read_text(encoding="utf-8").splitlines() for f in files]
    assert written == [cdxj_lines(f) for f in files]
    lines = [line for file_lines in written for line in file_lines]
    assert len(lines) == 9 and any('"mime": "warc/revisit"' in line for line in lines)
    assert any('"status": "404"' in line for line in lines)


def test_recovery_cuts_a_partial_record_and_keeps_the_rest(tmp_path):
    writer = WarcWriter(tmp_path)
    for n in range(3):
        writer.write_exchange(exchange(url=f"http://a.example/{n}.htm"))
    open_path = tmp_path / (writer.current_path.name + ".open")
    writer._file.flush()
    good = open_path.stat().st_size
    # simulate a kill in the middle of a record: half a gzip member at the end
    member = gzip.compress(b"WARC/1.1\r\n" + b"x" * 5000)
    with open(open_path, "ab") as f:
        f.write(member[: len(member) // 2])
    assert complete_members_end(open_path) == good
    # a file still held by a live writer is left alone
    assert recover_open_files(tmp_path) == [] and open_path.exists()
    writer._file.close()  # the process "died": its lock is gone
    [final] = recover_open_files(tmp_path)
    assert final.stat().st_size == good and not open_path.exists()
    assert [r.url for r in iter_responses(final)] == [f"http://a.example/{n}.htm" for n in range(3)]
    warcio_check(final)


def test_reader_attaches_metadata_to_its_response(tmp_path):
    writer = WarcWriter(tmp_path)
    writer.write_exchange(exchange(url="http://a.example/1.htm"), {"page-kind": "article", "portal": "gmw"})
    writer.write_exchange(exchange(url="http://a.example/list.htm"))
    writer.close()
    first, second = iter_responses(next(tmp_path.glob("*.warc.gz")))
    assert first.metadata == {"page-kind": "article", "portal": "gmw"} and second.metadata == {}


@pytest.mark.parametrize("name", ["../../evil", "a/b", ""])
def test_file_names_stay_in_the_directory(tmp_path, name):
    writer = WarcWriter(tmp_path / "warc", prefix=name, hostname="../../host")
    writer.write_exchange(exchange())
    writer.close()
    [path] = list((tmp_path / "warc").glob("*.warc.gz"))
    assert path.parent == tmp_path / "warc"
