"""Closing what a killed crawl left: ``.warc.gz.open`` files are cut after their last complete record
(each record is its own gzip member) and renamed, under each file's own lock, so that a live writer's
file, or one another recovering crawl is closing, is never touched.
"""
from __future__ import annotations

import fcntl
import logging
import os
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from archive.warc import CREATING_SUFFIX, WARC_SUFFIX
from archive.warcread import OPEN_SUFFIX

logger = logging.getLogger(__name__)


def complete_members_end(path: Path, chunk_size: int = 1 << 20) -> int:
    """Offset just past the last complete gzip member of ``path``."""
    good_end = 0
    position = 0  # file offset where ``data`` starts
    decomp = zlib.decompressobj(zlib.MAX_WBITS + 16)
    with open(path, "rb") as f:
        data = f.read(chunk_size)
        while data:
            try:
                decomp.decompress(data)
            except zlib.error:
                break
            if decomp.eof:
                unused = decomp.unused_data
                good_end = position + len(data) - len(unused)
                position = good_end
                decomp = zlib.decompressobj(zlib.MAX_WBITS + 16)
                data = unused or f.read(chunk_size)
            else:
                position += len(data)
                data = f.read(chunk_size)
    return good_end


#: a file still being created (hidden name) is older than this only if its writer died creating it
CREATING_STALE_SECONDS = 60


@contextmanager
def locked(path: Path, mode: str = "rb") -> Iterator[BinaryIO | None]:
    """``path`` opened and locked without waiting; None when it is gone or another process holds it."""
    try:
        f = open(path, mode)
    except FileNotFoundError:
        yield None
        return
    with f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        yield f


def in_use(path: Path) -> bool:
    """True while a live writer holds the file's lock (False for a file that is gone)."""
    with locked(path) as f:
        return f is None and path.exists()


def recover_open_files(directory: str | os.PathLike) -> list[Path]:
    """Close the ``.warc.gz.open`` files a killed crawl left: cut any partial last record, rename.

    Each file is recovered under its own lock, taken without waiting: a file a live writer holds is
    left alone, and so is one another recovering crawl is closing; a file that vanishes meanwhile
    (its writer closed it) is passed over. Every complete record stays readable; returns the
    recovered files' final paths.
    """
    recovered = []
    directory = Path(directory)
    for open_path in sorted(directory.glob(f"*{WARC_SUFFIX}{OPEN_SUFFIX}")):
        final = recover_one(open_path)
        if final is not None:
            recovered.append(final)
    for creating in directory.glob(f".*{WARC_SUFFIX}{CREATING_SUFFIX}"):
        with locked(creating) as f:  # a writer killed between creating and naming it: empty
            if f is not None and time.time() - os.fstat(f.fileno()).st_mtime > CREATING_STALE_SECONDS:
                logger.info("WARC: %s was never written (its writer died creating it): removed", creating.name)
                creating.unlink(missing_ok=True)
    return recovered


def recover_one(open_path: Path) -> Path | None:
    """Recover one abandoned ``.open`` file (see :func:`recover_open_files`); its final path, or None."""
    with locked(open_path, "r+b") as f:
        if f is None:
            if open_path.exists():
                logger.info("WARC: %s is being written by another crawl: left alone", open_path.name)
            return None
        try:  # still the file of that name? (renamed by its writer, or by another recoverer, meanwhile)
            if os.stat(open_path).st_ino != os.fstat(f.fileno()).st_ino:
                return None
        except FileNotFoundError:
            return None
        end = complete_members_end(open_path)
        size = os.fstat(f.fileno()).st_size
        if end < size:
            logger.warning("WARC: %s ends in a partial record: cut %d bytes", open_path.name, size - end)
            f.truncate(end)
        if end == 0:
            logger.warning("WARC: %s holds no complete record: removed", open_path.name)
            open_path.unlink(missing_ok=True)
            return None
        final = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
        os.replace(open_path, final)  # while locked: no other recoverer can be at it
        logger.info("WARC: recovered %s", final.name)
        return final
