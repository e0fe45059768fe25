"""Faults found from outside (issue 17): what a crash, a second crawl, a hostile page or a damaged
WARC file must not do to an archive. Each test failed before its fix."""
from __future__ import annotations

import fcntl
import subprocess
import sys

import pytest

from tests.conftest import CRAWL_ENV, ROOT, CrawlResult, crawl_command, run_crawl, wait_for_open_warc

HOLD = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+")
fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
handle.write("pid holder\\n"); handle.flush()
print("locked", flush=True)
sys.stdin.read()
"""


class LockHolder:
    """A real second process holding an exclusive flock on ``path`` until it is closed."""

    def __init__(self, path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *exc) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def one_error_line(log: str) -> list[str]:
    return [line for line in log.splitlines() if "ERROR" in line]


# -- 1. JOBDIR ---------------------------------------------------------------------------------------
def test_a_jobdir_that_is_the_archive_dir_is_refused_and_nothing_is_deleted(portal, archive_dir):
    archive_dir.mkdir(parents=True)
    (archive_dir / "NOTES.txt").write_text("mine\n")
    (archive_dir / "archive.db").write_bytes(b"precious")
    (archive_dir / "fraudnews.running").write_text("running\n")  # as a killed crawl leaves it
    result = run_crawl("news", archive_dir, {"start_urls": portal.url + "/gmw/"}, {"JOBDIR": str(archive_dir)})
    assert result.returncode == 1
    [line] = one_error_line(result.log)
    assert "is ARCHIVE_DIR" in line and "jobdir_refused" in line and "Traceback" not in result.log
    assert (archive_dir / "NOTES.txt").read_text() == "mine\n" and (archive_dir / "archive.db").read_bytes() == b"precious"


def test_a_jobdir_containing_the_archive_dir_is_refused(portal, tmp_path):
    result = run_crawl("news", tmp_path / "data", {"start_urls": portal.url + "/gmw/"}, {"JOBDIR": str(tmp_path)})
    assert result.returncode == 1 and "jobdir_refused" in result.log
    assert not (tmp_path / "data" / "warc").exists()  # nothing fetched, nothing written


def test_after_a_crash_only_scrapys_job_files_are_removed(portal, archive_dir, tmp_path):
    jobdir = tmp_path / "job"
    (jobdir / "requests.queue").mkdir(parents=True)
    (jobdir / "requests.queue" / "active.json").write_text("[]")
    (jobdir / "requests.seen").write_text("0123\n")
    (jobdir / "fraudnews.running").write_text("running\n")
    (jobdir / "NOTES.txt").write_text("mine\n")
    result = run_crawl("news", archive_dir, {"start_urls": portal.url + "/gmw/"}, {"JOBDIR": str(jobdir)})
    assert result.returncode == 0, result.log[-2000:]
    assert result.stat("jobdir/discarded_after_crash") == 1 and "requests.queue, requests.seen" in result.log
    assert (jobdir / "NOTES.txt").read_text() == "mine\n"
    assert b"0123" not in (jobdir / "requests.seen").read_bytes()  # the stale seen-set went; a new one was kept
    assert not (jobdir / "fraudnews.running").exists() and result.articles()


def test_a_live_jobs_state_is_never_touched(portal, archive_dir, tmp_path):
    jobdir = tmp_path / "job"
    (jobdir / "requests.queue").mkdir(parents=True)
    (jobdir / "requests.seen").write_text("0123\n")
    with LockHolder(jobdir / "fraudnews.running"):
        result = run_crawl("news", archive_dir, {"start_urls": portal.url + "/gmw/"}, {"JOBDIR": str(jobdir)})
    assert result.returncode == 1 and "jobdir_in_use" in result.log and "Traceback" not in result.log
    assert (jobdir / "requests.seen").read_text() == "0123\n" and (jobdir / "requests.queue").is_dir()


# -- 6. two crawls on one ARCHIVE_DIR ----------------------------------------------------------------
def test_a_second_crawl_of_the_same_archive_dir_stops_at_start(portal, archive_dir):
    slow = {"DOWNLOAD_DELAY": "0.3", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}
    first = subprocess.Popen(crawl_command("news", archive_dir, {"start_urls": portal.url + "/"}, slow), cwd=ROOT,
                             env=CRAWL_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_open_warc(archive_dir)
        files_before = sorted(p.name for p in (archive_dir / "warc").iterdir())
        second = run_crawl("news", archive_dir, {"start_urls": portal.url + "/gmw/"})
        assert second.returncode == 1
        [line] = one_error_line(second.log)
        assert "is in use by another crawl" in line and "archive_locked" in line
        # the second crawl wrote no WARC file of its own
        assert all(name in files_before or name.replace(".open", "") in files_before
                   or name + ".open" in files_before for name in (p.name for p in (archive_dir / "warc").iterdir()))
    finally:
        out, _ = first.communicate(timeout=300)
    assert first.returncode == 0, out[-2000:]
    crawls = CrawlResult(0, "", archive_dir).rows("select finish_reason from crawls")
    assert [c["finish_reason"] for c in crawls] == ["finished"]


def test_the_lock_is_gone_with_the_process_that_held_it(portal, archive_dir):
    with LockHolder(archive_dir / "archive.lock"):
        refused = run_crawl("news", archive_dir, {"start_urls": portal.url + "/gmw/"})
    assert refused.returncode == 1 and "pid holder" in refused.log
    after = run_crawl("news", archive_dir, {"start_urls": portal.url + "/gmw/"})
    assert after.returncode == 0 and after.articles()


def test_crawlall_reports_a_refused_portal_and_exits_1(portal, archive_dir):
    with LockHolder(archive_dir / "archive.lock"):
        out = subprocess.run([sys.executable, "-m", "scrapy", "crawlall", "--only", "gmw", "-s",
                              f"ARCHIVE_DIR={archive_dir}", "-s", f"PORTALS_MIRROR={portal.url}"],
                             cwd=ROOT, env=CRAWL_ENV, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1 and "archive_locked" in out.stdout and "Traceback" not in out.stderr


def test_lock_helper_really_locks(tmp_path):
    """The helper used above holds a real lock: a non-blocking flock from here fails while it lives."""
    path = tmp_path / "x.lock"
    with LockHolder(path), open(path) as f, pytest.raises(BlockingIOError):
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
