"""CDXJ indexes (the pywb/OpenWayback format) written beside the WARC files.

One ``NAME.cdxj`` per ``NAME.warc.gz``: a line per response and revisit record,
``SURT TIMESTAMP {json}``, sorted, as pywb's indexer writes them, so a pywb collection
can use the files as they are (``indexes/*.cdxj``).
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import surt

from archive.warcread import ReadReport, iter_records

logger = logging.getLogger(__name__)


def cdx_timestamp(warc_date: str) -> str:
    """``2026-11-23T11:15:47.629000Z`` → ``20261123111547``.

    >>> cdx_timestamp("2026-11-23T11:15:47.629000Z")
    '20261123111547'
    """
    return "".join(ch for ch in warc_date if ch.isdigit())[:14]


def cdxj_lines(path: str | os.PathLike, report: ReadReport | None = None) -> list[str]:
    """The sorted CDXJ lines of one WARC file. A damaged file is read as far as it can be; a record
    cut short gets no line (a replay of it would show half a page)."""
    path = Path(path)
    report = report if report is not None else ReadReport()

    def line(record, records, offset: int) -> str | None:
        if record.rec_type not in ("response", "revisit") or record.http_headers is None:
            return None
        while record.raw_stream.read(1 << 20):
            pass
        if getattr(record.raw_stream, "limit", 0) > 0:
            logger.warning("CDXJ: %s@%d is cut short: not indexed", path.name, offset)
            report.inc("cut")
            return None
        url = record.rec_headers.get_header("WARC-Target-URI")
        date = record.rec_headers.get_header("WARC-Date")
        digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
        mime = "warc/revisit" if record.rec_type == "revisit" else (
            (record.http_headers.get_header("Content-Type") or "unk").split(";")[0].strip())
        status = record.http_headers.get_statuscode() or "-"
        return cdxj_line(url, date, mime, status, digest, records.get_record_length(), offset, path.name)

    return sorted(found for found in iter_records(path, line, report) if found is not None)


def cdxj_line(url: str, warc_date: str, mime: str, status: str, digest: str, length: int, offset: int,
              filename: str) -> str:
    """One index line: ``SURT TIMESTAMP {json}``.

    >>> cdxj_line("http://a.cn/x.htm", "2026-11-23T11:15:47Z", "text/html", "200", "sha1:ABC", 512, 0, "f.warc.gz")
    'cn,a)/x.htm 20261123111547 {"url": "http://a.cn/x.htm", "mime": "text/html", "status": "200", \
"digest": "ABC", "length": "512", "offset": "0", "filename": "f.warc.gz"}'
    """
    fields = {"url": url, "mime": mime, "status": status, "digest": digest.split(":", 1)[-1],
              "length": str(length), "offset": str(offset), "filename": filename}
    try:
        key = surt.surt(url)
    except ValueError as exc:  # an URL surt cannot parse still gets a line
        logger.warning("CDXJ: cannot SURT %s: %s", url, exc)
        key = url
    return f"{key} {cdx_timestamp(warc_date)} {json.dumps(fields, ensure_ascii=False)}"


def cdxj_path(warc_path: str | os.PathLike) -> Path:
    warc_path = Path(warc_path)
    return warc_path.with_name(warc_path.name.removesuffix(".gz").removesuffix(".warc") + ".cdxj")


def write_cdxj(warc_path: str | os.PathLike, lines: list[str] | None = None) -> Path:
    """Write (or rewrite) the index beside ``warc_path`` (read from the file, unless the writer
    kept its ``lines``); returns its path."""
    target = cdxj_path(warc_path)
    tmp = target.with_suffix(".cdxj.tmp")
    lines = cdxj_lines(warc_path) if lines is None else sorted(lines)
    tmp.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    os.replace(tmp, target)
    return target
