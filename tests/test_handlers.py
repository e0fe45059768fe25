"""The private Scrapy and Twisted names crawler/handlers.py relies on still exist and still mean what
they meant in the versions it was checked against; a chunked response keeps its framing header."""
from __future__ import annotations

import inspect
from importlib.metadata import version

from scrapy.core.downloader.handlers import http11
from twisted.web import _newclient

from crawler import handlers


def test_pinned_versions_are_the_checked_ones():
    installed = {name: version(name) for name in handlers.CHECKED_WITH}
    assert installed == handlers.CHECKED_WITH, (
        f"crawler/handlers.py was checked with {handlers.CHECKED_WITH}, this is {installed}: check its private "
        "names (see its docstring) against the new versions, then update CHECKED_WITH")


def test_the_private_names_exist_with_the_shape_used():
    from twisted.web import client

    assert issubclass(handlers.WireHeadersClientProtocol, http11._LenientHTTP11ClientProtocol)
    assert issubclass(handlers.WireHeadersClientFactory, http11._LenientHTTP11ClientFactory)
    assert "self._quiescentCallback = " in inspect.getsource(client._HTTP11ClientFactory.__init__)
    assert client.HTTPConnectionPool._factory is client._HTTP11ClientFactory  # what the handler replaces
    assert "self._pool._factory = _LenientHTTP11ClientFactory" in inspect.getsource(http11.HTTP11DownloadHandler)
    assert "self._parser = " in inspect.getsource(_newclient.HTTP11ClientProtocol.request)
    assert "self.connHeaders = " in inspect.getsource(_newclient.HTTPParser)


def test_connection_headers_are_restored_with_transfer_encoding_renamed():
    from twisted.web.http_headers import Headers

    class Response:
        headers = Headers({b"Content-Type": [b"text/html"]})

    response = Response()
    handlers.restore_connection_headers(response, Headers({b"Transfer-Encoding": [b"chunked"],
                                                           b"Content-Length": [b"5"], b"Connection": [b"close"]}))
    assert response.headers.getRawHeaders(b"X-Crawler-Transfer-Encoding") == [b"chunked"]
    assert response.headers.getRawHeaders(b"Connection") == [b"close"]
    assert response.headers.getRawHeaders(b"Content-Length") is None
