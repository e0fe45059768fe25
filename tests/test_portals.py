"""Portal spiders against the sample portal's copies of each portal; crawlall; incremental crawls;
pause and resume with JOBDIR; polite defaults."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from scrapy.utils.project import get_project_settings

from archive.extract import date_from_url
from archive.warcread import iter_responses
from tests.conftest import CRAWL_ENV, FAST, ROOT, crawl_command, run_crawl, wait_for_articles
from tests.portal import site

PORTALS = ["gmw", "people", "tibet", "zqrb", "legaldaily", "chinanews", "xinhua", "chinapeace"]


def expected_paths(portal: str) -> set[str]:
    """What a crawl of one portal alone archives: its anti-fraud stories (中国西藏网's republished
    commentary included: 人民网's copy is not in that archive)."""
    return {e.path for e in site.entries() if e.portal == portal and e.story.topic == "fraud"}


def test_scrapy_list_shows_every_portal():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True)
    assert set(PORTALS) <= set(out.stdout.split())


@pytest.mark.parametrize("name", PORTALS)
def test_portal_spider_archives_its_portal_newest_first(portal, archive_dir, name):
    result = run_crawl(name, archive_dir, settings={"PORTALS_MIRROR": portal.url, "CONCURRENT_REQUESTS": "1"})
    assert result.returncode == 0, result.log[-2000:]
    articles = result.articles()
    assert {urlsplit(a["url"]).path for a in articles} == expected_paths(name)
    assert {a["site"] for a in articles} == {site.SITE_NAMES[name]}
    for row in articles:
        entry = next(e for e in site.entries() if e.path == urlsplit(row["url"]).path)
        assert row["published"] == f"{entry.story.date}T{entry.story.time}:00"
    # only this portal's pages were requested: its sections, pagination, feeds and articles
    captured = [urlsplit(r["url"]).path for r in result.rows("select url from captures")]
    assert all(p == "/robots.txt" or p.startswith(f"/{name}/") for p in captured), captured
    fetched = [r.url for f in result.warc_files() for r in iter_responses(f) if r.metadata.get("page-kind") == "article"]
    dates = [date_from_url(u) for u in fetched]
    assert dates[0] == max(dates)  # newest first


def test_crawlall_runs_every_portal_and_reports(portal, archive_dir):
    command = [sys.executable, "-m", "scrapy", "crawlall"]
    for key, value in {**FAST, "ARCHIVE_DIR": str(archive_dir), "PORTALS_MIRROR": portal.url}.items():
        command += ["-s", f"{key}={value}"]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    table = out.stdout
    assert table.splitlines()[0].split()[:2] == ["portal", "pages"]
    assert all(any(line.startswith(name + " ") for line in table.splitlines()) for name in PORTALS)
    from tests.conftest import CrawlResult
    result = CrawlResult(0, "", archive_dir)
    crawls = result.rows("select spider, finish_reason, articles_new, duplicates from crawls")
    assert sorted(r["spider"] for r in crawls) == sorted(PORTALS)
    assert all(r["finish_reason"] == "finished" for r in crawls)
    # one archive for all portals: the Traditional republication is one story with 人民网's
    assert len(result.articles()) == len(site.archived_entries())
    assert sum(r["duplicates"] for r in crawls) == 1


def test_crawlall_exits_non_zero_when_a_portal_fails(archive_dir):
    command = [sys.executable, "-m", "scrapy", "crawlall", "--only", "gmw,xinhua", "-s", "PORTALS_MIRROR=http://127.0.0.1:9",
               "-s", f"ARCHIVE_DIR={archive_dir}", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0",
               "-s", "AUTOTHROTTLE_START_DELAY=0"]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                         timeout=300)
    assert out.returncode == 1 and "failed: gmw, xinhua" in out.stderr


def test_second_crawl_fetches_only_what_changed(portal, archive_dir):
    first = run_crawl("gmw", archive_dir, settings={"PORTALS_MIRROR": portal.url})
    second = run_crawl("gmw", archive_dir, settings={"PORTALS_MIRROR": portal.url})
    assert first.stat("store/inserted") == len(expected_paths("gmw"))
    assert second.stat("incremental/conditional") == 2 and second.stat("incremental/not_modified") == 2
    assert second.stat("downloader/response_status_count/200") == 1  # robots.txt only
    # an article linked again (from the whole portal's home page) is not downloaded again either
    third = run_crawl("news", archive_dir, {"start_urls": portal.url + "/gmw/"}, {"NEWS_MAX_HOPS": "0"})
    assert third.stat("incremental/skipped_archived") >= 3 and third.stat("store/inserted") == 0


def test_jobdir_pause_and_resume_loses_and_doubles_nothing(portal, archive_dir, tmp_path):
    jobdir = tmp_path / "job"
    command = crawl_command("news", archive_dir, {"start_urls": portal.url + "/"},
                            {"JOBDIR": str(jobdir), "DOWNLOAD_DELAY": "0.2", "AUTOTHROTTLE_ENABLED": "False",
                             "CONCURRENT_REQUESTS_PER_DOMAIN": "1"})
    env = CRAWL_ENV
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_articles(archive_dir, 3)  # some pages in (committed), far from all of them
    proc.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy stops cleanly and keeps its queue in JOBDIR
    assert proc.wait(timeout=120) == 0
    from tests.conftest import CrawlResult
    paused = CrawlResult(0, "", archive_dir)
    assert 0 < len(paused.articles()) < len(site.archived_entries())
    resumed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0
    urls = [a["url"] for a in paused.articles()]
    assert sorted(urlsplit(u).path for u in urls) == sorted(e.path for e in site.archived_entries())
    fetched = [r["url"] for r in paused.rows("select url from captures where status = 200")]
    articles_fetched = [u for u in fetched if site.build().get(urlsplit(u).path) and "/gmw/video/" not in u
                        and any(urlsplit(u).path == e.path for e in site.entries())]
    assert len(articles_fetched) == len(set(articles_fetched))  # no article downloaded twice


def test_polite_defaults():
    settings = get_project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 4 and settings.getfloat("DOWNLOAD_DELAY") >= 1
    assert "fraudnews" in settings["USER_AGENT"] and settings["CONTACT_URL"] in settings["USER_AGENT"]
