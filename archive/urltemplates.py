"""Article URL templates learnt per site.

Once a few pages of a site were read as articles by their content (:mod:`archive.pagekind`), what
their URLs share becomes a template: ``/news/{slug}.html``, ``/a/{digits}``, ``/article?id={id}``.
The spider then takes a link that fits a template for an article without parsing the page first
(and gives it an article's priority); the extraction workers still check what such a page is. The
templates are kept in the archive (table ``url_templates``), so the next crawl of the site starts
with them.

How a template is made from a site's article URLs: URLs with the same number of path segments,
the same file extension and the same query keys form a group; a segment equal in every URL of the
group stays as it is, digits become ``{digits}``, anything else that varies becomes ``{slug}``.
A template needs ``min_pages`` distinct articles, something fixed to anchor it (a literal segment,
or digits in its last segment: ``/{slug}.html`` alone would take ``/about.html`` too), and at most
one page in ten of those that fit it read as a listing.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

DIGITS = re.compile(r"\d+")
PLACEHOLDER = re.compile(r"\{(digits|slug|id)\}")


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def site_of(url: str) -> str:
    """The host a template belongs to (``www.`` dropped).

    >>> site_of("https://www.Example.cn:8080/a/1")
    'example.cn'
    """
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def split_url(url: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Path segments (the empty ones dropped) and query pairs."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split(";", 1)[0].split("/") if s]
    return segments, parse_qsl(parts.query, keep_blank_values=True)


def extension(segment: str) -> str:
    stem, dot, ext = segment.rpartition(".")
    return f".{ext}" if dot and stem and ext.isalnum() and len(ext) <= 6 else ""


def group_key(url: str) -> tuple:
    segments, query = split_url(url)
    return (len(segments), extension(segments[-1]) if segments else "", tuple(sorted({k for k, _ in query})))


def generalise(values: list[str], last: bool) -> str:
    """One segment's part of a template from its values in a group's URLs.

    >>> generalise(["12345", "678"], False), generalise(["c_12.htm", "c_345.htm"], True)
    ('{digits}', 'c_{digits}.htm')
    >>> generalise(["fanzha-a.html", "tips.html"], True), generalise(["news", "news"], False)
    ('{slug}.html', 'news')
    """
    if all(v.isdigit() for v in values):
        return "{digits}"
    if len(set(values)) == 1:
        return values[0]
    shapes = {DIGITS.sub("{digits}", v) for v in values}
    if len(shapes) == 1:
        return shapes.pop()
    ext = extension(values[0]) if last else ""
    return "{slug}" + ext


def template_of_group(urls: list[str]) -> str | None:
    """The template of a group of article URLs (None when it would anchor nothing)."""
    split = [split_url(u) for u in urls]
    count = len(split[0][0])
    path = [generalise([s[0][i] for s in split], i == count - 1) for i in range(count)]
    keys = sorted({k for _, q in split for k, _ in q})
    query = []
    for key in keys:
        values = [dict(q).get(key, "") for _, q in split]
        query.append(f"{key}={values[0]}" if len(set(values)) == 1 else f"{key}={{id}}")
    literal = any(not PLACEHOLDER.search(p) for p in path)
    digits_last = bool(path) and "{digits}" in path[-1]
    if not (literal or digits_last or (query and any("{id}" in q for q in query))):
        return None
    return "/" + "/".join(path) + ("?" + "&".join(query) if query else "")


def template_regex(template: str) -> re.Pattern:
    """What a template matches: a URL's path, then ``?`` and its sorted query keys.

    >>> bool(template_regex("/article?id={id}").fullmatch(match_key("http://h/article?id=9")))
    True
    >>> bool(template_regex("/a/{digits}").fullmatch(match_key("http://h/a/x1")))
    False
    """
    path, _, query = template.partition("?")
    pattern = ""
    for piece in re.split(r"(\{digits\}|\{slug\})", path):
        pattern += {"{digits}": r"\d+", "{slug}": r"[^/]+"}.get(piece, re.escape(piece))
    keys = sorted(pair.split("=", 1)[0] for pair in query.split("&") if pair)
    return re.compile(pattern + ("\\?" + re.escape("&".join(keys)) if keys else ""))


def match_key(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    path = "/" + "/".join(s for s in parts.path.split(";", 1)[0].split("/") if s)
    return path + ("?" + "&".join(keys) if keys else "")


@dataclass
class Template:
    site: str
    template: str
    pages: int = 0  # distinct article pages that fit it
    listings: int = 0  # pages that fit it and were read as listings (or found not to be articles)
    first_seen: str = ""
    last_seen: str = ""
    loaded: bool = False  # from the archive (an earlier crawl)
    touched: bool = False  # made or updated by this crawl

    @property
    def active(self) -> bool:
        return self.listings * 10 <= self.pages


class TemplateLearner:
    """A crawl's learnt templates: :meth:`article` and :meth:`listing` record what a page was read
    as; :meth:`match` says whether a URL fits an active template of its site."""

    def __init__(self, known: list[Template] | None = None, min_pages: int = 3) -> None:
        self.min_pages = max(1, min_pages)
        self.templates: dict[tuple[str, str], Template] = {}
        self.articles: dict[str, dict[tuple, dict[str, None]]] = defaultdict(lambda: defaultdict(dict))
        self.regexes: dict[str, list[tuple[re.Pattern, Template]]] = defaultdict(list)
        for template in known or []:
            template.loaded = True
            self._add(template)

    def _add(self, template: Template) -> None:
        self.templates[(template.site, template.template)] = template
        self.regexes[template.site].append((template_regex(template.template), template))

    def match(self, url: str) -> Template | None:
        site = site_of(url)
        if site not in self.regexes:
            return None
        key = match_key(url)
        for regex, template in self.regexes[site]:
            if template.active and regex.fullmatch(key):
                return template
        return None

    def article(self, url: str) -> Template | None:
        """A page read as an article by its content; the template it makes or fits, once there is one."""
        site = site_of(url)
        known = self._fitting(url)
        if known is not None:
            if match_key(url) not in self.articles[site][("fits", known.template)]:
                self.articles[site][("fits", known.template)][match_key(url)] = None
                known.pages += 1
                known.last_seen, known.touched = now(), True
            return known
        group = self.articles[site][group_key(url)]
        group[url] = None
        if len(group) < self.min_pages:
            return None
        text = template_of_group(list(group))
        if text is None:
            return None
        stamp = now()
        template = Template(site, text, pages=len(group), first_seen=stamp, last_seen=stamp, touched=True)
        self._add(template)
        self.articles[site][("fits", text)] = {match_key(u): None for u in group}
        return template

    def listing(self, url: str) -> None:
        """A page read as a listing (or found not to be an article): it counts against its template."""
        template = self._fitting(url)
        if template is not None:
            template.listings += 1
            template.last_seen, template.touched = now(), True

    def _fitting(self, url: str) -> Template | None:
        key = match_key(url)
        for regex, template in self.regexes.get(site_of(url), []):
            if regex.fullmatch(key):
                return template
        return None

    def learnt(self) -> list[Template]:
        """Templates of this crawl's making or updating, to keep in the archive."""
        return [t for t in self.templates.values() if t.touched]
