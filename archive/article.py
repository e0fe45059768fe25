"""The objects passed between stages: a capture of one HTTP exchange, and an article."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields


@dataclass
class Capture:
    """One HTTP exchange as written to a WARC file (one row of the ``captures`` table)."""

    url: str
    status: int
    content_type: str | None
    fetched_at: str  # ISO 8601, UTC
    warc_file: str
    warc_offset: int
    warc_record_id: str
    method: str = "GET"
    payload_digest: str | None = None
    length: int = 0
    truncated: str | None = None
    ip_address: str | None = None
    record_type: str = "response"  # or "revisit"
    etag: str | None = None
    last_modified: str | None = None

    def as_row(self) -> dict:
        return asdict(self)

    def values(self) -> tuple:
        """The row's values, in :data:`CAPTURE_COLUMNS` order (cheaper than :meth:`as_row`)."""
        return tuple([getattr(self, name) for name in CAPTURE_COLUMNS])


#: the ``captures`` table's columns: Capture's fields, in order
CAPTURE_COLUMNS = tuple(f.name for f in fields(Capture))


@dataclass
class Article:
    """An article extracted from one captured page (one row of the ``articles`` table)."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date or date-time, local time of the portal
    source: str | None = None  # 来源: the outlet that first published it
    author: str | None = None
    editor: str | None = None
    site: str | None = None  # the portal it was fetched from (光明网, not gmw.cn)
    text: str = ""
    lang: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None
    fetched_at: str | None = None
    declared_canonical: str | None = None  # the page's <link rel=canonical>, absolute
    canonical_url: str | None = None  # archive.dedup.canonical_url: the key a page is archived under
    text_hash: str | None = None  # archive.dedup.exact_key of the normalised text
    relevance_score: float | None = None
    relevance_terms: dict = field(default_factory=dict)  # term -> count
    spam_removed: tuple[str, ...] = ()  # injected spam taken out of the title and text (kept in the WARC only)
    over_cleaned: str | None = None  # the cleaning rule that would have emptied the article (its text kept)
    second_candidate: str | None = None  # how the page's block of running text changed the body (density), or failed
    tables: int = 0  # data tables of the article put back into the body (archive.tables)
    tables_failed: bool = False  # the table search failed on this page (its body kept without tables)
    unnested: int = 0  # elements moved out of unclosed tags' nesting before extraction (archive.extract.unnest)
    too_deep: bool = False  # the page nests deeper than the parser keeps (archive.extract.PARSER_DEPTH): text lost
    posts_cut: int = 0  # lines of the later posts left out of a page of several posts (archive.extract.first_post)

    def as_row(self) -> dict:
        row = asdict(self)
        row.pop("declared_canonical")
        row.pop("spam_removed")
        row.pop("over_cleaned")
        row.pop("second_candidate")
        row.pop("tables")
        row.pop("tables_failed")
        row.pop("unnested")
        row.pop("too_deep")
        row.pop("posts_cut")
        row["relevance_terms"] = json.dumps(self.relevance_terms, ensure_ascii=False)
        row["length"] = len(self.text)
        return row
