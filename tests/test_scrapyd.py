"""Scheduled runs: a real scrapyd on 127.0.0.1, the project egg deployed with scrapyd-client, a
portal spider scheduled through schedule.json against the sample portal."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from tests.conftest import ROOT, CrawlResult, free_port, wait_for_port
from tests.portal import site


def tool(name: str) -> str:
    return os.path.join(os.path.dirname(sys.executable), name)


def call(port: int, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    url = f"http://127.0.0.1:{port}/{endpoint}"
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as response:
        return json.loads(response.read())


def test_scrapyd_deploy_schedule_and_find_the_articles(portal, tmp_path):
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\nmax_proc = 2\n"
    )
    env = dict(os.environ)
    server = subprocess.Popen([tool("scrapyd")], cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        xdg = tmp_path / "xdg"
        xdg.mkdir()
        (xdg / "scrapy.cfg").write_text(f"[deploy:test]\nurl = http://127.0.0.1:{port}/\nproject = fraudnews\n")
        deploy = subprocess.run([tool("scrapyd-deploy"), "test", "-p", "fraudnews", "-v", "1"], cwd=ROOT,
                                env=dict(env, XDG_CONFIG_HOME=str(xdg)), capture_output=True, text=True, timeout=300)
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert "gmw" in call(port, "listspiders.json?project=fraudnews")["spiders"]
        archive_dir = tmp_path / "archive"
        settings = {"ARCHIVE_DIR": str(archive_dir), "PORTALS_MIRROR": portal.url, "DOWNLOAD_DELAY": "0",
                    "AUTOTHROTTLE_START_DELAY": "0"}
        job = call(port, "schedule.json", [("project", "fraudnews"), ("spider", "gmw")]
                   + [("setting", f"{k}={v}") for k, v in settings.items()])
        assert job["status"] == "ok"
        deadline = time.monotonic() + 180
        finished = []
        while time.monotonic() < deadline and not finished:
            jobs = call(port, "listjobs.json?project=fraudnews")
            finished = [j for j in jobs["finished"] if j["id"] == job["jobid"]]
            time.sleep(1)
        assert finished, "the job did not finish"
        result = CrawlResult(0, "", archive_dir)
        paths = {urllib.parse.urlsplit(a["url"]).path for a in result.articles()}
        assert paths == {e.path for e in site.archived_entries() if e.portal == "gmw"}
        [crawl] = result.rows("select spider, finish_reason from crawls")
        assert crawl == {"spider": "gmw", "finish_reason": "finished"}
    finally:
        server.terminate()
        server.wait(timeout=30)
