"""WARC writing off the crawl's thread: the records are built, digested and compressed in a
writer process, so that this work uses the second core instead of the crawl's reactor thread.

:class:`WarcWriterProcess` hands each exchange to a child process (``python -m
archive.warcprocess``) over a pipe and returns at once with a future; the child appends the
records with :class:`archive.warc.WarcWriter`, in the order they were submitted, and sends back
each :class:`~archive.article.Capture` (file, offset, digests). :class:`InlineWriter` does the same
in the calling thread (``WARC_WRITER_PROCESS = False``). Both decide revisits the same way
(:class:`RevisitIndex`).

What a crash leaves is what an in-process writer leaves. If the crawl process dies without
closing the writer (kill -9), the child still writes every exchange it was handed, then exits and
leaves its file ``.open`` for the next run's :func:`~archive.warc.recover_open_files`. If the child
dies, every pending and later submit fails with ``OSError``. The child ignores SIGINT and SIGTERM:
Ctrl-C reaches the whole process group, and the crawl process decides when its writer stops.
"""
from __future__ import annotations

import logging
import os
import pickle
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import OrderedDict
from concurrent.futures import Future
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

from archive.article import Capture
from archive.warc import HttpExchange, RevisitTarget, WarcWriter, new_record_id, payload_digest

logger = logging.getLogger(__name__)
PROTOCOL = pickle.HIGHEST_PROTOCOL


class RevisitIndex:
    """Where a payload was first archived: this writer's last ``recent`` responses (which the
    crawl may not have committed to the database yet), then the committed ``captures`` rows of
    ``database`` (read-only; any crawl, any process)."""

    def __init__(self, database: str | os.PathLike | None = None, recent: int = 100_000) -> None:
        self.recent: OrderedDict[str, RevisitTarget] = OrderedDict()
        self.limit = recent
        self.lookup_failed = False
        self.conn: sqlite3.Connection | None = None
        if database and Path(database).exists():
            try:
                self.conn = sqlite3.connect(f"file:{quote(str(Path(database).resolve()))}?mode=ro", uri=True,
                                            check_same_thread=False)
            except sqlite3.Error as exc:
                logger.warning("revisits: %s cannot be read (%s); only this crawl's payloads are looked up",
                               database, exc)

    @staticmethod
    def eligible(exchange: HttpExchange) -> bool:
        """Only a whole, successful, non-empty response can be, or refer to, an earlier payload."""
        return 200 <= exchange.status < 300 and bool(exchange.body) and not exchange.truncated

    def lookup(self, digest: str) -> RevisitTarget | None:
        found = self.recent.get(digest)
        if found is not None or self.conn is None:
            return found
        from archive.store import revisit_target

        try:
            return revisit_target(self.conn, digest)
        except sqlite3.Error as exc:  # a locked or damaged file: this crawl's own payloads still count
            if not self.lookup_failed:
                logger.warning("revisits: the archive database cannot be read (%s); payloads archived by "
                               "earlier crawls are written again in full", exc)
            self.lookup_failed = True
            return None

    def remember(self, digest: str, target: RevisitTarget) -> None:
        if digest not in self.recent:
            self.recent[digest] = target
            if len(self.recent) > self.limit:
                self.recent.popitem(last=False)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class CaptureWriter:
    """A :class:`WarcWriter` that writes an exchange whose payload was archived before as a
    ``revisit`` record (WARC 1.1 identical-payload-digest profile)."""

    def __init__(self, directory: str | os.PathLike, database: str | os.PathLike | None = None,
                 **options: Any) -> None:
        self.warc = WarcWriter(directory, **options)
        self.revisits = RevisitIndex(database)

    def write(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> Capture:
        revisit_of = None
        eligible = self.revisits.eligible(exchange)
        if eligible:
            exchange.payload_digest = exchange.payload_digest or payload_digest(exchange.body)
            revisit_of = self.revisits.lookup(exchange.payload_digest)
        capture = self.warc.write_exchange(exchange, metadata, revisit_of)
        if eligible and revisit_of is None:
            self.revisits.remember(exchange.payload_digest,
                                   RevisitTarget(capture.warc_record_id, capture.url, capture.fetched_at))
        return capture

    def close(self) -> list[Path]:
        self.revisits.close()
        self.warc.close()
        return list(self.warc.files_written)


class InlineWriter:
    """The :class:`WarcWriterProcess` interface, writing in the calling thread."""

    def __init__(self, directory: str | os.PathLike, database: str | os.PathLike | None = None,
                 **options: Any) -> None:
        self.writer = CaptureWriter(directory, database, **options)

    def submit(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> Future:
        future: Future = Future()
        if exchange.record_id is None:
            exchange.record_id = new_record_id()
        try:
            future.set_result(self.writer.write(exchange, metadata))
        except OSError as exc:
            future.set_exception(exc)
        return future

    def close(self) -> list[Path]:
        return self.writer.close()


class WarcWriterProcess:
    """A :class:`CaptureWriter` in a child process. :meth:`submit` returns a future of the
    exchange's :class:`Capture` (or an ``OSError``); it blocks only while ``queue_size`` exchanges
    wait to be handed over (back-pressure when the disk is slower than the network). Log lines of
    the child are logged here, under their own logger names. Call :meth:`close` to finish the
    files; it returns the paths written."""

    def __init__(self, directory: str | os.PathLike, database: str | os.PathLike | None = None,
                 queue_size: int = 64, **options: Any) -> None:
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        _widen(requests_w)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p or os.getcwd() for p in sys.path))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "archive.warcprocess", str(requests_r), str(replies_w)],
                pass_fds=(requests_r, replies_w), stdin=subprocess.DEVNULL, env=env)
        finally:
            os.close(requests_r)
            os.close(replies_w)
        self._out: BinaryIO = os.fdopen(requests_w, "wb")
        self._in: BinaryIO = os.fdopen(replies_r, "rb")
        self._pending: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, queue_size))
        self.error: str | None = None
        self.files_written: list[Path] = []
        self.records_written = 0
        level = logging.getLogger("archive").getEffectiveLevel()
        self._queue.put(("open", str(directory), str(database) if database else None, options, level))
        self._sender = threading.Thread(target=self._send, name="warc-writer-send", daemon=True)
        self._receiver = threading.Thread(target=self._receive, name="warc-writer-receive", daemon=True)
        self._sender.start()
        self._receiver.start()

    def submit(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> Future:
        future: Future = Future()
        if exchange.record_id is None:
            exchange.record_id = new_record_id()
        with self._lock:
            if self.error is not None:
                future.set_exception(OSError(self.error))
                return future
            self._pending[exchange.record_id] = future
        self._queue.put(("write", exchange, metadata))
        return future

    def close(self) -> list[Path]:
        """Write what is queued, close the current file (its final name, its CDXJ index) and wait
        for the child to exit."""
        self._queue.put(("close",))
        self._sender.join()
        self._receiver.join()
        self.process.wait()
        self._in.close()
        return list(self.files_written)

    # -- threads -----------------------------------------------------------
    def _fail(self, reason: str) -> None:
        """The child is gone: every pending and later exchange fails."""
        with self._lock:
            if self.error is None:
                self.error = reason
            pending = list(self._pending.values())
            self._pending.clear()
        for future in pending:
            future.set_exception(OSError(reason))

    def _fail_one(self, record_id: str, reason: str) -> None:
        with self._lock:
            future = self._pending.pop(record_id, None)
        if future is not None:
            future.set_exception(OSError(reason))

    def _send(self) -> None:
        while True:
            message = self._queue.get()
            if self.error is None:
                try:
                    data = pickle.dumps(message, protocol=PROTOCOL)
                except Exception as exc:  # noqa: BLE001 - this one exchange fails, the stream stays whole
                    self._fail_one(message[1].record_id, f"cannot be handed to the WARC writer: {exc!r}")
                    continue
                try:
                    self._out.write(data)
                    self._out.flush()
                except (OSError, ValueError) as exc:
                    self._fail(f"the WARC writer process is gone ({exc})")
            if message[0] == "close":
                try:
                    self._out.close()
                except OSError:
                    pass
                return

    def _receive(self) -> None:
        closed = False
        while True:
            try:
                message = pickle.load(self._in)
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                if not closed:
                    status = self.process.wait()
                    self._fail(f"the WARC writer process exited (status {status}): {exc or 'end of pipe'}")
                return
            kind = message[0]
            if kind == "log":
                _, level, name, text = message
                logging.getLogger(name).log(level, "%s", text)
            elif kind in ("done", "failed"):
                with self._lock:
                    future = self._pending.pop(message[1], None)
                if future is None:
                    continue
                if kind == "done":
                    self.records_written += 1
                    future.set_result(message[2])
                else:
                    future.set_exception(OSError(message[2]))
            elif kind == "closed":
                closed = True
                self.files_written = [Path(p) for p in message[1]]
            elif kind == "fatal":
                self._fail(message[1])


def _widen(fd: int, size: int = 1 << 20) -> None:
    """A 1 MiB pipe instead of Linux's 64 KiB: a page goes over in one write, not a dozen
    wake-ups of both processes. Best effort (other systems, a lower ``pipe-max-size``)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), size)
    except (OSError, ImportError):
        pass


# -- the child ---------------------------------------------------------------
class _ToParent(logging.Handler):
    def __init__(self, send) -> None:
        super().__init__()
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.send("log", record.levelno, record.name, self.format(record))
        except (OSError, ValueError):  # the crawl process is gone
            pass


def serve(requests: BinaryIO, replies: BinaryIO) -> int:
    """The child's loop: ``open``, then ``write`` messages, until ``close`` (0) or the end of the
    pipe (1: the crawl process died; the file stays ``.open`` for recovery)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

    def send(*message: Any) -> None:
        pickle.dump(message, replies, protocol=PROTOCOL)
        replies.flush()

    try:
        _, directory, database, options, level = pickle.load(requests)
    except EOFError:
        return 1
    root = logging.getLogger()
    root.handlers[:] = [_ToParent(send)]
    root.setLevel(level)
    try:
        writer = CaptureWriter(directory, database, **options)
    except OSError as exc:
        send("fatal", f"the WARC directory {directory} cannot be used: {exc}")
        return 2
    while True:
        try:
            message = pickle.load(requests)
        except EOFError:
            return 1  # every record handed over is written; recovery renames the file
        if message[0] == "close":
            try:
                files = writer.close()
            except OSError as exc:
                logger.error("WARC: closing %s failed: %s", writer.warc.current_path, exc)
                files = list(writer.warc.files_written)
            send("closed", [str(path) for path in files])
            return 0
        _, exchange, metadata = message
        try:
            capture = writer.write(exchange, metadata)
        except OSError as exc:
            send("failed", exchange.record_id, str(exc))
        except Exception as exc:  # noqa: BLE001 - an exchange warcio cannot write fails alone, logged
            logger.error("WARC: %s could not be written: %r", exchange.url, exc)
            send("failed", exchange.record_id, f"cannot be written: {exc!r}")
        else:
            send("done", exchange.record_id, capture)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    requests_fd, replies_fd = int(args[0]), int(args[1])
    with os.fdopen(requests_fd, "rb") as requests, os.fdopen(replies_fd, "wb") as replies:
        try:
            return serve(requests, replies)
        except (BrokenPipeError, ConnectionResetError):
            return 1


if __name__ == "__main__":
    sys.exit(main())
