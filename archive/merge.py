"""``python -m archive merge OUT.db IN.db…``: archives written by separate processes or machines
(a scaled-out crawl writes one per process) merged into one, without reading a WARC file again.

From each input, in order:

- ``captures``, ``crawls``, ``sites`` and ``url_templates`` rows are copied as they are (WARC file
  names and offsets unchanged, so every row still points at its record; a capture already in the
  output, by its WARC record id, is not copied twice);
- each article goes through the same deduplicating writer as the crawl and ``rebuild``
  (:class:`~archive.dedupwriter.DedupWriter`) with its stored MinHash signature: it becomes a new
  story, or a copy of one already merged (and the better copy becomes the story, by the same rule);
- each of its copies (``duplicates`` rows) follows it to the story it joined.

Nothing is extracted again (about 26 ms of CPU a page in ``rebuild``); the shingles of each text
are recomputed for the exact containment check (well under a millisecond). A ``merges`` row
records each input (path, when, counts). Merging an input twice adds nothing.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import numpy as np

from archive.article import CAPTURE_COLUMNS, Article
from archive.dedup import NUM_PERM, Fingerprint, exact_key, fingerprint, normalise_text, shingle_array
from archive.dedupwriter import DedupWriter
from archive.store import ArchiveDB

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = ("url", "title", "published", "source", "author", "editor", "site", "text", "lang", "warc_file",
                  "warc_offset", "warc_record_id", "fetched_at", "canonical_url", "text_hash", "relevance_score")
DUPLICATE_FIELDS = ("kind", "similarity", "url", "canonical_url", "site", "title", "published", "source",
                    "warc_file", "warc_offset", "warc_record_id", "fetched_at")
CRAWL_FIELDS = ("spider", "started", "finished", "finish_reason", "pages", "captures", "articles_new", "duplicates",
                "offtopic", "no_article", "errors", "warc_files", "stats")


def stored_fingerprint(row: dict) -> Fingerprint:
    """The fingerprint of a stored article: its signature as stored (no MinHash computed again),
    its shingles recomputed from its text. A missing or damaged signature is computed again."""
    if not isinstance(row["signature"], bytes) or len(row["signature"]) != NUM_PERM * 4:
        return fingerprint(row["text"])
    normalised = normalise_text(row["text"])
    return Fingerprint(row["text_hash"] or exact_key(normalised), shingle_array(normalised),
                       np.frombuffer(row["signature"], dtype=np.uint32).copy())


def article_of(row: dict) -> Article:
    article = Article(**{name: row[name] for name in ARTICLE_FIELDS})
    article.relevance_terms = json.loads(row["relevance_terms"] or "{}")
    return article


def copy_tables(out: ArchiveDB, source: Path) -> Counter:
    """Copy the rows that need no deduplication, in SQL (the input attached read-only)."""
    counts: Counter = Counter()
    conn = out.db.conn
    conn.execute("ATTACH DATABASE ? AS src", [f"file:{quote(str(source.resolve()))}?mode=ro"])
    try:
        with conn:
            columns = ", ".join(CAPTURE_COLUMNS)
            counts["captures"] = conn.execute(
                f"INSERT OR IGNORE INTO captures ({columns}) SELECT {columns} FROM src.captures ORDER BY id").rowcount
            crawl_columns = ", ".join(CRAWL_FIELDS)
            counts["crawls"] = conn.execute(
                f"INSERT INTO crawls ({crawl_columns}) SELECT {crawl_columns} FROM src.crawls s WHERE NOT EXISTS "
                f"(SELECT 1 FROM crawls c WHERE c.spider IS s.spider AND c.started IS s.started "
                f"AND c.warc_files IS s.warc_files) ORDER BY id").rowcount
            conn.execute("INSERT OR IGNORE INTO sites (name, host, first_seen) SELECT name, host, first_seen FROM src.sites")
            template_columns = "site, template, pages, listings, first_seen, last_seen"
            conn.execute(f"INSERT OR IGNORE INTO url_templates ({template_columns}) "
                         f"SELECT {template_columns} FROM src.url_templates")
    finally:
        conn.execute("DETACH DATABASE src")
    return counts


def merge_into(out: ArchiveDB, source: str | Path, near_threshold: float = 0.6) -> Counter:
    """Merge the archive at ``source`` into ``out``; what became of its rows."""
    source = Path(source)
    ArchiveDB.open(source, create=False).close()  # an older archive is brought to this schema first
    counts = copy_tables(out, source)
    reader = sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True)
    reader.row_factory = sqlite3.Row
    writer = DedupWriter(out, near_threshold)
    story_of: dict[int, int] = {}  # the input's article id -> the output's
    interval = out.commit_interval
    out.group_commits(interval or 1.0)
    try:
        for row in reader.execute("SELECT a.*, s.signature FROM articles a LEFT JOIN article_signatures s "
                                  "ON s.article_id = a.id ORDER BY a.id"):
            row = dict(row)
            try:  # before any write: a row that cannot be read fails alone, the group stays whole
                article, fp = article_of(row), stored_fingerprint(row)
            except (TypeError, ValueError) as exc:
                counts["articles_unreadable"] += 1
                logger.warning("merge: article %s of %s cannot be read (%r); its copies stay out too",
                               row.get("id"), source, exc)
                continue
            with out.writing():
                outcome = writer.add(article, fp)
            counts[f"articles_{outcome.kind}"] += 1
            story = outcome.article_id if outcome.kind != "seen" else story_by_url(out, row["url"])
            if story is not None:
                story_of[row["id"]] = story
        for row in reader.execute("SELECT * FROM duplicates ORDER BY id"):
            row = dict(row)
            story = story_of.get(row["article_id"])
            if story is None:  # its story could not be read
                counts["copies_without_story"] += 1
                continue
            if out.is_known_url(row["url"]):
                counts["copies_seen"] += 1
                continue
            fields = {name: row[name] for name in DUPLICATE_FIELDS}
            fields.update(article_id=story, capture_id=out.capture_id(row["warc_record_id"]))
            with out.writing(), out.transaction():
                out.insert_row("duplicates", fields)
            counts["copies"] += 1
        out.commit_due(force=True)
    finally:
        out.group_commits(interval)
        reader.close()
    with out.transaction():
        out.insert_row("merges", {"source": str(source.resolve()), "merged_at": datetime.now(UTC).isoformat(),
                                  "counts": json.dumps(dict(counts), sort_keys=True)})
    logger.info("merged %s: %s", source, dict(counts))
    return counts


def story_by_url(out: ArchiveDB, url: str) -> int | None:
    """The story a URL already in the output belongs to (it is the story, or one of its copies)."""
    rows = out.rows("SELECT id FROM articles WHERE url = ? UNION ALL SELECT article_id FROM duplicates WHERE url = ?",
                    [url, url])
    return rows[0]["id"] if rows else None
