"""rebuild --workers N: analysis in a process pool, writes in one place, the same archive row for row."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from archive import rebuild
from archive.analyse import Analyser, Analysis
from archive.rebuild import rebuild_from_warcs
from archive.store import ArchiveDB
from archive.warc import HttpExchange, WarcWriter
from tests.portal import site
from tests.test_cli import archive_cmd

#: the tables a rebuild writes, and the order that makes two dumps comparable
TABLES = {"articles": "id", "duplicates": "id", "captures": "warc_file, warc_offset", "lsh_bands": "band, article_id"}


def dump(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"select * from {table} order by {order}").fetchall()
                for table, order in TABLES.items()}
    finally:
        conn.close()


def test_rebuild_with_workers_writes_the_same_archive_row_for_row(portal_crawl, tmp_path):
    warc_dir = portal_crawl.archive_dir / "warc"
    alone, pooled = tmp_path / "alone.db", tmp_path / "pooled.db"
    first = archive_cmd("rebuild", "--db", str(alone), str(warc_dir))
    second = archive_cmd("rebuild", "--workers", "2", "--db", str(pooled), str(warc_dir))
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert first.stdout == second.stdout  # the same counts: articles, copies, off-topic, skipped …
    a, b = dump(alone), dump(pooled)
    assert len(a["articles"]) > 10 and len(a["duplicates"]) > 0 and len(a["lsh_bands"]) > 0
    for table in TABLES:
        assert a[table] == b[table], table
    again = archive_cmd("rebuild", "--workers", "2", "--db", str(pooled), str(warc_dir))
    assert again.returncode == 0 and b"0 articles added" in again.stdout


def site_warcs(directory, files: int = 3) -> list:
    """The sample portal's article pages (and a few other pages) in ``files`` WARC files of our own."""
    pages = site.build()
    entries = site.entries()
    paths = [e.path for e in entries] + ["/index.html"]
    per_file = -(-len(paths) // files)
    written = []
    for k in range(files):
        writer = WarcWriter(directory, prefix=f"part{k}", hostname="h")
        for path in paths[k * per_file:(k + 1) * per_file]:
            page = pages.get(path)
            if page is None:
                continue
            writer.write_exchange(HttpExchange(url="http://127.0.0.1:8000" + path, status=200, body=page.body,
                                               response_headers=[("Content-Type", page.content_type)],
                                               fetched_at=datetime(2026, 1, 1, tzinfo=UTC)),
                                  {"page-kind": "article" if path != "/index.html" else "listing"})
        writer.close()
        written += writer.files_written
    return sorted(written)


def rebuilt(path, warcs, analyser: Analyser, workers: int):
    store = ArchiveDB.open(path)
    try:
        report = rebuild_from_warcs(store, warcs, analyser, workers=workers)
    finally:
        store.close()
    return report, dump(path)


def test_a_one_page_window_gives_the_same_archive(tmp_path, monkeypatch):
    warcs = site_warcs(tmp_path / "warc")
    assert len(warcs) == 3
    report, alone = rebuilt(tmp_path / "alone.db", warcs, Analyser(), 0)
    monkeypatch.setattr(rebuild, "PAGES_PER_WORKER", 1)
    monkeypatch.setattr(rebuild, "WINDOW_BYTES", 1)  # one page in flight: the bytes bound is what holds
    pooled_report, pooled = rebuilt(tmp_path / "pooled.db", warcs, Analyser(), 1)
    assert report.counts == pooled_report.counts and report.counts["files"] == 3
    assert report.counts["inserted"] > 10
    assert alone == pooled


KILLER = "/people/"  # pages of this portal kill the worker that analyses them


@dataclass
class KillingAnalyser(Analyser):
    """An analyser whose process dies (as on a segfault in a parser) on some pages."""

    kill: bool = False

    def analyse(self, body, url, content_type=None, check="pattern") -> Analysis:
        if self.kill and KILLER in url:
            os._exit(70)
        return super().analyse(body, url, content_type, check)


def test_a_page_that_kills_a_worker_is_skipped_and_the_pages_beside_it_are_not(tmp_path):
    warcs = site_warcs(tmp_path / "warc")
    killers = [e.path for e in site.entries() if KILLER in e.path]
    assert killers
    report, alone = rebuilt(tmp_path / "alone.db", warcs, KillingAnalyser(), 0)
    pooled_report, pooled = rebuilt(tmp_path / "pooled.db", warcs, KillingAnalyser(kill=True), 2)
    assert pooled_report.counts["worker_died"] == len(killers)
    assert pooled_report.counts["captures"] == report.counts["captures"]
    urls = {row[0] for row in sqlite3.connect(tmp_path / "alone.db").execute("select url from articles")}
    urls |= {row[0] for row in sqlite3.connect(tmp_path / "alone.db").execute("select url from duplicates")}
    kept = {row[0] for row in sqlite3.connect(tmp_path / "pooled.db").execute("select url from articles")}
    kept |= {row[0] for row in sqlite3.connect(tmp_path / "pooled.db").execute("select url from duplicates")}
    assert kept == {url for url in urls if KILLER not in url}
    assert pooled["captures"] == alone["captures"]  # every record is still a capture


@pytest.mark.parametrize("workers", ["-1", "x"])
def test_workers_must_be_a_count(tmp_path, workers):
    out = archive_cmd("rebuild", "--workers", workers, "--db", str(tmp_path / "a.db"), str(tmp_path))
    assert out.returncode == 2 and b"--workers" in out.stderr and not (tmp_path / "a.db").exists()


def test_rebuild_help_names_workers():
    out = archive_cmd("rebuild", "--help")
    assert out.returncode == 0 and b"--workers" in out.stdout and b"row for row" in out.stdout


def test_a_pool_found_broken_when_a_page_is_handed_to_it_is_replaced():
    pages = site.build()
    entry = next(e for e in site.entries() if KILLER in e.path)
    other = next(e for e in site.entries() if KILLER not in e.path)

    def task(e) -> rebuild.Task:
        page = pages[e.path]
        return rebuild.Task("http://127.0.0.1:8000" + e.path, "x.warc.gz", 0, "<urn:uuid:1>", "2026-01-01",
                            (page.body, "http://127.0.0.1:8000" + e.path, page.content_type, "article", "pattern"))

    pool = rebuild.WorkerPool(KillingAnalyser(kill=True), 1)
    try:
        killer = task(entry)
        pool.submit(killer)
        with pytest.raises(rebuild.BrokenProcessPool):
            killer.future.result()
        fine = task(other)
        pool.submit(fine)  # the broken pool is replaced, not a crash of the rebuild
        assert fine.generation == pool.generation == 1 and fine.future.result().status == "ok"
        assert rebuild.analyse_alone(pool, task(entry)).status == "worker_died" and pool.generation == 2
    finally:
        pool.close()
