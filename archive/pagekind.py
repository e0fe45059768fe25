"""Is a page an article or a listing? Decided from its markup, cheaply (one lxml parse, no extraction),
for pages whose URL no article pattern knows.

Signals, in the order they decide:

- ``link_share``: most of the page's text is the text of links (a listing, an index, a menu page);
- ``og:type`` ``article`` or JSON-LD ``NewsArticle`` / ``Article`` / ``ReportageNewsArticle``;
- ``<article>``: an article element holding running text;
- ``headline+date``: a headline (``<h1>``, else ``<h2>``) with a publication date line just after it,
  and running text outside links;
- ``long_text``: a lot of running text outside links (prose paragraphs), whatever the headline.

Anything else is a ``listing`` (links are followed, nothing is stored). Pure: text in, decision out.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                 "opinionnewsarticle", "reportage"}
DATE_LINE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
SENTENCE = re.compile(r"[。！？!?；;]|[a-z]\.(?:\s|$)")
#: more of the page's text than this inside links: a listing
MAX_LINK_SHARE = 0.6
#: running text outside links (characters) that an article has
MIN_PROSE = 200
#: ... under a headline with a date line (a short brief)
MIN_HEADLINED_PROSE = 80
LONG_PROSE = 600
SKIPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "select")


@dataclass(frozen=True)
class PageKind:
    kind: str  # "article" or "listing"
    reason: str  # the signal that decided
    link_share: float = 0.0
    prose: int = 0  # characters of running text outside links


def classify(html: str | bytes) -> PageKind:
    """The kind of a page, and why.

    >>> text = "<p>" + "警方提醒，接到自称客服的退款电话要先核实，切勿向陌生账户转账。" * 3 + "</p>"
    >>> classify(f'<html><head><meta property="og:type" content="article"></head><body>{text}</body></html>').reason
    'og:type'
    >>> items = "".join(f'<li><a href="/n/{n}.html">标题第{n}条新闻标题很长</a></li>' for n in range(30))
    >>> classify(f"<html><body><h1>要闻</h1><ul>{items}</ul></body></html>").kind
    'listing'
    """
    try:
        tree = lxml.html.fromstring(html) if html else None
    except (etree.ParserError, ValueError):
        tree = None
    if tree is None:
        return PageKind("listing", "empty")
    for bad in tree.xpath("//script[not(@type='application/ld+json')]|//style|//noscript|//template"):
        bad.drop_tree()
    total, in_links = text_lengths(tree)
    link_share = in_links / total if total else 1.0
    prose = prose_length(tree)
    if link_share > MAX_LINK_SHARE and prose < LONG_PROSE:
        return PageKind("listing", "link_share", link_share, prose)
    declared = declared_type(tree)
    if declared and prose >= 80:
        return PageKind("article", declared, link_share, prose)
    for element in tree.iter("article"):
        if prose_length(element) >= MIN_PROSE:
            return PageKind("article", "<article>", link_share, prose)
    if prose >= MIN_HEADLINED_PROSE and link_share < 0.4 and headline_with_date(tree):
        return PageKind("article", "headline+date", link_share, prose)
    if prose >= LONG_PROSE:
        return PageKind("article", "long_text", link_share, prose)
    return PageKind("listing", "no_running_text", link_share, prose)


def text_lengths(tree) -> tuple[int, int]:
    """(visible text, text inside links), in non-space characters."""
    total = len(re.sub(r"\s+", "", tree.text_content() or ""))
    in_links = sum(len(re.sub(r"\s+", "", a.text_content() or "")) for a in tree.iter("a"))
    return total, min(in_links, total)


def prose_length(tree) -> int:
    """Characters of running text: paragraphs (``<p>``, or text blocks of ``<div>``/``<td>``) of 30
    characters or more with a sentence mark, their links left out, outside navigation and footers."""
    length = 0
    for element in tree.iter("p", "div", "td", "section", "article"):
        if any(ancestor.tag in SKIPPED for ancestor in element.iterancestors()):
            continue
        own = own_text(element)
        if len(own) >= 30 and SENTENCE.search(element_text_sample(element, own)):
            length += len(own)
    return length


def element_text_sample(element, own: str) -> str:
    """What the sentence test looks at: the element's own text with its spaces (``own`` has none)."""
    return (element.text or "") + "".join((c.tail or "") + (c.text or "") for c in element if isinstance(c.tag, str)) \
        or own


def own_text(element) -> str:
    """The text directly in ``element`` (its text and its inline children's, not links or blocks)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in ("span", "strong", "b", "em", "i", "font", "br", "u", "sup",
                                                        "sub", "small", "big", "code"):
            parts.append(child.text_content() or "")
        parts.append(child.tail or "")
    return re.sub(r"\s+", "", "".join(parts))


def declared_type(tree) -> str | None:
    """``og:type`` or ``json-ld`` when the page declares itself an article."""
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:type" and \
                (meta.get("content") or "").strip().lower() == "article":
            return "og:type"
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content() or "null")
        except (ValueError, RecursionError):
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds):
                    return "json-ld"
    return None


def headline_with_date(tree) -> bool:
    """A headline with a date line in the 300 characters of text after it."""
    for tag in ("h1", "h2"):
        for heading in tree.iter(tag):
            title = re.sub(r"\s+", "", heading.text_content() or "")
            if len(title) < 6:
                continue
            following = []
            for node in heading.itersiblings():
                if not isinstance(node.tag, str):  # a comment, a processing instruction
                    continue
                following.append(node.text_content() or "")
                if sum(len(f) for f in following) > 300:
                    break
            parent = heading.getparent()
            if parent is not None:
                for node in parent.itersiblings():
                    if not isinstance(node.tag, str):
                        continue
                    following.append(node.text_content() or "")
                    if sum(len(f) for f in following) > 300:
                        break
            if DATE_LINE.search("".join(following)[:300]):
                return True
    return False
