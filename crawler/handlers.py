"""HTTP download handler that keeps the response's framing headers for the WARC record.

Twisted's HTTP parser moves connection-control headers (``Transfer-Encoding``,
``Connection``, ``Keep-Alive`` …) out of the response headers before Scrapy sees them,
so a chunked response would be archived with no trace of how it was sent. This handler
builds its connections with a protocol that puts them back, the transfer coding renamed
``X-Crawler-Transfer-Encoding`` because the body Scrapy hands on is already de-chunked
(Common Crawl does the same). It hooks in the way Scrapy's own handler does: by setting
the connection pool's protocol factory.

Private names used, unavoidably (Scrapy has no public hook for the client protocol): Scrapy's
``_LenientHTTP11ClientFactory`` and ``_LenientHTTP11ClientProtocol`` and the handler's ``_pool``;
Twisted's ``HTTP11ClientProtocol._parser`` (its ``connHeaders``) and the factory's
``_quiescentCallback``. Checked against :data:`CHECKED_WITH`; ``tests/test_handlers.py`` fails, naming
them, when an upgrade moves any of them.
"""
from __future__ import annotations

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
)

#: the versions these private names were checked against
CHECKED_WITH = {"Scrapy": "2.19.0", "Twisted": "26.10.0"}
RENAMED = {b"transfer-encoding": b"X-Crawler-Transfer-Encoding"}
#: already carried by Scrapy (from the parsed length) or meaningless once the body is read
SKIPPED = {b"content-length"}


def restore_connection_headers(response, conn_headers) -> None:
    """Copy Twisted's connection-control headers back onto a Twisted response."""
    for name, values in conn_headers.getAllRawHeaders():
        lower = name.lower()
        if lower in SKIPPED:
            continue
        response.headers.setRawHeaders(RENAMED.get(lower, name), values)


class WireHeadersClientProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request):
        deferred = super().request(request)
        parser = self._parser

        def restore(response):
            if parser is not None:
                restore_connection_headers(response, parser.connHeaders)
            return response

        deferred.addCallback(restore)
        return deferred


class WireHeadersClientFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr):
        return WireHeadersClientProtocol(self._quiescentCallback)


class WireHeadersDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, with the framing headers kept (``DOWNLOAD_HANDLERS``)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._pool._factory = WireHeadersClientFactory
