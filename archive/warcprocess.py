"""WARC writing off the crawl's thread: the records are built, digested and compressed in a
writer process, so that this work uses the second core instead of the crawl's reactor thread.

:class:`WarcWriterProcess` is a Twisted ``ProcessProtocol``: the crawl's reactor starts the child
(``python -m archive.warcprocess``, ``reactor.spawnProcess``), writes each exchange to its stdin
without blocking, and reads the child's replies (each :class:`~archive.article.Capture`: file,
offset, digests) as they come. The child appends the records with :class:`archive.warc.WarcWriter`,
in the order they were handed over. :class:`InlineWriter` does the same in the reactor's thread.
The crawl chooses one with ``WARC_WRITER``; both decide revisits the same way
(:class:`RevisitIndex`) and fail an exchange they cannot write alone (:func:`write_one`).

What a crash leaves is what an in-process writer leaves. If the crawl process dies without
closing the writer (kill -9), the child still writes every exchange it was handed, then exits and
leaves its file ``.open`` for the next run's :func:`~archive.warcrecover.recover_open_files`. If the child
dies, every pending and later exchange fails with ``OSError``. The child ignores SIGINT and SIGTERM:
Ctrl-C reaches the whole process group, and the crawl process decides when its writer stops.
"""
from __future__ import annotations

import logging
import marshal
import os
import signal
import sqlite3
import struct
import sys
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

from twisted.internet.defer import Deferred
from twisted.internet.protocol import ProcessProtocol

from archive.article import Capture
from archive.warc import HttpExchange, RevisitTarget, WarcWriter, new_record_id, payload_digest
from archive.warcread import inflate

logger = logging.getLogger("archive.warcprocess")  # (not __main__ in the child)
#: called with each exchange's record id and its capture, or the error that kept it from the WARC
OnResult = Callable[[str, "Capture | None", "OSError | None"], None]


#: where a successful response with this payload was first archived, in any crawl: the ``captures``
#: rows of archive.store's schema (read here without importing it, which would cost the child its
#: start-up time in sqlite-utils)
REVISIT_QUERY = ("select warc_record_id, url, fetched_at from captures where payload_digest = ? "
                 "and record_type = 'response' and status between 200 and 299 order by id limit 1")


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
        try:
            row = self.conn.execute(REVISIT_QUERY, [digest]).fetchone()
            return RevisitTarget(*row) if row else None
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


#: deflate's best ratio is about 1032:1: a body shorter than max_size / this cannot inflate past max_size
DEFLATE_MAX_RATIO = 1032


def inflation_refusal(exchange: HttpExchange, max_size: int) -> str | None:
    """Why the crawl refuses this body (Scrapy's HttpCompressionMiddleware drops a response that
    inflates past DOWNLOAD_MAXSIZE), for the metadata record; None when it does not. Only a body
    long enough to inflate that far is inflated to check.

    >>> import gzip
    >>> bomb = HttpExchange("http://a/", 200, gzip.compress(bytes(10_000_000)), [("Content-Encoding", "gzip")])
    >>> inflation_refusal(bomb, 1_000_000)
    'inflates past DOWNLOAD_MAXSIZE (1000000 bytes)'
    """
    encoding = exchange.header("Content-Encoding")
    if not encoding or len(exchange.body) * DEFLATE_MAX_RATIO <= max_size:
        return None
    _, complete = inflate(exchange.body, encoding, max_size)
    return None if complete else f"inflates past DOWNLOAD_MAXSIZE ({max_size} bytes)"


class CaptureWriter:
    """A :class:`WarcWriter` that writes an exchange whose payload was archived before as a
    ``revisit`` record (WARC 1.1 identical-payload-digest profile)."""

    def __init__(self, directory: str | os.PathLike, database: str | os.PathLike | None = None,
                 **options: Any) -> None:
        self.warc = WarcWriter(directory, **options)
        self.revisits = RevisitIndex(database)

    def write(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> Capture:
        if metadata and "max-size" in metadata:
            refusal = inflation_refusal(exchange, int(metadata["max-size"]))
            if refusal:
                metadata = {**metadata, "refused": refusal}
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

    def note(self, url: str, record_id: str, fields: dict[str, str]) -> None:
        self.warc.write_note(url, record_id, fields)

    def close(self) -> list[Path]:
        self.revisits.close()
        self.warc.close()
        return list(self.warc.files_written)


def write_one(writer: CaptureWriter, exchange: HttpExchange,
              metadata: dict[str, str] | None) -> tuple[Capture | None, OSError | None]:
    """Write one exchange; its capture, or why it could not be written. An ``OSError`` (the disk) is
    passed on as it is; anything else (an exchange warcio cannot write) is logged, and fails this
    exchange alone."""
    try:
        return writer.write(exchange, metadata), None
    except OSError as exc:
        return None, exc
    except Exception as exc:  # noqa: BLE001 - one bad exchange must not end the writer
        logger.error("WARC: %s could not be written: %r", exchange.url, exc)
        return None, OSError(f"cannot be written: {exc!r}")


def write_note(writer: CaptureWriter, url: str, record_id: str, fields: dict[str, str]) -> None:
    """Write a note (a later metadata record); a failure is logged: the page itself is written."""
    try:
        writer.note(url, record_id, fields)
    except Exception as exc:  # noqa: BLE001 - a note lost must not end the writer
        logger.error("WARC: the note on %s could not be written: %r", url, exc)


class InlineWriter:
    """The :class:`WarcWriterProcess` interface, writing in the calling thread (the reactor's): each
    result goes to ``on_result`` before :meth:`send` returns."""

    def __init__(self, directory: str | os.PathLike, database: str | os.PathLike | None = None,
                 on_result: OnResult | None = None, **options: Any) -> None:
        self.writer = CaptureWriter(directory, database, **options)
        self.on_result = on_result

    @classmethod
    def open(cls, directory: str | os.PathLike, database: str | os.PathLike | None = None,
             on_result: OnResult | None = None, queue_size: int = 64, **options: Any) -> InlineWriter:
        """The crawl's way in (``WARC_WRITER``): the same arguments for every writer class."""
        return cls(directory, database, on_result=on_result, **options)

    def send(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> None:
        if exchange.record_id is None:
            exchange.record_id = new_record_id()
        capture, error = write_one(self.writer, exchange, metadata)
        if self.on_result is not None:
            self.on_result(exchange.record_id, capture, error)

    def note(self, url: str, record_id: str, fields: dict[str, str]) -> None:
        write_note(self.writer, url, record_id, fields)

    def registerProducer(self, producer, streaming: bool) -> None:
        """Nothing to pause for: a write is done when :meth:`send` returns."""

    def unregisterProducer(self) -> None:
        """See :meth:`registerProducer`."""

    def close(self) -> Deferred:
        """Close the current file (final name, CDXJ index) in a thread of the reactor's pool; a
        Deferred that fires with the paths written."""
        from twisted.internet import threads

        return threads.deferToThread(self.writer.close)


#: the child's file descriptors: requests come in on its stdin, replies go out on this one
REQUESTS_FD, REPLIES_FD = 0, 3


class WarcWriterProcess(ProcessProtocol):
    """A :class:`CaptureWriter` in a child process (``python -m archive.warcprocess``), started by
    the reactor (``spawnProcess``) and driven by it: :meth:`send` queues the exchange on the pipe
    to the child (Twisted writes it when the pipe has room, without blocking) and returns; the
    child's replies arrive in :meth:`childDataReceived`, and each result goes to
    ``on_result(record_id, capture, error)``, in the order handed over. Log lines of the child are
    logged here, under their own logger names. :meth:`close` returns a Deferred of the paths written.

    Back-pressure: the writer is a Twisted consumer. When more than ``queue_size`` exchanges are
    handed over and not yet written (the disk is slower than the network), it pauses the producer
    registered with :meth:`registerProducer` (the crawl's engine), and resumes it when half are
    written.

    Messages go both ways as length-prefixed :mod:`marshal` dumps of plain tuples (an exchange's
    fields, a capture's columns), the body after them as it is: several times cheaper than
    pickling objects (both ends are this same program on the same Python)."""

    def __init__(self, on_result: OnResult | None = None, queue_size: int = 64) -> None:
        self.on_result = on_result
        self.queue_size = max(1, queue_size)
        self.pending: dict[str, None] = {}  # record ids handed over, in order, not yet answered
        self.received = bytearray()
        self.error: str | None = None
        self.closed = False  # the child said it closed its files
        self.ended = False
        self.exit_status: int | None = None
        self.files_written: list[Path] = []
        self.records_written = 0
        self.producer = None
        self.paused = False
        self.requests_open = True  # the child's stdin: gone once closed, or once the child died
        self.closing: list[Deferred] = []

    @classmethod
    def open(cls, directory: str | os.PathLike, database: str | os.PathLike | None = None,
             on_result: OnResult | None = None, queue_size: int = 64, reactor=None,
             **options: Any) -> WarcWriterProcess:
        """Start the child (the crawl's way in, ``WARC_WRITER``) and send it what to open."""
        if reactor is None:
            from twisted.internet import reactor
        writer = cls(on_result, queue_size)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p or os.getcwd() for p in sys.path))
        reactor.spawnProcess(writer, sys.executable, [sys.executable, "-m", "archive.warcprocess"], env=env,
                             childFDs={REQUESTS_FD: "w", 1: 1, 2: 2, REPLIES_FD: "r"})
        level = logging.getLogger("archive").getEffectiveLevel()
        writer._send(("open", str(directory), str(database) if database else None, options, level))
        return writer

    @property
    def pid(self) -> int | None:
        return self.transport.pid if self.transport is not None else None

    # -- the caller's side ---------------------------------------------------
    def send(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> None:
        """Hand an exchange over; its result goes to ``on_result`` once the child has written it."""
        if exchange.record_id is None:
            exchange.record_id = new_record_id()
        if self.error is not None:
            self._finish(exchange.record_id, None, OSError(self.error))
            return
        try:
            fields, body = exchange_fields(exchange)
            message = marshal.dumps(("write", fields, metadata))
        except Exception as exc:  # noqa: BLE001 - this one exchange fails, the stream stays whole
            self._finish(exchange.record_id, None, OSError(f"cannot be handed to the WARC writer: {exc!r}"))
            return
        self.pending[exchange.record_id] = None
        self._write(message, body)
        if len(self.pending) > self.queue_size and not self.paused and self.producer is not None:
            self.paused = True
            self.producer.pauseProducing()

    def note(self, url: str, record_id: str, fields: dict[str, str]) -> None:
        """A metadata record about a response handed over earlier (no reply)."""
        if self.error is not None:
            return
        try:
            self._send(("note", url, record_id, fields))
        except Exception as exc:  # noqa: BLE001 - a note lost is logged; the stream stays whole
            logger.warning("WARC: the note on %s could not be handed to the writer: %r", url, exc)

    def registerProducer(self, producer, streaming: bool) -> None:
        """``producer`` (an ``IPushProducer``) is paused while the child is behind."""
        self.producer = producer

    def unregisterProducer(self) -> None:
        self._resume()
        self.producer = None

    def close(self) -> Deferred:
        """Write what is queued, close the current file (its final name, its CDXJ index); a
        Deferred that fires with the paths written once the child has exited."""
        waiting: Deferred = Deferred()
        if self.ended:
            waiting.callback(list(self.files_written))
            return waiting
        self.closing.append(waiting)
        if self.requests_open:
            if self.error is None:
                self._send(("close",))
            self.requests_open = False
            self.transport.closeChildFD(REQUESTS_FD)
        return waiting

    # -- the pipe ------------------------------------------------------------
    def _send(self, message: tuple) -> None:
        self._write(marshal.dumps(message), b"")

    def _write(self, data: bytes, raw: bytes) -> None:
        """Frame a dump and its raw part (a body goes as it is, not copied into the dump); Twisted
        buffers what does not fit in the pipe and writes it when the pipe has room."""
        if self.transport is None or self.error is not None or not self.requests_open:
            return  # (what was pending fails in processEnded)
        self.transport.writeToChild(REQUESTS_FD, FRAME.pack(len(data), len(raw)))
        self.transport.writeToChild(REQUESTS_FD, data)
        if raw:
            self.transport.writeToChild(REQUESTS_FD, raw)

    # -- ProcessProtocol -----------------------------------------------------
    def childDataReceived(self, childFD: int, data: bytes) -> None:
        """Handle every whole message in what was read; keep the rest for the next read."""
        buffer = self.received
        buffer += data
        start = 0
        while len(buffer) - start >= FRAME.size:
            size, _ = FRAME.unpack_from(buffer, start)  # the child sends no raw part
            if len(buffer) - start - FRAME.size < size:
                break
            body = start + FRAME.size
            self._handle(marshal.loads(buffer[body:body + size]))
            start = body + size
        del buffer[:start]

    def childConnectionLost(self, childFD: int) -> None:
        if childFD == REQUESTS_FD:
            self.requests_open = False

    def processEnded(self, reason) -> None:
        """The child exited: after ``closed``, the normal end; before, every pending and later
        exchange fails."""
        self.ended = True
        self.exit_status = getattr(reason.value, "exitCode", None)
        if not self.closed:
            signal_number = getattr(reason.value, "signal", None)
            status = f"signal {signal_number}" if signal_number else f"status {self.exit_status}"
            self._fail(f"the WARC writer process exited ({status})")
        self._resume()
        waiting, self.closing = self.closing, []
        for deferred in waiting:
            deferred.callback(list(self.files_written))

    def _handle(self, message: tuple) -> None:
        kind = message[0]
        if kind in ("done", "failed"):
            record_id = message[1]
            if record_id in self.pending:  # (not after the child was given up on)
                del self.pending[record_id]
                if kind == "done":
                    self.records_written += 1
                    self._finish(record_id, Capture(*message[2]), None)
                else:
                    self._finish(record_id, None, OSError(message[2]))
            if self.paused and len(self.pending) <= self.queue_size // 2:
                self._resume()
        elif kind == "log":
            _, level, name, text = message
            logging.getLogger(name).log(level, "%s", text)
        elif kind == "closed":
            self.closed = True
            self.files_written = [Path(p) for p in message[1]]
        elif kind == "fatal":
            self._fail(message[1])

    def _resume(self) -> None:
        if self.paused:
            self.paused = False
            if self.producer is not None:
                self.producer.resumeProducing()

    def _fail(self, reason: str) -> None:
        """The child cannot write: every pending and later exchange fails."""
        if self.error is None:
            self.error = reason
        pending, self.pending = list(self.pending), {}
        for record_id in pending:
            self._finish(record_id, None, OSError(reason))

    def _finish(self, record_id: str, capture: Capture | None, error: OSError | None) -> None:
        if self.on_result is not None:
            self.on_result(record_id, capture, error)


#: HttpExchange's fields, in the order an exchange travels to the child
EXCHANGE_FIELDS = tuple(f.name for f in fields(HttpExchange))
BODY, FETCHED_AT = EXCHANGE_FIELDS.index("body"), EXCHANGE_FIELDS.index("fetched_at")
EPOCH, MICROSECOND = datetime(1970, 1, 1, tzinfo=UTC), timedelta(microseconds=1)
#: each message: the length of its dump and of a raw part (a body), then the two
FRAME = struct.Struct("<QQ")


def exchange_fields(exchange: HttpExchange) -> tuple[tuple, bytes]:
    """An exchange as it travels: its fields (the date as microseconds since the epoch, the body
    left out when it is bytes: it follows the dump as it is), and that body."""
    values = [getattr(exchange, name) for name in EXCHANGE_FIELDS]
    if values[FETCHED_AT] is not None:
        values[FETCHED_AT] = (values[FETCHED_AT].astimezone(UTC) - EPOCH) // MICROSECOND  # naive: local
    body = values[BODY]
    if not isinstance(body, bytes) or not body:
        return tuple(values), b""
    values[BODY] = None
    return tuple(values), body


def exchange_from_fields(values: tuple, body: bytes | None) -> HttpExchange:
    """The child's side of :func:`exchange_fields`."""
    values = list(values)
    if body is not None:
        values[BODY] = body
    if values[FETCHED_AT] is not None:
        values[FETCHED_AT] = EPOCH + values[FETCHED_AT] * MICROSECOND
    return HttpExchange(*values)


def _widen(fd: int, size: int = 1 << 20) -> None:
    """A 1 MiB pipe instead of Linux's 64 KiB (set by the child: the size belongs to the pipe): a
    page goes over in one write, not a dozen wake-ups of both processes.
    Best effort (other systems, a lower ``pipe-max-size``)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), size)
    except (OSError, ImportError) as exc:
        logger.debug("the pipe to the WARC writer keeps its default size: %s", exc)


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
        data = marshal.dumps(message)
        replies.write(FRAME.pack(len(data), 0))
        replies.write(data)
        replies.flush()

    opening = receive(requests)
    if opening is None:
        return 1
    _, directory, database, options, level = opening
    root = logging.getLogger()
    root.handlers[:] = [_ToParent(send)]
    root.setLevel(level)
    try:
        writer = CaptureWriter(directory, database, **options)
    except OSError as exc:
        send("fatal", f"the WARC directory {directory} cannot be used: {exc}")
        return 2
    while True:
        message = receive(requests)
        if message is None:
            return 1  # every record handed over is written; recovery renames the file
        if message[0] == "close":
            try:
                files = writer.close()
            except OSError as exc:
                logger.error("WARC: closing %s failed: %s", writer.warc.current_path, exc)
                files = list(writer.warc.files_written)
            send("closed", [str(path) for path in files])
            return 0
        if message[0] == "note":
            write_note(writer, *message[1:])
            continue
        _, exchange, metadata = message
        capture, error = write_one(writer, exchange, metadata)
        if error is None:
            send("done", exchange.record_id, capture.values())
        else:
            send("failed", exchange.record_id, str(error))


def receive(requests: BinaryIO) -> tuple | None:
    """The next message from the crawl process; None at the end of the pipe (a message cut short
    by the sender's death counts as the end)."""
    head = requests.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    size, raw_size = FRAME.unpack(head)
    data = requests.read(size)
    raw = requests.read(raw_size) if raw_size else b""
    if len(data) < size or len(raw) < raw_size:
        return None
    message = marshal.loads(data)
    if message[0] == "write":
        return "write", exchange_from_fields(message[1], raw if raw_size else None), message[2]
    return message


def main() -> int:
    """The child: requests on stdin, replies on file descriptor 3 (as :meth:`WarcWriterProcess.open`
    sets them up; stdout and stderr stay the crawl's)."""
    requests_fd, replies_fd = REQUESTS_FD, REPLIES_FD
    _widen(requests_fd)
    _widen(replies_fd)
    with os.fdopen(requests_fd, "rb", buffering=1 << 20) as requests, os.fdopen(replies_fd, "wb") as replies:
        try:
            return serve(requests, replies)
        except (BrokenPipeError, ConnectionResetError):
            return 1


if __name__ == "__main__":
    sys.exit(main())
