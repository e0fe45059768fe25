"""The SQLite archive: schema (as sqlite-utils migrations) and every read and write.

Tables:

``captures``
    every HTTP exchange written to the WARC files (listing pages, redirects and errors too)
``articles``
    one row per archived article, pointing at the WARC record it was extracted from
"""
from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from archive.article import Article, Capture
from archive.warc import RevisitTarget

logger = logging.getLogger(__name__)

migrations = Migrations("archive")


@migrations()
def m001_captures_and_articles(db: sqlite_utils.Database) -> None:
    db["captures"].create(
        {
            "id": int,
            "url": str,
            "method": str,
            "status": int,
            "content_type": str,
            "fetched_at": str,
            "warc_file": str,
            "warc_offset": int,
            "warc_record_id": str,
            "record_type": str,
            "payload_digest": str,
            "length": int,
            "truncated": str,
            "ip_address": str,
        },
        pk="id",
        not_null={"url", "status", "fetched_at", "warc_file", "warc_offset", "warc_record_id"},
    )
    db["captures"].create_index(["warc_record_id"], unique=True)
    db["captures"].create_index(["url"])
    db["captures"].create_index(["warc_file", "warc_offset"])
    db["articles"].create(
        {
            "id": int,
            "url": str,
            "site": str,
            "title": str,
            "published": str,
            "source": str,
            "author": str,
            "editor": str,
            "text": str,
            "lang": str,
            "length": int,
            "capture_id": int,
            "warc_file": str,
            "warc_offset": int,
            "warc_record_id": str,
            "fetched_at": str,
        },
        pk="id",
        not_null={"url", "text"},
        foreign_keys=[("capture_id", "captures", "id")],
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["site"])
    db["articles"].create_index(["published"])


@migrations()
def m002_payload_digest_index(db: sqlite_utils.Database) -> None:
    """The persistent digest index behind revisit records."""
    db["captures"].create_index(["payload_digest"])


class ArchiveError(Exception):
    """The database is missing, foreign to this project, or cannot be written."""


class Archive:
    """One SQLite archive file. Open with :meth:`open`; close with :meth:`close`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = True) -> "Archive":
        """Open (and create or migrate) the archive at ``path``."""
        path = Path(path)
        if not create and not path.exists():
            raise ArchiveError(f"no archive at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite_utils.Database(path)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            if not create:
                tables = set(db.table_names())
                if "articles" not in tables or "_sqlite_migrations" not in tables:
                    raise ArchiveError(f"{path} is not an archive of this project (no articles table)")
            migrations.apply(db)
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{path}: {exc}") from exc
        return cls(db, path)

    @classmethod
    def memory(cls) -> "Archive":
        db = sqlite_utils.Database(memory=True)
        migrations.apply(db)
        return cls(db)

    def close(self) -> None:
        self.db.close()

    # -- writes ------------------------------------------------------------
    def add_capture(self, capture: Capture) -> int:
        """Record one capture (idempotent on its WARC record id); return its row id."""
        existing = self.capture_id(capture.warc_record_id)
        if existing is not None:
            return existing
        return self.db["captures"].insert(capture.as_row()).last_pk

    def add_article(self, article: Article) -> int | None:
        """Store an article; None (and nothing written) when its URL is archived already."""
        if self.has_article(article.url):
            return None
        row = article.as_row()
        row["capture_id"] = self.capture_id(article.warc_record_id) if article.warc_record_id else None
        return self.db["articles"].insert(row).last_pk

    # -- reads -------------------------------------------------------------
    def capture_id(self, warc_record_id: str | None) -> int | None:
        if not warc_record_id:
            return None
        rows = list(self.db.query("select id from captures where warc_record_id = ?", [warc_record_id]))
        return rows[0]["id"] if rows else None

    def revisit_target(self, payload_digest: str) -> RevisitTarget | None:
        """Where a successful response with this payload was first archived, in any crawl."""
        rows = list(self.db.query(
            "select warc_record_id, url, fetched_at from captures where payload_digest = ? "
            "and record_type = 'response' and status between 200 and 299 order by id limit 1",
            [payload_digest],
        ))
        if not rows:
            return None
        return RevisitTarget(rows[0]["warc_record_id"], rows[0]["url"], rows[0]["fetched_at"])

    def capture_location(self, warc_record_id: str) -> tuple[str, int] | None:
        """``(warc_file, warc_offset)`` of a record."""
        rows = list(self.db.query(
            "select warc_file, warc_offset from captures where warc_record_id = ?", [warc_record_id]
        ))
        return (rows[0]["warc_file"], rows[0]["warc_offset"]) if rows else None

    def has_article(self, url: str) -> bool:
        return bool(list(self.db.query("select 1 from articles where url = ? limit 1", [url])))

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in ("captures", "articles")}

    def articles(self) -> list[dict]:
        return list(self.db.query("select * from articles order by id"))
