"""The SQLite archive: every read and write (the schema is archive.migrations).

Tables:

``captures``
    every HTTP exchange written to the WARC files (listing pages, redirects and errors too)
``articles``
    one row per story (its canonical copy), pointing at the WARC record it was extracted from
``duplicates``
    every other copy of a story: its URL and site, ``kind`` (url / exact / near), similarity
``article_signatures``
    the MinHash signature of each article, so that tomorrow's crawl knows today's articles
``sites``
    each portal, by the name articles carry (光明网)
``crawls``
    one row per crawl run: spider, times, finish reason, counts
``stories``, ``articles_per_site_month`` (views), ``articles_fts``, ``articles_bigrams`` (full text)
"""
from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import sqlite_utils

from archive.article import CAPTURE_COLUMNS, Article, Capture
from archive.migrations import migrations
from archive.search import IndexEntries, index_entries

logger = logging.getLogger(__name__)

#: articles read at a time when an index is refilled after a migration
BACKFILL_BATCH = 500


def backfill_derived(db: sqlite_utils.Database) -> None:
    """Fill in what a migration added for rows stored before it (dedup keys, shingle counts,
    full-text entries), with today's code: the same values new articles get. Runs after a migration."""
    from archive.dedup import canonical_url, exact_key, normalise_text, shingles

    for row in list(db.query("select id, url, text from articles where canonical_url is null or text_hash is null")):
        db["articles"].update(row["id"], {"canonical_url": canonical_url(row["url"]),
                                          "text_hash": exact_key(normalise_text(row["text"]))})
    for row in list(db.query("select a.id, a.text from articles a join article_signatures s on s.article_id = a.id "
                             "where s.shingles is null")):
        db["article_signatures"].update(row["id"], {"shingles": len(shingles(normalise_text(row["text"])))})
    missing = [row[0] for row in db.execute("select id from articles where id not in (select rowid from articles_bigrams)")]
    if missing:
        logger.info("indexing %d articles in articles_bigrams", len(missing))
    for start in range(0, len(missing), BACKFILL_BATCH):  # a batch of texts in memory at a time, not the archive
        batch = missing[start : start + BACKFILL_BATCH]
        rows = db.execute(f"select id, title, text from articles where id in ({', '.join('?' * len(batch))})", batch)
        db.conn.executemany("INSERT INTO articles_bigrams(rowid, words) VALUES (?, ?)",
                            [(id_, index_entries(title, text).bigrams) for id_, title, text in rows.fetchall()])
    for row in list(db.query("select article_id, signature from article_signatures where signature is not null and "
                             "article_id not in (select article_id from lsh_bands)")):
        add_bands(db, row["article_id"], row["signature"])


def signature_keys(signature: bytes | None) -> list[int]:
    """The LSH band keys (``archive.dedup.band_keys``) of a stored signature; none for one that is
    not a whole signature (a damaged or foreign archive's), which is then never a candidate."""
    from archive.dedup import NUM_PERM, band_keys

    if not isinstance(signature, bytes) or len(signature) != NUM_PERM * 4:
        return []
    return band_keys(np.frombuffer(signature, dtype=np.uint32)).tolist()


def add_bands(db: sqlite_utils.Database, article_id: int, signature: bytes) -> None:
    """Index an article's signature by its LSH band keys."""
    db.conn.executemany("INSERT OR IGNORE INTO lsh_bands (band, article_id) VALUES (?, ?)",
                        [(key, article_id) for key in signature_keys(signature)])


def remove_bands(db: sqlite_utils.Database, article_id: int, signature: bytes) -> None:
    db.conn.executemany("DELETE FROM lsh_bands WHERE band = ? AND article_id = ?",
                        [(key, article_id) for key in signature_keys(signature)])


def index_article(db: sqlite_utils.Database, article_id: int, title: str | None, text: str | None,
                  entries: IndexEntries | None = None) -> None:
    """Add an article to both full-text indexes (Simplified script); ``entries``: computed already."""
    entries = entries or index_entries(title, text)
    db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)", [article_id, entries.title, entries.text])
    db.execute("INSERT INTO articles_bigrams(rowid, words) VALUES (?, ?)", [article_id, entries.bigrams])


def unindex_article(db: sqlite_utils.Database, article_id: int, title: str | None, text: str | None) -> None:
    """Remove an article from both indexes: the external-content and the contentless index both need
    the values they were given, which are computed again from the stored title and text."""
    entries = index_entries(title, text)
    db.execute("INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
               [article_id, entries.title, entries.text])
    db.execute("INSERT INTO articles_bigrams(articles_bigrams, rowid, words) VALUES ('delete', ?, ?)",
               [article_id, entries.bigrams])


def snippet(text: str, term: str, width: int = 30) -> str:
    """The text around the first place ``term`` occurs (compared in Simplified script).

    >>> snippet("一二三四五六七八九十电信诈骗一二三四五六七八九十", "電信詐騙", 4)
    '…七八九十[电信诈骗]一二三四…'
    """
    from archive.search import searchable

    flat_text = searchable(text).replace("\n", " ")
    at = flat_text.find(searchable(term)) if term else -1
    if at < 0:
        return flat_text[: width * 2] + ("…" if len(flat_text) > width * 2 else "")
    end = at + len(term)
    return (("…" if at > width else "") + flat_text[max(0, at - width) : at] + "[" + flat_text[at:end] + "]"
            + flat_text[end : end + width] + ("…" if end + width < len(flat_text) else ""))


#: a writer waits this long for another process's write transaction (a crawl's groups last about 1 s)
BUSY_TIMEOUT_MS = 15_000


class ArchiveError(Exception):
    """The database is missing, foreign to this project, or cannot be written."""


class ArchiveDB:
    """One SQLite archive file. Open with :meth:`open`; close with :meth:`close`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        self.commit_interval = 0.0
        self.group_started: float | None = None
        self.known_sites: set[str] = set()
        self.failed: str | None = None  # why a group was rolled back: no more writes through this connection

    # -- group commit ------------------------------------------------------------
    def group_commits(self, interval: float) -> None:
        """Writes made within ``interval`` seconds share one transaction (0: each write commits on
        its own). A commit costs more than a row (the WAL frames, and a new segment in each
        full-text index), so a crawl commits about once a second; what a crash loses is the
        last second's rows, which the WARC files still hold (``rebuild``)."""
        self.commit_interval = interval

    @contextmanager
    def writing(self) -> Iterator[ArchiveDB]:
        """Wrap a write: it joins the open group (begun here if none is), which commits once due."""
        if self.failed:
            raise sqlite3.OperationalError(f"no more writes after an earlier failure ({self.failed})")
        if self.commit_interval > 0 and not self.db.conn.in_transaction:
            self.begin_immediate()
            self.group_started = time.monotonic()
        try:
            yield self
        except BaseException as exc:  # half a write may be in the group: none of it stays
            if self.in_group:
                self.abandon_group(exc)
            raise
        try:
            self.commit_due()
        except sqlite3.Error as exc:
            self.abandon_group(exc)
            raise

    def begin_immediate(self) -> None:
        """Open a write transaction now (``BEGIN IMMEDIATE``), waiting up to the connection's busy
        timeout for another process's writer. A deferred ``BEGIN`` that reads before it writes
        cannot wait: its first write fails at once with "database is locked"."""
        self.db.conn.execute("BEGIN IMMEDIATE")

    @property
    def in_group(self) -> bool:
        return self.group_started is not None and self.db.conn.in_transaction

    @contextmanager
    def transaction(self) -> Iterator[ArchiveDB]:
        """Several writes that stand or fall together. Outside a group: a transaction (a savepoint
        within one). Inside a group: no savepoint (each one would make both full-text indexes
        write out what they hold, the very cost a group saves); a failure rolls back the whole
        group instead, and says so."""
        if not self.in_group:
            if self.db.conn.in_transaction:  # nested: a savepoint within the open transaction
                try:
                    with self.db.atomic():
                        yield self
                except BaseException:
                    self.known_sites.clear()  # a site row may have gone with the rollback
                    raise
                return
            self.begin_immediate()
            try:
                yield self
            except BaseException:
                self.db.rollback()
                self.known_sites.clear()  # a site row may have gone with the rollback
                raise
            self.db.commit()
            return
        try:
            yield self
        except BaseException as exc:
            self.abandon_group(exc)
            raise

    def abandon_group(self, reason: BaseException | str) -> None:
        """Roll back the open group after a failed write or commit, say what went, and refuse
        further writes: what is committed stays exactly as it was (rows of the rolled-back group
        are gone, so no later row may point at them; a crawl's in-memory dedup index may)."""
        self.failed = str(reason) or type(reason).__name__
        self.known_sites.clear()  # a site row may have gone with it
        started = self.group_started
        self.group_started = None
        try:
            self.db.rollback()
        except sqlite3.Error as exc:
            logger.error("archive database: rollback failed too: %s", exc)
        if started is not None:
            logger.error("archive database: the last %.1f s of rows were rolled back (the WARC files hold those "
                         "pages: `python -m archive rebuild` restores them)", time.monotonic() - started)

    def insert_row(self, table: str, row: dict, verb: str = "INSERT") -> int:
        """One plain ``INSERT`` (sqlite-utils' insert checks the table's schema, and opens a
        savepoint, at every call: too slow for the crawl's every page)."""
        columns = ", ".join(f"[{name}]" for name in row)
        cursor = self.db.conn.execute(f"{verb} INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})",
                                      list(row.values()))
        return cursor.lastrowid

    def commit_due(self, force: bool = False) -> bool:
        """Commit the open group if it is ``commit_interval`` old (or ``force``); True if it did."""
        if not self.db.conn.in_transaction or self.group_started is None:
            return False
        if not force and time.monotonic() - self.group_started < self.commit_interval:
            return False
        self.db.commit()
        self.group_started = None
        return True

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = True) -> ArchiveDB:
        """Open (and create or migrate) the archive at ``path``."""
        path = Path(path)
        if not create and not path.exists():
            raise ArchiveError(f"no archive at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite_utils.Database(path)
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # how long a write waits for another writer
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            if not create:
                tables = set(db.table_names())
                if "articles" not in tables or "_sqlite_migrations" not in tables:
                    raise ArchiveError(f"{path} is not an archive of this project (no articles table)")
            pending = migrations.pending(db)
            migrations.apply(db)
            if pending:
                backfill_derived(db)
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{path}: {exc}") from exc
        return cls(db, path)

    def close(self) -> None:
        """Commit what a group (or any write outside one) holds, then close."""
        try:
            self.commit_due(force=True)
            if self.db.conn.in_transaction and not self.failed:
                self.db.commit()
        finally:
            self.db.close()

    # -- writes ------------------------------------------------------------
    def add_capture(self, capture: Capture) -> int:
        """Record one capture (idempotent on its WARC record id); return its row id."""
        existing = self.capture_id(capture.warc_record_id)
        if existing is not None:
            return existing
        with self.transaction():
            return self.insert_row("captures", capture.as_row())

    def add_new_captures(self, captures: list[Capture]) -> None:
        """Record captures just written (their WARC record ids are new: not looked up), in one
        statement."""
        names = CAPTURE_COLUMNS
        with self.transaction():
            self.db.conn.executemany(
                f"INSERT INTO captures ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' * len(names))})",
                [capture.values() for capture in captures])

    def article_row(self, article: Article) -> dict:
        row = article.as_row()
        row["capture_id"] = self.capture_id(article.warc_record_id) if article.warc_record_id else None
        return row

    def ensure_site(self, name: str | None, url: str, seen: str | None) -> None:
        if name and name not in self.known_sites:
            self.insert_row("sites", {"name": name, "host": urlsplit(url).hostname, "first_seen": seen},
                            "INSERT OR IGNORE")
            self.known_sites.add(name)

    def insert_article(self, article: Article, signature: bytes | None = None, shingle_count: int = 0,
                       entries: IndexEntries | None = None) -> int:
        """Store a new article (its site, its MinHash signature, its full-text ``entries``)."""
        with self.transaction():
            self.ensure_site(article.site, article.url, article.fetched_at)
            article_id = self.insert_row("articles", self.article_row(article))
            if signature is not None:
                self.save_signature(article_id, signature, shingle_count)
            index_article(self.db, article_id, article.title, article.text, entries)
        return article_id

    def save_signature(self, article_id: int, signature: bytes, shingle_count: int) -> None:
        """Set an article's signature. An UPDATE, else a plain INSERT: not ``INSERT OR REPLACE``,
        whose statement journal makes the full-text indexes write out what they hold."""
        old = self.db.conn.execute("SELECT signature FROM article_signatures WHERE article_id = ?", [article_id]).fetchone()
        if old is not None:
            if old[0]:
                remove_bands(self.db, article_id, old[0])
            self.db.conn.execute("UPDATE article_signatures SET signature = ?, shingles = ? WHERE article_id = ?",
                                 [signature, shingle_count, article_id])
        else:
            self.insert_row("article_signatures", {"article_id": article_id, "signature": signature,
                                                   "shingles": shingle_count})
        add_bands(self.db, article_id, signature)

    def add_duplicate(self, article_id: int, copy: Article, kind: str, similarity: float) -> int:
        """Record another copy of an archived article: where it was, how alike (its site too)."""
        row = self.article_row(copy)
        fields = {k: row.get(k) for k in ("url", "canonical_url", "site", "title", "published", "source", "capture_id",
                                           "warc_file", "warc_offset", "warc_record_id", "fetched_at")}
        fields.update(article_id=article_id, kind=kind, similarity=round(similarity, 4))
        with self.transaction():
            self.ensure_site(copy.site, copy.url, copy.fetched_at)
            return self.insert_row("duplicates", fields)

    def replace_canonical(self, article_id: int, new: Article, kind: str, similarity: float,
                          signature: bytes | None, shingle_count: int = 0, entries: IndexEntries | None = None) -> None:
        """``new`` becomes the article (same id, so its copies keep pointing at it); the copy it
        replaces becomes a row of ``duplicates``."""
        old = self.article(article_id)
        old_copy = Article(url=old["url"], title=old["title"], published=old["published"], source=old["source"],
                           site=old["site"], text=old["text"], warc_file=old["warc_file"],
                           warc_offset=old["warc_offset"], warc_record_id=old["warc_record_id"],
                           fetched_at=old["fetched_at"], canonical_url=old["canonical_url"])
        with self.transaction():
            self.add_duplicate(article_id, old_copy, kind, similarity)
            unindex_article(self.db, article_id, old["title"], old["text"])
            self.ensure_site(new.site, new.url, new.fetched_at)
            self.db["articles"].update(article_id, self.article_row(new))
            index_article(self.db, article_id, new.title, new.text, entries)
            if signature is not None:
                self.save_signature(article_id, signature, shingle_count)

    def add_article(self, article: Article) -> int | None:
        """Store an article without deduplication; None when its URL is archived already."""
        if self.has_article(article.url):
            return None
        return self.insert_article(article)

    # -- reads -------------------------------------------------------------
    def rows(self, sql: str, params: list | tuple = ()) -> list[dict]:
        """Rows of a SELECT, as dicts. Not sqlite-utils' ``query()``: that wraps each statement in a
        savepoint, and inside a group every savepoint makes both full-text indexes write out."""
        cursor = self.db.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]

    def capture_id(self, warc_record_id: str | None) -> int | None:
        if not warc_record_id:
            return None
        rows = self.rows("select id from captures where warc_record_id = ?", [warc_record_id])
        return rows[0]["id"] if rows else None

    def capture_location(self, warc_record_id: str) -> tuple[str, int] | None:
        """``(warc_file, warc_offset)`` of a record."""
        rows = self.rows(
            "select warc_file, warc_offset from captures where warc_record_id = ?", [warc_record_id]
        )
        return (rows[0]["warc_file"], rows[0]["warc_offset"]) if rows else None

    def article(self, article_id: int) -> dict:
        rows = self.rows("select * from articles where id = ?", [article_id])
        if not rows:
            raise KeyError(f"no article {article_id}")
        return rows[0]

    def article_text(self, article_id: int) -> str:
        rows = self.rows("select text from articles where id = ?", [article_id])
        return rows[0]["text"] if rows else ""

    def article_by_url_key(self, key: str) -> int | None:
        """The article archived under this canonical URL, itself or as one of its copies."""
        for sql in ("select id from articles where canonical_url = ? limit 1",
                    "select article_id as id from duplicates where canonical_url = ? limit 1"):
            rows = self.rows(sql, [key])
            if rows:
                return rows[0]["id"]
        return None

    def article_by_text_hash(self, text_hash: str) -> int | None:
        rows = self.rows("select id from articles where text_hash = ? limit 1", [text_hash])
        return rows[0]["id"] if rows else None

    def is_known_url(self, url: str) -> bool:
        """Was this exact URL archived, as an article or as a copy of one?"""
        return self.has_article(url) or bool(self.rows("select 1 from duplicates where url = ? limit 1", [url]))

    #: a search ranks at most this many matches, the most recently archived (see :meth:`search`)
    RANK_WITHIN = 5000

    def search(self, term: str, limit: int = 20) -> list[dict]:
        """Articles containing ``term`` (any script, two characters or more), best first (bm25). A term
        found in more than :attr:`RANK_WITHIN` articles: the best of the most recently archived ones."""
        from archive.search import bigram_query, query_words, searchable

        words = query_words(term)
        first_word = words[0] if words else ""
        query = bigram_query(term)
        if query:
            # bm25 ranks every match: a common term (诈骗) matches most of a large archive. Past
            # RANK_WITHIN matches, only the most recently archived RANK_WITHIN are ranked (FTS5 walks
            # a term's rowids newest first and stops there), so the cost no longer grows with the archive
            bound = self.rows("select rowid from articles_bigrams where articles_bigrams match ? "
                              "order by rowid desc limit 1 offset ?", [query, self.RANK_WITHIN - 1])
            rows = self.rows(
                "select a.id, a.site, a.published, a.title, a.url, a.text, bm25(articles_bigrams) as rank "
                "from articles_bigrams join articles a on a.id = articles_bigrams.rowid "
                "where articles_bigrams match ? and articles_bigrams.rowid >= ? order by rank limit ?",
                [query, bound[0]["rowid"] if bound else 0, limit],
            )
        else:  # a single character: no index can help, scan
            rows = self.rows(
                "select id, site, published, title, url, text, 0 as rank from articles "
                "where instr(title || text, ?) > 0 order by published desc limit ?", [searchable(first_word).strip(), limit])
        for row in rows:
            row["snippet"] = snippet((row["title"] or "") + "。" + row.pop("text"), first_word)
        return rows

    # -- what the command line and the report read ---------------------------------------------
    def per_site(self) -> list[dict]:
        """Each portal with its stories and copies, most stories first."""
        return self.rows("select s.name, (select count(*) from articles a where a.site = s.name) as stories, "
                         "(select count(*) from duplicates d where d.site = s.name) as copies from sites s "
                         "order by stories desc")

    def last_crawls(self, n: int) -> list[dict]:
        return self.rows("select * from crawls order by id desc limit ?", [n])

    def copies_of(self, article_id: int) -> list[dict]:
        return self.rows("select kind, similarity, site, url from duplicates where article_id = ? order by id",
                         [article_id])

    def export_rows(self, site: str | None = None, since: str | None = None) -> tuple[int, Iterator[dict]]:
        """How many articles match, and the articles (oldest first, with their number of copies)."""
        where, params = [], []
        if site:
            where.append("a.site = ?")
            params.append(site)
        if since:
            where.append("a.published >= ?")
            params.append(since)
        sql = ("select a.*, (select count(*) from duplicates d where d.article_id = a.id) as copies from articles a"
               + (" where " + " and ".join(where) if where else "") + " order by a.published, a.id")
        total = self.rows(f"select count(*) as n from ({sql})", params)[0]["n"]
        return total, self.db.query(sql, params)

    def report_rows(self, top: int) -> dict:
        """What the report draws: months, portals (most articles first), articles per (month, portal),
        the ``top`` lexicon terms and the ``top`` most republished stories."""
        return {
            "months": [r["month"] for r in self.rows(
                "select distinct month from articles where month is not null order by month")],
            "sites": [r["site"] for r in self.rows(
                "select site, count(*) as n from articles group by site order by n desc")],
            "counts": {(r["month"], r["site"]): r["n"] for r in self.rows(
                "select month, site, count(*) as n from articles where month is not null group by month, site")},
            "terms": self.rows(
                "select j.key as term, count(*) as articles, sum(j.value) as occurrences from articles, "
                "json_each(articles.relevance_terms) j group by j.key order by articles desc, term limit ?", [top]),
            "clusters": self.rows(
                "select a.id, a.title, a.site, a.published, count(d.id) as copies, group_concat(distinct d.site) "
                "as copied_by from articles a join duplicates d on d.article_id = a.id group by a.id "
                "order by copies desc, a.published desc limit ?", [top]),
        }

    def record_crawl(self, row: dict) -> int:
        return self.db["crawls"].insert(row).last_pk

    def near_candidates(self, keys: list[int]) -> list[tuple[int, bytes, int]]:
        """``(article_id, signature bytes, shingle count)`` of the articles sharing an LSH band key
        with ``keys`` (``archive.dedup.band_keys``): one look-up in the band index per key."""
        from archive.dedup import NUM_PERM

        marks = ", ".join("?" * len(keys))
        cursor = self.db.conn.execute(
            f"SELECT article_id, signature, shingles FROM article_signatures WHERE article_id IN "
            f"(SELECT article_id FROM lsh_bands WHERE band IN ({marks})) AND length(signature) = ?",
            [*keys, NUM_PERM * 4])
        return [(row[0], row[1], row[2] or 0) for row in cursor]

    def validators(self, url: str, spider: str) -> tuple[str | None, str | None]:
        """``(ETag, Last-Modified)`` for a conditional request of ``url``: from its last capture, if that
        capture was whole and was made before ``spider``'s last clean finish. A listing captured by a
        crawl that was killed or stopped may list articles that crawl never fetched: no validators
        then, so the listing is read again."""
        last = self.rows("select finished from crawls where spider = ? and finish_reason = 'finished' "
                         "order by id desc limit 1", [spider])
        rows = self.rows("select status, truncated, fetched_at, etag, last_modified from captures "
                         "where url = ? order by id desc limit 1", [url])
        if not last or not rows or rows[0]["status"] != 200 or rows[0]["truncated"]:
            return None, None
        if (rows[0]["fetched_at"] or "")[:19] > (last[0]["finished"] or "")[:19]:
            return None, None
        return rows[0]["etag"], rows[0]["last_modified"]

    def url_templates(self, sites: list[str] | None = None) -> list[dict]:
        """Learnt article URL templates (of ``sites`` and their subdomains only, if given), most used first."""
        if sites is not None:
            where = " or ".join(["site = ? or site like ?"] * len(sites)) or "0"
            params = [value for site in sites for value in (site, f"%.{site}")]
            return self.rows(f"select * from url_templates where {where} order by site, pages desc", params)
        return self.rows("select * from url_templates order by site, pages desc")

    def save_url_templates(self, rows: list[dict]) -> None:
        """Insert or update learnt templates (``site``, ``template``, ``pages``, ``listings``,
        ``first_seen``, ``last_seen``); the first sighting of a known one is kept."""
        with self.transaction():
            for row in rows:
                self.db.execute(
                    "insert into url_templates (site, template, pages, listings, first_seen, last_seen) "
                    "values (:site, :template, :pages, :listings, :first_seen, :last_seen) "
                    "on conflict (site, template) do update set pages = max(pages, excluded.pages), "
                    "listings = max(listings, excluded.listings), last_seen = excluded.last_seen", row)

    def has_article(self, url: str) -> bool:
        return bool(self.rows("select 1 from articles where url = ? limit 1", [url]))

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in ("captures", "articles", "duplicates")}

    def articles(self) -> list[dict]:
        return self.rows("select * from articles order by id")
