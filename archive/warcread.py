"""Reading WARC files back, whatever state they are in.

Every reader of the project (``rebuild``, ``index``, the tests) goes through :func:`iter_records`,
which never raises on a damaged file:

- a damaged record (bad gzip member, unparsable headers) is skipped: reading resumes at the next
  gzip member, so the good records after the damage are still read (our files hold one record per
  member, as warcio writes them);
- a record cut short (the file ends inside it, or a member ends early) is returned with
  ``truncated = "record-cut"``, and one whose payload does not match its ``WARC-Payload-Digest`` (warcio
  reads a damaged gzip member without an error) with ``truncated = "digest-mismatch"``: neither is ever
  taken for a whole page;
- a body is read, and inflated, up to ``max_body`` bytes: past that it is ``truncated = "length"``
  (a gzip bomb in the WARC file costs no more memory than the crawl allowed it).

What was skipped is counted in a :class:`ReadReport` and logged.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from archive.article import Capture

logger = logging.getLogger(__name__)
#: what a damaged WARC file raises while being read
READ_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, OSError, ValueError,
               UnicodeDecodeError, IndexError, KeyError, TypeError, LookupError)
#: the crawl's own limit on a body (DOWNLOAD_MAXSIZE): a longer one, raw or inflated, is refused here too
DEFAULT_MAX_BODY = 32 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b\x08"
#: the suffix of a WARC file still being written (archive.warc)
OPEN_SUFFIX = ".open"
#: WARC-Truncated value for a record whose file ends before its Content-Length
CUT = "record-cut"
#: ... and for one whose payload does not match its WARC-Payload-Digest
DAMAGED = "digest-mismatch"


@dataclass
class ReadReport:
    """What reading skipped: ``damaged`` regions, ``skipped_bytes``, ``cut`` records, ``too_large`` bodies."""

    counts: Counter = field(default_factory=Counter)

    def inc(self, key: str, n: int = 1) -> None:
        self.counts[key] += n


@dataclass
class StoredResponse:
    """A response record read back from a WARC file, body decoded of its content-encoding."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    warc_file: str
    warc_offset: int
    record_id: str
    date: str
    ip_address: str | None = None
    payload_digest: str | None = None
    truncated: str | None = None
    raw_length: int = 0
    metadata: dict[str, str] = field(default_factory=dict)
    record_type: str = "response"
    refers_to: str | None = None  # for a revisit: the record holding the payload

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def capture(self) -> Capture:
        return Capture(
            url=self.url,
            status=self.status,
            content_type=self.header("Content-Type"),
            fetched_at=self.date,
            warc_file=self.warc_file,
            warc_offset=self.warc_offset,
            warc_record_id=self.record_id,
            payload_digest=self.payload_digest,
            length=self.raw_length,
            truncated=self.truncated,
            ip_address=self.ip_address,
            record_type=self.record_type,
            etag=self.header("ETag"),
            last_modified=self.header("Last-Modified"),
        )


def file_name(path: Path) -> str:
    return path.name[: -len(OPEN_SUFFIX)] if path.name.endswith(OPEN_SUFFIX) else path.name


def next_member(f, after: int) -> int | None:
    """Offset of the next gzip member header in ``f`` past ``after``, or None."""
    position = after + 1
    f.seek(position)
    tail = b""
    while True:
        chunk = f.read(1 << 20)
        if not chunk:
            return None
        data = tail + chunk
        found = data.find(GZIP_MAGIC)
        if found >= 0:
            return position - len(tail) + found
        tail = data[-(len(GZIP_MAGIC) - 1):]
        position += len(chunk)


def iter_records(path: str | os.PathLike, handle, report: ReadReport | None = None) -> Iterator[tuple]:
    """Yield ``(record, records, offset)`` for every readable record of the WARC file ``path``;
    ``handle(record, records, offset)`` runs while the record is current (read its body there).
    Damage is skipped as the module says; nothing raises."""
    path = Path(path)
    report = report if report is not None else ReadReport()
    gzipped = path.name.endswith((".gz", ".gz" + OPEN_SUFFIX))
    with open(path, "rb") as f:
        start: int | None = 0
        while start is not None:
            f.seek(start)
            records = ArchiveIterator(f)
            floor = start  # where the last record read began: the reader never goes back past it
            last = -1
            try:
                for record in records:
                    if records.offset <= last:  # warcio read the same damaged record again: it is stuck
                        raise ValueError(f"the reader does not move past offset {records.offset}")
                    last = records.offset
                    floor = max(floor, records.offset)
                    found = handle(record, records, records.offset)  # offset: where this record starts
                    records.read_to_end()  # the rest of its member, so that damage there is met before it counts
                    # (warcio reports a bad gzip member on stderr only: the payload digest is the real check)
                    yield found
                start = None
            except READ_ERRORS as exc:
                # the record that failed (or the one after a record read whole); warcio's offset can
                # point back before it on a damaged member (it subtracts what it buffered, inflated):
                # never resume at or before where this pass began, or the same damage is read for ever
                current = max(records.offset, floor)
                report.inc("damaged")
                resume = next_member(f, current) if gzipped else None
                skipped = (resume if resume is not None else os.path.getsize(path)) - current
                report.inc("skipped_bytes", max(0, skipped))
                logger.warning("WARC: %s is damaged at offset %d (%s: %s): %s", file_name(path), current,
                               type(exc).__name__, exc,
                               f"skipped {skipped} bytes to the next record" if resume is not None
                               else "nothing readable after it")
                start = resume


def iter_responses(path: str | os.PathLike, max_body: int = DEFAULT_MAX_BODY,
                   report: ReadReport | None = None) -> Iterator[StoredResponse]:
    """Yield every ``response`` and ``revisit`` record of one WARC file, in file order, with the
    fields of the ``metadata`` record that refers to it."""
    path = Path(path)
    name = file_name(path)
    report = report if report is not None else ReadReport()
    pending: StoredResponse | None = None

    def read(record, records, offset):
        if record.rec_type == "metadata":
            refers_to = record.rec_headers.get_header("WARC-Refers-To")
            if pending is not None and refers_to == pending.record_id:
                pending.metadata.update(warc_fields(record.raw_stream.read(65536)))
            return None
        if record.rec_type not in ("response", "revisit") or record.http_headers is None:
            return None
        return stored_response(record, name, offset, max_body, report)

    for found in iter_records(path, read, report):
        if found is not None:
            if pending is not None:
                yield pending
            pending = found
    if pending is not None:
        yield pending


def stored_response(record, name: str, offset: int, max_body: int, report: ReadReport | None = None) -> StoredResponse:
    """A :class:`StoredResponse` of the current ``record`` (it starts at ``offset`` in ``name``)."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    raw = record.raw_stream.read(max_body + 1)
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if len(raw) > max_body:
        logger.warning("WARC: %s@%d: %s body over %d bytes: not read further", name, offset, url, max_body)
        raw, truncated = raw[:max_body], "length"
        if report is not None:
            report.inc("too_large")
    elif getattr(record.raw_stream, "limit", 0) > 0:
        # the file (or the gzip member) ended before the record's Content-Length
        logger.warning("WARC: %s@%d: %s is cut short (%d bytes missing): marked %s", name, offset, url,
                       record.raw_stream.limit, CUT)
        truncated = CUT
        if report is not None:
            report.inc("cut")
    elif record.rec_type == "response" and not digest_matches(raw, record.rec_headers.get_header("WARC-Payload-Digest")):
        # warcio reads a damaged gzip member without an error (it writes one line to stderr and goes on):
        # the payload digest is what tells a damaged record from a whole one
        logger.warning("WARC: %s@%d: %s does not match its payload digest (damaged): marked %s", name, offset,
                       url, DAMAGED)
        truncated = DAMAGED
        if report is not None:
            report.inc("damaged_records")
    body, complete = inflate(raw, record.http_headers.get_header("Content-Encoding"), max_body)
    if not complete:
        logger.warning("WARC: %s@%d: %s inflates past %d bytes: refused, as the crawl refuses it", name, offset,
                       url, max_body)
        truncated = truncated or "length"
        if report is not None:
            report.inc("too_large")
    status_text = record.http_headers.get_statuscode() or "0"
    return StoredResponse(
        url=url,
        status=int(status_text) if status_text.isdigit() else 0,
        headers=list(record.http_headers.headers),
        body=body,
        warc_file=name,
        warc_offset=offset,
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
        date=record.rec_headers.get_header("WARC-Date"),
        ip_address=record.rec_headers.get_header("WARC-IP-Address"),
        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
        truncated=truncated,
        raw_length=len(raw),
        record_type=record.rec_type,
        refers_to=record.rec_headers.get_header("WARC-Refers-To"),
    )


def digest_matches(payload: bytes, declared: str | None) -> bool:
    """False only when ``declared`` (``sha1:BASE32``, as warcio writes it) is not the payload's digest;
    True when there is no digest to check, or one of another algorithm.

    >>> empty = "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"
    >>> digest_matches(b"", empty), digest_matches(b"x", empty), digest_matches(b"x", None)
    (True, False, True)
    """
    if not declared or not declared.lower().startswith("sha1:"):
        return True
    return base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii") == declared[5:].strip().upper()


def read_response_at(path: str | os.PathLike, offset: int, max_body: int = DEFAULT_MAX_BODY) -> StoredResponse:
    """The response record at ``offset`` in a WARC file (one seek, one gzip member). Raises
    ``ValueError`` when there is none, or one of :data:`READ_ERRORS` when it is damaged."""
    path = Path(path)
    name = file_name(path)
    with open(path, "rb") as f:
        f.seek(offset)
        for record in ArchiveIterator(f):
            if record.rec_type != "response" or record.http_headers is None:
                raise ValueError(f"{name}@{offset} is a {record.rec_type} record, not a response")
            return stored_response(record, name, offset, max_body)
    raise ValueError(f"no record at {name}@{offset}")


def warc_fields(payload: bytes) -> dict[str, str]:
    """``application/warc-fields`` → dict.

    >>> warc_fields(b"portal: gmw\\r\\npage-kind: article\\r\\n")
    {'portal': 'gmw', 'page-kind': 'article'}
    """
    fields = {}
    for line in payload.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def inflate(raw: bytes, content_encoding: str | None, max_size: int = DEFAULT_MAX_BODY) -> tuple[bytes, bool]:
    """Undo ``Content-Encoding`` (gzip, deflate) up to ``max_size`` bytes: ``(body, complete)``.
    A body that does not decode is returned as stored; ``complete`` is False when it inflates past
    ``max_size`` (what comes out is cut there).

    >>> import gzip
    >>> inflate(gzip.compress(b"x" * 100), "gzip", 10)
    (b'xxxxxxxxxx', False)
    >>> inflate(gzip.compress(b"ok"), "gzip")
    (b'ok', True)
    """
    encodings = [e.strip().lower() for e in (content_encoding or "").split(",") if e.strip()]
    body = raw
    for encoding in reversed(encodings):
        if encoding == "identity":
            continue
        if encoding in ("gzip", "x-gzip"):
            windows = [zlib.MAX_WBITS | 32]
        elif encoding == "deflate":  # zlib-wrapped as the RFC says, or raw as some servers send it
            windows = [zlib.MAX_WBITS, -zlib.MAX_WBITS]
        else:
            logger.warning("WARC: content-encoding %r not decoded", encoding)
            return raw, True
        for n, window in enumerate(windows):
            inflater = zlib.decompressobj(window)
            try:
                out = inflater.decompress(body, max_size)
            except zlib.error as exc:
                if n + 1 < len(windows):
                    continue
                logger.warning("WARC: body does not decode as %s: %s", encoding, exc)
                return raw, True
            if inflater.unconsumed_tail:
                return out, False
            body = out
            break
    return body, True


def decoded_body(raw: bytes, content_encoding: str | None, max_size: int = DEFAULT_MAX_BODY) -> bytes:
    """:func:`inflate`'s body alone."""
    return inflate(raw, content_encoding, max_size)[0]
