"""NewsSpider: the discovery logic every portal spider shares.

A start URL may be a section listing, an RSS/Atom feed, a sitemap (or sitemap index),
or an article. From listings the spider follows same-site links: article pages go to
the pipelines, "下一页" pagination is followed up to ``NEWS_MAX_LISTING_PAGES`` pages,
other same-site pages up to ``NEWS_MAX_HOPS`` links away from a start URL. Article pages are scheduled newest first
(by the date in their URL). Portal spiders subclass it and set only their name,
domains, start URLs and patterns.
"""
from __future__ import annotations

import html
import logging
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml import etree
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.utils.response import get_base_url
from w3lib.url import safe_url_string

from archive.extract import date_from_url
from archive.pagekind import classify
from archive.urltemplates import Template, TemplateLearner
from crawler import capture, storage
from crawler.feeds import (
    ENTITY_DECLARATION,
    SITEMAP_ROOTS,
    XML_FEED_ROOTS,
    feed_links,
    local_name,
    safe_xml_root,
    sitemap_links,
    transcoded,
)
from crawler.items import PageItem

logger = logging.getLogger(__name__)

#: Article URL shapes of Chinese news portals (each commented with the portal it serves).
GENERIC_ARTICLE_PATTERNS = [
    r"/\d{4}-\d{2}/\d{2}/(content|c)_\d+\.s?html?$",  # 光明网, 新华网 (old), 法治网, 中国西藏网 (some channels)
    r"/n\d/\d{4}/\d{4}/c\d+-\d+(-\d+)?\.html$",  # 人民网 /n1/2024/0305/c1003-40189234.html
    r"/t\d{8}_\d+\.s?html?$",  # 中国西藏网, 中国长安网, government sites: /202309/t20230913_7478301.html
    r"/\d{4}/\d{2}-\d{2}/\d+\.s?html$",  # 中国新闻网 /gn/2024/03-05/10174000.shtml
    r"/\d{4}-\d{2}-\d{2}/[A-Za-z]?\d+\.html$",  # 证券日报 /2024-03-05/A1709600000000.html
    r"/\d{8}/[0-9a-f]{16,}/c\.html$",  # 新华网 /20240305/<hash>/c.html
    r"/ARTI[A-Za-z0-9]+\.shtml$",  # 央视网
    r"/newsDetail_forward_\d+$",  # 澎湃新闻
    r"/\d{4}/?\d{2}/?\d{2}/[^/]*\d{4,}[^/]*\.s?html?$",  # generic dated article
]
PAGINATION_TEXTS = ("下一页", "下页", "下一頁", "后页", "next", "next page", "›", "»", ">")
FEED_EXTENSIONS = {"rss", "xml", "atom"}  # Scrapy's link extractor skips these by default: feeds are links too
#: an href attribute's value in raw HTML (quoted or bare): enough to find an article page's related links
#: a URL with nothing to percent-encode
SAFE_URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
ABSOLUTE = re.compile(rb"[A-Za-z][A-Za-z0-9+.-]*://")
HREF_MEMORY = 50_000  # resolved hrefs remembered (about 10 MB at most)
HREF = re.compile(rb"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def url_recency(url: str) -> int:
    """A request priority: days since 2000 of the date in the URL (newest first), else 0."""
    found = date_from_url(url)
    if not found:
        return 0
    return (date.fromisoformat(found[:10]) - date(2000, 1, 1)).days


class NewsSpider(scrapy.Spider):
    """Base of every spider of this project (no name of its own: not listed by ``scrapy list``).

    Arguments any subclass takes: ``-a start_urls=URL[,URL...]``, ``-a allowed_domains=a.cn,b.cn``
    (default: the start URLs' hosts, without ``www.``), ``-a article_patterns=REGEX[,REGEX...]``
    (added to the spider's own).
    """

    name: str | None = None
    start_urls: list[str] = []
    allowed_domains: list[str] = []
    article_patterns: list[str] = GENERIC_ARTICLE_PATTERNS
    #: URLs never followed (login, print views, comment pages …)
    deny_patterns: list[str] = [r"/(login|register|print|comment)s?[/.?]", r"javascript:"]

    def __init__(self, *args: Any, start_urls: str | Iterable[str] | None = None,
                 allowed_domains: str | Iterable[str] | None = None,
                 article_patterns: str | Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if start_urls:
            self.start_urls = split_arg(start_urls)
        if allowed_domains:
            self.allowed_domains = split_arg(allowed_domains)
        elif not self.allowed_domains:
            self.allowed_domains = sorted({host_domain(u) for u in self.start_urls if host_domain(u)})
        self.extra_patterns = split_arg(article_patterns) if article_patterns else []
        self._article_re: re.Pattern | None = None
        self._deny_re = re.compile("|".join(f"(?:{p})" for p in self.deny_patterns))
        # LinkExtractor's allow_domains compares host:port; same-site is checked by is_same_site
        self.link_extractor = LinkExtractor(unique=True, deny_extensions=[
            ext for ext in IGNORED_EXTENSIONS if ext not in FEED_EXTENSIONS])
        self.articles_scheduled = 0
        self.article_urls: set[str] = set()  # article URLs this process requested (the dupefilter's job, earlier)
        self._href_memory: dict[tuple[str, bytes, str], str | None] = {}
        self.learner: TemplateLearner | None = None  # article URL templates learnt by content (start())

    # -- settings read once the crawler is bound -------------------------------
    @property
    def max_listing_pages(self) -> int:
        return self.settings.getint("NEWS_MAX_LISTING_PAGES")

    @property
    def max_hops(self) -> int:
        return self.settings.getint("NEWS_MAX_HOPS")

    @property
    def max_articles(self) -> int:
        return self.settings.getint("NEWS_MAX_ARTICLES")

    # -- classification ----------------------------------------------------------
    def is_article_url(self, url: str) -> bool:
        return self.article_source(url) is not None

    def article_source(self, url: str) -> str | None:
        """Why ``url`` is an article's: ``pattern`` (a regex of the spider or the user), ``template``
        (an article URL template learnt on this site), or None."""
        if self._article_re is None:
            self._article_re = self.compile_article_patterns()
        path = urlsplit(url).path.split(";", 1)[0]  # ;jsessionid=… path parameters
        if self._article_re.search(path) is not None:
            return "pattern"
        if self.learner is not None and self.learner.match(url) is not None:
            return "template"
        return None

    def compile_article_patterns(self) -> re.Pattern:
        """One alternation of the spider's patterns (none with ``NEWS_BUILTIN_PATTERNS`` off) and the
        user's: a single regex pass per URL (these run on every link of every page)."""
        crawler = getattr(self, "crawler", None)
        builtin = crawler is None or crawler.settings.getbool("NEWS_BUILTIN_PATTERNS", True)
        patterns = (list(self.article_patterns) if builtin else []) + self.extra_patterns
        return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else r"(?!)")

    def is_denied(self, url: str) -> bool:
        return self._deny_re.search(url) is not None

    # -- requests -----------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        if not self.start_urls:
            logger.error("spider %s has no start URLs: pass -a start_urls=URL[,URL...]", self.name)
            return
        if self.settings.getbool("NEWS_CLASSIFY_BY_CONTENT"):
            self.learner = TemplateLearner(self.stored_templates(), self.settings.getint("NEWS_TEMPLATE_MIN_PAGES"))
        for url in self.start_urls:
            yield Request(url, callback=self.parse, errback=self.request_failed,
                          meta={"page_kind": "start", "listing_page": 1, "hops": 0})

    def article_request(self, url: str) -> Request | None:
        """A request for an article page; None for one this process has requested already (every
        related-articles list links the same pages: dropped here, they cost no trip through the
        middlewares and the dupefilter) or past ``NEWS_MAX_ARTICLES``."""
        if url in self.article_urls:
            return None
        if self.max_articles and self.articles_scheduled >= self.max_articles:
            self.crawler.stats.inc_value("discover/article_cap_reached")
            return None
        self.article_urls.add(url)
        self.articles_scheduled += 1
        self.crawler.stats.inc_value("discover/article_links")
        if self.learner is not None and self.article_source(url) == "template":
            self.crawler.stats.inc_value("discover/template_links")
        return Request(url, callback=self.parse_article, errback=self.request_failed, meta={"page_kind": "article"},
                       priority=1 + url_recency(url))

    def listing_request(self, url: str, page: int, hops: int) -> Request:
        return Request(url, callback=self.parse_listing, errback=self.request_failed,
                       meta={"page_kind": "listing", "listing_page": page, "hops": hops})

    # -- callbacks -----------------------------------------------------------------
    def request_failed(self, failure) -> None:
        """Every failed request (timeout, reset, DNS, redirect loop, robots.txt …): one log line with
        the URL and the reason, and ``discover/failed/<ExceptionName>``."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        name = failure.type.__name__ if failure.type else "Error"
        self.crawler.stats.inc_value(f"discover/failed/{name}")
        message = str(failure.value) or name
        if isinstance(failure.value, IgnoreRequest):
            logger.info("request failed: %s: %s", url, message)
        else:
            logger.warning("request failed: %s: %s: %s", url, name, message)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Dispatch a start URL: feed, sitemap, article or listing."""
        root = self.xml_root(response)
        if root is not None:
            yield from self.parse_xml(response, root)
        elif self.is_article_url(response.url):
            yield from self.parse_article(response)
        else:
            yield from self.parse_listing(response)

    def looks_xml(self, response: Response) -> bool:
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        head = response.body[:512].lstrip().lower()
        return "xml" in content_type or head.startswith((b"<?xml", b"<rss", b"<urlset", b"<sitemapindex", b"<feed"))

    def xml_root(self, response: Response) -> etree._Element | None:
        if not self.looks_xml(response):
            return None
        if ENTITY_DECLARATION.search(response.body[:65536]):
            # no feed or sitemap needs entities; external ones read files, nested ones explode
            self.crawler.stats.inc_value("discover/xml_entities_refused")
            logger.warning("refused %s: it has entity declarations (never resolved or expanded)", response.url)
            return None
        root = safe_xml_root(response.body)
        utf8 = transcoded(response.body) if root is None else None
        if utf8 is not None:
            # a "gb2312" feed with a GBK-only character, Big5 with Hong Kong's characters: libxml2 refuses what
            # Python's codecs read
            root = safe_xml_root(utf8)
            if root is not None:
                self.crawler.stats.inc_value("discover/xml_transcoded")
                logger.info("feed or sitemap at %s is not in the encoding it declares: read as the archive reads "
                            "pages (GB18030, Big5-HKSCS)", response.url)
        if root is None:  # malformed: say so, then read what can be read (in the encoding Python read it in)
            root = safe_xml_root(utf8 or response.body, recover=True)
            self.crawler.stats.inc_value("discover/bad_xml")
            logger.warning("malformed feed or sitemap at %s: %s", response.url,
                           "links read from what parses" if root is not None else "nothing readable")
            if root is not None and local_name(root) in XML_FEED_ROOTS | SITEMAP_ROOTS:
                return root
            return None
        if local_name(root) not in XML_FEED_ROOTS | SITEMAP_ROOTS:
            self.crawler.stats.inc_value("discover/bad_xml")
            logger.warning("unreadable feed or sitemap at %s", response.url)
            return None
        return root

    def parse_xml(self, response: Response, root: etree._Element) -> Iterator[Request]:
        if local_name(root) in SITEMAP_ROOTS:
            pages, sitemaps = sitemap_links(root)
            self.crawler.stats.inc_value("discover/sitemaps")
            for url in sitemaps:
                if self.is_same_site(url):
                    yield Request(url, callback=self.parse, errback=self.request_failed,
                                  meta={"page_kind": "sitemap", "hops": 0})
        else:
            pages = feed_links(root)
            self.crawler.stats.inc_value("discover/feeds")
        for url in pages:
            url = response.urljoin(url)
            if self.is_same_site(url) and not self.is_denied(url):
                if self.is_article_url(url):
                    request = self.article_request(url)
                else:
                    request = self.listing_request(url, 1, response.meta.get("hops", 0) + 1)
                if request is not None:
                    yield request

    def parse_listing(self, response: Response) -> Iterator[Any]:
        if self.is_article_url(response.url):  # a redirect (/go/latest → an article) lands here
            yield from self.parse_article(response)
            return
        instead = self.incomplete(response)
        if instead is not None:
            yield from instead
            return
        root = self.xml_root(response)  # a feed or sitemap linked from a page
        if root is not None:
            yield from self.parse_xml(response, root)
            return
        if self.looks_xml(response):
            return  # unreadable or refused XML: xml_root said so
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("discover/not_html")
            return
        if self.settings.getbool("NEWS_CLASSIFY_BY_CONTENT"):
            item = self.classify_page(response)
            if item is not None:
                yield item
        self.crawler.stats.inc_value("discover/listing_pages")
        page = response.meta.get("listing_page", 1)
        hops = response.meta.get("hops", 0)
        next_urls = set(self.pagination_urls(response))
        for url in next_urls:
            if page < self.max_listing_pages:
                yield self.listing_request(url, page + 1, hops)
            else:
                self.crawler.stats.inc_value("discover/pagination_cap_reached")
        for link in self.link_extractor.extract_links(response):
            url = link.url
            if not self.is_same_site(url):
                self.crawler.stats.inc_value("discover/offsite_links")  # never followed
                continue
            if url in next_urls or self.is_denied(url):
                continue
            if self.is_article_url(url):
                request = self.article_request(url)
                if request is not None:
                    yield request
            elif hops < self.max_hops:
                yield self.listing_request(url, 1, hops + 1)

    def classify_page(self, response: TextResponse) -> PageItem | None:
        """A page whose URL no pattern or template knows: its markup says whether it is an article
        (:func:`archive.pagekind.classify`, on the tree the link extractor parses anyway). The
        decision and its signal go to the stats and, as a metadata record, to the WARC; articles
        teach the site's URL templates."""
        tree = response.selector.root  # parsed once: the link extractor reads the same tree
        started = time.thread_time()
        stats = self.crawler.stats
        try:
            decision = classify(tree)
        except Exception as exc:  # noqa: BLE001 - a page that breaks the classifier is read as a listing
            stats.inc_value("discover/classify_failed")
            logger.warning("%s could not be classified (%s: %s): read as a listing", response.url,
                           type(exc).__name__, exc)
            return None
        stats.inc_value("discover/classify_cpu_us", int(1e6 * (time.thread_time() - started)))
        stats.inc_value(f"discover/classified/{decision.kind}")
        stats.inc_value(f"discover/classified/{decision.kind}/{decision.reason}")
        capture.note(self.crawler, response, {"page-kind": decision.kind, "page-kind-reason": decision.reason})
        if decision.kind != "article":
            if self.learner is not None:
                self.learner.listing(response.url)
            return None
        logger.info("%s is an article by its content (%s)", response.url, decision.reason)
        if self.learner is not None:
            known = len(self.learner.templates)
            template = self.learner.article(response.url)
            if len(self.learner.templates) > known and template is not None:
                stats.inc_value("discover/templates/learnt")
                logger.info("learnt an article URL template of %s: %s (from %d pages)", template.site,
                            template.template, template.pages)
        return self.page_item(response, check="content")

    def stored_templates(self) -> list[Template]:
        """The article URL templates an earlier crawl learnt on this spider's sites."""
        store = storage.acquire_for(self.crawler)
        if store is None:
            return []
        try:
            rows = store.url_templates(sorted({host_domain("http://" + d) for d in self.allowed_domains}) or None)
        finally:
            storage.release(store)
        templates = [Template(r["site"], r["template"], r["pages"] or 0, r["listings"] or 0, r["first_seen"] or "",
                              r["last_seen"] or "") for r in rows]
        self.crawler.stats.set_value("discover/templates/loaded", len(templates))
        if templates:
            logger.info("starting with %d learnt article URL templates: %s", len(templates),
                        ", ".join(f"{t.site}{t.template}" for t in templates[:10]))
        return templates

    def closed(self, reason: str) -> None:
        """Keep the templates this crawl learnt or used in the archive, for the next crawl."""
        if self.learner is None:
            return
        rows = [{"site": t.site, "template": t.template, "pages": t.pages, "listings": t.listings,
                 "first_seen": t.first_seen, "last_seen": t.last_seen} for t in self.learner.learnt()]
        if not rows:
            return
        store = storage.acquire_for(self.crawler)
        if store is None:
            return
        try:
            with store.writing():
                store.save_url_templates(rows)
        except sqlite3.Error as exc:
            logger.error("the learnt URL templates could not be saved: %s", exc)
        finally:
            storage.release(store)

    def pagination_urls(self, response: TextResponse) -> list[str]:
        """Links labelled 下一页 / next, or marked rel=next."""
        urls = response.css('a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)').getall()
        for anchor in response.css("a[href]"):
            text = " ".join(anchor.css("::text").getall()).strip().lower()
            if text in PAGINATION_TEXTS or text.startswith(PAGINATION_TEXTS[:4]):
                urls.append(anchor.attrib["href"])
        return [response.urljoin(u) for u in urls if self.is_same_site(response.urljoin(u))]

    def incomplete(self, response: Response) -> list[Request] | None:
        """None when the body is whole; else what to request instead: the same page again after a
        broken transfer (up to ``RETRY_TIMES``), nothing for a body cut at ``WARC_MAX_BODY``."""
        if "dataloss" in response.flags:
            self.crawler.stats.inc_value("discover/truncated")
            tries = response.meta.get("dataloss_retries", 0)
            logger.warning("%s arrived truncated (connection lost), attempt %d", response.url, tries + 1)
            if tries >= self.settings.getint("RETRY_TIMES"):
                return []
            retry = response.request.replace(dont_filter=True)
            retry.meta["dataloss_retries"] = tries + 1
            return [retry]
        if "download_stopped" in response.flags:
            self.crawler.stats.inc_value("discover/truncated")
            logger.warning("%s is over WARC_MAX_BODY: captured cut, not parsed", response.url)
            return []
        return None

    def parse_article(self, response: Response) -> Iterator[Any]:
        source = self.article_source(response.url)
        if source is None:  # an article link that redirected elsewhere
            yield from self.parse_listing(response)
            return
        instead = self.incomplete(response)
        if instead is not None:
            yield from instead
            return
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("discover/not_html")
            logger.info("not an HTML page: %s", response.url)
            return
        yield self.page_item(response, check=source)
        # related-article links lead to more articles of the same portal
        for url in self.article_links(response):
            request = self.article_request(url)
            if request is not None:
                yield request

    def page_item(self, response: Response, check: str = "pattern") -> PageItem:
        """The item an article page becomes (its bytes go to the pipelines; where it is in the WARC too);
        ``check``: why it is taken for an article (:meth:`archive.analyse.Analyser.analyse`)."""
        warc = response.meta.get("warc", {})
        return PageItem(
            check=check,
            url=response.url,
            portal=self.name,
            body=response.body,
            content_type=response.headers.get(b"Content-Type", b"").decode("latin-1") or None,
            warc_file=warc.get("file"),
            warc_offset=warc.get("offset"),
            warc_record_id=warc.get("record_id"),
            fetched_at=warc.get("fetched_at"),
        )

    def article_links(self, response: TextResponse) -> list[str]:
        """Same-site article URLs an article page links to, read off the raw ``href`` attributes:
        an article page is only searched for more articles, and a regular expression over the bytes
        costs a tenth of a parsed link extraction on a 100 KB page (the crawl process has the CPU
        the extraction workers leave). A portal's navigation repeats on every page: what an
        absolute or root-relative href resolves to is remembered (``HREF_MEMORY`` of them)."""
        encoding = response.encoding
        base = get_base_url(response)
        parts = urlsplit(base)
        origin = f"{parts.scheme}://{parts.netloc}"
        found: dict[str, None] = {}
        for match in HREF.finditer(response.body):
            raw = (match.group(1) or match.group(2) or match.group(3) or b"").strip()
            if not raw or raw.startswith((b"#", b"javascript:", b"mailto:")):
                continue
            if raw.startswith(b"/") and not raw.startswith(b"//"):
                key = (origin, raw, encoding)  # resolves the same on every page of the site
            elif ABSOLUTE.match(raw):
                key = ("", raw, encoding)
            else:
                key = None
            url = self._href_memory.get(key, False) if key else False
            if url is False:
                url = self.article_url_of(base if key is None else key[0] or base, raw, encoding)
                if key is not None:
                    if len(self._href_memory) >= HREF_MEMORY:
                        self._href_memory.clear()
                    self._href_memory[key] = url
            if url is not None:
                found[url] = None
        return list(found)

    def article_url_of(self, base: str, raw: bytes, encoding: str) -> str | None:
        """The URL an href leads to, if it is a same-site article's (else None; an href no URL
        parser accepts, such as ``http://[bad``, is counted as ``discover/bad_links``)."""
        href = raw.decode(encoding, errors="replace")
        if "&" in href:
            href = html.unescape(href)
        try:
            if not SAFE_URL.fullmatch(href):
                href = safe_url_string(href, encoding)
            url = urljoin(base, href).split("#", 1)[0]
            urlsplit(url).port  # noqa: B018 -- raises on a port out of range, as a request of it would
            if self.is_article_url(url) and self.is_same_site(url) and not self.is_denied(url):
                return url
        except ValueError as exc:  # invalid IPv6 host, port out of range …
            if getattr(self, "crawler", None) is not None:
                self.crawler.stats.inc_value("discover/bad_links")
            logger.info("unreadable link %r on a page of %s: %s", href[:200], base, exc)
        return None

    def is_same_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        if not self.allowed_domains:
            return bool(host)
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)


def split_arg(value: str | Iterable[str]) -> list[str]:
    """``'a, b'`` → ``['a', 'b']``; lists pass through."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


def host_domain(url: str) -> str:
    """The domain a start URL allows: its host without ``www.``.

    >>> host_domain("http://www.gmw.cn/index.htm"), host_domain("http://127.0.0.1:8000/")
    ('gmw.cn', '127.0.0.1')
    """
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


class PortalSpider(NewsSpider):
    """A news portal: its real domains, the sections and feeds where anti-fraud commentary appears,
    its article URL shapes. Only those start URLs, their pagination and their articles are crawled
    (no wandering across the portal: ``follow_sections = False``).

    ``PORTALS_MIRROR`` (a base URL) serves every portal from elsewhere: ``https://guancha.gmw.cn/node_4108.htm``
    becomes ``MIRROR/gmw/node_4108.htm``. The tests point it at the sample portal, which mirrors each
    portal's real paths under its spider's name.
    """

    follow_sections = False

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        mirror = crawler.settings.get("PORTALS_MIRROR")
        if mirror and "start_urls" not in kwargs:
            spider.start_urls = [mirrored(url, mirror, spider.name) for url in spider.start_urls]
            spider.allowed_domains = [host_domain(mirror)]
        return spider

    @property
    def max_hops(self) -> int:
        return 0 if not self.follow_sections else super().max_hops


def mirrored(url: str, mirror: str, name: str) -> str:
    """The URL on a mirror.

    >>> mirrored("https://guancha.gmw.cn/node_4108.htm?a=1", "http://127.0.0.1:8000", "gmw")
    'http://127.0.0.1:8000/gmw/node_4108.htm?a=1'
    """
    parts = urlsplit(url)
    return f"{mirror.rstrip('/')}/{name}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
