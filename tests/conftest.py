"""Fixtures: the sample portal on 127.0.0.1, a fresh ARCHIVE_DIR, and crawl() in a subprocess."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.store import ArchiveDB
from tests.portal.server import PortalServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

#: the portal is local: no politeness delay (AutoThrottle stays on)
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "LOG_LEVEL": "INFO"}


@dataclass
class CrawlResult:
    returncode: int
    log: str
    archive_dir: Path

    @property
    def db_path(self) -> Path:
        return self.archive_dir / "archive.db"

    def warc_files(self) -> list[Path]:
        return sorted((self.archive_dir / "warc").glob("*.warc.gz"))

    def articles(self) -> list[dict]:
        store = ArchiveDB.open(self.db_path, create=False)
        try:
            return store.articles()
        finally:
            store.close()

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        store = ArchiveDB.open(self.db_path, create=False)
        try:
            return list(store.db.query(sql, params or []))
        finally:
            store.close()

    def stat(self, name: str) -> int:
        """A counter from the stats dump at the end of the log (0 when absent)."""
        marker = f"'{name}': "
        for line in reversed(self.log.splitlines()):
            if marker in line:
                value = line.split(marker, 1)[1].rstrip(",}")
                return int(value)
        return 0


def free_port() -> int:
    """A TCP port nothing listens on now (127.0.0.1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 60) -> None:
    """Block until something accepts connections on 127.0.0.1:``port``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {port}")


def warcio_check(path: Path, verbose: bool = False) -> str:
    """Run warcio's own validator (``warcio check``) on a WARC file; fail the test unless it passes."""
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *(["-v"] if verbose else []), str(path)],
                           capture_output=True, text=True)
    assert check.returncode == 0, f"{path}: {check.stdout}{check.stderr}"
    return check.stdout


CRAWL_ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def crawl_command(spider: str, archive_dir: Path, args: dict[str, str] | None = None,
                  settings: dict[str, str] | None = None) -> list[str]:
    """``python -m scrapy crawl SPIDER -a … -s …`` (FAST settings and ARCHIVE_DIR included)."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in (args or {}).items():
        command += ["-a", f"{key}={value}"]
    for key, value in {**FAST, "ARCHIVE_DIR": str(archive_dir), **(settings or {})}.items():
        command += ["-s", f"{key}={value}"]
    return command


def wait_for_open_warc(archive_dir: Path, min_size: int = 0, seconds: float = 120) -> None:
    """Block until the crawl writing to ``archive_dir`` has a ``.open`` WARC file of ``min_size`` bytes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        opened = list((archive_dir / "warc").glob("*.warc.gz.open"))
        if opened and opened[0].stat().st_size > min_size:
            return
        time.sleep(0.05)
    raise TimeoutError(f"no open WARC file in {archive_dir} after {seconds} s")


def wait_for_articles(archive_dir: Path, count: int, seconds: float = 120) -> None:
    """Block until the crawl writing to ``archive_dir`` has committed ``count`` articles."""
    import sqlite3

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(f"file:{archive_dir / 'archive.db'}?mode=ro", uri=True, timeout=1) as db:
                if db.execute("select count(*) from articles").fetchone()[0] >= count:
                    return
        except sqlite3.OperationalError:  # not created yet, or its schema not yet written
            pass
        time.sleep(0.05)
    raise TimeoutError(f"fewer than {count} articles in {archive_dir} after {seconds} s")


def run_crawl(spider: str, archive_dir: Path, args: dict[str, str] | None = None,
              settings: dict[str, str] | None = None, timeout: int = 300) -> CrawlResult:
    """A crawl in a subprocess (the reactor cannot restart)."""
    proc = subprocess.run(crawl_command(spider, archive_dir, args, settings), cwd=ROOT, env=CRAWL_ENV,
                          capture_output=True, text=True, timeout=timeout)
    return CrawlResult(proc.returncode, proc.stdout + proc.stderr, archive_dir)


@pytest.fixture(scope="session")
def portal():
    with PortalServer() as server:
        yield server


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    return tmp_path / "archive"


@pytest.fixture(scope="session")
def portal_crawl(portal, tmp_path_factory) -> CrawlResult:
    """One crawl of the whole sample portal from its home page, shared by the end-to-end tests."""
    result = run_crawl("news", tmp_path_factory.mktemp("crawl") / "archive", {"start_urls": portal.url + "/"})
    assert result.returncode == 0, result.log[-3000:]
    return result
