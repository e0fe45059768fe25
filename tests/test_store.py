"""archive.store: schema, idempotent writes, foreign databases. Real SQLite files."""
from __future__ import annotations

import sqlite3

import pytest

from archive.article import Article, Capture
from archive.store import ArchiveDB, ArchiveError


def capture(record_id: str = "<urn:uuid:1>") -> Capture:
    return Capture(url="http://a.example/1.htm", status=200, content_type="text/html", fetched_at="2026-11-01T00:00:00Z",
                   warc_file="x.warc.gz", warc_offset=10, warc_record_id=record_id)


def test_schema_and_writes(tmp_path):
    store = ArchiveDB.open(tmp_path / "a.db")
    first = store.add_capture(capture())
    assert store.add_capture(capture()) == first  # same record, same row
    article = Article(url="http://a.example/1.htm", title="标题", text="正文" * 50, site="样例网", warc_record_id="<urn:uuid:1>")
    assert store.add_article(article) is not None
    assert store.add_article(article) is None  # an archived URL is not stored again
    [row] = store.articles()
    assert row["capture_id"] == first and row["length"] == 100
    assert {"site", "published"} <= {c for idx in store.db["articles"].indexes for c in idx.columns}
    store.close()
    reopened = ArchiveDB.open(tmp_path / "a.db", create=False)  # migrations already applied: a no-op
    assert reopened.counts() == {"captures": 1, "articles": 1, "duplicates": 0}
    reopened.close()


def test_missing_and_foreign_databases_are_refused(tmp_path):
    with pytest.raises(ArchiveError, match="no archive"):
        ArchiveDB.open(tmp_path / "none.db", create=False)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("create table t (x)").connection.commit()
    with pytest.raises(ArchiveError, match="not an archive"):
        ArchiveDB.open(foreign, create=False)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError):
        ArchiveDB.open(garbage)


def count(path, table: str) -> int:
    """Rows another connection sees (what is committed)."""
    other = sqlite3.connect(path)
    try:
        return other.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        other.close()


def article(n: int) -> Article:
    return Article(url=f"http://a.example/{n}.htm", title=f"标题{n}", text=f"第{n}篇正文" * 40, site="样例网",
                   warc_record_id=f"<urn:uuid:{n}>")


def test_group_commit_commits_when_due_and_on_close(tmp_path):
    path = tmp_path / "a.db"
    store = ArchiveDB.open(path)
    store.group_commits(3600)
    for n in range(3):
        with store.writing():
            store.add_capture(capture(f"<urn:uuid:{n}>"))
            store.insert_article(article(n))
    assert store.in_group and count(path, "articles") == 0  # one open transaction, not yet due
    assert store.commit_due(force=True) and count(path, "articles") == 3
    assert count(path, "articles_bigrams") == 3 and count(path, "captures") == 3
    store.group_commits(0.0)  # due at once: every write commits
    with store.writing():
        store.insert_article(article(3))
    assert count(path, "articles") == 4
    store.group_commits(3600)
    with store.writing():
        store.insert_article(article(4))
    store.close()  # commits what the group holds
    assert count(path, "articles") == 5


def test_a_failed_write_in_a_group_rolls_it_back_and_refuses_more(tmp_path):
    path = tmp_path / "a.db"
    store = ArchiveDB.open(path)
    store.group_commits(3600)
    with store.writing():
        store.insert_article(article(1))
    store.commit_due(force=True)
    with store.writing():
        store.insert_article(article(2))
    with pytest.raises(sqlite3.IntegrityError):
        with store.writing():  # the same capture row id twice: the second insert fails half-way
            store.insert_row("captures", {"id": 1, **capture("<urn:uuid:a>").as_row()})
            store.insert_row("captures", {"id": 1, **capture("<urn:uuid:b>").as_row()})
    assert store.failed and not store.in_group
    with pytest.raises(sqlite3.OperationalError, match="earlier failure"):
        with store.writing():
            store.insert_article(article(3))
    store.close()
    reopened = ArchiveDB.open(path)  # what was committed, whole; nothing of the failed group
    assert [a["url"] for a in reopened.articles()] == ["http://a.example/1.htm"]
    assert reopened.counts()["captures"] == 0 and count(path, "articles_bigrams") == 1
    reopened.close()


def test_an_old_archive_opens_and_gets_todays_derived_values(tmp_path):
    """An archive from before m003 (no dedup keys, no full-text index): the migrations change the
    schema only; the keys and index entries of its rows come from today's code, as a new row's do."""
    import sqlite_utils

    from archive.dedup import canonical_url, exact_key, normalise_text
    from archive.migrations import migrations

    db = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m003_relevance_and_duplicates")
    text = "警方提醒：冒充客服退款是电信网络诈骗，接到此类电话请立即挂断。"
    db["articles"].insert({"url": "http://www.gmw.cn/2024-02/23/content_1.htm?utm_source=x", "title": "反诈提醒",
                           "text": text})
    db.close()
    store = ArchiveDB.open(tmp_path / "old.db", create=False)
    try:
        [row] = store.rows("select canonical_url, text_hash from articles")
        assert row == {"canonical_url": canonical_url("http://www.gmw.cn/2024-02/23/content_1.htm?utm_source=x"),
                       "text_hash": exact_key(normalise_text(text))}
        assert [r["title"] for r in store.search("冒充客服")] == ["反诈提醒"]
    finally:
        store.close()


def test_the_bigram_index_keeps_no_copy_of_its_words(tmp_path):
    """m010: an archive whose articles_bigrams stored every bigram a second time (its _content table)
    gets a contentless index, refilled from the articles; a search finds what it found, and an article
    replaced by a better copy leaves no trace of its old words in the index."""
    import sqlite_utils

    from archive.migrations import migrations
    from archive.search import index_entries

    db = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m010_contentless_bigrams")
    old_text = "警方提醒：冒充客服退款是电信网络诈骗，接到此类电话请立即挂断。"
    db["articles"].insert({"id": 1, "url": "http://a.example/1.htm", "title": "反诈提醒", "text": old_text})
    entries = index_entries("反诈提醒", old_text)  # both indexes, as the code before m010 wrote them
    db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (1, ?, ?)", [entries.title, entries.text])
    db.execute("INSERT INTO articles_bigrams(rowid, words) VALUES (1, ?)", [entries.bigrams])
    db.conn.commit()
    assert "articles_bigrams_content" in db.table_names()
    db.close()
    store = ArchiveDB.open(tmp_path / "old.db", create=False)
    try:
        assert "articles_bigrams_content" not in store.db.table_names()
        assert [r["id"] for r in store.search("冒充客服")] == [1]
        new = Article(url="http://b.example/2.htm", title="反诈提醒", site="乙网",
                      text="民警提示：刷单返利都是骗局，陌生人发来的兼职链接不要点。")
        store.replace_canonical(1, new, "near", 0.9, None)
        store.commit_due(force=True)
        assert store.search("冒充客服") == [] and [r["id"] for r in store.search("刷单返利")] == [1]
        assert store.db.execute("select count(*) from articles_bigrams").fetchone()[0] == 1
    finally:
        store.close()


def test_migrations_call_no_live_code():
    import ast
    import inspect

    from archive import migrations

    imported = {node.module for node in ast.walk(ast.parse(inspect.getsource(migrations)))
                if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m and m.startswith("archive")}, imported


def test_a_search_past_rank_within_ranks_the_most_recent_matches(tmp_path):
    store = ArchiveDB.open(tmp_path / "a.db")
    ids = []
    for n in range(30):
        mentions = 12 if n == 3 else 1 + n % 3  # article 3, an old one, says it most
        text = "记者走访了社区。" * 5 + "反诈宣传进社区。" * mentions + f"第{n}篇。"
        ids.append(store.add_article(Article(url=f"http://a.example/{n}.htm", title=f"稿件{n}", text=text,
                                             site="样例网")))
    everything = store.search("反诈", limit=30)
    assert len(everything) == 30 and everything[0]["id"] == ids[3]  # all ranked: the old one is best
    store.RANK_WITHIN = 10
    recent = store.search("反诈", limit=30)
    assert {row["id"] for row in recent} == set(ids[-10:])  # only the 10 most recently archived
    ranks = [row["rank"] for row in recent]
    assert ranks == sorted(ranks) and ranks[0] < ranks[-1]  # and still best first
    assert [row["id"] for row in store.search("第3篇")] == [ids[3]]  # a rare term is found wherever it is
    store.close()
