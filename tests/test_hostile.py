"""Hostile input, one test per class: each crawls the sample portal's hostile section (one shared
crawl) and checks the crawl finished, a named stat counts what happened, the WARC is valid and holds
what was received, and no partial or garbage row reached ``articles``."""
from __future__ import annotations

import json
import subprocess
from urllib.parse import urlsplit

import pytest

from archive.warcread import iter_responses
from tests.conftest import run_crawl, warcio_check

SETTINGS = {"DOWNLOAD_TIMEOUT": "3", "RETRY_TIMES": "1", "WARC_MAX_BODY": "1000000", "DOWNLOAD_MAXSIZE": "8000000",
            "NEWS_MAX_LISTING_PAGES": "5", "REDIRECT_MAX_TIMES": "5", "NEWS_MAX_HOPS": "1"}


@pytest.fixture(scope="module")
def hostile(portal, tmp_path_factory):
    result = run_crawl("news", tmp_path_factory.mktemp("hostile") / "archive",
                       {"start_urls": portal.url + "/hostile/"}, SETTINGS, timeout=300)
    assert result.returncode == 0, result.log[-3000:]
    result.responses = [r for f in result.warc_files() for r in iter_responses(f)]
    result.article_rows = result.articles()
    return result


def stats_of(result) -> dict:
    return json.loads(result.rows("select stats from crawls")[0]["stats"])


def responses(result, fragment: str) -> list:
    return [r for r in result.responses if fragment in r.url]


def article(result, fragment: str) -> list[dict]:
    return [a for a in result.article_rows if fragment in a["url"]]


def test_the_crawl_finishes_and_records_itself(hostile):
    assert "Spider closed (finished)" in hostile.log
    [crawl] = hostile.rows("select * from crawls")
    stats = json.loads(crawl["stats"])
    assert crawl["finish_reason"] == "finished" and stats["capture/records"] == crawl["captures"] > 20


def test_every_warc_file_is_valid(hostile):
    for path in hostile.warc_files():
        warcio_check(path)


def test_5xx_with_retry_after_is_retried_and_recorded(hostile):
    assert sorted(r.status for r in responses(hostile, "/status/")) == [500, 500, 503, 503]
    assert hostile.stat("retry/max_reached") >= 2 and "Gave up retrying" in hostile.log


def test_a_stalling_server_times_out(hostile):
    assert responses(hostile, "/stall") == []  # nothing was received, nothing is claimed
    failed = [line for line in hostile.log.splitlines() if "request failed" in line and "/hostile/stall" in line]
    assert failed and "took longer than" in failed[0]
    assert sum(v for k, v in stats_of(hostile).items() if k.startswith("discover/failed/") and "Timeout" in k) == 1


def test_connection_reset_and_short_bodies_are_kept_marked_and_not_archived(hostile):
    for fragment in ("/hostile/reset", "/hostile/short"):
        got = responses(hostile, fragment)
        assert got and all(r.truncated == "disconnect" for r in got), fragment
        assert article(hostile, fragment) == []
    assert hostile.stat("discover/truncated") >= 2 and "arrived truncated" in hostile.log


@pytest.mark.parametrize("ident, title", [("1001", "标错编码的文章"), ("1002", "标成GBK的文章"), ("1003", "GB18030编码的文章")])
def test_wrong_or_rare_charsets_decode(hostile, ident, title):
    [row] = article(hostile, f"content_{ident}")
    assert row["title"] == title and "国家反诈中心" in row["text"] and "\ufffd" not in row["text"]
    if ident == "1003":
        assert "𠀀𠀁" in row["text"]  # four-byte GB18030 characters


def test_a_feed_not_in_the_encoding_it_declares_is_read_and_its_links_followed(hostile):
    """A "gb2312" RSS feed holding 喆 (GBK only): libxml2 refused it whole, even in recover mode, so none of its
    links was followed. Both pages it links to are linked from nowhere else."""
    assert responses(hostile, "content_1010") and responses(hostile, "content_1011")
    assert hostile.stat("discover/xml_transcoded") == 1
    [row] = article(hostile, "content_1010")
    assert row["title"] == "订阅源里的文章"


def test_a_big5_page_that_declares_no_charset_is_read_as_big5(hostile):
    [row] = article(hostile, "content_1011")
    assert row["title"] == "香港警方提醒慎防電話騙案" and "假冒銀行職員的電話騙案" in row["text"]
    assert "\ufffd" not in row["text"]


def test_a_page_over_the_size_limit_is_cut_kept_and_not_archived(hostile):
    [big] = responses(hostile, "content_1004")
    assert big.truncated == "length" and 1_000_000 <= big.raw_length < 2_000_000
    assert article(hostile, "content_1004") == [] and hostile.stat("capture/cut_at_max_body") == 1


def test_a_gzip_bomb_is_kept_compressed_and_never_inflated(hostile):
    [bomb] = responses(hostile, "/gzip-bomb")
    assert bomb.raw_length < 200_000  # stored as received: compressed
    refused = [line for line in hostile.log.splitlines() if "/hostile/gzip-bomb" in line and "exceeded DOWNLOAD_MAXSIZE" in line]
    assert refused and hostile.stat("discover/failed/IgnoreRequest") >= 2  # the bomb and the redirect loop
    # the refusal is in the WARC beside the page, so a rebuild refuses it too, and reading stops at the limit
    assert bomb.metadata["refused"] == f"inflates past DOWNLOAD_MAXSIZE ({SETTINGS['DOWNLOAD_MAXSIZE']} bytes)"
    assert bomb.metadata["max-size"] == SETTINGS["DOWNLOAD_MAXSIZE"] and bomb.truncated == "length"


def test_a_redirect_loop_stops(hostile):
    loops = responses(hostile, "/hostile/loop")
    assert len(loops) == int(SETTINGS["REDIRECT_MAX_TIMES"]) + 1 and all(r.status == 302 for r in loops)
    assert hostile.stat("discover/failed/IgnoreRequest") >= 1 and "max redirections reached" in hostile.log


def test_an_endless_calendar_is_capped(hostile):
    days = {urlsplit(r.url).path for r in responses(hostile, "/calendar/")}
    assert len(days) <= int(SETTINGS["NEWS_MAX_LISTING_PAGES"]) + 1
    assert hostile.stat("discover/pagination_cap_reached") >= 1


def test_malformed_feed_and_sitemap_are_reported(hostile):
    assert responses(hostile, "/bad.rss") and responses(hostile, "/bad-sitemap.xml")
    assert hostile.stat("discover/bad_xml") >= 2 and "malformed feed or sitemap" in hostile.log


def test_xml_entities_are_never_resolved_or_expanded(hostile):
    fetched = " ".join(r.url for r in hostile.responses)
    assert responses(hostile, "/xxe.rss") and responses(hostile, "/laughs.xml")
    assert "root:" not in fetched and "passwd" not in fetched and "lollol" not in fetched
    assert hostile.stat("discover/xml_entities_refused") == 2 and "entity declarations" in hostile.log


@pytest.mark.parametrize("ident", ["1005", "1006", "1008", "1009"])
def test_binary_empty_textless_and_spam_pages_are_not_articles(hostile, ident):
    assert responses(hostile, f"content_{ident}")  # captured as received
    assert article(hostile, f"content_{ident}") == []
    # dropped by a named stage, with the page's URL in the line that says why
    dropped = [line for line in hostile.log.splitlines() if "Dropped:" in line and f"content_{ident}" in line]
    assert dropped and any(("no article text" in line or "off-topic" in line) for line in dropped), dropped


def test_session_and_tracking_parameters_make_one_article(hostile):
    rows = article(hostile, "content_1007")
    copies = hostile.rows("select url, kind from duplicates where url like '%content_1007%'")
    assert len(rows) == 1 and len(copies) == 1 and copies[0]["kind"] == "url"


def test_robots_txt_disallow_is_obeyed(hostile):
    assert responses(hostile, "/private/") == [] and hostile.stat("robotstxt/forbidden") >= 1


def crawl_with_small_files(portal, archive_dir, limit: int, settings: dict[str, str]) -> str:
    """A crawl of the sample portal in which no file may grow past ``limit`` bytes (RLIMIT_FSIZE
    stands in for a full disk); its log. The crawl fails its job, so it must exit 1."""
    import resource

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    from tests.conftest import CRAWL_ENV, ROOT, crawl_command
    command = crawl_command("news", archive_dir, {"start_urls": portal.url + "/"}, settings)
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, preexec_fn=small_files, timeout=300,
                         env=CRAWL_ENV)
    assert out.returncode == 1, out.stderr[-2000:]
    return out.stdout + out.stderr


def assert_warc_files_valid(archive_dir) -> None:
    for path in sorted((archive_dir / "warc").glob("*.warc.gz")):
        warcio_check(path)


def test_a_full_disk_on_the_database_write_ends_the_crawl_cleanly(portal, archive_dir):
    """No file may grow past 1 MB. WARC files rotate at 50 KB, so the database's write-ahead log is
    the file that hits it. Commits every 0.05 s (not every second) so that it fills mid-crawl."""
    log = crawl_with_small_files(portal, archive_dir, 1_000_000,
                                 {"WARC_MAX_SIZE": "50000", "ARCHIVE_COMMIT_INTERVAL": "0.05"})
    assert "archive database write failed" in log and "Spider closed (store_failed)" in log
    assert "rows were rolled back" in log
    import sqlite3
    db = sqlite3.connect(archive_dir / "archive.db")
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    stored = db.execute("select count(*) from articles").fetchone()[0]
    assert 0 < stored  # what was committed before the disk filled up is there, whole:
    assert db.execute("select count(*) from article_signatures").fetchone()[0] == stored
    assert db.execute("select count(*) from articles_bigrams").fetchone()[0] == stored
    assert db.execute("select count(*) from articles a left join captures c on c.id = a.capture_id "
                      "where c.id is null").fetchone()[0] == 0
    assert_warc_files_valid(archive_dir)


def test_a_database_that_cannot_be_created_ends_the_crawl_cleanly(portal, archive_dir):
    """No file may grow past 100 KB: the database cannot even be created (its schema needs more).
    The crawl says so and stops; the pages it fetched meanwhile are in valid WARC files."""
    log = crawl_with_small_files(portal, archive_dir, 100_000, {"WARC_MAX_SIZE": "30000"})
    assert "cannot be opened" in log and "Spider closed (store_failed)" in log
    assert "Traceback" not in log
    assert "'store/failed'" in log
    assert_warc_files_valid(archive_dir)


def test_offsite_links_are_never_followed(hostile):
    hosts = {urlsplit(r.url).hostname for r in hostile.responses}
    assert hosts == {"127.0.0.1"} and hostile.stat("discover/offsite_links") >= 2
