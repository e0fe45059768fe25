"""End to end: scrapy crawl news against the sample portal → WARC files → SQLite archive."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from archive.warcread import read_response_at
from tests.conftest import ROOT, run_crawl, warcio_check
from tests.portal import site
from tests.test_cli import archive_cmd

NOISE = ["点击右上角", "朋友圈", "责编", "責編", "阅读剩余全文", "开心", "飘过", "推荐阅读", "相关新闻", "相关阅读",
         "版权", "版權", "Copyright", "澳门新葡京", "百家乐", "(yè)", "(fā)", "分享到", "來源", "来源", "發布時間", "本报记者"]


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_every_anti_fraud_story_is_archived_once(portal_crawl):
    expected = {e.path: e for e in site.archived_entries()}
    articles = portal_crawl.articles()
    got = [path_of(a["url"]) for a in articles]
    assert sorted(got) == sorted(expected), set(expected) ^ set(got)
    assert len(got) == len(set(got))
    off_topic = [e for e in site.entries() if e.story.topic != "fraud"]
    assert portal_crawl.stat("relevance/offtopic") == len(off_topic) >= 10
    assert portal_crawl.stat("relevance/ontopic") == len(expected) + 1  # the republished copy too
    for row in articles:
        assert row["relevance_score"] >= 4 and json.loads(row["relevance_terms"])


def test_the_republished_copy_is_recorded_as_a_duplicate(portal_crawl):
    [copy] = portal_crawl.rows("select * from duplicates")
    original = portal_crawl.rows("select * from articles where id = ?", [copy["article_id"]])[0]
    assert "/tibet/" in copy["url"] and copy["site"] == "中国西藏网" and copy["kind"] in ("exact", "near")
    assert "/people/" in original["url"] and original["source"] == "人民日报"  # the outlet named in 来源
    assert copy["warc_file"] and copy["capture_id"]


def test_article_fields_come_from_the_page(portal_crawl):
    expected = {e.path: e for e in site.archived_entries()}
    for row in portal_crawl.articles():
        entry = expected[path_of(row["url"])]
        assert row["title"] == entry.title
        assert row["published"] == f"{entry.story.date}T{entry.story.time}:00"
        assert row["site"] == site.SITE_NAMES[entry.portal]
        assert row["text"].startswith(entry.paragraphs[0][:20])
        assert entry.paragraphs[-1][-15:] in row["text"]
        assert row["text"].count("\n") == len(entry.paragraphs) - 1, "paragraphs stay paragraphs"
        for noise in NOISE:
            assert noise not in row["text"], (noise, row["url"])
        assert row["warc_file"] and row["warc_offset"] is not None and row["capture_id"]


def test_gbk_pages_decode_and_keep_gbk_only_characters(portal_crawl):
    rows = {row["author"]: row for row in portal_crawl.articles() if "/zqrb/" in row["url"]}
    assert "李喆" in rows and "张堃" in rows  # 喆 and 堃 are GBK, not GB2312
    # (the copy's Traditional text is kept in duplicates' WARC record; the archive holds 人民网's)
    people = [row for row in portal_crawl.articles() if "/people/" in row["url"]]
    assert people and all(row["source"] in ("人民日报", "人民网", "法治日报") for row in people)


def test_traditional_republication_is_a_copy_with_its_own_title(portal_crawl):
    [copy] = portal_crawl.rows("select * from duplicates where url like '%/tibet/%'")
    assert "並舉" in copy["title"] and copy["source"] == "人民日報"


def test_non_articles_and_disallowed_pages_are_not_archived(portal_crawl):
    urls = [path_of(a["url"]) for a in portal_crawl.articles()]
    assert not any("/video/" in u or u.endswith(("/", "about.html")) for u in urls)
    captured = {path_of(r["url"]) for r in portal_crawl.rows("select url from captures")}
    assert "/private/drafts.html" not in captured  # robots.txt
    assert {"/robots.txt", "/", "/about.html", "/go/latest", "/gmw/video/2026-11/01/content_38120999.htm",
            "/chinanews/gn/2026/11-02/10599999.shtml"} <= captured  # kept as captures …
    assert not any(u.endswith("10599999.shtml") for u in urls)  # … not as articles: their URLs lie
    assert portal_crawl.stat("discover/not_article/video") == 1
    assert portal_crawl.stat("discover/not_article/soft_404") == 1


def test_captures_hold_every_exchange_with_status(portal_crawl):
    rows = portal_crawl.rows("select status, count(*) as n from captures group by status")
    by_status = {r["status"]: r["n"] for r in rows}
    assert by_status.get(302) == 1 and by_status.get(200, 0) > 40
    assert portal_crawl.stat("capture/records") == sum(by_status.values())


def test_warc_files_pass_warcio_check_and_index(portal_crawl):
    files = portal_crawl.warc_files()
    assert files and not list((portal_crawl.archive_dir / "warc").glob("*.open"))
    for path in files:
        report = warcio_check(path, verbose=True)
        assert "digest pass" in report and "fail" not in report
        index = subprocess.run([sys.executable, "-m", "warcio.cli", "index", str(path)], capture_output=True, text=True)
        assert index.returncode == 0 and '"warc-type": "response"' in index.stdout


def read_records(path: Path) -> list:
    out = []
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        for record in it:
            payload = record.raw_stream.read()  # before get_record_offset(), which reads to the end
            out.append((it.get_record_offset(), record.rec_type, record.rec_headers, record.http_headers, payload))
    return out


def test_warc_records_are_as_received(portal_crawl):
    [path] = portal_crawl.warc_files()
    records = read_records(path)
    assert records[0][1] == "warcinfo"
    assert b"software: fraudnews/" in records[0][4] and b"robots: obey" in records[0][4]
    responses = {r[2].get_header("WARC-Record-ID"): r for r in records if r[1] == "response"}
    requests = [r for r in records if r[1] == "request"]
    assert len(requests) == len(responses)
    for _, _, headers, http, _ in requests:
        assert headers.get_header("WARC-Concurrent-To") in responses
        assert http.get_header("Host") and http.get_header("User-Agent").startswith("fraudnews/")
    by_path = {path_of(r[2].get_header("WARC-Target-URI")): r for r in responses.values()}
    gmw = by_path["/gmw/2026-11/20/content_38120451.htm"]
    assert gmw[3].get_header("Content-Encoding") == "gzip" and gmw[4][:2] == b"\x1f\x8b"  # stored as sent
    people = by_path["/people/n1/2026/1118/c1003-40391877.html"]
    # sent chunked; stored de-chunked, the original framing kept under another name
    assert people[3].get_header("Transfer-Encoding") is None and b"\r\n0\r\n" not in people[4]
    assert people[3].get_header("X-Crawler-Transfer-Encoding") == "chunked"
    assert people[3].statusline == "200 OK" and people[2].get_header("WARC-IP-Address") == "127.0.0.1"
    page = site.build()["/people/n1/2026/1118/c1003-40391877.html"]
    assert people[4] == page.body  # GBK bytes exactly as served
    home = by_path["/"]
    cookies = [v for k, v in home[3].headers if k.lower() == "set-cookie"]
    assert len(cookies) == 2
    redirect = by_path["/go/latest"]
    assert redirect[3].statusline == "302 Found"
    for _, _, headers, _, _ in responses.values():
        assert headers.get_header("WARC-Payload-Digest") and headers.get_header("WARC-Block-Digest")


def test_capture_rows_point_at_their_records(portal_crawl):
    [path] = portal_crawl.warc_files()
    offsets = {r[0]: r for r in read_records(path)}
    for row in portal_crawl.rows("select * from captures"):
        record = offsets[row["warc_offset"]]
        assert record[1] == "response" and record[2].get_header("WARC-Record-ID") == row["warc_record_id"]
        assert record[2].get_header("WARC-Target-URI") == row["url"]


def test_second_crawl_adds_no_article(portal, portal_crawl, tmp_path):
    before = len(portal_crawl.articles())
    # incremental crawling off: the articles are downloaded again, so the store and the WARC must cope
    again = run_crawl("news", portal_crawl.archive_dir, {"start_urls": portal.url + "/gmw/rss.xml"},
                      {"INCREMENTAL_ENABLED": "False"})
    assert again.returncode == 0
    assert len(again.articles()) == before
    assert again.stat("dedup/seen") == 7 and again.stat("store/inserted") == 0  # gmw's 7 anti-fraud stories
    # the same payloads were archived by the first crawl: revisit records, not copies
    assert again.stat("capture/revisits") >= 10
    assert len(again.warc_files()) == 2  # each crawl writes its own file


def test_feed_and_sitemap_start_urls(portal, archive_dir):
    result = run_crawl("news", archive_dir, {"start_urls": f"{portal.url}/gmw/rss.xml,{portal.url}/sitemap_index.xml"},
                       {"NEWS_MAX_HOPS": "0"})
    assert result.returncode == 0, result.log[-2000:]
    portals = {path_of(a["url"]).split("/")[1] for a in result.articles()}
    assert portals == {"gmw", "people", "tibet"}
    assert len(result.articles()) == len([e for e in site.archived_entries() if e.portal in portals])
    assert result.stat("discover/feeds") == 1 and result.stat("discover/sitemaps") == 3


def test_listing_pagination_is_followed_and_capped(portal, archive_dir):
    listing = site.listing_path("people", 1)
    full = run_crawl("news", archive_dir / "a", {"start_urls": portal.url + listing}, {"NEWS_MAX_HOPS": "0"})
    people = [e for e in site.archived_entries() if e.portal == "people"]
    assert len(full.articles()) == len(people)
    capped = run_crawl("news", archive_dir / "b", {"start_urls": portal.url + listing},
                       {"NEWS_MAX_HOPS": "0", "NEWS_MAX_LISTING_PAGES": "1", "CLOSESPIDER_ITEMCOUNT": "0"})
    assert capped.stat("discover/pagination_cap_reached") >= 1
    # page 1 lists 4 stories (3 on anti-fraud); their related links reach a few more, never all
    assert 3 <= len(capped.articles()) < len(people)


def test_archive_dir_setting_places_everything(portal, tmp_path):
    target = tmp_path / "elsewhere"
    result = run_crawl("news", target, {"start_urls": portal.url + "/about.html"})
    assert result.returncode == 0
    assert (target / "archive.db").exists() and len(list((target / "warc").glob("*.warc.gz"))) == 1
    assert not (tmp_path / "data").exists()


def test_scrapy_list_names_the_generic_spider():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "news" in out.stdout.split()


def test_the_same_article_under_tracking_parameters_is_one_story(portal, archive_dir):
    path = "/gmw/2026-11/20/content_38120451.htm"
    first = run_crawl("news", archive_dir, {"start_urls": portal.url + path})
    again = run_crawl("news", archive_dir, {"start_urls": f"{portal.url}{path}?utm_source=wechat&from=timeline"},
                      {"NEWS_MAX_HOPS": "0"})
    assert first.stat("store/inserted") >= 1 and again.stat("dedup/url") == 1
    [copy] = again.rows("select * from duplicates where url like '%utm_source%'")
    assert copy["kind"] == "url" and copy["canonical_url"].endswith(path)
    assert len(again.rows("select * from articles where url like ?", [f"%{path}"])) == 1


def test_everything_in_the_reactor_thread_gives_the_same_archive(portal, portal_crawl, tmp_path):
    """EXTRACT_WORKERS=0 and WARC_WRITER=archive.warcprocess.InlineWriter (everything in the crawl process) against the
    defaults (a pool of workers, which also score, fingerprint and prepare the full-text entries, and
    a WARC writer process): the same captures, stories, copies, scores, hashes and search results, and
    each story points at its own page's record."""
    inline = run_crawl("news", tmp_path / "inline", {"start_urls": portal.url + "/"},
                       {"EXTRACT_WORKERS": "0", "WARC_WRITER": "archive.warcprocess.InlineWriter"})
    assert inline.returncode == 0, inline.log[-2000:]
    captures = ("select url, status, payload_digest, length from captures where warc_file in "  # the first crawl's
                "(select value from json_each((select warc_files from crawls order by id limit 1))) "
                "order by url, status, id")
    assert inline.rows(captures) == portal_crawl.rows(captures) and len(portal_crawl.rows(captures)) > 50
    for crawl in (inline, portal_crawl):
        placed = crawl.rows("select a.url, a.warc_file, a.warc_offset, a.warc_record_id, c.id as capture from articles a "
                            "left join captures c on c.id = a.capture_id")
        assert placed and all(row["capture"] is not None for row in placed)
        for row in placed[:5]:
            stored = read_response_at(crawl.archive_dir / "warc" / row["warc_file"], row["warc_offset"])
            assert stored.record_id == row["warc_record_id"] and stored.url == row["url"]
    stories = ("select url, title, published, source, site, text_hash, relevance_score, canonical_url "
               "from articles order by url")
    assert inline.rows(stories) == portal_crawl.rows(stories)
    copies = "select d.url, d.kind, a.url as story from duplicates d join articles a on a.id = d.article_id order by d.url"
    assert inline.rows(copies) == portal_crawl.rows(copies) and portal_crawl.rows(copies)
    search = ("select a.url from articles_bigrams b join articles a on a.id = b.rowid "
              "where articles_bigrams match '\"诈骗\"' order by a.url")
    found = portal_crawl.rows(search)
    assert found and inline.rows(search) == found
    signatures = ("select a.url, s.signature, s.shingles from article_signatures s join articles a on a.id = s.article_id "
                  "order by a.url")
    assert inline.rows(signatures) == portal_crawl.rows(signatures)


def archive_cmd_output(*args: str) -> str:
    done = archive_cmd(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode() if isinstance(done.stdout, bytes) else done.stdout


def test_articles_under_url_shapes_no_pattern_knows_are_found_by_content(portal, tmp_path):
    """/plain/ serves articles at /news/<slug>.html, /a/<digits>, /article?id=… and behind a redirect:
    the generic spider reads the pages and archives every one, and no listing, index or about page."""
    from tests.portal import site

    result = run_crawl("news", tmp_path / "plain", {"start_urls": portal.url + "/plain/"},
                       {"NEWS_BUILTIN_PATTERNS": "False"})
    assert result.returncode == 0, result.log[-3000:]
    def local(url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    stored = {local(a["url"]) for a in result.articles()}
    copies = {local(r["url"]) for r in result.rows("select url from duplicates")}  # the same story elsewhere
    assert set(site.PLAIN_ARTICLES) <= stored | copies, (stored, copies)
    assert not {"/plain/", "/plain/list/2", "/plain/about"} & stored
    assert result.stat("discover/classified/article") >= 4 and result.stat("discover/classified/listing") >= 2
    notes = {}  # the decision and its signal, in metadata records of the WARC files
    for path in sorted((tmp_path / "plain" / "warc").glob("*.warc.gz")):
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "metadata":
                    fields = dict(line.split(": ", 1) for line in record.content_stream().read().decode().splitlines())
                    if "page-kind-reason" in fields:
                        notes[local(record.rec_headers.get_header("WARC-Target-URI"))] = fields
    assert notes["/plain/"]["page-kind"] == "listing" and notes["/plain/"]["page-kind-reason"]
    assert notes["/plain/news/fanzha-xuanchuan-jinshequ.html"]["page-kind"] == "article"
    for path in (tmp_path / "plain" / "warc").glob("*.warc.gz"):
        warcio_check(path)  # the later records are valid WARC
    learnt = {r["template"] for r in result.rows("select template from url_templates")}
    assert {"/plain/a/{digits}", "/plain/news/{slug}.html", "/plain/article?id={id}"} <= learnt, learnt
    shown = archive_cmd_output("templates", "--db", str(tmp_path / "plain" / "archive.db"))
    assert "/plain/a/{digits}" in shown and "/plain/article?id={id}" in shown
    # the second crawl starts with what the first learnt (not incremental here: an unchanged index
    # would answer 304, and no link would be read at all)
    again = run_crawl("news", tmp_path / "plain", {"start_urls": portal.url + "/plain/"},
                      {"NEWS_BUILTIN_PATTERNS": "False", "INCREMENTAL_ENABLED": "False"})
    assert again.returncode == 0, again.log[-3000:]
    assert again.stat("discover/templates/loaded") >= 3
    assert again.stat("discover/template_links") >= 4  # taken for articles by template, without reading them first
    assert not again.stat("discover/classified/article")
    assert not again.stat("store/inserted") and again.stat("dedup/seen") >= 4  # all archived by the first crawl
    rebuilt = tmp_path / "rebuilt.db"  # the WARC files alone give the same articles

    assert archive_cmd("rebuild", "--db", str(rebuilt), str(tmp_path / "plain" / "warc")).returncode == 0
    import sqlite_utils

    assert sorted(r["url"] for r in sqlite_utils.Database(rebuilt).query("select url from articles")) == \
        sorted(a["url"] for a in result.articles())


def test_without_builtin_patterns_the_sample_portal_is_archived_by_content(portal, portal_crawl, tmp_path):
    """NEWS_BUILTIN_PATTERNS=False: no URL regex at all; the pages' markup alone finds at least 95%
    of what the crawl with the built-in patterns archives, and no listing is stored as an article."""
    result = run_crawl("news", tmp_path / "content", {"start_urls": portal.url + "/"}, {"NEWS_BUILTIN_PATTERNS": "False"})
    assert result.returncode == 0, result.log[-3000:]

    def archived(crawl) -> set[str]:
        urls = [a["url"] for a in crawl.articles()] + [r["url"] for r in crawl.rows("select url from duplicates")]
        return {urlsplit(u).path for u in urls}

    with_patterns, by_content = archived(portal_crawl), archived(result)
    assert len(with_patterns & by_content) >= 0.95 * len(with_patterns), with_patterns - by_content
    article_pages = {e.path for e in site.entries()} | {urlsplit(p).path for p in site.PLAIN_ARTICLES}
    assert by_content <= article_pages, by_content - article_pages  # no listing, index or video page
    assert result.stat("discover/classified/article") >= len(with_patterns) // 2


def test_a_writer_that_falls_behind_pauses_the_crawl_and_loses_nothing(portal, portal_crawl, tmp_path):
    """WARC_WRITER_QUEUE=1: the engine is paused whenever more than one exchange waits for the
    writer process, and picks up again; the same pages are captured as by the default crawl."""
    slow = run_crawl("news", tmp_path / "slow", {"start_urls": portal.url + "/"}, {"WARC_WRITER_QUEUE": "1"})
    assert slow.returncode == 0, slow.log[-2000:]
    assert slow.stat("capture/writer_paused") >= 1
    captures = "select url, status, payload_digest from captures where record_type = 'response' order by url, status"
    first = ("select url, status, payload_digest from captures where record_type = 'response' and warc_file in "
             "(select value from json_each((select warc_files from crawls order by id limit 1))) order by url, status")
    assert slow.rows(captures) == portal_crawl.rows(first) and slow.rows(captures)
