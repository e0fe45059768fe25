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


# -- 2-5. rebuild over damaged, hostile and cut WARC files -------------------------------------------
def page_of(entry) -> bytes:
    """An on-topic article of the sample portal, as UTF-8 HTML."""
    from tests.portal import site

    return site.TEMPLATES[entry.portal](entry, site.entries()).encode("utf-8")


def article_exchange(url: str, body: bytes, content_type: str = "text/html; charset=utf-8", **kw):
    from datetime import UTC, datetime

    from archive.warc import HttpExchange

    headers = kw.pop("headers", [("Content-Type", content_type)])
    return HttpExchange(url=url, status=200, body=body, response_headers=headers, request_headers=[],
                        fetched_at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC), **kw)


def write_warc(directory, prefix: str, exchanges: list, revisit_of: dict | None = None) -> tuple:
    """One WARC file of ``exchanges`` (real warcio records); its path and the captures."""
    from archive.warc import WarcWriter

    writer = WarcWriter(directory, prefix=prefix, index=False)
    captures = [writer.write_exchange(e, {"page-kind": "article"}, (revisit_of or {}).get(e.url)) for e in exchanges]
    writer.close()
    [path] = [p for p in directory.glob(f"{prefix}-*.warc.gz")]
    return path, captures


def spoil(path, offset: int, length: int = 200) -> None:
    """Overwrite ``length`` bytes of ``path`` at ``offset`` with garbage."""
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(b"\xff" * length)


@pytest.fixture(scope="module")
def damaged_dir(tmp_path_factory):
    """WARC files as an outside review damaged them, and the article URLs that must survive."""
    import gzip

    from tests.portal import site

    warc = tmp_path_factory.mktemp("damaged") / "warc"
    warc.mkdir()
    pool = [e for e in site.archived_entries() if not e.traditional][:9]
    base = "http://portal.example"
    keep = {}  # url -> title
    # 1. pages declaring non-text codecs, in GBK: read as GB18030
    hostile = []
    for entry, charset in zip(pool[:5], ["uu", "rot13", "base64", "zlib", "idna"], strict=True):
        body = page_of(entry).decode("utf-8").replace('charset="utf-8"', "").replace(
            "<head>", f'<head><meta charset="{charset}">', 1).encode("gbk", "replace")
        hostile.append(article_exchange(base + entry.path, body, "text/html"))
        keep[base + entry.path] = entry.title
    write_warc(warc, "a-hostile", hostile)
    # 2. a damaged record in the middle of a file: the records after it are still read
    middle = [article_exchange(base + e.path, page_of(e)) for e in pool[5:8]]
    path, captures = write_warc(warc, "b-middle", middle)
    spoil(path, captures[1].warc_offset + 40)
    keep.update({middle[0].url: pool[5].title, middle[2].url: pool[7].title})
    # 3. a gzip bomb: 64 MiB of zeros in a 64 KB body
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))
    write_warc(warc, "c-bomb", [article_exchange(base + "/bomb.html", bomb,
                                                 headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")])])
    # 4. a file cut inside its last record
    last = pool[8]
    path, captures = write_warc(warc, "d-cut", [article_exchange(base + last.path, page_of(last))])
    with open(path, "r+b") as f:
        f.truncate(captures[0].warc_offset + 600)
    # 5. not a WARC file at all
    (warc / "e-garbage.warc.gz").write_bytes(bytes(range(256)) * 40)
    return warc, keep, base + last.path, base + pool[6].path


def test_rebuild_over_damaged_files_finishes_twice_and_keeps_every_good_article(damaged_dir, tmp_path):
    from tests.test_cli import archive_cmd

    warc, keep, cut_url, spoiled_url = damaged_dir
    db = tmp_path / "rebuilt.db"
    first = archive_cmd("rebuild", "--db", str(db), str(warc))
    assert first.returncode == 0, first.stderr[-3000:]
    assert b"Traceback" not in first.stderr
    import sqlite_utils

    stored = lambda: sorted((r["url"], r["title"], r["text"]) for r in sqlite_utils.Database(db).query(  # noqa: E731
        "select url, title, text from articles"))
    once = stored()
    assert {u: t for u, t, _ in once} == keep  # every good article, nothing else, titles read right (GB18030)
    assert cut_url not in [u for u, _, _ in once] and spoiled_url not in [u for u, _, _ in once]
    assert b"1 records cut short" in first.stdout and b"1 bodies over --max-body" in first.stdout
    assert b"damaged regions" in first.stdout
    second = archive_cmd("rebuild", "--db", str(db), str(warc))
    assert second.returncode == 0, second.stderr[-3000:]
    assert stored() == once  # rebuilding twice changes nothing
    captures = list(sqlite_utils.Database(db).query("select url, truncated from captures where truncated is not null"))
    assert {(c["url"], c["truncated"]) for c in captures} == {(cut_url, "record-cut"),
                                                               ("http://portal.example/bomb.html", "length")}


def test_index_skips_cut_records_and_survives_garbage(damaged_dir, tmp_path):
    import shutil

    from tests.test_cli import archive_cmd

    warc, _, cut_url, _ = damaged_dir
    copy = tmp_path / "warc"
    shutil.copytree(warc, copy)
    out = archive_cmd("index", str(copy))
    assert out.returncode == 0 and b"Traceback" not in out.stderr, out.stderr[-2000:]
    lines = "".join(p.read_text() for p in copy.glob("*.cdxj"))
    assert cut_url not in lines and "bomb.html" in lines  # the bomb is whole in the file: replayable as is
    assert (copy / "e-garbage.cdxj").read_text() == ""


def test_a_damaged_revisit_target_does_not_stop_a_second_rebuild(tmp_path):
    import sqlite_utils

    from archive.warc import RevisitTarget
    from tests.portal import site
    from tests.test_cli import archive_cmd

    entry = site.archived_entries()[0]
    first = article_exchange("http://a.example" + entry.path, page_of(entry))
    path, [capture] = write_warc(tmp_path / "warc", "a", [first])
    again = article_exchange("http://mirror.example" + entry.path, page_of(entry))
    target = RevisitTarget(capture.warc_record_id, first.url, "2026-11-01T12:00:00.000000Z")
    write_warc(tmp_path / "warc", "b", [again], {again.url: target})
    db = tmp_path / "a.db"
    assert archive_cmd("rebuild", "--db", str(db), str(tmp_path / "warc")).returncode == 0
    spoil(path, capture.warc_offset + 40)
    out = archive_cmd("rebuild", "--db", str(db), str(tmp_path / "warc"))
    assert out.returncode == 0 and b"Traceback" not in out.stderr, out.stderr[-2000:]
    assert b"1 unresolved revisits" in out.stdout
    assert [r["url"] for r in sqlite_utils.Database(db).query("select url from articles")] == [first.url]


# -- 7. many links, slow pages -------------------------------------------------------------------------
def naive_coverage(text: str, anchors: set[str]) -> float:
    covered = [False] * len(text)
    for anchor in anchors:
        start = text.find(anchor)
        while start >= 0:
            for i in range(start, start + len(anchor)):
                covered[i] = True
            start = text.find(anchor, start + 1)
    return sum(covered) / len(text) if text else 0.0


def test_link_coverage_equals_the_naive_union_of_every_occurrence():
    import random

    from archive.clean import Anchors

    rng = random.Random(17)
    alphabet = "诈骗电信网络反诈中心警方"
    for _ in range(300):
        anchors = {"".join(rng.choices(alphabet, k=rng.randint(4, 9))) for _ in range(rng.randint(1, 30))}
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 120)))
        for anchor in rng.sample(sorted(anchors), min(3, len(anchors))):  # make some occur
            cut = rng.randint(0, len(text))
            text = text[:cut] + anchor + text[cut:]
        assert Anchors(anchors).coverage(text) == pytest.approx(naive_coverage(text, anchors))


def test_a_page_with_100000_links_is_cleaned_with_link_lines_dropped():
    from archive.clean import clean_paragraphs
    from archive.extract import link_texts, parse_tree

    links = "".join(f'<p><a href="/n/{i}.html">电信网络诈骗案件第{i}号通报</a></p>' for i in range(100_000))
    tree = parse_tree(f"<html><body>{links}</body></html>")
    anchors = link_texts(tree)
    lines = [f"电信网络诈骗案件第{i}号通报" for i in range(0, 100_000, 50)] + ["警方提醒：谨防冒充客服诈骗。"]
    assert clean_paragraphs(lines, None, anchors) == ["警方提醒：谨防冒充客服诈骗。"]


def test_a_page_over_its_time_budget_is_given_up_and_counted(tmp_path):
    from archive.analyse import Analyser

    links = "".join(f'<li><a href="/n/{i}.html">电信网络诈骗案件第{i}号通报详情</a></li>' for i in range(30_000))
    body = f"<html><body><h1>反诈</h1><p>{'警方提醒，谨防电信网络诈骗。' * 30}</p><ul>{links}</ul></body></html>"
    slow = Analyser(timeout=0.05).analyse(body.encode(), "http://a.example/x.html")
    assert slow.status == "timeout" and slow.article is None
    assert Analyser(timeout=0).analyse(body.encode(), "http://a.example/x.html").status != "timeout"


# -- 9. a writer and a recovering crawl on one directory -------------------------------------------
WRITER = """
import sys
from datetime import UTC, datetime
from archive.warc import HttpExchange, WarcWriter
directory, count = sys.argv[1], int(sys.argv[2])
writer = WarcWriter(directory, prefix="race", max_size=1, index=False)  # a new file for every exchange
for n in range(count):
    writer.write_exchange(HttpExchange(f"http://a.example/{n}", 200, b"x" * 100, [("Content-Type", "text/html")],
                                       fetched_at=datetime(2026, 11, 1, tzinfo=UTC)))
writer.close()
"""
RECOVERER = """
import sys
from pathlib import Path
from archive.warcrecover import recover_open_files
directory, done = Path(sys.argv[1]), Path(sys.argv[2])
rounds = 0
while not done.exists() or rounds == 0:
    recover_open_files(directory)
    rounds += 1
print(rounds)
"""


def test_a_recovering_crawl_never_takes_a_live_writers_file(tmp_path):
    from archive.warcread import iter_responses

    count = 1500
    directory, done = tmp_path / "warc", tmp_path / "done"
    directory.mkdir()
    env = dict(CRAWL_ENV)
    recoverer = subprocess.Popen([sys.executable, "-c", RECOVERER, str(directory), str(done)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writer = subprocess.run([sys.executable, "-c", WRITER, str(directory), str(count)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    done.touch()
    out, err = recoverer.communicate(timeout=600)
    assert writer.returncode == 0, writer.stderr[-2000:]
    assert recoverer.returncode == 0 and "Traceback" not in err, err[-2000:]
    assert int(out) > 1  # it did race the writer
    urls = [r.url for p in directory.glob("*.warc.gz") for r in iter_responses(p)]
    assert sorted(urls) == sorted(f"http://a.example/{n}" for n in range(count))  # not one file lost
    assert not list(directory.glob("*.open")) and not list(directory.glob(".*"))


# -- 10-13. output handling -------------------------------------------------------------------------
def test_a_canonical_link_to_another_portal_is_not_trusted():
    from archive.dedup import canonical_url

    assert canonical_url("http://www.people.com.cn/n1/1.html", "http://www.chinanews.com.cn/x/2.html") == \
        "people.com.cn/n1/1.html"
    assert canonical_url("http://www.mps.gov.cn/n1/1.html", "http://www.court.gov.cn/x/2.html") == "mps.gov.cn/n1/1.html"
    assert canonical_url("http://m.people.com.cn/n1/1.html", "http://www.people.com.cn/n1/1.html") == \
        "people.com.cn/n1/1.html"


HOSTILE_ARTICLE = """<html><head><title>{title}_法治网</title><meta property="og:site_name" content="{site}"></head><body>
<h1>{title}</h1><p>2026年11月01日 10:00 来源：法治日报</p>
<p>{para}</p><p>{para}</p></body></html>"""


def hostile_db(tmp_path, title: str, site: str):
    from archive.extract import extract
    from archive.store import ArchiveDB

    para = "警方提醒，冒充客服退款是常见的电信网络诈骗手法，接到此类电话请立即挂断并拨打96110咨询。"
    article = extract(HOSTILE_ARTICLE.format(title=title, site=site, para=para).encode(), "http://a.example/1.html")
    store = ArchiveDB.open(tmp_path / "a.db")
    store.add_article(article)
    store.close()
    return tmp_path / "a.db", article


def test_terminal_escapes_never_reach_the_archive_or_the_terminal(tmp_path):
    from tests.test_cli import archive_cmd

    db, article = hostile_db(tmp_path, "反诈\x1b]0;pwned\x07宣传\x1b[31m月", "法治\x1b[2J网")
    assert article.title == "反诈宣传月" and article.site == "法治网"
    for command in (["show", "1"], ["search", "反诈"], ["stats"]):
        out = archive_cmd(*command, "--db", str(db))
        assert out.returncode == 0 and b"\x1b" not in out.stdout + out.stderr and b"\x07" not in out.stdout


def test_csv_export_defuses_spreadsheet_formulas(tmp_path):
    import csv
    import io

    from tests.test_cli import archive_cmd

    db, _ = hostile_db(tmp_path, '=HYPERLINK("http://evil.example","反诈指南")', "法治网")
    out = archive_cmd("export", "--format", "csv", "--db", str(db))
    [row] = list(csv.DictReader(io.StringIO(out.stdout.decode("utf-8"))))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","反诈指南")'


def test_a_hostile_site_name_cannot_break_the_report(tmp_path):
    import lxml.html

    from tests.test_cli import archive_cmd

    db, _ = hostile_db(tmp_path, "反诈宣传月", "<!--<script>alert(1)</script>")
    page = tmp_path / "missing" / "folder" / "report.html"  # a folder that does not exist yet
    out = archive_cmd("report", "--out", str(page), "--db", str(db))
    assert out.returncode == 0, out.stderr
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "<!--<" not in text
    bars = lxml.html.fromstring(text).xpath('//div[@id="chart"]/svg/rect[@class="bar"]')
    assert [b.get("data-site") for b in bars] == ["<!--<script>alert(1)</script>"]


def test_a_search_of_thousands_of_repeated_words_is_cut_to_what_counts(tmp_path):
    from archive.search import bigram_query, query_words
    from tests.test_cli import archive_cmd

    db, _ = hostile_db(tmp_path, "反诈宣传月", "法治网")
    term = " ".join(["冒充客服"] * 5000 + [f"词{n}" for n in range(100)])
    assert len(query_words(term)) == 16 and bigram_query(term).count('"冒充 充客 客服"') == 1
    out = archive_cmd("search", term, "--db", str(db))
    assert out.returncode == 0 and b"0 articles" in out.stderr
    assert archive_cmd("search", "冒充客服 " * 5000, "--db", str(db)).stdout.count(b"\xe5\x8f\x8d") >= 1  # found


def test_an_archive_dir_that_cannot_be_made_stops_the_crawl_with_one_line(portal, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_crawl("news", blocker / "archive", {"start_urls": portal.url + "/gmw/"})
    assert result.returncode == 1 and "cannot be used" in result.log and "Traceback" not in result.log
