"""Page bytes + URL → :class:`~archive.article.Article`.

trafilatura finds the body; this layer adds what Chinese portals need: decoding of GB
pages (declared or not, declared wrongly or not), the headline rather than the
``<title>`` with its site suffix, publication date and time in Chinese notations,
来源 / 作者 / 责编 lines, the portal's own name, and the body rules of
:mod:`archive.clean`.
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections import Counter
from copy import deepcopy as copy_tree
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from archive.article import Article
from archive.clean import (
    CJK,
    END_OF_ARTICLE,
    LINE_RULES,
    SENTENCE_END,
    Anchors,
    clean_paragraphs,
    flat,
    is_keyword_spam,
    is_related_heading,
    labelled_headline,
    normalise_line,
    strip_controls,
    tidy_title,
)
from archive.density import BLOCKS, block_lines, complete
from archive.hanzi import TO_SIMPLIFIED
from archive.pagekind import classify
from archive.spam import SpamRules
from archive.tables import article_tables

logger = logging.getLogger(__name__)
#: the injected-spam rules (archive/data/spam.tsv), read once: read-only like a compiled pattern
SPAM_RULES = SpamRules.load()
# trafilatura and htmldate log junk pages at ERROR ("empty HTML tree"); this layer reports those itself
# (extract returns None; the crawl logs "no article text" and counts extract/no_article), and their
# ERROR lines would count as crawl errors (crawls.errors, crawlall's exit status)
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# -- decoding ----------------------------------------------------------------
GB_FAMILY = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "euc-cn", "cp936", "gb18030", "ms936"}


#: codecs Python knows as text encodings that no web page is written in (or that hide markup: UTF-7)
NOT_PAGE_ENCODINGS = {"idna", "punycode", "utf_7", "unicode_escape", "raw_unicode_escape", "mbcs", "oem",
                      "palmos", "undefined"}


def page_encoding(label: str | None, from_markup: bool = False) -> str | None:
    """The Python codec for a declared charset ``label``, or None when it is no usable page encoding.

    Binary transforms Python also calls codecs (``uu``, ``rot13``, ``base64``, ``zlib``) are refused;
    a charset declared inside the markup must be ASCII-compatible (a page that could declare itself
    in UTF-16 would not be readable as ASCII), so there UTF-16/32 mean UTF-8, as browsers read them.

    >>> page_encoding("GB2312"), page_encoding("uu"), page_encoding("rot13"), page_encoding("no-such")
    ('gb2312', None, None, None)
    >>> page_encoding("utf-16", from_markup=True), page_encoding("idna")
    ('utf-8', None)
    """
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in NOT_PAGE_ENCODINGS:
        return None
    if from_markup and b"<meta".decode(info.name, "replace") != "<meta":
        return "utf-8"
    return info.name


def chinese_reading(body: bytes, default: str = "gb18030") -> str:
    """``gb18030`` or ``big5``: which of the two Chinese double-byte encodings ``body`` reads better in, by
    charset-normalizer's measure of how each reading looks; ``default`` when both read alike (a few characters can).
    A Taiwan or Hong Kong page that declares nothing is Big5, and read as GB18030 it becomes mojibake without a
    single decoding error; GBK bytes under a Big5 label are as silent the other way round.

    >>> chinese_reading("警方提醒市民，接到陌生電話要求轉帳，一定是詐騙。".encode("big5"))
    'big5'
    >>> chinese_reading("警方提醒市民，接到陌生电话要求转账，一定是诈骗。".encode("gbk"), default="big5")
    'gb18030'
    """
    try:
        readings = {match.encoding: match.chaos
                    for match in charset_normalizer.from_bytes(body, cp_isolation=["gb18030", "big5"])}
    except Exception as exc:  # noqa: BLE001 - a detector's failure leaves the default reading
        logger.warning("charset detection failed on %d bytes (%s: %s): read as %s", len(body), type(exc).__name__,
                       exc, default)
        return default
    if "big5" in readings and ("gb18030" not in readings or readings["big5"] < readings["gb18030"]):
        return "big5"
    if "gb18030" in readings and ("big5" not in readings or readings["gb18030"] < readings["big5"]):
        return "gb18030"
    return default


def big5(body: bytes) -> str:
    """Big5 bytes as text: Hong Kong's superset (HKSCS) first, then Microsoft's (CP950), then with replacements."""
    for codec in ("big5hkscs", "cp950"):
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    return body.decode("big5hkscs", "replace")


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page: UTF-8 when the bytes are valid UTF-8 (whatever the label says), else the declared charset
    with the GB family read as GB18030 and Big5 as its Hong Kong or Microsoft superset (unless the bytes read
    better as GB18030: :func:`chinese_reading`), else GB18030 or, if the bytes read better so, Big5. Never raises:
    a label that names no text encoding is ignored, and bytes that do not decode are replaced.

    >>> decode_html("电信诈骗".encode("gbk"), "text/html; charset=utf-8")
    '电信诈骗'
    >>> decode_html("电信诈骗".encode("utf-8"), "text/html; charset=gb2312")
    '电信诈骗'
    >>> decode_html('<meta charset="uu">电信诈骗'.encode("gbk"))
    '<meta charset="uu">电信诈骗'
    >>> decode_html("电信诈骗，警方提醒市民不要转账".encode("gbk"), "text/html; charset=big5")
    '电信诈骗，警方提醒市民不要转账'
    """
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = page_encoding(http_content_type_encoding(content_type)) if content_type else None
    if declared is None:
        declared = page_encoding(html_body_declared_encoding(body), from_markup=True)
    if declared is None:  # undeclared: GB18030, as Chinese portals mean, unless the bytes read as Big5
        return body.decode("gb18030", "replace") if chinese_reading(body) == "gb18030" else big5(body)
    if declared in ("big5", "cp950", "big5hkscs"):  # Big5 with Hong Kong's or Microsoft's characters, unless the
        # bytes are GBK under a wrong label
        return big5(body) if chinese_reading(body, default="big5") == "big5" else body.decode("gb18030", "replace")
    if declared.replace("_", "-") in GB_FAMILY or declared in ("utf-8", "utf8"):
        # GB-family, or UTF-8 that is not UTF-8: Chinese portals mean GB18030
        return body.decode("gb18030", "replace")
    try:
        return body.decode(declared)
    except UnicodeDecodeError:
        strict_gb = body.decode("gb18030", "replace")
        loose = body.decode(declared, "replace")
        # the label was wrong: keep the reading with fewer replacement characters
        return loose if loose.count("\ufffd") <= strict_gb.count("\ufffd") else strict_gb


# -- dates -------------------------------------------------------------------
DATE_CN = r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?"
DATE_NUM = r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
TIME = r"(?:\s*T?\s*(?P<H>[01]?\d|2[0-3])[:：](?P<M>[0-5]\d)(?:[:：](?P<S>[0-5]\d))?)?"
#: month/day/year with a 12-hour clock, as ASP.NET pages print it: 7/5/2005 9:23:57 PM
DATE_US = (r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)"
           r"(?:\s+(?P<H>\d{1,2}):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?\s*(?P<ampm>[AaPp][Mm])?)?")
#: 新华网's split header: <span class="year">2024</span><span class="day">03/05</span><span class="time">10:52:00</span>
DATE_SPLIT = r"(?P<y>(?:19|20)\d\d)\s+(?P<m>\d{1,2})\s*/\s*(?P<d>\d{1,2})" + TIME
DATE_PATTERNS = [re.compile(DATE_CN + TIME), re.compile(DATE_NUM + TIME), re.compile(DATE_US), re.compile(DATE_SPLIT)]
#: the labels of a date line, in the order they are believed: the publication's own (发布时间, 发表于, 首发), a bare
#: 时间 or 日期 that no other word qualifies (not 打印日期, 截止日期, 活动时间 …), and last the update's (更新时间)
DATE_LABELS = (
    re.compile(r"(?:发布|發布|發佈|发表|發表|发稿|發稿|首发|首發|刊发|刊發|出版|上线|上線)(?:时间|時間|日期|于|於)?\s*[:：]\s*"),
    re.compile(r"(?<!更新|修改|修订|修訂|打印|列印|截止|活动|活動|报名|報名|访问|訪問|浏览|瀏覽|录入|錄入|下载|下載|生成|有效|开始|開始|结束|結束|"
               r"举办|舉辦|会议|會議|开庭|開庭|考试|考試|申报|申報|受理|办理|辦理|营业|營業|开放|開放|出生|入职|入職)"
               r"(?:时间|時間|日期)\s*[:：]\s*"),
    re.compile(r"(?:更新|修改|修订|修訂)(?:时间|時間|日期)\s*[:：]\s*"),
)
URL_DATE_PATTERNS = [
    re.compile(r"/(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)/(?P<d>\d\d)/"),  # 光明网 /2024-02/23/
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)(?P<d>\d\d)/"),  # 人民网 /n1/2024/0305/
    re.compile(r"/(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)/"),  # 证券日报 /2024-03-05/
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)-(?P<d>\d\d)/"),  # 中国新闻网 /gn/2024/03-05/
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>\d\d)/(?P<d>\d\d)/"),
    re.compile(r"[/_t](?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)[_/.]"),  # /t20230913_ /20240305/
    re.compile(r"/(?P<y>(?:19|20)\d\d)_(?P<m>[01]\d)_(?P<d>[0-3]\d)_"),  # 观察者网 /politics/2019_09_09_517162
]
META_DATE_NAMES = (
    "article:published_time", "publishdate", "pubdate", "publish_date", "og:release_date",
    "datepublished", "dc.date.issued", "dc.date", "publishtime", "firstpublishedtime", "sailthru.date",
)


def iso_from_match(match: re.Match) -> str | None:
    """A date (and time, when the match has one) in ISO 8601, or None if it is no real date."""
    try:
        moment = datetime(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    if moment > datetime.now() + timedelta(days=2) or moment.year < 1990:
        return None
    groups = match.groupdict()
    if groups.get("H") is not None and groups.get("M") is not None:
        hour = int(groups["H"])
        ampm = (groups.get("ampm") or "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23:
            return moment.date().isoformat()
        moment = moment.replace(hour=hour, minute=int(groups["M"]), second=int(groups.get("S") or 0))
        return moment.isoformat()
    return moment.date().isoformat()


def first_date(text: str, with_time_only: bool = False) -> str | None:
    """The first date in ``text`` that carries a time of day, else the first date.

    >>> first_date("来源：法治日报2024-02-23 12:55")
    '2024-02-23T12:55:00'
    >>> first_date("2024年3月5日 10:52 来源：人民网")
    '2024-03-05T10:52:00'
    >>> first_date("广告位 2005-3-30 ~ 2005-3-31 正文 2005年03月31日03:18")
    '2005-03-31T03:18:00'
    >>> first_date("发布日期： 7/5/2005 9:23:57 PM")
    '2005-07-05T21:23:57'
    >>> first_date("成文日期：二〇二二年一月二十七日"), first_date("二〇二二年一二月三日")
    ('2022-01-27', None)
    """
    found: list[tuple[int, str]] = []
    if "年" in text:
        text = CHINESE_DATE.sub(arabic_date, text)
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            iso = iso_from_match(match)
            if iso:
                found.append((match.start(), iso))
    found.sort()
    timed = [iso for _, iso in found if "T" in iso]
    if timed:
        return timed[0]
    if with_time_only or not found:
        return None
    return found[0][1]


#: a date written in Chinese numerals (公文: 二〇二二年一月二十七日)
CHINESE_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                          r"\s*([一二三四五六七八九十]{1,3})\s*日")
CHINESE_DIGITS = {c: str(n) for n, chars in enumerate(["〇○零", "一", "二", "三", "四", "五", "六", "七", "八", "九"])
                  for c in chars}


#: 1 to 31 as Chinese numerals write them (七, 十, 十二, 二十七); anything else is no day or month
CHINESE_NUMBER = re.compile(r"^(?:([二三])?十([一二三四五六七八九])?|([一二三四五六七八九]))$")


def chinese_number(text: str) -> int | None:
    """1 to 31 in Chinese numerals, None for another string of numerals (一二).

    >>> chinese_number("十"), chinese_number("十二"), chinese_number("二十七"), chinese_number("七"), chinese_number("一二")
    (10, 12, 27, 7, None)
    """
    match = CHINESE_NUMBER.match(text)
    if match is None:
        return None
    tens, units, alone = match.groups()
    if alone:
        return int(CHINESE_DIGITS[alone])
    return (int(CHINESE_DIGITS[tens]) if tens else 1) * 10 + (int(CHINESE_DIGITS[units]) if units else 0)


def arabic_date(match: re.Match) -> str:
    """The date in digits; the text as it was when its month or day is not a number (二〇二二年一二月三日)."""
    year = "".join(CHINESE_DIGITS[c] for c in match.group(1))
    month, day = chinese_number(match.group(2)), chinese_number(match.group(3))
    if month is None or day is None:
        return match.group(0)
    return f"{year}年{month}月{day}日"


def date_from_url(url: str) -> str | None:
    """The date in an article URL.

    >>> date_from_url("https://guancha.gmw.cn/2024-02/23/content_37158613.htm")
    '2024-02-23'
    >>> date_from_url("http://www.tibet.cn/cn/Instant/local/202309/t20230913_7478301.html")
    '2023-09-13'
    """
    path = urlsplit(url).path
    for pattern in URL_DATE_PATTERNS:
        match = pattern.search(path)
        if match:
            iso = iso_from_match(match)
            if iso:
                return iso
    return None


# -- page text helpers ---------------------------------------------------------
#: libxml2 stops building a tree 256 elements deep unless told otherwise (``huge_tree``), dropping the rest of
#: the page: an old page whose unclosed <div> or <font> tags nest every paragraph inside the one before lost
#: everything after its 256th paragraph
PARSER = lxml.html.HTMLParser(huge_tree=True)
#: a tree deeper than this is taken for such unclosed nesting and un-nested (see :func:`unnest`)
DEEP_TREE = 128
#: how deep libxml2 builds a tree even with ``huge_tree``: what a page nests deeper is not in the tree
PARSER_DEPTH = 2048


def parse_tree(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(html, parser=PARSER)
    except (etree.ParserError, ValueError) as exc:
        logger.debug("unparsable page: %s", exc)
        return None


#: how an element a reader never sees hides itself: an inline style, or the hidden attribute; Discuz's anti-copy
#: "jammer" (random characters in <font class="jammer"> between a forum post's lines) is one too
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
#: a hidden inline element (a <font>, a <span>, a link …) holding less text than this goes: a jammer, a keyword
#: or a link slipped into a sentence for search engines. A hidden block stays: WeChat hides its whole article
#: (visibility:hidden) until a script shows it, portals fold an article's second half behind "展开全文", and
#: 中国新闻网 prints its date line and author for spiders in a hidden <div>
HIDDEN_SHORT = 50
HIDDEN_INLINE = frozenset("font span a b i u s em strong small big ins del sup sub label".split())


def drop_hidden(tree: lxml.html.HtmlElement) -> int:
    """Remove the short inline elements a reader never sees (see HIDDEN_STYLE) from the runs of text they sit in,
    keeping their tail text; returns how many went.

    >>> page = lxml.html.fromstring("<html><body><p>警方提醒<font class='jammer'>x7#Q</font>切勿转账。"
    ...     "<span style='display: none'>某某娱乐城</span></p><div style='visibility:hidden'>" + "正文。" * 20
    ...     + "</div></body></html>")
    >>> drop_hidden(page), page.text_content()[:15]
    (2, '警方提醒切勿转账。正文。正文。')
    """
    dropped = 0
    body = tree.find(".//body")
    hidden = [element for element in (body if body is not None else tree).iter(*HIDDEN_INLINE)
              if element.get("hidden") is not None or HIDDEN_STYLE.search(element.get("style") or "")
              or "jammer" in (element.get("class") or "").split()]
    for element in hidden:
        if 0 < len(flat(element.text_content())) < HIDDEN_SHORT and in_running_text(element):
            element.drop_tree()
            dropped += 1
    return dropped


#: the elements that hold a paragraph's lines rather than being one (a <br> breaks a line inside a paragraph)
PARAGRAPH_HOLDERS = frozenset(BLOCKS - {"br"})


def leaf_sections(tree: lxml.html.HtmlElement) -> int:
    r"""Make each <section> that holds a paragraph's text (text of its own or inline elements, no block
    inside) a paragraph; returns how many. WeChat's editor, and the portals that take its posts, set every
    paragraph as a <section>; trafilatura knows <section> only as a container and runs their text together,
    one line for the whole article, or skips the short lines above the story. A <section> holding blocks stays
    a container. Such sections become <p> when they hold more text than the <div>s that hold a paragraph's
    text: on a page whose paragraphs are <div>s, a few <p> (captions set as sections) would turn trafilatura
    to them, and the sections become <div>s like the rest.

    >>> page = lxml.html.fromstring("<html><body><section><section>警方提醒：</section>"
    ...     "<section><span>切勿</span>转账。</section><section> </section></section></body></html>")
    >>> leaf_sections(page), lxml.html.tostring(page.body, encoding="unicode")
    (2, '<body><section><p>警方提醒：</p><p><span>切勿</span>转账。</p><section> </section></section></body>')
    >>> page = lxml.html.fromstring("<html><body><div>一段正文，较长的一段。</div><section>图注</section></body></html>")
    >>> leaf_sections(page), lxml.html.tostring(page.body, encoding="unicode")
    (1, '<body><div>一段正文，较长的一段。</div><div>图注</div></body>')
    """
    holding = set()  # the elements with a block inside
    for block in tree.iter(*PARAGRAPH_HOLDERS):
        above = block.getparent()
        while above is not None and above not in holding:
            holding.add(above)
            above = above.getparent()
    texts = {section: len(flat(section.text_content())) for section in tree.iter("section") if section not in holding}
    sections = [section for section, size in texts.items() if size]
    if not sections:
        return 0
    in_sections = sum(texts[section] for section in sections)
    in_divs = sum(len(flat(div.text_content())) for div in tree.iter("div") if div not in holding)
    for section in sections:
        section.tag = "p" if in_sections >= in_divs else "div"
    return len(sections)


def in_running_text(element: lxml.html.HtmlElement) -> bool:
    """Does ``element`` sit in a run of text (its parent holds text of its own around its children)? A jammer or
    a hidden keyword does; a hidden button of a widget, among other elements only, is the widget's business.

    >>> page = lxml.html.fromstring("<div><p>警方提醒<span>x</span>切勿转账</p><div> <span>在看</span> </div></div>")
    >>> [in_running_text(span) for span in page.iter("span")]
    [True, False]
    """
    parent = element.getparent()
    return parent is not None and (bool((parent.text or "").strip()) or any((child.tail or "").strip() for child in parent))


def tree_depth(tree: lxml.html.HtmlElement) -> int:
    """How many elements deep the tree goes.

    >>> tree_depth(lxml.html.fromstring("<div><p>a<b>b</b></p></div>"))
    3
    """
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def unnest(tree: lxml.html.HtmlElement) -> int:
    """Undo the nesting of unclosed tags: an element that is the last thing inside a parent of its own tag
    (``<div>one<div>two<div>three``) is moved out to follow the outermost element of that chain, which keeps
    the text in the order it is read and puts each paragraph beside the one before. Returns how many
    elements moved.

    >>> page = lxml.html.fromstring("<html><body><div>one<div>two<div>three</div></div></div><p>end</p></body></html>")
    >>> unnest(page), lxml.html.tostring(page.body, encoding="unicode")
    (2, '<body><div>one</div><div>two</div><div>three</div><p>end</p></body>')
    """
    moved = 0
    for element in reversed(list(tree.iter())):
        parent = element.getparent()
        if parent is None or parent.tag != element.tag or parent[-1] is not element or (element.tail or "").strip():
            continue
        outer = parent
        while True:
            above = outer.getparent()
            if above is None or above.tag != element.tag or above[-1] is not outer or (outer.tail or "").strip():
                break
            outer = above
        if outer.getparent() is None:
            continue
        outer.addnext(element)
        moved += 1
    return moved


#: what a reader does not see as text (a <title> inside <body> stays: some templates print it there)
UNSEEN = frozenset(("script", "style", "noscript", "template"))
#: the elements that start a line of their own
LINE_TAGS = frozenset(("p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article", "dd", "dt", "ul"))


def reading_order(root: lxml.html.HtmlElement, skip: frozenset = UNSEEN):
    """The text of ``root`` piece by piece as a reader reads it (an element's tail after the text of its
    children), "\\n" where a line starts; nothing of the ``skip`` elements, comments or processing instructions."""
    stack: list = [(root, False)]  # (element, its children done)
    while stack:
        element, done = stack.pop()
        if done:
            if element.tail and element is not root:
                yield element.tail
            continue
        stack.append((element, True))
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in skip:
            continue
        if tag in LINE_TAGS:
            yield "\n"
        if element.text:
            yield element.text
        stack.extend((child, False) for child in reversed(element))


def visible_text(tree: lxml.html.HtmlElement) -> str:
    """The text a reader sees in ``<body>``, in reading order, block elements on their own lines; not
    scripts, styles or comments.

    >>> visible_text(lxml.html.fromstring("<html><body><p><span>来源：<b>新华网</b></span> 2024-01-02</p>"
    ...                                   "<!-- 2019-01-01 --><div>正文<script>var a;</script>。</div></body></html>"))
    '\\n来源：新华网 2024-01-02\\n正文。'
    """
    body = tree.find(".//body")
    return re.sub(r"[ \t\u3000\xa0]+", " ", "".join(reading_order(body if body is not None else tree)))


def printed_outside_links(tree: lxml.html.HtmlElement) -> str:
    """What the page's body prints outside its links, whitespace removed: where a headline the page shows
    (not a menu's or a breadcrumb's link) is found.

    >>> page = "<html><body><a href='/'>某某网</a><h1>警惕<b>退款</b>诈骗</h1></body></html>"
    >>> printed_outside_links(lxml.html.fromstring(page))
    '警惕退款诈骗'
    """
    body = tree.find(".//body")
    return flat("".join(reading_order(body if body is not None else tree, UNSEEN | {"a", "title"})))


def meta_content(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    wanted = {n.lower() for n in names}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in wanted and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    return None


# -- title ---------------------------------------------------------------------
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|—|–| - |-{1}(?=[^\d]))\s*")


#: a site's name, then a hyphen, then a headline that opens with a figure (某某网-5月20日起……): the hyphen
#: before a digit is no separator elsewhere (COVID-19, 歼-20)
SITE_THEN_FIGURE = re.compile(r"(.{2,8}?)\s*-\s*(?=\d)")


def title_parts(title: str) -> list[str]:
    """``'打好组合拳_光明网'`` → ``['打好组合拳', '光明网']``.

    >>> title_parts("某某网-5月20日起大桥封闭"), title_parts("歼-20亮相航展_新华网")
    (['某某网', '5月20日起大桥封闭'], ['歼-20亮相航展', '新华网'])
    """
    parts = [p for p in TITLE_SEPARATORS.split(title.strip()) if p.strip()]
    first = SITE_THEN_FIGURE.match(parts[0]) if parts else None
    if first and is_site_like(first.group(1)):
        parts[:1] = [first.group(1), parts[0][first.end():]]
    return parts


#: the page number a multi-page article's <title> gives after its headline: 标题(2), 标题（3）
PAGE_NUMBER = re.compile(r"[(（]\d{1,3}[)）]")


def with_page_number(heading: str, after: str) -> str:
    """The heading with the page number the <title> puts right after it (``after``: the rest of the
    flat <title>), so that every page of a multi-page article is titled alike, as its <title> shows it
    (a page whose heading is missing is titled by its <title>, number included).

    >>> with_page_number("皮草的故事(组图)", "(2)_时尚_光明网"), with_page_number("标题", "_光明网")
    ('皮草的故事(组图)(2)', '标题')
    """
    number = PAGE_NUMBER.match(after)
    if number and (number.end() == len(after) or TITLE_SEPARATORS.match(after, number.end())):
        return heading + number.group(0)
    return heading


def headline(tree: lxml.html.HtmlElement, fallback: str | None) -> str | None:
    """The article's headline: an ``<h1>``/``<h2>`` that the ``<title>`` starts with, else the
    ``<title>`` without its site suffix, else og:title, else trafilatura's."""
    page_title = " ".join((tree.findtext(".//title") or "").split())
    og_title = meta_content(tree, "og:title", "twitter:title")
    candidates = []
    for tag in ("h1", "h2"):
        for element in tree.iter(tag):
            text = normalise_line(element.text_content())
            if 4 <= len(text) <= 120:
                candidates.append(text)
    page_flat = flat(page_title)
    for text in candidates:  # a heading the <title> starts with (portal titles: headline + suffix)
        if page_flat and flat(text) and page_flat.startswith(flat(text)):
            return with_page_number(text, page_flat[len(flat(text)):])
    if og_title:
        for text in candidates:
            if flat(text) == flat(og_title):
                return text
    parts = title_parts(page_title)
    for text in candidates:  # a heading that is a later part of the <title> (新华网 - 标题: the site first)
        if (any(flat(text) == flat(part) for part in parts[1:]) and not is_site_like(text)
                and (is_site_like(parts[0]) or len(flat(text)) > len(flat(parts[0])))):
            return text
    head = headline_part(page_title)
    if head and is_site_like(head):  # a <title> of the site's name only: the page's own heading, if it has one
        heading = own_heading(tree)
        if heading:
            return heading
    shown = shown_part(tree, page_title, parts, head)
    if shown:
        return shown
    if head and len(head) >= 4:
        stem = flat(CUT_MARK.sub("", head))
        for text in candidates:  # the heading a shortened <title> part starts (标题前半...)
            if len(stem) >= 4 and flat(text).startswith(stem):
                return text
        if len(stem) >= 4 and CUT_MARK.search(head):  # … or a line the page prints in full
            return printed_start(tree, stem) or head
        return head
    if og_title and not page_title:
        heading = own_heading(tree)
        if heading and len(flat(heading)) > len(flat(og_title)) and flat(heading).startswith(flat(og_title)):
            return heading  # og:title cut short at an unescaped quotation mark: content="标题"引语"后半"
    return og_title or fallback or (page_title or None)


#: the heading of a comment thread, not of the article: 《标题》已有3条评论, 12 Comments, 发表评论
COMMENTS_HEADING = re.compile(r"\d+\s*(?:条|條|件|篇|个|個)?(?:评论|評論|回复|回覆|留言)"
                              r"|(?i:\d+\s+(?:comments?|replies|responses))")
#: … or set in an element named for the thread (id="comments", class="respond")
COMMENTS_NAME = re.compile(r"(?i)comment|respond|reply")


def own_heading(tree: lxml.html.HtmlElement) -> str | None:
    """The page's first <h1> (else <h2>) that is not a link, does not name a site and does not head a list or a
    comment thread, else an element whose class names it the headline, else such an <h3> (a sidebar's <h3> comes
    after a headline's class): the headline of a page whose <title> gives only the site's name, or of a page
    without a <title>.

    >>> own_heading(lxml.html.fromstring("<html><body><h1><a href='/'>某某网</a></h1><h2><a href='/x'>另一篇</a></h2>"
    ...                                  "<h2>警方破获一起冒充客服电诈案</h2></body></html>"))
    '警方破获一起冒充客服电诈案'
    >>> own_heading(lxml.html.fromstring("<html><body><h3>图片新闻</h3><div class='title'>警方破获一起冒充客服电诈案</div>"
    ...                                  "</body></html>"))
    '警方破获一起冒充客服电诈案'
    """
    def heading(tag: str) -> str | None:
        for element in tree.iter(tag):
            text = normalise_line(element.text_content())
            links = "".join(a.text_content() for a in element.iter("a"))
            if (4 <= len(text) <= 120 and not is_site_like(text) and len(flat(links)) * 2 < len(flat(text))
                    and not is_related_heading(text) and not END_OF_ARTICLE.match(text)
                    and not COMMENTS_HEADING.search(text)
                    and not COMMENTS_NAME.search(f"{element.get('id', '')} {element.get('class', '')}")):
                return text
        return None

    found = heading("h1") or heading("h2")
    if found:
        return found
    body = tree.find(".//body")
    for element in HEADLINE_CLASS(body if body is not None else tree):  # no heading tag: a headline's class name
        text = normalise_line(element.text_content())
        if (6 <= len(text) <= 80 and not is_site_like(text) and not text.endswith("。")
                and not any(part.tag == "a" for part in element.iter()) and not first_date(text)):
            return text
    return heading("h3")


#: an element whose class or id names it the headline (title, tit, headline, biaoti, bt), the first of which is the
#: headline of a page with a site-only <title> and no heading tag
HEADLINE_CLASS = etree.XPath(
    "//*[re:test(@class, '(^|[\\s_-])(title|tit|headline|biaoti|bt)($|[\\s_-])', 'i')"
    " or re:test(@id, '^(title|tit|headline|biaoti|bt)$', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"})


def printed_start(tree: lxml.html.HtmlElement, stem: str) -> str | None:
    """The first line the page's body prints itself (outside links) that starts with ``stem`` and goes on: the
    whole headline of a <title> cut short (标题前半...).

    >>> printed_start(lxml.html.fromstring("<html><body><a href='/'>标题前半和一篇别的</a>"
    ...                                    "<div>标题前半和后半</div></body></html>"), "标题前半")
    '标题前半和后半'
    """
    body = tree.find("body")
    for element in (body if body is not None else tree).iter():
        if not isinstance(element.tag, str) or element.tag in ("a", "script", "style", "option", "title"):
            continue
        line = normalise_line(element.text or "")
        if (len(flat(line)) > len(stem) and flat(line).startswith(stem) and len(line) <= 120
                and not any(parent.tag == "a" for parent in element.iterancestors())):
            return line
    return None


def shown_part(tree: lxml.html.HtmlElement, page_title: str, parts: list[str], head: str | None) -> str | None:
    """The headline the page prints as a line of its own (outside any link), when the part of the <title>
    that ``headline_part`` chose is printed nowhere so: the whole <title> (对比试车—测试昌河北斗星、爱迪尔(图):
    the dash is the headline's own), or a longer part (a channel's name first: 明日股市预测--最新出炉联合国贸发报告……).

    >>> page = lxml.html.fromstring("<html><head><title>股市预测--联合国报告：全球增长率降至2.3%</title></head>"
    ...                             "<body><a href='/'>股市预测</a><div>联合国报告：全球增长率降至2.3%</div></body></html>")
    >>> shown_part(page, "股市预测--联合国报告：全球增长率降至2.3%", ["股市预测", "联合国报告：全球增长率降至2.3%"], "股市预测")
    '联合国报告：全球增长率降至2.3%'
    >>> page = lxml.html.fromstring("<html><body><strong>对比试车—测试两款车</strong></body></html>")
    >>> shown_part(page, "对比试车—测试两款车", ["对比试车", "测试两款车"], "对比试车")
    '对比试车—测试两款车'
    """
    if len(parts) < 2 or not head:
        return None
    wanted = {flat(part): part for part in parts if len(flat(part)) >= 6 and len(flat(part)) > len(flat(head))
              and not is_site_like(part)}
    lines = printed_lines(tree, {flat(head), flat(page_title), *wanted})
    if flat(head) in lines:
        return None
    if flat(page_title) in lines:
        return page_title
    return next((wanted[key] for key in wanted if key in lines), None)


def printed_lines(tree: lxml.html.HtmlElement, wanted: set[str]) -> set[str]:
    """Those of the ``wanted`` texts (whitespace removed) that an element of the page's body prints
    itself, outside links."""
    found = set()
    body = tree.find("body")
    for element in (body if body is not None else tree).iter():
        text = element.text
        if not text or not isinstance(element.tag, str) or element.tag in ("a", "script", "style", "option", "title"):
            continue
        line = flat(text)
        if line in wanted and not any(parent.tag == "a" for parent in element.iterancestors()):
            found.add(line)
    return found


#: the separators a site puts between the headline and its own names (标题_频道_网站, 标题 | 网站)
SITE_SEPARATORS = re.compile(r"\s*(?:_|\||｜)\s*")
#: a title cut short: 标题前半... / 标题前半…
CUT_MARK = re.compile(r"\s*(?:\.{2,}|…+|．{2,})$")
#: the endings of a site's or a channel's name
SITE_ENDING = re.compile(r"(?:网|網|报|報|新闻|新聞|频道|頻道|在线|在線|日报|日報|晚报|晚報|时报|時報|客户端|客戶端|号|號|"
                         r"online|news|\.com|\.cn)$", re.I)


def is_site_like(part: str) -> bool:
    """A short part of a <title> that names a site or a channel (新华网, 中国新闻网, 社会频道).

    >>> is_site_like("新华网"), is_site_like("中国新闻网"), is_site_like("警方破获一起冒充客服电诈案")
    (True, True, False)
    """
    part = part.strip()
    return part in SITE_NAMES or (len(part) <= 8 and bool(SITE_ENDING.search(part)))


def headline_part(page_title: str) -> str | None:
    """The <title> without the site's names: split on the site separators (_ and |) first, so that a
    headline's own dash stays (反诈宣传进校园—筑牢安全防线_光明网); on dashes only when there is none; a
    site's name in front (新华网 - 标题) goes too.

    >>> headline_part("反诈宣传进校园—筑牢安全防线_光明网"), headline_part("新华网 - 警方破获一起冒充客服电诈案")
    ('反诈宣传进校园—筑牢安全防线', '警方破获一起冒充客服电诈案')
    >>> headline_part("警方破获一起冒充客服电诈案_社会_中国新闻网"), headline_part("打好组合拳 - 光明网")
    ('警方破获一起冒充客服电诈案', '打好组合拳')
    >>> headline_part("北医新闻网_(新闻)"), headline_part("17种产品入选国家绿色制造名单 - 要闻云南 - 云南日报网")
    ('北医新闻网', '17种产品入选国家绿色制造名单')
    """
    page_title = page_title.strip()
    if not page_title:
        return None
    strong = [p for p in SITE_SEPARATORS.split(page_title) if p.strip()]
    parts = strong if len(strong) > 1 else title_parts(page_title)
    if (len(parts) > 1 and is_site_like(parts[0]) and not is_site_like(parts[1])
            and len(flat(parts[1])) >= max(6, len(flat(parts[0])) + 1)):
        return parts[1]
    # (with dashes only, the first part: 标题 - 要闻云南 - 云南日报网 has a channel's name, not a subtitle, after it)
    return parts[0] if len(parts) > 1 else page_title


# -- site ------------------------------------------------------------------------
KNOWN_SITES = {
    "gmw.cn": "光明网",
    "people.com.cn": "人民网",
    "tibet.cn": "中国西藏网",
    "legaldaily.com.cn": "法治网",
    "zqrb.cn": "证券日报",
    "chinanews.com": "中国新闻网",
    "chinanews.com.cn": "中国新闻网",
    "news.cn": "新华网",
    "xinhuanet.com": "新华网",
    "cctv.com": "央视网",
    "chinapeace.gov.cn": "中国长安网",
    "thepaper.cn": "澎湃新闻",
    "mps.gov.cn": "公安部",
}


#: short or variant names portals use in their <title> for themselves
SITE_ALIASES = {"中新网": "中国新闻网", "新华网客户端": "新华网", "法制网": "法治网", "证券日报网": "证券日报",
                "央视新闻": "央视网", "长安网": "中国长安网"}
#: every name above, for archive.extract.is_site_like
SITE_NAMES = frozenset(KNOWN_SITES.values()) | frozenset(SITE_ALIASES) | frozenset(SITE_ALIASES.values())


def site_name(tree: lxml.html.HtmlElement, url: str) -> str | None:
    """The portal's own name: og:site_name, a known host, or the ``<title>`` suffix."""
    name = simplified(site_name_as_shown(tree, url))
    return SITE_ALIASES.get(name, name) if name else name


def simplified(name: str | None) -> str | None:
    """Site names in Simplified script, so one portal is one facet (中國西藏網 → 中国西藏网)."""
    return TO_SIMPLIFIED.convert(name) if name else name


def site_name_as_shown(tree: lxml.html.HtmlElement, url: str) -> str | None:
    named = meta_content(tree, "og:site_name", "application-name", "site_name", "sitename")
    if named:
        return named
    host = (urlsplit(url).hostname or "").lower()
    for domain, name in KNOWN_SITES.items():
        if host == domain or host.endswith("." + domain):
            return name
    parts = title_parts(" ".join((tree.findtext(".//title") or "").split()))
    if len(parts) > 1 and 2 <= len(parts[-1]) <= 12:
        return parts[-1]
    return host or None


# -- labelled fields: 来源 / 作者 / 责编 ------------------------------------------------
# 来源 of the article, not of a picture or a video (图片来源：…)
SOURCE = re.compile(
    r"(?<![图圖片视視频頻])(?:文章来源|文章來源|来源|來源|稿源)\s*[:：]\s*"
    r"(?P<v>(?!\d{1,4}[-/.年:月])[^\s:：|｜/（）()【】\[\]<>，,。;；]{2,30})"
)
# a reporter credit: 本报记者 张三 / 记者：张三 (a colon or a space after the label, a short name after it)
AUTHOR = re.compile(
    r"(?:本报记者|本報記者|记者|記者|文\s*/|(?:^|(?<=\n))\s*文(?=\s*[:：]))(?:\s*[:：]\s*|\s+)"
    r"(?P<v>[\u4e00-\u9fff·•]{2,4}(?:[ 、][\u4e00-\u9fff·•]{2,4})*)(?=$|[\s，,、。）)|｜])"
)
AUTHOR_LABELLED = re.compile(r"(?:作者|撰文|执笔人?)\s*[:：]\s*(?P<v>[\u4e00-\u9fff] [\u4e00-\u9fff](?=[\s，,：:）)、|｜;；]|$)"
                             r"|[\u4e00-\u9fff·•]{2,4}(?:[ 、][\u4e00-\u9fff·•]{2,4})*"
                             r"(?=[\s，,）)、|｜;；]|$)|[\u4e00-\u9fff·•A-Za-z ]{2,20}?(?=[\s，,）)、|｜;；]|$))")
#: a reporter's credit with the work after a slash: 河南商报记者马俊峰/文, 记者 张三/摄
AUTHOR_SLASHED = re.compile(r"(?:记者|記者)\s*(?P<v>[\u4e00-\u9fff·•]{2,4}(?:[ 、][\u4e00-\u9fff·•]{2,4})*)"
                            r"\s*/\s*(?:文|图|圖|摄|攝)")
#: a story signed at its end, in brackets: （袁源） on its own or after the last sentence, （姚峰 上海报道） where a
#: paragraph ends: a common surname and one or two characters (not 某: （王某） is a party to a case)
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
SIGNED_NAME = rf"[{SURNAMES}](?:(?!某)[\u4e00-\u9fff]){{1,2}}"
AUTHOR_SIGNED = re.compile(rf"(?:^|(?<=[。！？!?”」]))\s*[（(]\s*(?P<v>{SIGNED_NAME}(?:[ 、]{SIGNED_NAME})*)\s*[）)]"
                           r"(?=\s*$|\s*[^\s\u4e00-\u9fff])", re.M)
AUTHOR_REPORTED = re.compile(rf"[（(]\s*(?P<v>{SIGNED_NAME}(?:[ 、]{SIGNED_NAME})*)\s+[\u4e00-\u9fff]{{2,8}}报道\s*[）)]\s*$",
                             re.M)
#: a reporter's title in front of the name in a labelled author
CREDIT_PREFIX = re.compile(r"^(?:本报|本報|新华社|新華社|总台|總台)?(?:记者|記者|实习生|實習生)\s*")
#: what a template prints when it knows no author
NO_AUTHOR = frozenset("未知 佚名 不详 匿名 无 暂无 admin".split())
EDITOR = re.compile(r"(?:责任编辑|責任編輯|责编|責編|【编辑|【編輯)\s*[:：]\s*"
                    r"(?P<v>[\u4e00-\u9fff·•A-Za-z]{2,12}(?:[、,，][\u4e00-\u9fff]{2,4})*)")


def labelled(pattern: re.Pattern, *texts: str) -> str | None:
    for text in texts:
        match = pattern.search(text)
        if match:
            value = match["v"].strip(" ·•")
            if value:
                return value
    return None


# -- the extractor -----------------------------------------------------------------
def header_window(text: str, title: str | None, size: int = 600, before: int = 120) -> str:
    """The text around the headline, where portals print date, 来源 and 作者 (most after it; some,
    such as 新华网, just before it)."""
    if title:
        pos = flat_find(text, title)
        if pos >= 0:
            return text[max(0, pos - before) : pos + len(title) + size]
    return text[:size * 3]


#: a label that follows the 来源 on the same line without a space (来源：证券时报网作者：李在山)
NEXT_LABEL = re.compile(r"(?:作者|记者|記者|编辑(?!部)|編輯(?!部)|责编|責編|发布|發布|时间|時間|点击|點擊|浏览|瀏覽|字号|字號)")


def source_of(value: str | None) -> str | None:
    """The outlet of a 来源, without a label glued after it.

    >>> source_of("证券时报网作者"), source_of("人民日报"), source_of("转载"), source_of('size="')
    ('证券时报网', '人民日报', None, None)
    >>> source_of("7706娱乐网"), source_of("21世纪经济报道"), source_of("新华网2019-09-07"), source_of("123")
    ('7706娱乐网', '21世纪经济报道', '新华网', None)
    """
    if not value or "=" in value or '"' in value:  # markup printed as text (来源：<font size="2">)
        return None
    value = NEXT_LABEL.split(value, 1)[0].strip()
    value = re.sub(r"\d{2,4}[-/.年].*$", "", value).strip()  # a date glued after the outlet (新华网2019-09-07)
    if not re.search(r"[^\d\W]", value):  # digits only: a count or a time, not an outlet
        return None
    return None if not value or value in NO_SOURCE else value


#: what a 来源 says when it names no outlet (reposted, from the web, this site's own)
NO_SOURCE = frozenset("转载 转载文章 网络 互联网 网友投稿 网友 本站 本站原创 原创 未知 不详 佚名 综合".split())


def author_of(window: str, tail: str, footer: str) -> str | None:
    r"""The author: a labelled one (作者：) near the headline or at the page's end, a reporter's credit
    (记者 张三) near the headline or where the story ends, or a signature in brackets at its end; not a
    template's 未知.

    >>> author_of("", "", "切勿转账。（姚峰 上海报道）"), author_of("作者：未知", "", ""), author_of("作者：记者王敬照", "", "")
    ('姚峰', None, '王敬照')
    >>> author_of("", "", "\n（袁源）"), author_of("", "", "举行。（张巨峰） /Main"), author_of("", "", "被告人（王某）")
    ('袁源', '张巨峰', None)
    >>> author_of("", "", "详见实施（方案）"), author_of("", "", "切勿转账。（王某）")
    (None, None)
    >>> author_of("作者: 赵 培：北京物资学院", "", ""), author_of("河南商报记者马俊峰/文", "", "")
    ('赵培', '马俊峰')
    >>> author_of("", "", "。\n文：眉间尺")
    '眉间尺'
    >>> author_of("", "", "原文：中国人民银行"), author_of("", "", "全文：见附件")
    (None, None)
    """
    found = (labelled(AUTHOR_LABELLED, window, tail) or labelled(AUTHOR, window) or labelled(AUTHOR_SLASHED, window)
             or labelled(AUTHOR, footer)
             or labelled(AUTHOR_REPORTED, footer) or labelled(AUTHOR_SIGNED, footer))
    if found is not None:
        found = CREDIT_PREFIX.sub("", found).strip()  # 作者：记者王敬照
        found = re.sub(r"^([\u4e00-\u9fff]) ([\u4e00-\u9fff])$", r"\1\2", found)  # a two-character name set in three: 赵 培
    return None if not found or found in NO_AUTHOR else found


#: a line that is only a person's name or names, as a byline under a headline (胡平, 赵延东、风笑天, 文/张三)
NAME_LINE = re.compile(r"^(?:(?:文|作者|撰文|记者|記者)\s*[:：/]\s*)?"
                       r"(?P<v>[\u4e00-\u9fff·]{2,4}(?:[、，, ][\u4e00-\u9fff·]{2,4}){0,4})$")
#: the ending of an institution's or an outlet's name, never a person's (新华社, 某某日报, 市政府, 收盘播报 is no name either)
INSTITUTION = re.compile(r"(?:社|网|網|报|報|台|站|部|局|院|所|厅|廳|处|處|委|会|會|办|辦|中心|频道|頻道|政府|公司|集团|集團|"
                         r"银行|銀行|学校|學校|大学|大學|版|播报|播報|新闻|新聞|快讯|快訊|图片|圖片|海报|海報)$")
#: the separators of a <title>'s parts, a breadcrumb's included
TITLE_PARTS = re.compile(r"\s*(?:_|\||｜|--|—|–| - |»|>|::)\s*")


def title_printed(title: str, printed: str) -> bool:
    """Whether the page prints (outside links: ``printed``, see :func:`printed_outside_links`) its headline or a
    part of it of four characters or more: a <title> it never prints (显示, 网易娱乐, 谢谢您访问本站) names no article.

    >>> title_printed("警惕退款诈骗_某某网", "首页警惕退款诈骗近日"), title_printed("显示", "比赛革命的革命胡平")
    (True, False)
    """
    return any(len(flat(part)) >= 4 and flat(part) in printed for part in TITLE_PARTS.split(title))


def headline_like(line: str) -> bool:
    """A line that can be a Chinese headline: 4 to 60 characters, mostly Chinese, no sentence's end, no
    markup, no date, not a site's name."""
    size = len(flat(line))
    return (4 <= size <= 60 and len(CJK.findall(line)) >= 4 and "。" not in line and not re.search(r"[，,；;：:、]$", line)
            and not re.search(r"[<>=]", line) and not is_site_like(line) and first_date(line) is None)


def body_position(page_text: str, found: list[str]) -> tuple[list[str], list[str], int | None]:
    """The page's lines, the body's lines, and the index of the page line where the body starts (None when
    the body's first line is not found in the page)."""
    lines = [line for line in (normalise_line(x) for x in page_text.split("\n")) if line]
    body = [line for line in (normalise_line(x) for x in found) if line]
    if not body or not lines:
        return lines, body, None
    start = flat(body[0])[:12]
    return lines, body, next((i for i, line in enumerate(lines) if flat(line).startswith(start)), None)


#: a line between a headline and its text that is no headline: a date alone, a URL, a labelled field (来源：…)
DATE_TIME_LINE = re.compile(r"^[\d\s年月日:：\-/.()（）星期周一二三四五六日天]+$")
URL_LINE = re.compile(r"^\S*(?:https?://|www\.)\S*$")
FIELD_LINE = re.compile(r"^[【\[(（]?(?:来源|來源|作者|记者|記者|编辑|編輯|责任编辑|責任編輯|发布|發布|时间|時間|日期|浏览|瀏覽|"
                        r"点击|點擊|字号|字號|阅读|閱讀|出处|出處)")


def headline_above(page_text: str, found: list[str], printed: str, anchors: Anchors | None = None) -> str | None:
    r"""The headline of a page with no <title>: the nearest line above the text (past date, URL, labelled and
    byline lines) that reads as a headline of six characters or more and is printed outside links (``printed``, see
    :func:`printed_outside_links`; the same headline may be a link in a list elsewhere); else the text's own first
    line, when it reads as a headline and the text goes on under it.

    >>> page = "首页\n评老冒：做最好的东西？\n2005-09-07 11:57\nhttp://blog.example.com/\n昨天兜兜转转看到老冒的文章，分析得非常透彻。"
    >>> headline_above(page, page.splitlines()[-1:], flat(page))
    '评老冒：做最好的东西？'
    >>> page = "当前位置：首页->军事技术\n飞行物理学常识\n飞机为什么能飞起来？这是一个常被问到的问题，答案并不简单。"
    >>> headline_above(page, page.splitlines()[1:], flat(page))
    '飞行物理学常识'
    """
    lines, body, k = body_position(page_text, found)
    if k is None:
        return None
    for index in range(k - 1, max(-1, k - 5), -1):
        line = lines[index]
        if (DATE_TIME_LINE.match(line) or URL_LINE.match(line) or FIELD_LINE.match(line) or NAME_LINE.match(line)
                or any(applies(line) for _, applies in LINE_RULES)):  # a share prompt, an editor's line
            continue
        line = re.sub(r"[\s\-_|｜]+$", "", line)  # a blog's trailing "- -"
        # (printed outside links, or one link right above the text: a blog post's title links to the post; a
        # line of several links is a menu, given ``anchors``, the texts of the page's links)
        if headline_like(line) and len(flat(line)) >= 6 and (
                flat(line) in printed or index == k - 1 and (anchors is None or flat(line) in anchors.texts)):
            return line
        break
    if (headline_like(body[0]) and flat(body[0]) in printed
            and any(len(line) >= 20 and re.search(r"[。！？；，]", line) for line in body[1:4])):
        return body[0]
    return None


def byline_under_headline(page_text: str, found: list[str], title: str | None, printed: str,
                          anchors: Anchors) -> tuple[str | None, str | None]:
    r"""The headline a page prints above its article when its <title> names none, and the byline printed as a line
    of its own under the headline (a name or names, nothing else): ``(headline or None, byline or None)``.

    The byline is never a link (a menu's label); under a headline the page prints it must look like a person's
    name (a common surname first); on a page whose <title> is never printed (an old personal page or forum), a pen
    name is taken too (茉莉, 眉间尺), when the line above it reads as a headline.

    >>> page = "显示\n比赛革命的革命\n胡平\n——对文化革命的分析\n一、文化革命是一场政治运动，群众参与极为广泛。"
    >>> byline_under_headline(page, page.splitlines()[1:], "显示", flat(page), Anchors([]))
    ('比赛革命的革命', '胡平')
    >>> page = "警惕退款诈骗\n2024-05-18 来源：某某网\n张三丰\n近日，市公安局发布预警，提醒市民警惕诈骗。"
    >>> byline_under_headline(page, page.splitlines()[3:], "警惕退款诈骗", flat(page), Anchors([]))
    (None, '张三丰')
    >>> page = "警惕退款诈骗\n收盘播报\n近日，市公安局发布预警，提醒市民警惕诈骗。"
    >>> byline_under_headline(page, page.splitlines()[1:], "警惕退款诈骗", flat(page), Anchors([]))
    (None, None)
    """
    lines, _, k = body_position(page_text, found)
    if k is None:
        return None, None
    shown = bool(title) and title_printed(title, printed)
    if shown:  # the headline's line at the body's top or just above it
        wanted = flat(title)
        h = next((i for i in range(min(k + 1, len(lines) - 1), max(-1, k - 5), -1) if flat(lines[i]) == wanted), None)
        reach = 3
    else:  # a headline-like line, not a link, with a name's line under it, at the body's top or just above it
        h = next((i for i in range(max(0, k - 3), min(k + 1, len(lines) - 1))
                  if headline_like(lines[i]) and flat(lines[i]) not in anchors.texts and NAME_LINE.match(lines[i + 1])),
                 None)
        reach = 1
    if h is None:
        return None, None
    for line in lines[h + 1: h + 1 + reach]:
        match = NAME_LINE.match(line)
        if match:
            names = [n for n in re.split(r"[、，, ]", match["v"]) if n]
            if any(INSTITUTION.search(n) or is_site_like(n) for n in names):
                break
            if flat(line) in anchors.texts or flat(line) in anchors.short:  # a menu's label, not a byline
                break
            if shown and not all(re.fullmatch(SIGNED_NAME, n) for n in names):
                break
            return (None if shown else lines[h]), match["v"]
        if len(line) >= 20 and re.search(r"[。！？，,]", line):  # the text has begun
            break
    return None, None


#: what a template prints when no editor signed the page
NO_EDITOR = NO_AUTHOR | frozenset("系统管理员 管理员 网站管理员 超级管理员".split())


def editor_of(page_text: str) -> str | None:
    """The editor labelled on the page (责任编辑：…), not a template's 系统管理员.

    >>> editor_of("（责任编辑：刘则华）"), editor_of("（责任编辑：系统管理员）")
    ('刘则华', None)
    """
    found = labelled(EDITOR, page_text)
    return None if not found or found in NO_EDITOR else found


def footer_window(page_text: str, body: str, size: int = 160) -> str:
    r"""The end of the article and what the page prints right after it, where reporters sign a story
    (（记者 胡晓蓉）, 新京报记者 彭冲 山东冠县报道, 记者 刘涛): the body's last ``size`` characters and as many
    after its last line in the page (a byline line the cleaning took out of the body is there).

    >>> footer_window("首页\n警方提醒，切勿转账。\n（记者 胡晓蓉）\n相关新闻", "警方提醒，切勿转账。", size=9)
    '方提醒，切勿转账。\n（记者 胡晓蓉）'
    """
    last = body.rstrip().rsplit("\n", 1)[-1]
    pos = flat_find(page_text, last) if last else -1
    after = page_text[pos + len(last): pos + len(last) + size] if pos >= 0 else ""
    return body[-size:] + "\n" + after.strip()


def drop_first(lines: list[str], test) -> list[str]:
    """``lines`` without the first of them that passes ``test``."""
    for index, line in enumerate(lines):
        if test(line):
            return lines[:index] + lines[index + 1:]
    return lines


def flat_find(text: str, needle: str) -> int:
    """Position of ``needle`` in ``text`` ignoring whitespace differences, or -1."""
    pos = text.find(needle)
    if pos >= 0:
        return pos
    head = needle.strip()[:8]
    return text.find(head) if head else -1


def detect_lang(text: str) -> str | None:
    if not text:
        return None
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    return "zh" if cjk / max(1, len("".join(text.split()))) >= 0.2 else "en"


#: what the second candidate did when trafilatura's own lines are still the body (nothing, its tail trimmed, the
#: gaps in it filled): the fallbacks below may still replace them
KEPT_TRAFILATURA = (None, "trimmed", "filled")


def extract(body: bytes | str, url: str = "", content_type: str | None = None) -> Article | None:
    """Extract the article of one page; None when the page has no body text. ``url``: where the page
    came from, "" (or None) when unknown (a saved page)."""
    url = url or ""
    html = body if isinstance(body, str) else decode_html(body, content_type)
    if not html.strip():
        return None
    html = unicodedata.normalize("NFC", html)
    tree = parse_tree(html)
    if tree is None:
        return None
    source_html = html  # as served: a browser's "saved from url" mark sits before <html>, outside the tree
    reshaped = drop_hidden(tree) + leaf_sections(tree)
    depth = tree_depth(tree)
    moved = 0
    if depth >= PARSER_DEPTH:  # bad input: what it nests deeper was never parsed (counted: extract/too_deep)
        logger.warning("page %s nests its elements %d deep or more: the parser keeps nothing deeper",
                       url or "(no URL)", PARSER_DEPTH)
    if depth > DEEP_TREE:  # unclosed tags nesting paragraphs: trafilatura's parser would cut the page
        moved = unnest(tree)
        logger.info("page %s nests its elements %d deep: un-nested %d elements", url or "(no URL)", depth, moved)
        reshaped += moved
    if reshaped:  # trafilatura reads the page as the tree now is
        html = lxml.html.tostring(tree, encoding="unicode")
    try:
        # metadata comes from our own rules (below): trafilatura's pass would cost more than the body
        doc = trafilatura.bare_extraction(html, url=url or None, include_comments=False, include_tables=False)
    except (ValueError, TypeError, etree.LxmlError) as exc:  # trafilatura on pathological trees
        logger.warning("trafilatura failed on %s: %s", url, exc)
        doc = None
    title = headline(tree, None)
    # trafilatura's body, checked against the page's block of running text (archive.density): a body
    # that misses most of that block is completed from it, and a page trafilatura finds nothing on
    # (an old table layout) gets the block itself
    found = (doc.text or "").splitlines() if doc is not None else []
    try:
        found, second = complete(found, tree, title)
    except Exception as exc:  # noqa: BLE001 - a fault of the second candidate must not cost the first
        logger.warning("second candidate failed on %s (%s: %s): trafilatura's body kept", url or "the page",
                       type(exc).__name__, exc)
        second = "failed"
    # (a page trafilatura finds nothing on, whose block is short, goes on: a brief may be taken below)
    if second and second != "failed":
        logger.info("body of %s: %s from the page's block of running text", url or "the page", second)
    page_text = day_first(visible_text(tree))
    anchors = link_texts(tree)
    printed = printed_outside_links(tree)
    shown_headline, byline = byline_under_headline(page_text, found, title, printed, anchors)
    if shown_headline:  # the <title> names no article (显示, the site's name): the headline the page prints
        title = shown_headline
    if not title:  # no <title> at all: the headline printed above the text, or the text's first line, or
        # the page's own heading tag
        title = headline_above(page_text, found, printed, anchors) or own_heading(tree)
    if byline:  # a line of the name(s) alone is the author's, not the article's
        found = drop_first(found, lambda line: (name := NAME_LINE.match(normalise_line(line))) is not None
                           and name["v"] == byline)
    window = header_window(page_text, title)
    removed: Counter = Counter()
    paragraphs = clean_paragraphs(found, title, anchors, removed)
    over_cleaned = None
    if sentences(paragraphs) < BLOCK_MIN_PROSE and second in KEPT_TRAFILATURA:
        elsewhere = block_elsewhere(tree, found, title, anchors)
        if elsewhere:  # trafilatura took a footer or a caption, or nothing, and the article is a short one
            logger.info("body of %s: trafilatura's lines, once cleaned, hold no article (%d characters of sentences); "
                        "the page's block of running text taken instead", url or "the page", sentences(paragraphs))
            paragraphs, second = elsewhere, "density"
    if sum(len(p) for p in paragraphs) < GUARD_MIN_KEPT:
        prose = [line for line in prose_lines(found) if not is_keyword_spam(line)]  # a keyword list is never rescued
        if sum(len(p) for p in prose) >= GUARD_MIN_PROSE:  # the rules would have emptied an article
            over_cleaned = removed.most_common(1)[0][0] if removed else "unknown"
            logger.warning("cleaning would remove the article of %s (%d of %d characters, mostly by rule %s): "
                           "kept what trafilatura found", url, sum(removed.values()), sum(len(x) for x in found),
                           over_cleaned)
            paragraphs = prose
    # nothing of an article left: trafilatura's recall mode, last
    if not sentences(paragraphs) and second in KEPT_TRAFILATURA:
        recalled = recall_candidate(html, url, title, anchors)
        if recalled:
            logger.info("body of %s: nothing left of trafilatura's lines once cleaned; its favor_recall pass "
                        "found %d characters of sentences", url or "the page", sentences(recalled))
            paragraphs, second = recalled, "recall"
    whole = len(paragraphs)
    paragraphs = first_post(page_text, paragraphs, url)
    posts_cut = whole - len(paragraphs)
    paragraphs, tables = with_tables(tree, paragraphs, url)
    body = SPAM_RULES.clean("\n".join(paragraphs))
    headline_clean = SPAM_RULES.clean(tidy_title(title or ""))
    text, title = body.text, headline_clean.text or None
    if not text:
        return None
    url_day = date_from_url(url) or date_from_own_urls(tree, url, source_html)
    footer = footer_window(page_text, text)
    published = best_date([
        document_date(window), date_from_meta(tree), labelled_date(window), line_date(window, title), url_day,
        closing_date(footer),
        first_date(page_text, with_time_only=True),
    ], url_day)
    if published is None:
        published = htmldate_fallback(tree, url)
    tail = page_text[-3000:]
    site = one_line(site_name(tree, url))
    return Article(
        url=url,
        title=one_line(title),
        published=published,
        source=one_line(outlet(source_of(labelled(SOURCE, window, footer, tail)), site)),
        author=one_line(author_of(window, tail, footer) or byline),
        editor=one_line(editor_of(page_text)),
        site=site,
        text=strip_controls(text),
        lang=detect_lang(text),
        declared_canonical=declared_canonical(tree, url),
        spam_removed=headline_clean.removed + body.removed,
        over_cleaned=over_cleaned,
        second_candidate=second,
        tables=tables or 0,
        tables_failed=tables is None,
        unnested=moved,
        too_deep=depth >= PARSER_DEPTH,
        posts_cut=posts_cut,
    )


#: the stamp closing a post on a blog's or a board's page of several posts: 由某某张贴 @ 2005-06-14 03:25,
#: posted by X at 2005-06-14, 发表于 2005-06-14 | 阅读(12) | 评论(3), 发布时间 2005/05/17 22:11 by X; a date in
#: the same run
POST_FOOTER = re.compile(
    r"(?:由\s*\S{1,20}\s*(?:张贴|張貼|发表|發表)\s*(?:@|于|於)?|(?i:posted\s+(?:by\s+\S+\s+)?(?:@|at|on)))\s*"
    r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}"
    r"|(?:发表于|發表於|发布于|發佈於|发表时间|發表時間|发布时间|發佈時間)[:：]?\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}"
    r"[^\n]{0,40}(?:阅读|閱讀|评论|評論|浏览|瀏覽|\bby\s+\S)")
#: ... and a page holds several posts when it prints this many such stamps
POSTS_ON_A_PAGE = 2
#: a body of more lines than this is not cut into posts (each line is looked for in the page's text)
POSTS_MAX_LINES = 2000


#: a post's stamp is a short line of its own, no sentence: 该文发表于2019年3月1日，阅读量超过十万 in a story is none
STAMP_LINE_LONGEST = 80


def stamp_line(page_text: str, at: int) -> bool:
    """Whether the line of ``page_text`` around position ``at`` reads as a post's stamp (see STAMP_LINE_LONGEST).

    >>> stamp_line("正文。\\n由张三张贴 @ 2005-06-14 03:25 (37)\\n", 4), stamp_line("该文发表于2019年3月1日，阅读量超十万。", 2)
    (True, False)
    """
    start = page_text.rfind("\n", 0, at) + 1
    end = page_text.find("\n", at)
    line = page_text[start:end if end >= 0 else len(page_text)].strip()
    return len(line) <= STAMP_LINE_LONGEST and "。" not in line


def first_post(page_text: str, paragraphs: list[str], url: str = "") -> list[str]:
    """The lines of the first post only, on a page of several posts each closed by its stamp (a blog's front
    page: the label of such a page is its first post, and the others are other articles; a board's thread:
    the replies are comments). The body is cut at the first stamp printed after its first line, whether the
    stamps close the posts or head them; a page that prints fewer than POSTS_ON_A_PAGE stamps is left as it is.

    >>> page = "标题一\\n第一篇的正文。\\n由张三张贴 @ 2005-06-14 03:25\\n标题二\\n第二篇的正文。\\n由张三张贴 @ 2005-06-13 15:00"
    >>> first_post(page, ["第一篇的正文。", "第二篇的正文。"])
    ['第一篇的正文。']
    >>> first_post(page.replace("由张三张贴 @ 2005-06-13 15:00", ""), ["第一篇的正文。", "第二篇的正文。"])
    ['第一篇的正文。', '第二篇的正文。']
    """
    if not paragraphs or len(paragraphs) > POSTS_MAX_LINES:  # each line is looked for in the page: bounded
        return paragraphs
    stamps = [match.start() for match in POST_FOOTER.finditer(page_text) if stamp_line(page_text, match.start())]
    if len(stamps) < POSTS_ON_A_PAGE:
        return paragraphs
    start = flat_find(page_text, paragraphs[0])
    if start < 0:
        return paragraphs
    cut = next((stamp for stamp in stamps if stamp > start), None)
    if cut is None:
        return paragraphs
    kept = [line for line in paragraphs if flat_find(page_text, line) < cut]
    if kept and len(kept) < len(paragraphs):
        logger.info("page %s prints %d posts, each closed by its stamp: the body is the first (%d of %d lines)",
                    url or "(no URL)", len(stamps), len(kept), len(paragraphs))
        return kept
    return paragraphs


def with_tables(tree: lxml.html.HtmlElement, paragraphs: list[str], url: str) -> tuple[list[str], int | None]:
    """The body with the data tables of the article's own container put back where the page prints
    them (archive.tables), and how many (None when the search failed: the body is kept as it was, a
    warning names the page, the crawl counts extract/tables/failed): trafilatura runs without its table
    mode, which takes layout tables too."""
    try:
        tables = article_tables(tree, paragraphs)
    except Exception as exc:  # noqa: BLE001 - a fault here must not cost the body already found
        logger.warning("table search failed on %s (%s: %s): body kept without tables", url or "the page",
                       type(exc).__name__, exc)
        return paragraphs, None
    if not tables:
        return paragraphs, 0
    logger.info("body of %s: %d data table(s) of the article kept (%d rows)", url or "the page", len(tables),
                sum(len(lines) for _, lines in tables))
    merged = list(paragraphs)
    for after, lines in sorted(tables, key=lambda t: t[0], reverse=True):
        merged[after + 1:after + 1] = lines
    return merged, len(tables)


#: the prose the page's block must keep, once cleaned, to stand in for trafilatura's lines
BLOCK_MIN_PROSE = 80
#: ... in this many paragraphs at least, unless archive.pagekind calls the page an article (a forum
#: page's one-paragraph summary of a thread is not an article; a one-paragraph brief under its headline
#: and date line is)
BLOCK_MIN_LINES = 2


def sentences(lines: list[str]) -> int:
    """Characters in lines that end a sentence (or hold one ended): what is left of trafilatura's
    lines once cleaned, when it took a blog's sidebar or a widget, has few or none.

    >>> sentences(["[2005-08-21] 为什么总要面对呢？", "你可以使用这个链接引用该篇文章 http://example.cn/tb?id=2756656"])
    22
    """
    return sum(len(line) for line in lines if SENTENCE_END.search(line) or "。" in line)


def block_elsewhere(tree: lxml.html.HtmlElement, found: list[str], title: str | None, anchors) -> list[str]:
    """The page's block of running text (archive.density), cleaned, when it shares no prose line with
    trafilatura's ``found`` (which the cleaning left without sentences: a footer, a caption, a sidebar) and keeps at least
    BLOCK_MIN_PROSE characters of prose in BLOCK_MIN_LINES paragraphs (or one, on a page
    :func:`archive.pagekind.classify` calls an article); else []. Where trafilatura did find the article's lines and
    the rules took them, the guard below decides, as before."""
    found_flat = flat("".join(found))
    block = block_lines(tree)
    cleaned = clean_paragraphs(block, title, anchors, Counter())
    prose = prose_lines(cleaned)
    if sum(len(p) for p in prose) < BLOCK_MIN_PROSE or any(flat(line) in found_flat for line in prose):
        return []
    # one paragraph (a brief, a photo's caption) only on a page that reads as an article (a headline with its
    # date line …) or under the page's own headline, in the block itself
    if len(prose) >= BLOCK_MIN_LINES or classify(tree).kind == "article":
        return cleaned
    return cleaned if headed_block(block, title, prose[0]) else []


def headed_block(lines: list[str], title: str | None, first_prose: str) -> bool:
    """Does the page's block of running text print the page's headline (alone on its line, or after a
    template's label such as 原创) before its prose? A gallery's caption under its headline is an article; a
    forum's or a listing's one paragraph of summary, under a menu, is not.

    >>> headed_block(["原创最不愁吃肉的国家", "关注", "1/10 当全世界……"], "最不愁吃肉的国家", "1/10 当全世界……")
    True
    >>> headed_block(["首页", "1/10 当全世界……"], "最不愁吃肉的国家", "1/10 当全世界……")
    False
    """
    wanted = flat(title or "")
    if len(wanted) < 6:
        return False
    for line in lines:
        line_flat = flat(line)
        if line_flat == flat(first_prose) or first_prose in line:
            return False
        if line_flat == wanted or labelled_headline(line_flat, wanted):
            return True
    return False


#: the sentences trafilatura's favor_recall pass must yield, once cleaned, to stand for a body that was empty
#: (a photo page's one caption under its headline)
RECALL_MIN_PROSE = 30


def recall_candidate(html: str, url: str, title: str | None, anchors) -> list[str]:
    """The last candidate, tried only where nothing of an article is left: trafilatura with ``favor_recall``
    (it then keeps short paragraphs its default pass drops), cleaned by the same rules; [] when it holds fewer
    than RECALL_MIN_PROSE characters of sentences."""
    try:
        doc = trafilatura.bare_extraction(html, url=url or None, include_comments=False, include_tables=False,
                                          favor_recall=True)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        logger.warning("trafilatura's recall pass failed on %s: %s", url or "the page", exc)
        return []
    cleaned = clean_paragraphs((doc.text or "").splitlines() if doc is not None else [], title, anchors, Counter())
    return cleaned if sentences(cleaned) >= RECALL_MIN_PROSE else []


#: the guard on cleaning: when the rules leave less than GUARD_MIN_KEPT characters of a body in which
#: trafilatura found GUARD_MIN_PROSE characters of prose, the prose is kept (extract/over_cleaned)
GUARD_MIN_KEPT = 80
GUARD_MIN_PROSE = 200


def prose_lines(lines: list[str]) -> list[str]:
    """The lines of running text: 30 characters or more with a clause or sentence mark (a list of
    headlines, a menu or a link list has none of these), normalised.

    >>> prose_lines(["- 反诈宣传进社区", "近日，市公安局在社区开展反诈宣传，民警向居民讲解了冒充客服退款等常见骗局的识别方法。"])
    ['近日，市公安局在社区开展反诈宣传，民警向居民讲解了冒充客服退款等常见骗局的识别方法。']
    """
    kept = []
    for raw in lines:
        line = normalise_line(raw).removeprefix("- ")
        if len(line) >= 30 and re.search(r"[。！？；，,.!?;]", line):
            kept.append(line)
    return kept


def one_line(value: str | None) -> str | None:
    """A metadata field as printable text on one line (no control characters or terminal escapes)."""
    value = strip_controls(value, keep_newlines=False)
    return value.strip() if value else value


#: what a browser writes at the top of a page it saves (Internet Explorer, Chrome): the page's address
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
#: a portal's pointer to the mobile copy of the same article (``format=html5;url=https://m.…``)
MOBILE_AGENT_URL = re.compile(r"url=(\S+)", re.I)


def own_urls(tree: lxml.html.HtmlElement, url: str, html: str = "") -> list[str]:
    """The page's own addresses as it declares them (``rel=canonical``, ``og:url``, the mobile copy a
    ``mobile-agent`` meta names, the ``saved from url`` mark a browser writes): where its date is when
    the page was saved without its URL (the date then stands only in these links).

    >>> page = lxml.html.fromstring('<html><head><meta name="mobile-agent" '
    ...     'content="format=html5;url=https://m.guancha.cn/politics/2019_09_09_517162.shtml"></head></html>')
    >>> own_urls(page, "", "<!-- saved from url=(0040)https://news.example.cn/2019/0907/a.html -->")
    ['https://m.guancha.cn/politics/2019_09_09_517162.shtml', 'https://news.example.cn/2019/0907/a.html']
    """
    found = []
    canonical = declared_canonical(tree, url)
    if canonical:
        found.append(canonical)
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "").lower()
        content = (meta.get("content") or "").strip()
        if key == "og:url" and content:
            found.append(content)
        elif key == "mobile-agent":
            match = MOBILE_AGENT_URL.search(content)
            if match:
                found.append(match.group(1))
    saved = SAVED_FROM.search(html[:2048])
    if saved:
        found.append(saved.group(1))
    return found


def date_from_own_urls(tree: lxml.html.HtmlElement, url: str, html: str) -> str | None:
    return next(filter(None, (date_from_url(own) for own in own_urls(tree, url, html))), None)


def declared_canonical(tree: lxml.html.HtmlElement, url: str) -> str | None:
    """The page's ``<link rel="canonical">``, made absolute."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").strip():
            return urljoin(url, link.get("href").strip()) if url else link.get("href").strip()
    return None


def link_texts(tree: lxml.html.HtmlElement, limit: int = 200_000) -> Anchors:
    """The flattened texts of the page's links (the first ``limit`` links)."""
    texts = []
    for n, anchor in enumerate(tree.iter("a")):
        if n >= limit:
            break
        text = flat(anchor.text_content())
        if text:
            texts.append(text)
    return Anchors(texts, limit)


#: an attribute value longer than this is embedded data (a data: URI, an inline picture), not a date's place
EMBEDDED_VALUE = 2000


def without_embedded(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A copy of ``tree`` without what a saved page embeds: data: URIs and other long attribute values, style
    sheets, inline SVG. A browser extension's saved page (SingleFile) holds megabytes of them; htmldate's searches
    read them all (4 s on a 9 MB page) and could take a run of digits in base64 for a date.

    >>> page = lxml.html.fromstring("<html><head><style>.a{}</style></head><body><img src='data:image/png;base64,"
    ...     + "A" * 3000 + "' alt='图'><time datetime='2019-09-07'>九月</time></body></html>")
    >>> lxml.html.tostring(without_embedded(page), encoding="unicode")
    '<html><head></head><body><img alt="图"><time datetime="2019-09-07">九月</time></body></html>'
    """
    copy = copy_tree(tree)
    for element in list(copy.iter("style", "svg", "{http://www.w3.org/2000/svg}svg")):
        element.drop_tree()
    for element in copy.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in list(element.attrib.items()):
            if value.startswith("data:") or len(value) > EMBEDDED_VALUE:
                del element.attrib[name]
    return copy


def htmldate_fallback(tree: lxml.html.HtmlElement, url: str) -> str | None:
    """htmldate, only when our own rules found no date (it is the slow part of trafilatura)."""
    tree = without_embedded(tree)
    try:
        found = find_date(tree, url=url or None, extensive_search=True, original_date=True)
    except (ValueError, TypeError) as exc:
        logger.debug("htmldate failed on %s: %s", url, exc)
        return None
    if found and not shown_in_page(tree, found):  # a year alone (a copyright line) made into 1 January
        logger.debug("htmldate's %s for %s is not a day the page shows: no date", found, url)
        return None
    return found or None


MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def shown_in_page(tree: lxml.html.HtmlElement, day: str) -> bool:
    """Does the page show ``day`` (YYYY-MM-DD) as a date, in its text, its attributes or its scripts
    (2019-09-07, 2019/9/7, 2019年9月7日, 20190907)? htmldate's extensive search turns a bare year
    (© 2023) into 2023-01-01, a day the page never names.

    >>> page = lxml.html.fromstring("<html><body><p>发布于2019年9月7日</p><p>© 2023</p></body></html>")
    >>> shown_in_page(page, "2019-09-07"), shown_in_page(page, "2023-01-01")
    (True, False)
    >>> shown_in_page(lxml.html.fromstring("<p>November 19, 2019, 07:47 PM EST</p>"), "2019-11-19")
    True
    """
    if not re.match(r"\d{4}-\d{2}-\d{2}", day):
        return True  # not a day to check: htmldate's value stands as it did
    year, month, day_of_month = day[:10].split("-")
    month, day_of_month = int(month), int(day_of_month)
    name = MONTH_NAMES[month - 1]
    pattern = re.compile(rf"{year}(?:\s*[-/.年]\s*0?{month}\s*[-/.月]\s*0?{day_of_month}(?!\d)"
                         rf"|{month:02d}{day_of_month:02d}(?!\d))"
                         # November 19, 2019 / 19 Nov 2019
                         rf"|{name}[a-z]*\.?\s+0?{day_of_month},?\s+{year}|(?<!\d)0?{day_of_month}\s+{name}[a-z]*\.?,?\s+{year}",
                         re.I)
    html = lxml.html.tostring(tree, encoding="unicode")
    return bool(pattern.search(html))


def best_date(candidates: list[str | None], url_day: str | None = None) -> str | None:
    """The first candidate, given its time of day by a later candidate of the same day. A date in
    the URL (``/2024-02/23/``, ``/t20230913_``) is the portal's own filing of the article: it decides
    the day, and a candidate of another day (a related article's date) is passed over.

    >>> best_date(["2024-03-05", None, "2024-03-05T10:52:00", "2024-03-05"])
    '2024-03-05T10:52:00'
    >>> best_date(["2026-10-12", "2026-11-16T10:52:00"], url_day="2026-11-16")
    '2026-11-16T10:52:00'
    """
    found = [c for c in candidates if c]
    if url_day:
        found = [c for c in found if c.startswith(url_day)] or [url_day]
    if not found:
        return None
    first = found[0]
    if "T" not in first:
        for later in found[1:]:
            if "T" in later and later.startswith(first):
                return later
    return first


def outlet(source: str | None, site: str | None) -> str | None:
    """The outlet named in 来源, without the portal's own name in front; the portal itself when what follows
    its name is one of its channels (人民网-文化频道).

    >>> outlet("人民网－人民日报", "人民网"), outlet("人民网-人民网", "人民网"), outlet("法治日报", "光明网")
    ('人民日报', '人民网', '法治日报')
    >>> outlet("人民网-文化频道", "人民网"), outlet("人民网-《人民日报》", "人民网")
    ('人民网', '《人民日报》')
    """
    if not source:
        return None
    if site:
        match = re.match(rf"^{re.escape(site)}\s*[-－—–_]\s*(.+)$", source)
        if match:
            return site if CHANNEL_NAME.search(match.group(1)) else match.group(1)
    return source


#: a portal's channel or section, not an outlet (文化频道, 社会栏目)
CHANNEL_NAME = re.compile(r"(?:频道|頻道|栏目|欄目|版块|板塊)$")


#: the machine-readable date an element gives itself: <time pubdate datetime="…">, itemprop="datePublished"
MARKED_DATE = etree.XPath("//time[@pubdate]/@datetime | //*[@itemprop='datePublished']/@datetime"
                          " | //*[@itemprop='datePublished' and not(self::meta)]/@content")


def date_from_meta(tree: lxml.html.HtmlElement) -> str | None:
    """The publication date the page declares for machines: a <meta> (article:published_time …), else an element
    marked as the publication date (``<time pubdate datetime>``, ``itemprop="datePublished"``).

    >>> date_from_meta(lxml.html.fromstring('<html><body><p>发表时间：<time datetime="2022-02-06T12:48:06+00:00" '
    ...                                     'pubdate="pubdate">06/02/2022 - 13:48</time></p></body></html>'))
    '2022-02-06T12:48:06'
    """
    value = meta_content(tree, *META_DATE_NAMES)
    if not value:
        value = next((str(v).strip() for v in MARKED_DATE(tree) if str(v).strip()), None)
    return first_date(value) if value else None


#: day/month/year (06/02/2022), as French and British outlets print dates
SLASHED_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")


def day_first(text: str) -> str:
    """``text`` with its slashed dates written year first, when the page writes them day first: one of them has a
    day above 12 first (13/02/2022) and none a month above 12 second. Other pages' slashed dates are left to be
    read month first (7/5/2005 9:23:57 PM, as ASP.NET pages print them).

    >>> day_first("发表时间：06/02/2022 - 13:48 …… 往期：13/02/2022")
    '发表时间：2022-02-06 - 13:48 …… 往期：2022-02-13'
    >>> day_first("发布日期：7/5/2005 9:23:57 PM")
    '发布日期：7/5/2005 9:23:57 PM'
    """
    pairs = [(int(first), int(second)) for first, second, _ in SLASHED_DATE.findall(text)]
    if not any(first > 12 for first, _ in pairs) or any(second > 12 for _, second in pairs):
        return text
    return SLASHED_DATE.sub(lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", text)


#: today's date in a portal's top bar: labelled as today, or followed by its weekday (2024年11月05日 星期二)
TODAY_BAR = re.compile(
    r"(?:今天是|今日是|今天|今日|当前日期|现在是)[:：\s]*(?:(?:19|20)\d\d年\d{1,2}月\d{1,2}日|(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2})"
    r"|(?:(?:19|20)\d\d年\d{1,2}月\d{1,2}日|(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2})\s*(?:星期|周|礼拜)[一二三四五六日天]")


def line_date(window: str, title: str | None) -> str | None:
    r"""The date of the headline's date line: the first date of ``window`` (the text around the headline) that
    carries a time of day; without one, a date after the headline before one above it. Above it a portal
    prints today's date in its top bar (今天是：2024年11月05日 星期二): that one never counts, since a page
    looked at on another day was not published then.

    >>> line_date("今天是：2024年11月05日 星期二 首页 新闻\n警方破获一案\n2019.05.20 来源：某某网", "警方破获一案")
    '2019-05-20'
    >>> line_date("2024年11月05日 星期二 首页 新闻\n警方破获一案\n正文", "警方破获一案") is None
    True
    >>> line_date("2019-09-26 10:09:11 新华网\n警方破获一案\n2019年9月25日，记者获悉", "警方破获一案")
    '2019-09-26T10:09:11'
    """
    pos = flat_find(window, title) if title else -1
    if pos > 0:
        above, below = TODAY_BAR.sub(" ", window[:pos]), window[pos:]
        found = first_date(above + below)
        return found if not found or "T" in found else (first_date(below) or found)
    return first_date(window)


#: a line that is nothing but a date (and its weekday): a notice's or a letter's date under its text
DATE_ALONE = re.compile(r"^\s*[(（]?\s*(\S{6,16}?)\s*(?:[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?)?\s*[)）]?\s*$")


def closing_date(footer: str) -> str | None:
    r"""The date a notice or a letter prints on a line of its own under its text (2019年9月7日), from
    :func:`footer_window`: for a page with no date line.

    >>> closing_date("特此通知。\n某某市公安局\n2019年9月7日"), closing_date("记者获悉，2019年9月7日起实施。")
    ('2019-09-07', None)
    """
    for line in reversed(footer.splitlines()):
        match = DATE_ALONE.match(line)
        if match:
            found = first_date(match.group(1))
            if found:
                return found
    return None


#: the label of an official document's own date, in the table heading a government page's document (索引号 … 成文日期 …
#: 发布日期): the page's <meta> and 发布日期 give the day the site posted it
DOCUMENT_DATE_LABEL = re.compile(r"(?:成文日期|成文時間|成文时间|發文日期|发文日期)\s*[:：]\s*")


def document_date(text: str) -> str | None:
    r"""The date of the official document a page publishes, when the page labels it.

    >>> document_date("发文机关：\n 吉林省人民政府\n 成文日期：\n 2022年01月27日\n 发布日期：\n 2022年01月28日")
    '2022-01-27'
    >>> document_date("发布日期：2022年01月28日") is None
    True
    """
    return labelled_date(text, DOCUMENT_DATE_LABEL)


def labelled_date(text: str, label: re.Pattern | None = None) -> str | None:
    """A date right after a 发布时间-style label (see DATE_LABELS), or after one of ``label``'s.

    >>> labelled_date("發布時間:2023-09-13 10:52:00來源: 人民日報")
    '2023-09-13T10:52:00'
    >>> labelled_date("更新时间：2019-09-08 11:00 发布时间：2019-09-07 10:00")
    '2019-09-07T10:00:00'
    >>> labelled_date("来源：某某日报 2019-09-07 打印日期：2023-01-01"), labelled_date("更新日期：2019-09-08")
    (None, '2019-09-08')
    """
    for pattern in (label,) if label is not None else DATE_LABELS:
        for match in pattern.finditer(text):
            found = first_date(text[match.end() : match.end() + 40])
            if found:
                return found
    return None
