"""WARC writing (rotation, warcinfo, crash recovery); reading is archive.warcread.

The writer takes one HTTP exchange at a time, as bytes came off the wire (body still
content-encoded, transfer-encoding removed by the HTTP client), and appends a
``response`` record and its ``request`` record, each as its own gzip member, so a
reader can seek to any record and a crash loses at most the record being written.

Files are named ``PREFIX-TIMESTAMP-SERIAL-HOST.warc.gz`` (WARC 1.1, Annex C) and
carry the suffix ``.open`` while they are written; :func:`archive.warcrecover.recover_open_files` closes
what a killed crawl left behind.
"""
from __future__ import annotations

import base64
import fcntl
import hashlib
import io
import logging
import os
import re
import socket
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.article import Capture
from archive.cdx import cdxj_line, write_cdxj
from archive.warcread import OPEN_SUFFIX

logger = logging.getLogger(__name__)

WARC_SUFFIX = ".warc.gz"
CREATING_SUFFIX = ".creating"  # a new file's name until it is locked
#: Headers whose original value no longer describes the stored body (the HTTP client
#: removed the chunked framing); kept under this prefix, as Common Crawl does.
RENAMED_HEADER_PREFIX = "X-Crawler-"
RENAMED_HEADERS = frozenset({"transfer-encoding"})


@dataclass
class HttpExchange:
    """One request and its response, as the crawler saw them on the wire."""

    url: str
    status: int
    body: bytes
    response_headers: list[tuple[str, str]]
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    method: str = "GET"
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None
    fetched_at: datetime | None = None
    truncated: str | None = None  # WARC-Truncated reason: length, time, disconnect, unspecified
    payload_digest: str | None = None  # payload_digest(body), when the caller computed it already
    record_id: str | None = None  # the response record's WARC-Record-ID, when the caller chose it

    def header(self, wanted: str) -> str | None:
        for name, value in self.response_headers:
            if name.lower() == wanted.lower():
                return value
        return None

    def content_type(self) -> str | None:
        return self.header("Content-Type")


@dataclass(frozen=True)
class RevisitTarget:
    """The record an identical payload was first archived in."""

    record_id: str
    uri: str
    date: str


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of a body, as warcio writes it (SHA-1, base32).

    >>> payload_digest(b"")
    'sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ'
    """
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def new_record_id() -> str:
    """A fresh ``WARC-Record-ID`` (a UUID URN, as warcio makes them)."""
    return f"<urn:uuid:{uuid.uuid4()}>"


def status_line(status: int) -> str:
    """``200`` -> ``'200 OK'``; unknown codes get no reason phrase.

    >>> status_line(404)
    '404 Not Found'
    >>> status_line(599)
    '599'
    """
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def request_target(url: str) -> str:
    """The request-target of the request line: path and query, never the fragment.

    >>> request_target("http://a.cn/x/y.htm?p=2#top")
    '/x/y.htm?p=2'
    >>> request_target("http://a.cn")
    '/'
    """
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target


def response_headers_for_warc(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every header value kept, those no longer true of the stored body renamed."""
    out = []
    for name, value in headers:
        if name.lower() in RENAMED_HEADERS:
            name = RENAMED_HEADER_PREFIX + name
        out.append((name, value))
    return out


def request_headers_for_warc(url: str, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The request headers, with the ``Host`` header the HTTP client adds on the wire."""
    if any(name.lower() == "host" for name, _ in headers):
        return list(headers)
    return [("Host", urlsplit(url).netloc)] + list(headers)


def warc_date(moment: datetime) -> str:
    """WARC 1.1 date with microseconds, UTC.

    >>> warc_date(datetime.fromisoformat("2026-11-23T18:30:00+08:00"))
    '2026-11-23T10:30:00.000000Z'
    """
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def safe_name_part(text: str) -> str:
    """A file-name component that cannot leave its directory.

    >>> safe_name_part("../../etc/passwd")
    'etc-passwd'
    """
    cleaned = re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-.")
    return cleaned or "x"


class WarcWriter:
    """Appends exchanges to rotating, gzip-per-record WARC 1.1 files in ``directory``.

    The caller owns the writer's life: :meth:`close` renames the current file from
    ``….warc.gz.open`` to ``….warc.gz``.
    """

    def __init__(
        self,
        directory: str | os.PathLike,
        prefix: str = "crawl",
        max_size: int = 1_000_000_000,
        warcinfo: dict[str, str] | None = None,
        gzip_level: int = 6,
        hostname: str | None = None,
        fsync: bool = False,
        index: bool = True,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = safe_name_part(prefix)
        self.max_size = max_size
        self.warcinfo = dict(warcinfo or {})
        self.gzip_level = gzip_level
        self.hostname = safe_name_part(hostname or socket.gethostname())
        self.fsync = fsync
        self.index = index
        self._index_lines: list[str] = []  # CDXJ lines of the current file, written beside it on close
        self.serial = 0
        self.files_written: list[Path] = []
        self.records_written = 0
        self._file: BinaryIO | None = None
        self._path: Path | None = None
        self._buffer = io.BytesIO()
        self._builder = WARCWriter(self._buffer, gzip=False, warc_version="1.1")

    # -- files -------------------------------------------------------------
    @property
    def current_path(self) -> Path | None:
        """Final name of the file being written (without ``.open``)."""
        return self._path

    def _new_file_name(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
        return f"{self.prefix}-{stamp}-{self.serial:05d}-{self.hostname}{WARC_SUFFIX}"

    def _open(self) -> None:
        name = self._new_file_name()
        self.serial += 1
        self._path = self.directory / name
        # created under a name recovery does not look at, locked, then given its .open name: a
        # recovering crawl never sees an unlocked .open file that a live writer is about to use
        creating = self.directory / f".{name}{CREATING_SUFFIX}"
        self._file = open(creating, "xb")
        # held while the file is written (and renamed): recovery leaves a locked file alone. Waited for, not
        # tried: a recovering crawl may hold this new file's lock for the instant it takes to see it is fresh
        # (archive.warcrecover leaves a hidden file younger than a minute alone), and must not crash the writer
        fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
        os.replace(creating, str(self._path) + OPEN_SUFFIX)
        self._index_lines = []
        logger.info("WARC: opened %s", self._path)
        info = dict(self.warcinfo)
        info.setdefault("format", "WARC File Format 1.1")
        info.setdefault("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
        record = self._builder.create_warcinfo_record(name, info)
        self._append(record)

    def _rotate_if_needed(self) -> None:
        if self._file is None:
            self._open()
        elif self._file.tell() >= self.max_size:
            self.close()
            self._open()

    def close(self) -> None:
        """Flush and rename the current file to its final name."""
        if self._file is None:
            return
        self._file.flush()
        os.fsync(self._file.fileno())
        assert self._path is not None
        os.replace(str(self._path) + OPEN_SUFFIX, self._path)  # renamed while still locked
        self._file.close()
        self.files_written.append(self._path)
        if self.index:
            write_cdxj(self._path, self._index_lines)  # from what was written: no second read of the file
        logger.info("WARC: closed %s", self._path)
        self._file = None
        self._path = None

    # -- records -----------------------------------------------------------
    def _append(self, record) -> tuple[int, int]:
        """Write one record as one gzip member; return its offset in the file and its length."""
        assert self._file is not None
        self._buffer.seek(0)
        self._buffer.truncate()
        self._builder.write_record(record)
        compressor = zlib.compressobj(self.gzip_level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        member = compressor.compress(self._buffer.getvalue()) + compressor.flush()
        offset = self._file.tell()
        self._file.write(member)
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())
        self.records_written += 1
        return offset, len(member)

    def write_exchange(self, exchange: HttpExchange, metadata: dict[str, str] | None = None,
                       revisit_of: RevisitTarget | None = None) -> Capture:
        """Append the response (or, when ``revisit_of`` names where the same payload was
        archived before, a ``revisit`` record: WARC 1.1 identical-payload-digest profile)
        and request records of one exchange, and a ``metadata`` record
        (``application/warc-fields``) when the crawler has something to say of it."""
        self._rotate_if_needed()
        moment = exchange.fetched_at or datetime.now(UTC)
        date = warc_date(moment)
        http_headers = StatusAndHeaders(
            status_line(exchange.status),
            response_headers_for_warc(exchange.response_headers),
            protocol=exchange.protocol or "HTTP/1.1",
        )
        warc_headers = {"WARC-Date": date}
        if exchange.record_id:
            warc_headers["WARC-Record-ID"] = exchange.record_id
        if exchange.ip_address:
            warc_headers["WARC-IP-Address"] = exchange.ip_address
        if exchange.truncated:
            warc_headers["WARC-Truncated"] = exchange.truncated
        if revisit_of is not None:
            response = self._builder.create_revisit_record(
                exchange.url,
                exchange.payload_digest or payload_digest(exchange.body),
                revisit_of.uri,
                revisit_of.date,
                http_headers=http_headers,
                warc_headers_dict={**warc_headers, "WARC-Refers-To": revisit_of.record_id},
            )
        else:
            if exchange.payload_digest:
                warc_headers["WARC-Payload-Digest"] = exchange.payload_digest  # warcio does not compute it again
            response = self._builder.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.body),
                length=len(exchange.body),
                http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        request = self._builder.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body),
            http_headers=StatusAndHeaders(
                f"{exchange.method} {request_target(exchange.url)} {exchange.protocol or 'HTTP/1.1'}",
                request_headers_for_warc(exchange.url, exchange.request_headers),
                is_http_request=True,
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
        )
        offset, length = self._append(response)
        digest = response.rec_headers.get_header("WARC-Payload-Digest") or ""
        if self.index:
            mime = "warc/revisit" if revisit_of is not None else (
                (http_headers.get_header("Content-Type") or "unk").split(";")[0].strip())
            self._index_lines.append(cdxj_line(exchange.url, date, mime, str(exchange.status), digest,
                                               length, offset, self._path.name))
        self._append(request)
        if metadata:
            self._append(self.metadata_record(exchange.url, date, response_id, metadata))
        assert self._path is not None
        return Capture(
            url=exchange.url,
            status=exchange.status,
            content_type=exchange.content_type(),
            fetched_at=date,
            warc_file=self._path.name,
            warc_offset=offset,
            warc_record_id=response_id,
            method=exchange.method,
            payload_digest=digest or None,
            length=len(exchange.body),
            truncated=exchange.truncated,
            ip_address=exchange.ip_address,
            record_type="revisit" if revisit_of is not None else "response",
            etag=exchange.header("ETag"),
            last_modified=exchange.header("Last-Modified"),
        )

    def write_note(self, url: str, response_id: str, fields: dict[str, str]) -> None:
        """A later ``metadata`` record about a response already written (what the spider made of the
        page once it read it: ``page-kind`` and its reason), referring to it by its record id."""
        self._rotate_if_needed()
        self._append(self.metadata_record(url, warc_date(datetime.now(UTC)), response_id, fields))

    def metadata_record(self, url: str, date: str, response_id: str, fields: dict[str, str]):
        payload = "".join(f"{name}: {value}\r\n" for name, value in fields.items()).encode("utf-8")
        return self._builder.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Refers-To": response_id,
                "WARC-Concurrent-To": response_id,
            },
        )
