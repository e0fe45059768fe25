"""The WARC writer process's two pipes as reactor descriptors (crawler/capture.py's plumbing).

The reactor watches both ends itself: replies are read when they come, and exchanges that did not fit
in the pipe are written once there is room. Measured reason for not using threads: a sender and a
receiver thread took the GIL from the reactor on every page (0.19 ms of a 2 ms page).
"""
from __future__ import annotations

from twisted.internet.interfaces import IReadDescriptor, IWriteDescriptor
from zope.interface import implementer

from archive.warcprocess import WarcWriterProcess


class WriterPipe:
    """The writer process's pipes, watched by the reactor: its replies are read as they come, and
    exchanges that did not fit in the pipe are written once there is room. Nothing else of the
    crawl process touches the writer, so no thread competes with the reactor for the GIL."""

    def __init__(self, writer: WarcWriterProcess, reactor) -> None:
        self.writer = writer
        self.replies = _Replies(self, reactor)
        self.requests = _Requests(self, reactor)

    def start(self) -> None:
        self.replies.watch()

    def stop(self) -> None:
        self.replies.unwatch()
        self.requests.unwatch()

    def sent(self) -> None:
        """An exchange was handed over: if part of it waits for room in the pipe, watch for room."""
        if self.writer.pending_output:
            self.requests.watch()


class _Descriptor:
    """One of the writer's pipes, as the reactor watches it (``add``/``remove``: the reactor's
    methods for this direction)."""

    add = remove = ""

    def __init__(self, pipe: WriterPipe, reactor) -> None:
        self.pipe = pipe
        self.reactor = reactor
        self.watched = False

    def watch(self) -> None:
        if not self.watched:
            getattr(self.reactor, self.add)(self)
            self.watched = True

    def unwatch(self) -> None:
        if self.watched:
            getattr(self.reactor, self.remove)(self)
            self.watched = False

    def fd(self) -> int | None:
        raise NotImplementedError

    def fileno(self) -> int:
        fd = self.fd()
        return -1 if fd is None else fd

    def connectionLost(self, reason) -> None:
        self.watched = False

    def logPrefix(self) -> str:
        return "warc-writer"


@implementer(IReadDescriptor)
class _Replies(_Descriptor):
    add, remove = "addReader", "removeReader"

    def fd(self) -> int | None:
        return self.pipe.writer.reply_fileno()

    def doRead(self) -> None:
        if not self.pipe.writer.read_replies():  # the child is gone (each pending capture has failed)
            self.pipe.stop()


@implementer(IWriteDescriptor)
class _Requests(_Descriptor):
    add, remove = "addWriter", "removeWriter"

    def fd(self) -> int | None:
        return self.pipe.writer.request_fileno()

    def doWrite(self) -> None:
        self.pipe.writer.flush()
        if not self.pipe.writer.pending_output:
            self.unwatch()
