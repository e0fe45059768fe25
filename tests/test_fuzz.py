"""Fuzzing (hypothesis): random and mutated pages through archive.extract, mutated WARC files through
the WARC reader and rebuild's ingest. Nothing may raise; what is read must be what was written."""
from __future__ import annotations

import functools
import signal
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.analyse import Analyser
from archive.extract import extract
from archive.rebuild import rebuild_from_warcs
from archive.store import ArchiveDB
from archive.warc import HttpExchange, WarcWriter
from archive.warcread import ReadReport, iter_responses
from tests.portal import site

DATA = Path(__file__).parent / "data" / "warc"
PAGES = [p.body for p in site.build().values() if p.status == 200][:12]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


@st.composite
def mutated_page(draw) -> bytes:
    page = bytearray(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, max(0, len(page) - 1)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip" and page:
            page[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del page[at : at + draw(st.integers(1, 400))]
        elif action == "insert":
            page[at:at] = draw(st.binary(max_size=200))
        else:
            del page[at:]
    return bytes(page)


@FUZZ
@given(st.binary(max_size=5000), st.sampled_from([None, "text/html", "text/html; charset=gbk", "text/html; charset=utf-8",
                                                  "application/octet-stream; charset=nonsense"]))
def test_extract_survives_random_bytes(body, content_type):
    article = extract(body, "http://a.example/2024-01/01/content_1.htm", content_type)
    assert article is None or isinstance(article.text, str)


@FUZZ
@given(mutated_page())
def test_extract_survives_mutated_pages(body):
    article = extract(body, "http://a.example/2024-01/01/content_1.htm")
    assert article is None or (isinstance(article.text, str) and "\x00" not in (article.title or ""))


@functools.lru_cache(maxsize=1)
def original_warc() -> bytes:
    """One real WARC file, made once (record ids are random: hypothesis needs the same bytes each run)."""
    with tempfile.TemporaryDirectory() as directory:
        return real_warc(Path(directory))


def real_warc(directory) -> bytes:
    writer = WarcWriter(directory, prefix="fuzz", hostname="h")
    for n, body in enumerate(PAGES[:4]):
        writer.write_exchange(HttpExchange(url=f"http://a.example/2024-01/01/content_{n}.htm", status=200, body=body,
                                           response_headers=[("Content-Type", "text/html")],
                                           fetched_at=datetime(2026, 1, 1, tzinfo=UTC)),
                              {"page-kind": "article"})
    writer.close()
    path = writer.files_written[0]
    data = path.read_bytes()
    path.unlink()
    return data


@FUZZ
@given(data=st.data())
def test_warc_reader_and_rebuild_survive_damaged_files(tmp_path_factory, data):
    workdir = tmp_path_factory.mktemp("fuzz")
    original = original_warc()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        if data.draw(st.booleans()):
            damaged[at] ^= data.draw(st.integers(1, 255))
        else:
            del damaged[at : at + data.draw(st.integers(1, 300))]
    path = workdir / "damaged.warc.gz"
    path.write_bytes(bytes(damaged))
    good = {r.record_id: r.body for r in iter_responses(write(workdir / "good.warc.gz", original))}
    for stored in iter_responses(path):  # must not raise; what it yields is what was written
        if not stored.truncated:
            assert stored.record_id in good and stored.body == good[stored.record_id]
    store = ArchiveDB.open(workdir / "a.db")
    try:
        rebuild_from_warcs(store, [path], Analyser(min_score=0))  # must not raise either
    finally:
        store.close()


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_an_undamaged_file_reads_back_whole(tmp_path):
    data = real_warc(tmp_path)
    responses = list(iter_responses(write(tmp_path / "w.warc.gz", data)))
    assert [r.body for r in responses] == PAGES[:4]


@pytest.mark.parametrize("name", ["reader-loops-1.warc.gz", "reader-loops-2.warc.gz"])
def test_damage_that_made_the_reader_loop_is_skipped(name, tmp_path):
    """Two damaged files (found by this module's fuzzing on a fresh clone) on which warcio either read the
    same record again and again or reported an offset before the damage: the reader went round for ever,
    and under pytest's log capture filled 24 GB. Now they end, with the damage counted."""
    class Stuck(BaseException):  # not an OSError (TimeoutError is one): the reader's own handler would take it
        pass

    def stuck(signum, frame):
        raise Stuck("the reader did not finish in 60 s")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(60)
    try:
        report = ReadReport()
        read = list(iter_responses(DATA / name, report=report))
        store = ArchiveDB.open(tmp_path / "a.db")
        try:
            rebuild_from_warcs(store, [DATA / name], Analyser(min_score=0))
        finally:
            store.close()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert report.counts["damaged"] >= 1 and len(read) >= 3
