"""archive.merge: archives written apart, merged into one without the WARC files; real SQLite files."""
from __future__ import annotations

import opencc
import sqlite_utils

from archive.article import Article, Capture
from archive.dedupwriter import DedupWriter
from archive.merge import merge_into
from archive.store import ArchiveDB
from tests.test_cli import archive_cmd

S2T = opencc.OpenCC("s2t")
TEXT = "".join(f"第{n}条：警方提醒，冒充客服以退款为由诱导转账的电信网络诈骗仍然高发，请市民在接到陌生来电时提高警惕。"
               for n in range(25))
OTHER = "".join(f"第{n}段：银行提示，网络刷单返利是诈骗，凡是要求先垫付资金的兼职都要拒绝，并及时拨打反诈专线咨询。"
                for n in range(25))


def archive_with(path, pages: list[Article]) -> None:
    store = ArchiveDB.open(path)
    writer = DedupWriter(store)
    for n, page in enumerate(pages):
        page.warc_file, page.warc_offset = f"{path.stem}-00000.warc.gz", n * 1000
        page.warc_record_id = f"<urn:uuid:{path.stem}-{n}>"
        page.fetched_at = f"2026-11-0{n + 1}T00:00:00Z"
        store.add_capture(Capture(page.url, 200, "text/html", page.fetched_at, page.warc_file, page.warc_offset,
                                  page.warc_record_id))
        writer.add(page)
    store.record_crawl({"spider": "news", "started": f"2026-11-01T00:00:0{len(path.stem)}Z",
                        "warc_files": f'["{path.stem}-00000.warc.gz"]'})
    store.close()


def test_a_traditional_copy_in_another_archive_joins_its_story_with_its_own_copies(tmp_path):
    """Process 1 archived the story on a portal; process 2 a Traditional copy (and, as its copy, a
    mirror of it) and an unrelated story. Merged: two stories; the original outlet's copy is the
    story; the Traditional copy and its mirror are copies of it; every row points at its own record."""
    archive_with(tmp_path / "one.db", [Article(url="http://gmw.cn/a/1.html", title="警惕冒充客服诈骗", text=TEXT,
                                               site="光明网", source="光明日报", published="2026-10-01")])
    archive_with(tmp_path / "two.db", [
        Article(url="http://tibet.cn/b/2.html", title=S2T.convert("警惕冒充客服诈骗"), text=S2T.convert(TEXT),
                site="中国西藏网", source="光明日报", published="2026-10-01"),
        Article(url="http://mirror.example/b/2.html", title="警惕冒充客服诈骗", text=S2T.convert(TEXT)[:700],
                site="某网", published="2026-10-02"),
        Article(url="http://people.cn/c/3.html", title="刷单返利是诈骗", text=OTHER, site="人民网"),
    ])
    out = ArchiveDB.open(tmp_path / "merged.db")
    first, second = merge_into(out, tmp_path / "one.db"), merge_into(out, tmp_path / "two.db")
    out.close()
    assert first["articles_inserted"] == 1 and first["captures"] == 1
    assert second["articles_near"] + second["articles_exact"] == 1 and second["articles_inserted"] == 1
    assert second["copies"] == 1 and second["captures"] == 3
    db = sqlite_utils.Database(tmp_path / "merged.db")
    assert sorted(r["url"] for r in db.query("select url from articles")) == ["http://gmw.cn/a/1.html",
                                                                             "http://people.cn/c/3.html"]
    copies = {r["url"]: r["story"] for r in db.query(
        "select d.url, a.url as story from duplicates d join articles a on a.id = d.article_id")}
    assert copies == {"http://tibet.cn/b/2.html": "http://gmw.cn/a/1.html",
                      "http://mirror.example/b/2.html": "http://gmw.cn/a/1.html"}
    placed = list(db.query("select d.warc_record_id, c.warc_file, c.warc_offset from duplicates d "
                           "join captures c on c.id = d.capture_id order by d.url"))
    assert [r["warc_file"] for r in placed] == ["two-00000.warc.gz", "two-00000.warc.gz"]
    assert db["crawls"].count == 2 and db["merges"].count == 2
    assert db.execute("select count(distinct article_id) from lsh_bands").fetchone()[0] == 2


def test_merging_one_crawl_into_an_empty_archive_gives_the_same_archive(portal_crawl, tmp_path):
    """The sample portal's archive (stories, copies by URL, exact, near and Traditional) merged alone."""
    out = archive_cmd("merge", str(tmp_path / "merged.db"), str(portal_crawl.archive_dir / "archive.db"))
    assert out.returncode == 0, out.stderr
    merged = sqlite_utils.Database(tmp_path / "merged.db")
    stories = "select url, title, published, source, site, text_hash, relevance_score from articles order by url"
    copies = "select d.url, d.kind, a.url as story from duplicates d join articles a on a.id = d.article_id order by d.url"
    assert list(merged.query(stories)) == portal_crawl.rows(stories)
    assert list(merged.query(copies)) == portal_crawl.rows(copies) and portal_crawl.rows(copies)
    found = "select a.url from articles_bigrams b join articles a on a.id = b.rowid where articles_bigrams match '\"诈骗\"'"
    assert sorted(r["url"] for r in merged.query(found)) == sorted(r["url"] for r in portal_crawl.rows(found))


def test_an_output_that_is_one_of_the_inputs_is_refused(tmp_path):
    archive_with(tmp_path / "one.db", [Article(url="http://gmw.cn/a/1.html", title="t", text=TEXT, site="光明网")])
    out = archive_cmd("merge", str(tmp_path / "one.db"), str(tmp_path / "one.db"))
    assert out.returncode != 0 and "is the output itself" in out.stderr.decode()


def test_a_damaged_row_in_an_input_is_left_out_alone_and_said(tmp_path):
    """An input whose article has a text that is not text and another whose signature is cut short:
    the first is logged, counted and left out (with its copy); the second's signature is computed
    again; everything else is merged, and the damaged signature never becomes a candidate."""
    archive_with(tmp_path / "one.db", [
        Article(url="http://gmw.cn/a/1.html", title="t", text=TEXT, site="光明网"),
        Article(url="http://mirror.example/1.html", title="t", text=TEXT[:600], site="某网"),
        Article(url="http://people.cn/c/3.html", title="刷单返利是诈骗", text=OTHER, site="人民网"),
    ])
    db = sqlite_utils.Database(tmp_path / "one.db")
    db.execute("update articles set relevance_terms = '{not json' where url = 'http://gmw.cn/a/1.html'")
    db.execute("update article_signatures set signature = substr(signature, 1, 100) "
               "where article_id = (select id from articles where url = 'http://people.cn/c/3.html')")
    db.conn.commit()
    out = archive_cmd("merge", str(tmp_path / "merged.db"), str(tmp_path / "one.db"))
    assert out.returncode == 0, out.stderr
    assert "1 articles could not be read" in out.stderr.decode() and "with their 1 copies" in out.stderr.decode()
    merged = sqlite_utils.Database(tmp_path / "merged.db")
    assert [r["url"] for r in merged.query("select url from articles")] == ["http://people.cn/c/3.html"]
    assert merged.execute("select length(signature) from article_signatures").fetchone()[0] == 512
    assert merged["captures"].count == 3  # every capture is kept
    # in its own archive, the damaged signature is no candidate (its band keys were written while it was
    # whole): a near copy of that story is stored as a story of its own instead of failing to reshape it
    store = ArchiveDB.open(tmp_path / "one.db")
    near = Article(url="http://x.cn/9.html", title="t", text=OTHER[: len(OTHER) * 2 // 3], site="某网")
    assert DedupWriter(store).add(near).kind == "inserted"
    store.close()
