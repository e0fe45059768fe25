"""WARC writing off the crawl's thread: the records are built, digested and compressed in a
writer process, so that this work uses the second core instead of the crawl's reactor thread.

:class:`WarcWriterProcess` hands each exchange to a child process (``python -m
archive.warcprocess``) over a pipe and returns at once (with a future, or its result later goes to
a callback); the child appends the records with :class:`archive.warc.WarcWriter`, in the order they
were handed over, and sends back each :class:`~archive.article.Capture` (file, offset, digests).
:class:`InlineWriter` does the same in the calling thread (``WARC_WRITER``). Both
decide revisits the same way (:class:`RevisitIndex`) and fail an exchange they cannot write alone
(:func:`write_one`).

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
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

from archive.article import Capture
from archive.warc import HttpExchange, RevisitTarget, WarcWriter, new_record_id, payload_digest
from archive.warcread import inflate

logger = logging.getLogger(__name__)
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
    """The :class:`WarcWriterProcess` interface, writing in the calling thread."""

    def __init__(self, directory: str | os.PathLike, database: str | os.PathLike | None = None,
                 on_result: OnResult | None = None, **options: Any) -> None:
        self.writer = CaptureWriter(directory, database, **options)
        self.on_result = on_result

    @classmethod
    def open(cls, directory: str | os.PathLike, database: str | os.PathLike | None = None,
             on_result: OnResult | None = None, queue_size: int = 64, **options: Any) -> InlineWriter:
        """The crawl's way in (``WARC_WRITER``): the same arguments for every writer class."""
        return cls(directory, database, on_result=on_result, **options)

    def reply_fileno(self) -> int | None:
        return None  # nothing to watch: every exchange is written when it is handed over

    def submit(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> Future:
        future: Future = Future()
        capture, error = self._write(exchange, metadata)
        if error is None:
            future.set_result(capture)
        else:
            future.set_exception(error)
        return future

    def send(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> None:
        self._write(exchange, metadata)

    def note(self, url: str, record_id: str, fields: dict[str, str]) -> None:
        write_note(self.writer, url, record_id, fields)

    def _write(self, exchange: HttpExchange, metadata: dict[str, str] | None) -> tuple[Capture | None, OSError | None]:
        if exchange.record_id is None:
            exchange.record_id = new_record_id()
        capture, error = write_one(self.writer, exchange, metadata)
        if self.on_result is not None:
            self.on_result(exchange.record_id, capture, error)
        return capture, error

    def close(self) -> list[Path]:
        return self.writer.close()


class WarcWriterProcess:
    """A :class:`CaptureWriter` in a child process. :meth:`submit` returns a future of the
    exchange's :class:`Capture` (or an ``OSError``); :meth:`send` returns nothing, and each result
    goes to ``on_result(record_id, capture, error)`` (so does a submitted one's). Log lines of the
    child are logged here, under their own logger names. Call :meth:`close` to finish the files; it
    returns the paths written.

    Messages go both ways as length-prefixed :mod:`marshal` dumps of plain tuples (an exchange's
    fields, a capture's columns), the body after them as it is: several times cheaper than
    pickling objects (both ends are this same program on the same Python).

    With ``own_thread`` (the default) a thread of this object reads the child's replies, and the
    results arrive in it; an exchange is handed over whole, waiting while the pipe is full. Without,
    nothing runs behind the caller's back: the caller reads the replies, calling
    :meth:`read_replies` whenever :meth:`reply_fileno` is readable (the results arrive there), and
    :meth:`flush` whenever :meth:`request_fileno` is writable while :attr:`pending_output` is true.
    What does not fit in the pipe then waits in memory, up to ``queue_size`` exchanges; past that,
    handing over waits for the child (back-pressure when the disk is slower than the network). That
    is how an event loop drives it (the crawl's reactor): no thread competes with the loop for the
    GIL."""

    def __init__(self, directory: str | os.PathLike, database: str | os.PathLike | None = None,
                 queue_size: int = 64, own_thread: bool = True, on_result: OnResult | None = None,
                 **options: Any) -> None:
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
        self._out: int | None = requests_w
        self._in: int | None = replies_r
        os.set_blocking(requests_w, False)
        os.set_blocking(replies_r, own_thread)
        self._backlog: deque[memoryview] = deque()  # framed messages not yet in the pipe
        self._received = bytearray()
        self._pending: dict[str, Future | None] = {}  # record id -> its future (None: sent without one)
        self._lock = threading.Lock()
        self.on_result = on_result
        self.queue_size = max(1, queue_size)
        self.error: str | None = None
        self.closed = False  # the child said it closed its files
        self.files_written: list[Path] = []
        self.records_written = 0
        level = logging.getLogger("archive").getEffectiveLevel()
        self._send(("open", str(directory), str(database) if database else None, options, level), block=False)
        self._receiver: threading.Thread | None = None
        if own_thread:
            self._receiver = threading.Thread(target=self._receive, name="warc-writer-receive", daemon=True)
            self._receiver.start()

    @classmethod
    def open(cls, directory: str | os.PathLike, database: str | os.PathLike | None = None,
             on_result: OnResult | None = None, queue_size: int = 64, **options: Any) -> WarcWriterProcess:
        """The crawl's way in (``WARC_WRITER``): driven by the crawl's reactor (no thread of its own)."""
        return cls(directory, database, queue_size=queue_size, own_thread=False, on_result=on_result, **options)

    # -- the caller's side ---------------------------------------------------
    def submit(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> Future:
        """Hand an exchange over; the future of its capture."""
        future: Future = Future()
        self._hand_over(exchange, metadata, future)
        return future

    def send(self, exchange: HttpExchange, metadata: dict[str, str] | None = None) -> None:
        """Hand an exchange over without a future: its result goes to ``on_result`` only."""
        self._hand_over(exchange, metadata, None)

    def _hand_over(self, exchange: HttpExchange, metadata: dict[str, str] | None, future: Future | None) -> None:
        if exchange.record_id is None:
            exchange.record_id = new_record_id()
        with self._lock:
            error = self.error
            if error is None:
                self._pending[exchange.record_id] = future
        if error is not None:
            self._finish(exchange.record_id, future, None, OSError(error))
            return
        try:
            fields, body = exchange_fields(exchange)
            self._send(("write", fields, metadata), block=self._receiver is not None, raw=body)
        except Exception as exc:  # noqa: BLE001 - this one exchange fails, the stream stays whole
            self._fail_one(exchange.record_id, f"cannot be handed to the WARC writer: {exc!r}")

    def note(self, url: str, record_id: str, fields: dict[str, str]) -> None:
        """A metadata record about a response handed over earlier (no reply)."""
        if self.error is not None:
            return
        try:
            self._send(("note", url, record_id, fields), block=self._receiver is not None)
        except Exception as exc:  # noqa: BLE001 - a note lost is logged; the stream stays whole
            logger.warning("WARC: the note on %s could not be handed to the writer: %r", url, exc)

    def reply_fileno(self) -> int | None:
        return self._in

    def request_fileno(self) -> int | None:
        return self._out

    @property
    def pending_output(self) -> bool:
        """Messages wait for room in the pipe: call :meth:`flush` once it is writable."""
        return bool(self._backlog)

    def flush(self, block: bool = False) -> None:
        """Put what waits into the pipe, as much as fits (``block``: all of it; without a reader
        thread, the child's replies are read meanwhile, so neither side waits for the other)."""
        while self._backlog and self._out is not None:
            if self.error is not None:
                self._backlog.clear()
                return
            try:
                written = os.writev(self._out, list(islice(self._backlog, 0, 64)))
            except BlockingIOError:
                if not block:
                    return
                self._wait_for_room()
                continue
            except (OSError, ValueError) as exc:
                self._fail(f"the WARC writer process is gone ({exc})")
                return
            while written:
                head = self._backlog[0]
                if written >= len(head):
                    written -= len(head)
                    self._backlog.popleft()
                else:
                    self._backlog[0] = head[written:]
                    written = 0

    def read_replies(self) -> bool:
        """Read what the child has sent and complete those futures (without ``own_thread``:
        call when :meth:`reply_fileno` is readable). False once the child is gone: stop watching."""
        while self._in is not None:
            try:
                data = os.read(self._in, READ_SIZE)
            except BlockingIOError:
                return True
            except OSError as exc:
                self._lost(exc)
                return False
            if not data:
                self._lost(None)
                return False
            self._take(data)
            if len(data) < READ_SIZE:  # all there was: asking again would only find the pipe empty
                return True
        return False

    def close(self) -> list[Path]:
        """Write what is queued, close the current file (its final name, its CDXJ index) and wait
        for the child to exit. Without ``own_thread``, the caller must not be reading the replies
        meanwhile: close reads them until the child is done."""
        self._send(("close",), block=True)
        if self._out is not None:
            os.close(self._out)
            self._out = None
        if self._receiver is not None:
            self._receiver.join()
        elif self._in is not None:
            os.set_blocking(self._in, True)
            while self.read_replies():
                pass
        self.process.wait()
        return list(self.files_written)

    # -- the pipe ------------------------------------------------------------
    def _send(self, message: tuple, block: bool, raw: bytes = b"") -> None:
        """Frame ``message`` (its dump, then ``raw``: a body goes as it is, not copied into
        the dump) and put it into the pipe, or in memory while the pipe is full."""
        data = marshal.dumps(message)
        if self.error is not None or self._out is None:
            return
        self._backlog.append(memoryview(FRAME.pack(len(data), len(raw))))
        self._backlog.append(memoryview(data))
        if raw:
            self._backlog.append(memoryview(raw))
        self.flush(block=block or len(self._backlog) > 3 * self.queue_size)

    def _wait_for_room(self) -> None:
        poller = select.poll()
        poller.register(self._out, select.POLLOUT)
        if self._receiver is None and self._in is not None:
            poller.register(self._in, select.POLLIN)
        for fd, _ in poller.poll():
            if fd == self._in:
                self.read_replies()

    def _receive(self) -> None:
        """The reader thread (``own_thread``)."""
        while self.read_replies():
            pass

    def _lost(self, exc: Exception | None) -> None:
        """The reply pipe ended: after ``closed``, the normal end; before, the child died."""
        if self._in is not None:
            os.close(self._in)
            self._in = None
        if not self.closed:
            status = self.process.wait()
            self._fail(f"the WARC writer process exited (status {status}): {exc or 'end of pipe'}")

    def _take(self, data: bytes) -> None:
        """Handle every whole message in what was read; keep the rest for the next read."""
        buffer = self._received
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

    def _handle(self, message: tuple) -> None:
        kind = message[0]
        if kind == "done":
            with self._lock:
                if message[1] not in self._pending:
                    return
                future = self._pending.pop(message[1])
            self.records_written += 1
            self._finish(message[1], future, Capture(*message[2]), None)
        elif kind == "failed":
            self._fail_one(message[1], message[2])
        elif kind == "log":
            _, level, name, text = message
            logging.getLogger(name).log(level, "%s", text)
        elif kind == "closed":
            self.closed = True
            self.files_written = [Path(p) for p in message[1]]
        elif kind == "fatal":
            self._fail(message[1])

    def _fail(self, reason: str) -> None:
        """The child is gone: every pending and later exchange fails."""
        with self._lock:
            if self.error is None:
                self.error = reason
            pending = list(self._pending.items())
            self._pending.clear()
        for record_id, future in pending:
            self._finish(record_id, future, None, OSError(reason))

    def _fail_one(self, record_id: str, reason: str) -> None:
        with self._lock:
            if record_id not in self._pending:
                return
            future = self._pending.pop(record_id)
        self._finish(record_id, future, None, OSError(reason))

    def _finish(self, record_id: str, future: Future | None, capture: Capture | None, error: OSError | None) -> None:
        if future is not None:
            if error is None:
                future.set_result(capture)
            else:
                future.set_exception(error)
        if self.on_result is not None:
            self.on_result(record_id, capture, error)


#: HttpExchange's fields, in the order an exchange travels to the child
EXCHANGE_FIELDS = tuple(f.name for f in fields(HttpExchange))
BODY, FETCHED_AT = EXCHANGE_FIELDS.index("body"), EXCHANGE_FIELDS.index("fetched_at")
EPOCH, MICROSECOND = datetime(1970, 1, 1, tzinfo=UTC), timedelta(microseconds=1)
#: each message: the length of its dump and of a raw part (a body), then the two
FRAME = struct.Struct("<QQ")
READ_SIZE = 1 << 16


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
    """A 1 MiB pipe instead of Linux's 64 KiB: a page goes over in one write, not a dozen
    wake-ups of both processes. Best effort (other systems, a lower ``pipe-max-size``)."""
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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    requests_fd, replies_fd = int(args[0]), int(args[1])
    with os.fdopen(requests_fd, "rb", buffering=1 << 20) as requests, os.fdopen(replies_fd, "wb") as replies:
        try:
            return serve(requests, replies)
        except (BrokenPipeError, ConnectionResetError):
            return 1


if __name__ == "__main__":
    sys.exit(main())
