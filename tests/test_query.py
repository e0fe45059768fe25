"""Querying the archive: schema, Chinese full-text search, Datasette, export, the HTML report."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from archive.article import Article
from archive.store import ArchiveDB
from tests.conftest import ROOT, free_port, wait_for_port
from tests.test_cli import archive_cmd

TRADITIONAL = "警方提醒：凡是要求轉賬到「安全賬戶」的都是電信網絡詐騙，反詐App可預警。" * 3


def tool(name: str) -> str:
    return os.path.join(os.path.dirname(sys.executable), name)


@pytest.fixture
def traditional_db(tmp_path):
    """An archive holding one article stored in Traditional script."""
    path = tmp_path / "t.db"
    store = ArchiveDB.open(path)
    store.insert_article(Article(url="http://tibet.example/1.html", title="警惕電信網絡詐騙新手法", text=TRADITIONAL,
                                 site="中国西藏网", published="2026-11-01"))
    store.close()
    return path


def test_schema_is_made_for_reading(portal_crawl):
    store = ArchiveDB.open(portal_crawl.db_path, create=False)
    try:
        tables = set(store.db.table_names())
        assert {"articles", "captures", "duplicates", "crawls", "sites", "articles_fts", "articles_bigrams"} <= tables
        assert {"stories", "articles_per_site_month"} <= set(store.db.view_names())
        fks = {(fk.column, fk.other_table) for fk in store.db["articles"].foreign_keys}
        assert {("site", "sites"), ("capture_id", "captures")} <= fks
        assert ("article_id", "articles") in {(fk.column, fk.other_table) for fk in store.db["duplicates"].foreign_keys}
        indexed = {c for index in store.db["articles"].indexes for c in index.columns}
        assert {"site", "published", "canonical_url"} <= indexed
        [story] = [r for r in store.db.query("select * from stories where copies > 0")]
        assert story["copies"] == 1 and story["copy_sites"] == "中国西藏网"
        months = list(store.db.query("select * from articles_per_site_month"))
        assert sum(r["articles"] for r in months) == store.db["articles"].count
        crawl = list(store.db.query("select * from crawls order by id"))[0]  # the fixture's own crawl
        assert crawl["spider"] == "news" and crawl["finish_reason"] == "finished"
        assert crawl["articles_new"] == store.db["articles"].count and crawl["offtopic"] >= 10
        assert crawl["errors"] == 0 and json.loads(crawl["warc_files"])
    finally:
        store.close()


def test_sqlite_utils_search_finds_long_terms_best_first(portal_crawl):
    out = subprocess.run([tool("sqlite-utils"), "search", str(portal_crawl.db_path), "articles", "电信网络诈骗",
                          "-c", "id", "-c", "title"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    texts = {r["id"]: r for r in portal_crawl.rows("select id, title, text from articles")}
    assert rows and all("电信网络诈骗" in texts[r["id"]]["title"] + texts[r["id"]]["text"] for r in rows)
    expected = [r for r in texts.values() if "电信网络诈骗" in r["title"] + r["text"]]
    assert len(rows) == len(expected)
    counts = [(texts[r["id"]]["title"] + texts[r["id"]]["text"]).count("电信网络诈骗") for r in rows]
    assert counts[0] == max(counts)  # best first


@pytest.mark.parametrize("term", ["诈骗", "反诈", "电诈", "跑分", "杀猪盘", "国家反诈中心"])
def test_archive_search_finds_short_and_long_terms(portal_crawl, term):
    out = archive_cmd("search", term, "--db", str(portal_crawl.db_path), "--json", "--limit", "100")
    assert out.returncode == 0, out.stderr
    found = [json.loads(line) for line in out.stdout.decode().splitlines()]
    expected = {r["id"] for r in portal_crawl.rows("select id, title, text from articles")
                if term in r["title"] + r["text"]}
    assert expected and {r["id"] for r in found} == expected
    assert all(f"[{term}]" in r["snippet"] for r in found)


def test_simplified_finds_traditional(traditional_db):
    out = archive_cmd("search", "电信网络诈骗", "--db", str(traditional_db), "--json")
    assert [json.loads(line)["title"] for line in out.stdout.decode().splitlines()] == ["警惕電信網絡詐騙新手法"]
    assert len(archive_cmd("search", "反诈", "--db", str(traditional_db), "--json").stdout.splitlines()) == 1
    via_sqlite_utils = subprocess.run([tool("sqlite-utils"), "search", str(traditional_db), "articles", "安全账户",
                                       "-c", "title"], capture_output=True, text=True)
    assert json.loads(via_sqlite_utils.stdout) == [{"title": "警惕電信網絡詐騙新手法"}]


def test_show_and_export(portal_crawl, tmp_path):
    [story] = portal_crawl.rows("select id, title from articles where id in (select article_id from duplicates)")
    shown = archive_cmd("show", str(story["id"]), "--db", str(portal_crawl.db_path))
    assert shown.returncode == 0 and story["title"] in shown.stdout.decode() and "copies: 1" in shown.stdout.decode()
    missing = archive_cmd("show", "99999", "--db", str(portal_crawl.db_path))
    assert missing.returncode == 1 and b"no article 99999" in missing.stderr
    jsonl = archive_cmd("export", "--db", str(portal_crawl.db_path))
    rows = [json.loads(line) for line in jsonl.stdout.decode().splitlines()]
    assert len(rows) == len(portal_crawl.articles()) and {"title", "text", "copies"} <= set(rows[0])
    target = tmp_path / "a.csv"
    archive_cmd("export", "--format", "csv", "--output", str(target), "--site", "光明网", "--db", str(portal_crawl.db_path))
    table = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert table and all(r["site"] == "光明网" for r in table)


def test_datasette_serves_search_and_canned_queries(portal_crawl, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(portal_crawl.db_path, db)
    port = free_port()
    proc = subprocess.Popen([tool("datasette"), "serve", str(db), "-m", str(ROOT / "metadata.json"), "-p", str(port),
                             "-h", "127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}/archive"

        def get(path: str, **params) -> list:
            query = urllib.parse.urlencode({**params, "_shape": "array"})
            with urllib.request.urlopen(f"{base}/{path}.json?{query}", timeout=30) as response:
                return json.loads(response.read())

        found = get("articles", _search="电信网络诈骗", _col="title")
        assert found and len(found) == len(portal_crawl.rows(
            "select id from articles where title || text like '%电信网络诈骗%'"))
        per_month = get("articles_per_portal_per_month")
        assert sum(r["articles"] for r in per_month) == len(portal_crawl.articles())
        short = get("search_short_term", term="反诈")
        assert short and all("反诈" in r["title"] + portal_crawl.rows("select text from articles where id = ?",
                                                                      [r["id"]])[0]["text"] for r in short)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def report_page(portal_crawl, tmp_path) -> Path:
    page = tmp_path / "report.html"
    out = archive_cmd("report", "--out", str(page), "--db", str(portal_crawl.db_path))
    assert out.returncode == 0, out.stderr
    return page


def test_report_chart_is_static_svg(portal_crawl, tmp_path):
    """The chart is SVG drawn in Python: one bar per (month, portal) cell, no script in the page."""
    import lxml.html

    text = report_page(portal_crawl, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in text  # self-contained and static
    doc = lxml.html.fromstring(text)
    bars = doc.xpath('//div[@id="chart"]/svg/rect[@class="bar"]')
    cells = portal_crawl.rows("select month, site, count(*) as n from articles where month is not null "
                              "group by month, site")
    assert sorted((b.get("data-month"), b.get("data-site"), int(b.get("data-count"))) for b in bars) == \
        sorted((c["month"], c["site"], c["n"]) for c in cells)
    assert doc.xpath('//div[@id="chart"]/@data-drawn') == [str(len(cells))]
    assert "反诈" in text and "中国西藏网" in text  # top terms and the largest cluster's copy


def test_report_chart_renders_in_headless_chromium(portal_crawl, tmp_path):
    """Optional: where a Chromium exists, the page it renders keeps every bar."""
    browser = chromium()
    if browser is None:
        pytest.skip("no chromium on this machine: the static SVG test above covers the chart")
    page = report_page(portal_crawl, tmp_path)
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout
    cells = portal_crawl.rows("select count(*) as n from (select 1 from articles group by month, site)")[0]["n"]
    assert f'data-drawn="{cells}"' in dom and dom.count('class="bar"') == cells
