"""Is a page an article, a listing, or neither? Decided from its markup, cheaply (one walk over a
parsed tree, no extraction). The spider asks it about pages whose URL no article pattern knows
(reusing the tree its link extractor parses anyway); the extraction workers ask :func:`not_article`
about pages a URL pattern calls articles (a video page, a soft 404 …).

Signals, in the order they decide:

- ``link_share``: most of the page's text is the text of links, and no block of running text holds
  an article (a listing, an index, a menu page);
- ``items``: many repeated headline links, each beside a short summary, no long block of text (a
  listing with summaries: a 观点 index, a search result page);
- ``og:type`` ``article`` or JSON-LD ``NewsArticle`` / ``Article`` / ``ReportageNewsArticle``;
- ``<article>``: one article element holding running text (several are a listing's items);
- ``headline+date``: the page's headline (the ``<h1>``, or the heading the ``<title>`` starts with)
  with a publication date line just after it and running text after that;
- ``long_text``: one block of running text outside links, long enough for an article.

Anything else is a ``listing`` (links are followed, nothing is stored). Pure: text or tree in,
decision out; the tree is never changed.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                 "opinionnewsarticle", "reportage", "backgroundnewsarticle", "reviewnewsarticle"}
DATE_LINE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"  # 2024-03-05, 2024年3月5日
                       r"|\b\d{1,2}\s*[-/月]\s*\d{1,2}日?\s*\d{1,2}:\d\d"  # 09-30 22:46 (this year's)
                       r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d"
                       r"|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:19|20)\d\d")
#: a sentence mark, a full stop after a letter of any script, or a Chinese comma (a clause: reposting
#: sites that turned every 。 into a comma still carry running text; menus and link lists carry none)
SENTENCE = re.compile(r"[。！？!?；;，]|[^\W\d_]\.(?:\s|$)")
SPACE = re.compile(r"\s+")
#: more of the page's text than this inside links: a listing (unless a block of text says otherwise)
MAX_LINK_SHARE = 0.6
#: running text of one container (characters outside links) that makes an article on its own
LONG_PROSE = 500
#: ... with a headline and a date line above it, or a declared article type
HEADLINED_PROSE = 80
#: ... inside one <article> element
ARTICLE_ELEMENT_PROSE = 200
#: a headline link: a link whose text is this long
HEADLINE_LINK = 8
#: this many headline links in repeated items, and a listing unless its main block is longer
MANY_ITEMS = 12
#: elements whose text is not page text
INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "select", "option", "textarea"}
#: elements around navigation, not content (their text counts, never as running text)
CHROME = {"nav", "header", "footer", "aside"}
#: inline elements: their text belongs to the block around them
HEADINGS = {"h1", "h2", "h3"}
INLINE = {"span", "strong", "b", "em", "i", "font", "br", "u", "sup", "sub", "small", "big", "code", "a", "img",
          "abbr", "cite", "q", "s", "strike", "mark", "label", "time", "wbr", "nobr", "tt", "var", "ins", "del"}


@dataclass(frozen=True)
class PageKind:
    kind: str  # "article" or "listing"
    reason: str  # the signal that decided
    link_share: float = 0.0
    prose: int = 0  # characters of running text outside links, in the page's main block of text


@dataclass
class _Walk:
    """What one walk over a tree measures."""

    total: int = 0  # visible text, non-space characters
    in_links: int = 0  # of which inside links
    blocks: dict = field(default_factory=dict)  # block element -> [own text outside links, sample]
    headline_links: int = 0
    headings: list = field(default_factory=list)  # (tag, element)
    articles: list = field(default_factory=list)  # <article> elements
    items: dict = field(default_factory=dict)  # parent -> headline links among its children's subtrees


def parse(html: str | bytes):
    """An lxml tree of a page (None for an empty or unparsable one)."""
    try:
        return lxml.html.fromstring(html) if html else None
    except (etree.ParserError, ValueError):
        return None


def classify(page) -> PageKind:
    """The kind of a page (its HTML, or a parsed lxml tree such as ``response.selector.root``), and why.

    >>> text = "<p>" + "警方提醒，接到自称客服的退款电话要先核实，切勿向陌生账户转账。" * 3 + "</p>"
    >>> classify(f'<html><head><meta property="og:type" content="article"></head><body>{text}</body></html>').reason
    'og:type'
    >>> items = "".join(f'<li><a href="/n/{n}.html">标题第{n}条新闻标题很长</a></li>' for n in range(30))
    >>> classify(f"<html><body><h1>要闻</h1><ul>{items}</ul></body></html>").kind
    'listing'
    """
    tree = parse(page) if isinstance(page, str | bytes) else page
    if tree is None:
        return PageKind("listing", "empty")
    if hasattr(tree, "getroot"):
        tree = tree.getroot()
    walk = _Walk()
    _measure(tree, walk, in_link=False, chrome=False)
    link_share = walk.in_links / walk.total if walk.total else 1.0
    main, prose = main_block(walk)
    many_items = max(walk.items.values(), default=0) >= MANY_ITEMS
    # a headline the <title> repeats, a date line under it, running text: an article however long its
    # related-news lists; the first <h1> alone (the title does not name it) is weaker
    found = headline_with_date(tree, walk) if main >= HEADLINED_PROSE else None
    headlined = found == "title" or (found == "h1" and link_share < 0.8)
    if link_share > MAX_LINK_SHARE and main < LONG_PROSE and not headlined:
        return PageKind("listing", "link_share", link_share, main)
    if many_items and main < LONG_PROSE and not headlined:
        return PageKind("listing", "items", link_share, main)
    declared = declared_type(tree)
    if declared and main >= 80:
        return PageKind("article", declared, link_share, main)
    if len(walk.articles) <= 2:
        for element in walk.articles:
            if block_prose(element, walk) >= ARTICLE_ELEMENT_PROSE:
                return PageKind("article", "<article>", link_share, main)
    if headlined:
        return PageKind("article", "headline+date", link_share, main)
    if main >= LONG_PROSE:
        return PageKind("article", "long_text", link_share, main)
    return PageKind("listing", "no_running_text", link_share, main)


#: elements nested deeper than this are measured as a whole (real pages nest 20–60 deep; a hostile one
#: thousands, past Python's recursion limit)
MAX_DEPTH = 200


def _measure(element, walk: _Walk, in_link: bool, chrome: bool, block=None, depth: int = 0) -> None:
    """One recursive walk: text in and out of links, running text per block, headings, items."""
    tag = element.tag
    if not isinstance(tag, str) or tag in INVISIBLE:
        return
    if depth > MAX_DEPTH:  # its text counts, as text outside running blocks
        _add_text(walk, element.text_content(), None, in_link, True)
        return
    if tag in INLINE:
        if tag == "a":
            in_link = True
            _link(element, walk, chrome)
    else:
        block = element
        if tag in CHROME:
            chrome = True
        elif tag in HEADINGS:
            walk.headings.append((tag, element))
        elif tag == "article":
            walk.articles.append(element)
    text = element.text
    if text and not text.isspace():
        _add_text(walk, text, block, in_link, chrome)
    for child in element:
        _measure(child, walk, in_link, chrome, block, depth + 1)
        text = child.tail
        if text and not text.isspace():
            _add_text(walk, text, block, in_link, chrome)


def _link(element, walk: _Walk, chrome: bool) -> None:
    """A headline link (long text, outside navigation) counts as an item of the list it is in."""
    if chrome or len("".join((element.text_content() or "").split())) < HEADLINE_LINK:
        return
    walk.headline_links += 1
    item = element
    parent = item.getparent()
    while parent is not None and parent.tag in INLINE:  # <li><span><a>…
        item, parent = parent, parent.getparent()
    grand = parent.getparent() if parent is not None else None
    if parent is not None and grand is not None and parent.tag not in ("p", "td"):
        walk.items[grand] = walk.items.get(grand, 0) + 1  # an item per <li>/<div> of one list


def _add_text(walk: _Walk, text: str | None, block, in_link: bool, chrome: bool) -> None:
    if not text:
        return
    length = len("".join(text.split()))
    if not length:
        return
    walk.total += length
    if in_link:
        walk.in_links += length
    elif not chrome and block is not None:
        entry = walk.blocks.get(block)
        if entry is None:
            walk.blocks[block] = [length, text]
        else:
            entry[0] += length
            if len(entry[1]) < 400:
                entry[1] += text


def running_blocks(walk: _Walk) -> dict:
    """Blocks of running text: 30 characters or more outside links, with a sentence mark."""
    return {block: length for block, (length, sample) in walk.blocks.items()
            if length >= 30 and SENTENCE.search(sample)}


def main_block(walk: _Walk) -> tuple[int, int]:
    """(running text of the page's main container, running text of the whole page): a container's
    running text is its own and its child blocks' (an article's paragraphs share a parent; a
    listing's summaries each sit in their own item)."""
    running = running_blocks(walk)
    containers: dict = {}
    for block, length in running.items():
        containers[block] = containers.get(block, 0) + length
        parent = block.getparent()
        if parent is not None:
            containers[parent] = containers.get(parent, 0) + length
    return max(containers.values(), default=0), sum(running.values())


def block_prose(element, walk: _Walk) -> int:
    running = running_blocks(walk)
    return sum(length for block, length in running.items() if block is element or element in block.iterancestors())


def declared_type(tree) -> str | None:
    """``og:type`` or ``json-ld`` when the page declares itself an article."""
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:type" and \
                (meta.get("content") or "").strip().lower() == "article":
            return "og:type"
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "null")
        except (ValueError, RecursionError):
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds):
                    return "json-ld"
    return None


def page_title(tree) -> str:
    for element in tree.iter("title"):
        return SPACE.sub("", element.text_content() or "")
    return ""


def headline_with_date(tree, walk: _Walk) -> str | None:
    """Whether the page's headline has a date line in the 300 characters of text after it: ``title``
    (the headline is a heading, or a block of 6 to 80 characters such as ``<div class="title">``,
    that the ``<title>`` holds), ``h1`` (the page's first ``<h1>``, the title not naming it), or None."""
    title = page_title(tree)
    chosen = []
    for tag, heading in walk.headings:
        text = SPACE.sub("", heading.text_content() or "")
        if len(text) >= 6 and text[:12] in title:
            chosen.append((heading, "title"))
        elif len(text) >= 6 and tag == "h1" and not chosen:
            chosen.append((heading, "h1"))
    if not any(how == "title" for _, how in chosen) and title:
        for block, (length, sample) in walk.blocks.items():
            if 6 <= length <= 80 and SPACE.sub("", sample)[:12] in title:
                chosen.append((block, "title"))
                if len(chosen) >= 4:
                    break
    chosen.sort(key=lambda pair: pair[1] != "title")
    for heading, how in chosen[:4]:
        if DATE_LINE.search(text_after(heading, 400)):
            return how
    return None


def text_after(element, limit: int) -> str:
    """About ``limit`` characters of the text that follows ``element`` in the page."""
    following: list[str] = []
    size = 0
    node = element
    while node is not None and size < limit:
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in INVISIBLE:
                continue
            text = sibling.text_content() or ""
            following.append(text)
            size += len(text)
            if size >= limit:
                break
        node = node.getparent()
    return SPACE.sub(" ", "".join(following))[:limit]


# -- pages a URL pattern calls articles that are not ------------------------------------------
SOFT_404 = re.compile(r"页面不存在|頁面不存在|找不到(?:该|您|你)?(?:页面|網頁|网页)|页面已删除|页面未找到|您访问的页面|"
                      r"信息已(?:删除|过期)|文章不存在|该内容已被删除|404\s*not\s*found|page\s+not\s+found|"
                      r"错误\s*404|error\s*404", re.I)
LOGIN_WALL = re.compile(r"请(?:先)?登录|登录后(?:查看|阅读|可见)|請(?:先)?登入|訂閱後|sign\s+in\s+to\s+(?:read|continue)|"
                        r"subscribe\s+to\s+(?:read|continue)|log\s*in\s+to\s+(?:read|continue)", re.I)


def not_article(page) -> str | None:
    """Why a page a URL pattern calls an article is not one (None: nothing says so): ``soft_404``
    (a "页面不存在" page served with status 200), ``login_wall``, ``video`` (a player and no text),
    ``gallery`` (pictures with captions only). Only a page with little running text can be any of
    these: an article that mentions a 404 or embeds a video is still an article.

    >>> not_article("<html><head><title>页面不存在</title></head><body><p>抱歉，您访问的页面不存在。</p></body></html>")
    'soft_404'
    """
    tree = parse(page) if isinstance(page, str | bytes) else page
    if tree is None:
        return None
    walk = _Walk()
    _measure(tree, walk, in_link=False, chrome=False)
    main, _ = main_block(walk)
    if main >= 300:
        return None
    visible = SPACE.sub("", " ".join(b[1] for b in walk.blocks.values()))[:2000]
    heading = " ".join(SPACE.sub("", e.text_content() or "") for _, e in walk.headings[:3])
    if SOFT_404.search(page_title(tree)) or SOFT_404.search(heading) or (main < 120 and SOFT_404.search(visible)):
        return "soft_404"
    if LOGIN_WALL.search(visible):
        return "login_wall"
    if tree.xpath("boolean(//video|//embed|//object|//iframe[contains(@src,'player') or contains(@src,'video')]"
                  "|//meta[@property='og:type' and starts-with(@content,'video')])") and main < 150:
        return "video"
    images = len(tree.xpath("//img[not(ancestor::header) and not(ancestor::footer) and not(ancestor::nav)]"))
    if images >= 6 and main < 60:
        return "gallery"
    return None
