"""Faithful, crash-safe capture: replay in pywb, kill -9 and recovery, cache, retries, revisits."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warcread import iter_responses, read_response_at
from tests.conftest import (
    CRAWL_ENV,
    ROOT,
    crawl_command,
    free_port,
    run_crawl,
    wait_for_open_warc,
    wait_for_port,
    warcio_check,
)
from tests.portal import site
from tests.test_cli import COMPARED, archive_cmd

GMW = "/gmw/2026-11/20/content_38120451.htm"  # gzip-encoded
PEOPLE = "/people/n1/2026/1118/c1003-40391877.html"  # chunked, GBK


def get(port: int, path: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture(scope="module")
def two_crawls(portal, tmp_path_factory):
    """The whole portal, then its RSS feed again (revisits), then a mirror URL (a revisit under a new URL)."""
    archive_dir = tmp_path_factory.mktemp("two") / "archive"
    first = run_crawl("news", archive_dir, {"start_urls": portal.url + "/"})
    second = run_crawl("news", archive_dir, {"start_urls": f"{portal.url}/gmw/rss.xml,{portal.url}/mirror{GMW}"},
                       {"INCREMENTAL_ENABLED": "False"})  # fetch them again: revisit records
    assert first.returncode == 0 and second.returncode == 0, second.log[-2000:]
    return first, second


def test_pywb_replays_what_the_portal_sent(portal, two_crawls, tmp_path):
    _, crawl = two_crawls
    collection = tmp_path / "collections" / "fraud"
    (collection / "archive").mkdir(parents=True)
    (collection / "indexes").mkdir()
    for path in crawl.warc_files():
        shutil.copy(path, collection / "archive")
        shutil.copy(path.with_name(path.name.replace(".warc.gz", ".cdxj")), collection / "indexes")
    port = free_port()
    wayback = ROOT / ".venv-replay" / "bin" / "wayback"  # `make test` installs pywb there
    assert wayback.exists(), "pywb missing: run `make install` (requirements-replay.txt)"
    proc = subprocess.Popen([str(wayback), "-p", str(port), "-b", "127.0.0.1"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        portal_port = int(portal.url.rsplit(":", 1)[1])
        for path in (GMW, PEOPLE, "/mirror" + GMW, "/go/latest"):
            live = get(portal_port, path)
            replay = get(port, f"/fraud/2026id_/{portal.url}{path}")
            assert replay[0] == live[0], path
            assert replay[2] == live[2], path  # byte-identical body (still gzip-encoded for 光明网)
        assert get(port, f"/fraud/2026id_/{portal.url}{GMW}")[1]["content-encoding"] == "gzip"
        assert get(port, f"/fraud/2026id_/{portal.url}/go/latest")[1]["location"] == GMW
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_revisit_under_a_new_url_is_a_copy_and_rebuilds(two_crawls, tmp_path):
    _, crawl = two_crawls
    [mirror] = crawl.rows("select * from duplicates where url like '%/mirror/%'")
    assert mirror["kind"] == "exact" and "严惩跨境电诈犯罪" in mirror["title"]
    [revisit] = [r for f in crawl.warc_files() for r in iter_responses(f) if r.url.endswith("/mirror" + GMW)]
    assert revisit.record_type == "revisit" and revisit.body == b"" and revisit.refers_to
    rebuilt = tmp_path / "rebuilt.db"
    out = archive_cmd("rebuild", "--db", str(rebuilt), str(crawl.archive_dir / "warc"))
    assert out.returncode == 0, out.stderr
    import sqlite_utils
    again = {r["url"]: r for r in sqlite_utils.Database(rebuilt).query("select * from articles")}
    live = {r["url"]: r for r in crawl.articles()}
    assert set(again) == set(live)
    for url, row in live.items():
        assert {k: row[k] for k in COMPARED} == {k: again[url][k] for k in COMPARED}
    copies = sorted((r["url"], r["kind"]) for r in sqlite_utils.Database(rebuilt).query("select * from duplicates"))
    assert copies == sorted((r["url"], r["kind"]) for r in crawl.rows("select * from duplicates"))


def descendants(pid: int) -> set[int]:
    """The processes ``pid`` started, and theirs (read from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, grown = set(), True
    while grown:
        grown = False
        for child, parent in parents.items():
            if (parent == pid or parent in found) and child not in found:
                found.add(child)
                grown = True
    return found


def test_kill_9_loses_nothing_and_the_next_run_recovers(portal, archive_dir):
    """A crawl killed with SIGKILL mid-way: every complete record stays readable, every committed row
    points at one, and the next run closes the open file and finishes the job."""
    command = crawl_command("news", archive_dir, {"start_urls": portal.url + "/"},
                            {"DOWNLOAD_DELAY": "0.15", "AUTOTHROTTLE_ENABLED": "False",
                             "CONCURRENT_REQUESTS_PER_DOMAIN": "1"})
    proc = subprocess.Popen(command, cwd=ROOT, env=CRAWL_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    warc_dir = archive_dir / "warc"
    wait_for_open_warc(archive_dir, 40_000)
    workers = os.cpu_count() or 1  # EXTRACT_WORKERS' default: one per core
    deadline = time.monotonic() + 30
    while len(family := descendants(proc.pid)) < 2 + workers:  # the WARC writer, the forkserver, the workers
        assert time.monotonic() < deadline and proc.poll() is None, family
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in family):  # none outlives the killed crawl
        assert time.monotonic() < deadline, [pid for pid in family if Path(f"/proc/{pid}").exists()]
        time.sleep(0.2)
    [open_file] = list(warc_dir.glob("*.warc.gz.open"))
    with open(open_file, "rb") as f:
        written = {r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(f) if r.rec_type == "response"}
    import sqlite_utils
    rows = list(sqlite_utils.Database(archive_dir / "archive.db").query("select * from captures"))
    assert 5 < len(rows) <= len(written)
    assert {r["warc_record_id"] for r in rows} <= written  # every committed row has its record
    killed_articles = list(sqlite_utils.Database(archive_dir / "archive.db").query("select url from articles"))

    again = run_crawl("news", archive_dir, {"start_urls": portal.url + "/"})
    assert again.returncode == 0, again.log[-2000:]
    assert again.stat("capture/recovered_files") == 1
    assert not list(warc_dir.glob("*.open")) and len(again.warc_files()) == 2
    recovered = open_file.with_name(open_file.name.removesuffix(".open"))
    assert recovered.exists() and recovered.with_name(recovered.name.replace(".warc.gz", ".cdxj")).exists()
    for path in again.warc_files():
        warcio_check(path)
    for row in rows:  # what the killed crawl captured is all still there, where its rows say
        stored = read_response_at(warc_dir / row["warc_file"], row["warc_offset"])
        assert stored.record_id == row["warc_record_id"] and stored.url == row["url"]
    urls = [a["url"] for a in again.articles()]
    assert len(urls) == len(set(urls)) == len(site.archived_entries())
    assert {a["url"] for a in killed_articles} <= set(urls)


def test_a_crawl_whose_writer_process_dies_closes_itself_and_keeps_what_was_written(portal, archive_dir):
    """kill -9 of the WARC writer process mid-crawl: the reactor sees its pipe end, every page
    still on the way fails, the spider closes with reason ``warc_write_failed`` (no hang), and every
    captures row points at a record the writer did write."""
    command = crawl_command("news", archive_dir, {"start_urls": portal.url + "/"},
                            {"DOWNLOAD_DELAY": "0.1", "AUTOTHROTTLE_ENABLED": "False",
                             "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "LOG_LEVEL": "INFO"})
    proc = subprocess.Popen(command, cwd=ROOT, env=CRAWL_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    wait_for_open_warc(archive_dir, 40_000)
    writers = [pid for pid in descendants(proc.pid)
               if b"archive.warcprocess" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert len(writers) == 1
    os.kill(writers[0], signal.SIGKILL)
    log, _ = proc.communicate(timeout=120)
    assert proc.returncode == 1, log[-3000:]  # the crawl failed its job: a nightly run must see it
    assert "'finish_reason': 'warc_write_failed'" in log
    assert "WARC write failed" in log and "the WARC writer process exited" in log
    failed = re.findall(r"'capture/failed': (\d+)", log)
    assert failed and int(failed[-1]) >= 1
    [open_file] = list((archive_dir / "warc").glob("*.warc.gz.open"))  # left for the next run's recovery
    with open(open_file, "rb") as f:
        written = {r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(f) if r.rec_type == "response"}
    import sqlite_utils

    rows = list(sqlite_utils.Database(archive_dir / "archive.db").query("select warc_record_id from captures"))
    assert rows and {r["warc_record_id"] for r in rows} <= written


def test_cache_hits_are_not_archived_again(portal, archive_dir, tmp_path):
    settings = {"HTTPCACHE_ENABLED": "True", "HTTPCACHE_DIR": str(tmp_path / "cache"), "INCREMENTAL_ENABLED": "False"}
    first = run_crawl("news", archive_dir, {"start_urls": portal.url + "/zqrb/"}, settings)
    second = run_crawl("news", archive_dir, {"start_urls": portal.url + "/zqrb/"}, settings)
    assert first.stat("capture/records") > 5
    # served from the cache, never by the download handler: response_downloaded is not sent
    assert second.stat("httpcache/hit") == first.stat("capture/records") and second.stat("capture/records") == 0
    assert len(second.warc_files()) == 1  # no new file for a crawl that fetched nothing


def test_errors_and_retried_attempts_are_recorded(portal, archive_dir):
    result = run_crawl("news", archive_dir, {"start_urls": f"{portal.url}/status/503,{portal.url}/status/404"},
                       {"RETRY_TIMES": "2"})
    assert result.returncode == 0
    statuses = sorted(r["status"] for r in result.rows("select status from captures where url like '%/status/%'"))
    assert statuses == [404, 503, 503, 503]  # the first attempt and both retries
    [path] = result.warc_files()
    with open(path, "rb") as f:
        lines = [r.http_headers.statusline for r in ArchiveIterator(f) if r.rec_type == "response"]
    assert lines.count("503 Service Unavailable") == 3 and "404 Not Found" in lines


def test_cut_bodies_are_captured_marked_and_never_archived(portal, archive_dir):
    """A body over WARC_MAX_BODY is cut whether its length was announced (Content-Length) or not
    (chunked: counted as it comes); a page within the limit is whole."""
    starts = f"{portal.url}/truncated{GMW},{portal.url}/big.html,{portal.url}/big-chunked.html,{portal.url}{GMW}"
    result = run_crawl("news", archive_dir, {"start_urls": starts},
                       {"WARC_MAX_BODY": "100000", "RETRY_TIMES": "1"})
    assert result.returncode == 0, result.log[-2000:]
    records = [r for f in result.warc_files() for r in iter_responses(f)]
    broken = [r for r in records if "/truncated/" in r.url]
    assert len(broken) == 2 and all(r.truncated == "disconnect" for r in broken)  # first try and one retry
    big = [r for r in records if "/big" in r.url]
    assert sorted(r.url.rsplit("/", 1)[1] for r in big) == ["big-chunked.html", "big.html"]
    assert all(r.truncated == "length" and 100_000 <= r.raw_length < 300_000 for r in big)
    [whole] = [r for r in records if r.url == f"{portal.url}{GMW}"]
    assert whole.truncated is None and len(whole.body) > 1000
    assert result.stat("capture/cut_at_max_body") == 2
    assert f"{portal.url}{GMW}" in [a["url"] for a in result.articles()] and result.stat("discover/truncated") == 4
    warcio_check(result.warc_files()[0])
    assert {r["truncated"] for r in result.rows("select truncated from captures where truncated is not null")} == \
        {"disconnect", "length"}


def test_kill_9_with_jobdir_then_the_same_command_equals_an_uninterrupted_crawl(portal, archive_dir, tmp_path):
    """kill -9 at a random moment of a crawl with JOBDIR, then the same command again: the archive
    holds what an uninterrupted crawl holds (same articles, no duplicates) and every WARC file reads
    to its end."""
    import random

    command = crawl_command("news", archive_dir, {"start_urls": portal.url + "/"},
                            {"JOBDIR": str(tmp_path / "job"), "DOWNLOAD_DELAY": "0.1", "AUTOTHROTTLE_ENABLED": "False",
                             "CONCURRENT_REQUESTS_PER_DOMAIN": "2"})
    env = CRAWL_ENV
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_open_warc(archive_dir)
    time.sleep(random.Random(9).uniform(0.5, 4.0))  # seeded: a failure can be replayed
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    # JobdirGuard marked the job when the killed crawl started: the rerun must not trust its state
    assert "discarded Scrapy's job state" in again.stderr and "'jobdir/discarded_after_crash': 1" in again.stderr
    import sqlite_utils
    db = sqlite_utils.Database(archive_dir / "archive.db")
    urls = [urlsplit(r["url"]).path for r in db.query("select url from articles")]
    assert sorted(urls) == sorted(e.path for e in site.archived_entries())  # same as uninterrupted
    copies = [r["url"] for r in db.query("select url from duplicates")]
    assert len(copies) == len(set(copies)) == 1  # the Traditional republication, once
    for path in sorted((archive_dir / "warc").glob("*.warc.gz")):
        warcio_check(path)
