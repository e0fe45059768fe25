"""RSS/Atom feeds and sitemaps: parsed safely (no entity resolution, no DTD, no network), and the
links they hold. Used by the spiders' discovery (crawler/spiders/base.py)."""
from __future__ import annotations

import re

from lxml import etree

XML_FEED_ROOTS = {"rss", "feed", "rdf"}
SITEMAP_ROOTS = {"urlset", "sitemapindex"}
#: an entity declaration: such a document is refused before it is parsed (billion laughs, XXE)
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)


def safe_xml_root(body: bytes, recover: bool = False) -> etree._Element | None:
    """Parse XML with entity resolution, DTD loading and network access all off; ``recover`` reads
    what it can of a malformed document."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=recover, remove_comments=True
    )
    try:
        return etree.fromstring(body.lstrip(), parser=parser)
    except etree.XMLSyntaxError:
        return None


#: the encoding an XML declaration names
XML_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""", re.I)


def transcoded(body: bytes) -> bytes | None:
    """A document libxml2 cannot read in the encoding it declares, as UTF-8 with its declaration saying so: read by
    Python's codecs as the archive reads pages (:func:`archive.extract.decode_html`: a "gb2312" feed holding a
    GBK-only character such as 喆 is GB18030; Big5 is Hong Kong's or Microsoft's superset, which libxml2 lacks).
    None when the document declares no encoding, or UTF-8 (nothing to read differently).

    >>> rss = '<?xml version="1.0" encoding="gb2312"?><rss><channel><item><link>http://a.cn/1</link><title>张喆</title>'
    >>> transcoded((rss + "</item></channel></rss>").encode("gbk"))[:38]
    b'<?xml version="1.0" encoding="utf-8"?>'
    """
    declared = XML_ENCODING.match(body)
    if declared is None or declared.group(2).lower().replace(b"_", b"-") in (b"utf-8", b"utf8"):
        return None
    from archive.extract import decode_html  # the same reading as the archive's (heavy: imported when needed)

    text = decode_html(body)
    if text.encode("utf-8", "replace") == body:
        return None
    return XML_ENCODING.sub(rb"\g<1>utf-8\g<3>", text.encode("utf-8", "replace"), count=1)


def local_name(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def feed_links(root: etree._Element) -> list[str]:
    """Article links of an RSS 2.0, RSS 1.0 or Atom feed."""
    links = []
    for element in root.iter():
        name = local_name(element)
        if name == "link":
            href = element.get("href") or (element.text or "").strip()
            parent = element.getparent()
            if href and parent is not None and local_name(parent) in ("item", "entry"):
                links.append(href)
    return links


def sitemap_links(root: etree._Element) -> tuple[list[str], list[str]]:
    """``(page URLs, nested sitemap URLs)`` of a sitemap or sitemap index."""
    locs = [(el.text or "").strip() for el in root.iter() if local_name(el) == "loc"]
    locs = [loc for loc in locs if loc]
    if local_name(root) == "sitemapindex":
        return [], locs
    return locs, []
