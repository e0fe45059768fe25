"""A real HTTP/1.1 server for the sample portal, on 127.0.0.1.

In tests::

    with PortalServer() as portal:
        portal.url  # 'http://127.0.0.1:PORT'

From a shell (``make demo`` does this)::

    python -m tests.portal.server --port 8000

Behaviour, as real portals: 光明网 and 证券日报 pages are gzip-encoded when the client
accepts it, 人民网 and 中国西藏网 pages are sent with ``Transfer-Encoding: chunked``,
the home page sets two cookies, ``/go/latest`` redirects (302), ``/status/503`` and the like
answer with that status, ``/mirror/PATH`` serves PATH's bytes, ``/truncated/PATH`` sends half of
them and drops the connection, ``/big.html`` is 300 KB (``/big-chunked.html`` too, sent chunked), every page has an ETag
and answers ``If-None-Match`` with 304, ``/robots.txt`` disallows ``/private/``.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import logging
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from tests.portal import bench, hostile, site

logger = logging.getLogger(__name__)
CHUNK = 1024


class PortalHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SamplePortal/1.0"
    pages: dict[str, site.Page] = {}
    bench_pages = 0

    def log_message(self, format: str, *args) -> None:  # quiet: the crawler logs what it fetched
        logger.debug("%s " + format, self.address_string(), *args)

    def base(self) -> str:
        return "http://" + (self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2]))

    def route(self, path: str) -> site.Page | None:
        base = self.base()
        if path == "/robots.txt":
            return site.robots_txt(base)
        if path == "/gmw/rss.xml":
            return site.rss_feed(base, "gmw")
        if path in ("/people/sitemap.xml", "/tibet/sitemap.xml"):
            return site.sitemap(base, path.split("/")[1])
        if path == "/sitemap_index.xml":
            return site.sitemap_index(base)
        if path.startswith("/bench/"):
            body = bench.route(path, self.bench_pages)
            return site.Page(body) if body is not None else None
        if path.startswith("/plain/"):
            query = urlsplit(self.path).query
            return site.plain_route(path + (f"?{query}" if query else ""))
        if path.startswith("/hostile/"):
            return hostile.route(self, path, dict(parse_qsl(urlsplit(self.path).query)))
        if path.startswith("/status/") and path[8:].isdigit():  # /status/503: an error page, every time
            code = int(path[8:])
            headers = [("Retry-After", "0")] if code == 503 else []
            return site.Page(f"<html><body>{code}</body></html>".encode(), status=code, headers=headers)
        if path.startswith("/truncated/"):  # half the page, then the connection drops
            page = self.pages.get(path[len("/truncated"):])
            if page is None:
                return None
            return site.Page(page.body[: len(page.body) // 2], page.content_type, short_by=len(page.body) - len(page.body) // 2)
        if path in ("/big.html", "/big-chunked.html"):  # a page far larger than any article
            filler = "<p>" + "反诈宣传要常抓不懈。" * 40 + "</p>\n"
            return site.Page(("<html><body>" + filler * 800 + "</body></html>").encode("utf-8"),
                             chunked=path == "/big-chunked.html")  # the length said up front, or not
        if path.startswith("/mirror/"):  # the same bytes under another URL, as mirror sites serve them
            return self.pages.get(path[len("/mirror"):])
        if path == "/go/latest":
            newest = next(e for e in site.entries() if e.portal == "gmw")
            return site.Page(b"", status=302, headers=[("Location", newest.path)])
        return self.pages.get(path)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_GET(self) -> None:
        self.respond(head=False)

    def respond(self, head: bool) -> None:
        path = urlsplit(self.path).path
        page = self.route(path)
        if page is None:
            page = site.Page("<html><body><h1>404 页面不存在</h1></body></html>".encode(), status=404)
        if page.handled:
            return
        body = page.body
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        if page.status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        for name, value in page.headers:
            self.send_header(name, value)
        if path == "/":
            self.send_header("Set-Cookie", "visitor=sample; Path=/")
            self.send_header("Set-Cookie", "region=cn; Path=/")
        if page.status == 200:
            self.send_header("ETag", etag)
        if page.gzip and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        if page.chunked and not head:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), CHUNK):
                piece = body[start : start + CHUNK]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body) + page.short_by))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        if page.short_by:
            self.close_connection = True  # the promised rest never comes


class PortalServer:
    """The sample portal on 127.0.0.1 (port 0: any free port), in a background thread."""

    def __init__(self, port: int = 0, bench_pages: int = 0) -> None:
        handler = type("Handler", (PortalHandler,), {"pages": site.build(), "bench_pages": bench_pages})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> PortalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> PortalServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the sample portal on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--port-file", type=Path, help="write the port here once listening")
    parser.add_argument("--bench-pages", type=int, default=0, help="generated article pages under /bench/")
    args = parser.parse_args()
    server = PortalServer(args.port, args.bench_pages)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.httpd.shutdown).start())
    if args.port_file:
        args.port_file.write_text(str(server.httpd.server_address[1]))
    print(f"sample portal at {server.url}/ (Ctrl-C to stop)", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


if __name__ == "__main__":
    main()
