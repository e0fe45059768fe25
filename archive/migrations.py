"""The archive's schema, as sqlite-utils migrations: an old archive opens with a new version.

Migrations are frozen: they change the schema with SQL and sqlite-utils calls only, never with the
project's live code (a migration that called today's ``canonical_url`` would silently produce
something else tomorrow). Values derived from stored rows by live code (dedup keys, shingle counts,
full-text entries) are filled in after a migration by ``archive.store.backfill_derived``, with the
same code that computes them for new articles, so old and new rows always agree.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlite_utils
from sqlite_utils.migrations import Migrations

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


@migrations()
def m003_relevance_and_duplicates(db: sqlite_utils.Database) -> None:
    """Relevance score and terms, dedup keys, every copy of an article, and MinHash signatures.
    (The keys of articles stored before are filled in by ``archive.store.backfill_derived``.)"""
    articles = db["articles"]
    articles.add_column("canonical_url", str)
    articles.add_column("text_hash", str)
    articles.add_column("relevance_score", float)
    articles.add_column("relevance_terms", str)
    articles.create_index(["canonical_url"])
    articles.create_index(["text_hash"])
    db["duplicates"].create(
        {
            "id": int,
            "article_id": int,
            "kind": str,
            "similarity": float,
            "url": str,
            "canonical_url": str,
            "site": str,
            "title": str,
            "published": str,
            "source": str,
            "capture_id": int,
            "warc_file": str,
            "warc_offset": int,
            "warc_record_id": str,
            "fetched_at": str,
        },
        pk="id",
        not_null={"article_id", "kind", "url"},
        foreign_keys=[("article_id", "articles", "id"), ("capture_id", "captures", "id")],
    )
    db["duplicates"].create_index(["article_id"])
    db["duplicates"].create_index(["url"])
    db["duplicates"].create_index(["canonical_url"])
    db["article_signatures"].create(
        {"article_id": int, "signature": bytes}, pk="article_id", foreign_keys=[("article_id", "articles", "id")]
    )


@migrations()
def m004_signature_sizes(db: sqlite_utils.Database) -> None:
    """The shingle count beside each signature: the near-duplicate index estimates containment with it.
    (Counts of signatures stored before are filled in by ``archive.store.backfill_derived``.)"""
    db["article_signatures"].add_column("shingles", int)


@migrations()
def m005_sites_crawls_views_search(db: sqlite_utils.Database) -> None:
    """Tables to read by: sites (foreign key of articles and copies), crawls, a month column,
    views, and the two full-text indexes (see archive/search.py; articles stored before are indexed by
    ``archive.store.backfill_derived``)."""
    db["sites"].create({"name": str, "host": str, "first_seen": str}, pk="name")
    for table in ("articles", "duplicates"):
        for row in list(db.query(f"select site, min(url) as url, min(fetched_at) as seen from {table} "
                                 "where site is not null group by site")):
            db["sites"].insert({"name": row["site"], "host": urlsplit(row["url"]).hostname, "first_seen": row["seen"]},
                               ignore=True)
    db["articles"].add_foreign_key("site", "sites", "name")
    db["duplicates"].add_foreign_key("site", "sites", "name")
    db.execute("ALTER TABLE articles ADD COLUMN month TEXT GENERATED ALWAYS AS (substr(published, 1, 7)) VIRTUAL")
    db["crawls"].create(
        {
            "id": int, "spider": str, "started": str, "finished": str, "finish_reason": str, "pages": int,
            "captures": int, "articles_new": int, "duplicates": int, "offtopic": int, "no_article": int,
            "errors": int, "warc_files": str, "stats": str,
        },
        pk="id",
    )
    db["crawls"].create_index(["spider", "started"])
    db.execute("""
        CREATE VIEW stories AS
        SELECT a.id, a.title, a.site, a.published, a.source, a.relevance_score,
               count(d.id) AS copies, group_concat(DISTINCT d.site) AS copy_sites, a.url
        FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id
        GROUP BY a.id
    """)
    db.execute("""
        CREATE VIEW articles_per_site_month AS
        SELECT site, month, count(*) AS articles FROM articles GROUP BY site, month
    """)
    db.execute('CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content="articles", '
               'content_rowid="id", tokenize="trigram")')
    db.execute("CREATE VIRTUAL TABLE articles_bigrams USING fts5(words)")


@migrations()
def m006_capture_validators(db: sqlite_utils.Database) -> None:
    """ETag and Last-Modified of each capture: the next crawl asks for listings conditionally."""
    db["captures"].add_column("etag", str)
    db["captures"].add_column("last_modified", str)


@migrations()
def m007_url_templates(db: sqlite_utils.Database) -> None:
    """Article URL templates learnt per site (``archive.urltemplates``): the next crawl starts with them."""
    db["url_templates"].create(
        {"site": str, "template": str, "pages": int, "listings": int, "first_seen": str, "last_seen": str},
        pk=("site", "template"),
        not_null={"site", "template"},
    )


@migrations()
def m008_lsh_bands(db: sqlite_utils.Database) -> None:
    """The near-duplicate index on disk: one row per LSH band key of each article's signature (a
    crawl reads the candidates it needs, instead of loading every signature into memory). Filled for
    stored articles by ``archive.store.backfill_derived``."""
    db.execute("CREATE TABLE lsh_bands (band INTEGER NOT NULL, article_id INTEGER NOT NULL, "
               "PRIMARY KEY (band, article_id)) WITHOUT ROWID")


@migrations()
def m009_merges(db: sqlite_utils.Database) -> None:
    """One row per archive merged into this one (``python -m archive merge``): where from, when, what came."""
    db["merges"].create({"id": int, "source": str, "merged_at": str, "counts": str}, pk="id")


@migrations()
def m010_contentless_bigrams(db: sqlite_utils.Database) -> None:
    """``articles_bigrams`` without its own copy of the words: an FTS5 table declared ``content=''``
    keeps the index only. The words (every bigram of the text, about five bytes a character) were
    stored a second time beside it, a quarter of the file, and nothing ever read them back: searches
    join ``articles`` for the text. The index is refilled by ``archive.store.backfill_derived``."""
    db.execute("DROP TABLE IF EXISTS articles_bigrams")
    db.execute("CREATE VIRTUAL TABLE articles_bigrams USING fts5(words, content='')")
