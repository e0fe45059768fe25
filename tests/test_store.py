"""archive.store: schema, idempotent writes, foreign databases. Real SQLite files."""
from __future__ import annotations

import sqlite3

import pytest

from archive.article import Article, Capture
from archive.store import Archive, ArchiveError


def capture(record_id: str = "<urn:uuid:1>") -> Capture:
    return Capture(url="http://a.example/1.htm", status=200, content_type="text/html", fetched_at="2026-11-01T00:00:00Z",
                   warc_file="x.warc.gz", warc_offset=10, warc_record_id=record_id)


def test_schema_and_writes(tmp_path):
    store = Archive.open(tmp_path / "a.db")
    first = store.add_capture(capture())
    assert store.add_capture(capture()) == first  # same record, same row
    article = Article(url="http://a.example/1.htm", title="标题", text="正文" * 50, site="样例网", warc_record_id="<urn:uuid:1>")
    assert store.add_article(article) is not None
    assert store.add_article(article) is None  # an archived URL is not stored again
    [row] = store.articles()
    assert row["capture_id"] == first and row["length"] == 100
    assert {"site", "published"} <= {c for idx in store.db["articles"].indexes for c in idx.columns}
    store.close()
    reopened = Archive.open(tmp_path / "a.db", create=False)  # migrations already applied: a no-op
    assert reopened.counts() == {"captures": 1, "articles": 1, "duplicates": 0}
    reopened.close()


def test_missing_and_foreign_databases_are_refused(tmp_path):
    with pytest.raises(ArchiveError, match="no archive"):
        Archive.open(tmp_path / "none.db", create=False)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("create table t (x)").connection.commit()
    with pytest.raises(ArchiveError, match="not an archive"):
        Archive.open(foreign, create=False)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError):
        Archive.open(garbage)
