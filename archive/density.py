r"""A second body candidate, of another kind than trafilatura's: the page's block of running text.

Every run of text on the page (a paragraph, a line between ``<br>``, a cell) is a *line*, weighed by
what it is: prose (a sentence mark, mostly outside links) counts for its length, a line that is mostly
link text, or a short label, counts against. Each element's score is the sum over the lines inside
it, so the chosen element is the one whose lines are most prose and least navigation: the article's
container, not ``<body>`` (which has all the prose but all the menus too) and not one paragraph of it
(which lacks the rest). As text-density extractors for Chinese news pages (GNE, CEPF) do, in one
pass over the tree, with no knowledge of any portal.

>>> import lxml.html
>>> page = lxml.html.fromstring(
...     "<html><body><ul><li><a href='/1'>首页新闻频道</a></li><li><a href='/2'>反诈专栏头条</a></li></ul>"
...     "<table><tr><td><font>近日，市公安局破获一起电信网络诈骗案件，抓获犯罪嫌疑人十二名。"
...     "<br>民警提示：凡是自称客服要求转账的，都是诈骗。</font></td></tr></table>"
...     "<div><a href='/3'>相关新闻：某地开展宣传活动</a></div></body></html>")
>>> block_lines(page)
['近日，市公安局破获一起电信网络诈骗案件，抓获犯罪嫌疑人十二名。', '民警提示：凡是自称客服要求转账的，都是诈骗。']
"""
from __future__ import annotations

import re

import lxml.html

from archive.clean import flat, is_related_heading

SKIPPED = {"script", "style", "noscript", "template", "select", "option", "button", "textarea", "iframe", "svg",
           "head", "nav", "footer", "header", "aside"}
#: a <form> is a login box or a comment form (its labels are no article) and is skipped, unless it holds this
#: share of the page's text: an ASP.NET page wraps the whole page, article and all, in one <form>
PAGE_FORM_SHARE = 0.5
#: elements that start a new line
BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
          "section", "article", "main", "dd", "dt", "dl", "blockquote", "center", "pre", "figure", "figcaption",
          "body", "hr"}
SENTENCE = re.compile(r"[。！？；，,.!?;：]")
SPACE = re.compile(r"[\s\u3000\xa0]+")
#: how much a line of navigation or labels counts against its container, per character
JUNK_WEIGHT = 1.5
#: a deeper tree is measured as a whole from here on (no recursion limit, no quadratic walk)
MAX_DEPTH = 150
#: pages with more elements than this are not measured (see :func:`measure`)
MAX_ELEMENTS = 50_000


class _Line:
    __slots__ = ("chars", "links", "owner")

    def __init__(self, owner: lxml.html.HtmlElement) -> None:
        self.chars: list[str] = []
        self.links = 0  # characters inside <a>
        self.owner = owner


def small_forms(root: lxml.html.HtmlElement) -> set:
    """The page's <form> elements but one that wraps the page (see PAGE_FORM_SHARE).

    >>> page = lxml.html.fromstring("<html><body><form><p>一篇很长的文章。</p><form>登录</form></form></body></html>")
    >>> [form.text_content() for form in small_forms(page.body)]
    ['登录']
    """
    forms = [element for element in root.iter("form")]
    if not forms:
        return set()
    whole = max(1, len(root.text_content().strip()))
    return {form for form in forms if len(form.text_content().strip()) < PAGE_FORM_SHARE * whole}


def _lines(root: lxml.html.HtmlElement) -> list[_Line]:
    """The page's lines, each with the element it sits in (its innermost block)."""
    lines: list[_Line] = []
    skipped_forms = small_forms(root)
    current = [_Line(root)]

    def new_line(owner) -> None:
        if current[0].chars:
            lines.append(current[0])
        current[0] = _Line(owner)

    def add(text: str | None, in_link: bool) -> None:
        if text:
            current[0].chars.append(text)
            if in_link:
                current[0].links += len(text.strip())

    stack = [(root, False, False, 0)]  # element, in a link, closing, depth
    block_of: list = [root]
    while stack:
        element, in_link, closing, depth = stack.pop()
        if closing:
            if isinstance(element.tag, str) and element.tag in BLOCKS:
                block_of.pop()
                new_line(block_of[-1])
            add(element.tail, in_link)
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIPPED or not tag or (tag == "form" and element in skipped_forms):
            add(element.tail, in_link)
            continue
        if tag in BLOCKS:
            new_line(element)
            block_of.append(element)
        link = in_link or tag == "a"
        if depth >= MAX_DEPTH:
            add(element.text_content(), link)
            stack.append((element, in_link, True, depth))
            continue
        add(element.text, link)
        stack.append((element, in_link, True, depth))
        for child in reversed(element):
            stack.append((child, link, False, depth + 1))
    new_line(root)
    return lines


def weigh(text: str, links: int) -> float:
    """A line's weight: its length if it reads as prose, minus JUNK_WEIGHT a character if it is
    navigation (mostly link text) or a short label, 0 for anything between."""
    size = len(text)
    if links * 2 >= size:
        return -JUNK_WEIGHT * size
    if size >= 20 and SENTENCE.search(text):
        return float(size - links)
    if size < 12:
        return -JUNK_WEIGHT * size / 3  # a label, a date, a button: weakly against
    return 0.0


def best_block(tree: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement | None, list[tuple]]:
    """The element whose lines weigh most, and its lines: ``(text, weight, element it sits in)``, in
    page order."""
    block, lines, _ = measure(tree)
    return block, lines


def measure(tree: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement | None, list[tuple], list[tuple]]:
    """:func:`best_block`, and every line of the page, in the same form. A page of more than
    MAX_ELEMENTS elements is not measured (no block): a news page has a few thousand, and a hostile
    one of a million must not spend its extraction time here."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    elements = list(root.iter())
    if len(elements) > MAX_ELEMENTS:
        return None, [], []
    lines = _lines(root)
    own: dict = {}  # each element's own lines' weight
    weighed = []
    for line in lines:
        text = SPACE.sub(" ", "".join(line.chars)).strip()
        if not text:
            continue
        weight = weigh(text, line.links)
        weighed.append((line.owner, text, weight))
        own[line.owner] = own.get(line.owner, 0.0) + weight
    # every element scores the lines inside it: children are summed into their parents, deepest first
    # (one pass over the tree, whatever its depth)
    scores: dict = {}
    for element in reversed(elements):
        total = scores.get(element, 0.0) + own.get(element, 0.0)
        if total or element in own:
            scores[element] = total
            if element is not root:
                parent = element.getparent()
                if parent is not None:
                    scores[parent] = scores.get(parent, 0.0) + total
    everything = [(text, weight, owner) for owner, text, weight in weighed]
    if not scores:
        return None, [], everything
    best = max(scores, key=scores.__getitem__)
    if scores[best] <= 0:
        return None, [], everything
    inside = set(best.iter()) if best is not root else None
    kept = [(text, weight, owner) for owner, text, weight in weighed if inside is None or owner in inside]
    return best, kept, everything


def block_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """The lines of the best block that are not navigation (prose, headings, labels): the second
    body candidate."""
    _, lines = best_block(tree)
    return [text for text, weight, _ in lines if not is_navigation(text, weight)]


def is_navigation(text: str, weight: float) -> bool:
    """A line that is mostly link text (its weight says so: see :func:`weigh`)."""
    return weight <= -JUNK_WEIGHT * len(text)


#: a prose line set unlike the article's is passed over when one of this many lines after it is the article's
INSET_LINES = 2
#: a line weighing less than this (navigation, a tag list) ends the run of text that extends a candidate
RUN_BREAK = -20.0
#: trafilatura's lines are weak when they hold less than this share of the block's prose
WEAK_SHARE = 0.5
#: a page trafilatura finds nothing on gets the block's lines (less navigation) if it holds this much prose
MIN_PROSE = 200
#: trafilatura's lines are the page, not an article (what it falls back to on a page where it finds no
#: article's container: paragraphs set as <div> or <br> runs), when they hold this share of the page's
#: text and of its navigation ...
WHOLE_PAGE_SHARE = 0.9
#: ... and at least this many characters of navigation (a page of little else than its article may be
#: taken whole); the block replaces them only when it holds this share of the page's prose (a block that
#: is one paragraph of an article whose container also holds a long related list is no article)
WHOLE_PAGE_NAVIGATION = 200
WHOLE_PAGE_BLOCK = 0.5
#: at most this many menu lines are looked for in trafilatura's text (an even sample of a longer list)
WHOLE_PAGE_SAMPLE = 500


def whole_page(ours: str, page: list[tuple]) -> bool:
    """Whether trafilatura's text (``ours``, flattened) is the whole page (``page``: every line, as
    :func:`measure` gives it), menus and link lists included.

    >>> links = "首页 新闻 体育 财经 " * 15
    >>> menu = [(links, -JUNK_WEIGHT * len(links), None)] * 2
    >>> article = [("正文第一段，写了很多很多的内容。" * 4, 64.0, None)]
    >>> whole_page(flat("".join(text for text, _, _ in menu + article)), menu + article)
    True
    >>> whole_page(flat(article[0][0]), menu + article)
    False
    """
    text = sum(len(flat(line)) for line, _, _ in page)
    if len(ours) < WHOLE_PAGE_SHARE * text:
        return False
    navigation = [flat(line) for line, weight, _ in page if is_navigation(line, weight)]
    menus = sum(len(line) for line in navigation)
    if menus < WHOLE_PAGE_NAVIGATION:
        return False
    # (each line is looked for in the whole text: on a page of thousands of menu lines, an even sample of them)
    step = max(1, len(navigation) // WHOLE_PAGE_SAMPLE)
    sample = navigation[::step]
    held = sum(len(line) for line in sample if line and line in ours) * menus / max(1, sum(map(len, sample)))
    return held >= WHOLE_PAGE_NAVIGATION and held >= WHOLE_PAGE_SHARE * menus


def style(element: lxml.html.HtmlElement) -> tuple:
    """How a line is set: its element and its parent's tag and class (an article's paragraphs share it
    when the page splits the article into several containers around advertisements)."""
    parent = element.getparent()
    return (element.tag, parent.tag if parent is not None else None, parent.get("class") if parent is not None else None)


def common_ancestor(elements: list) -> lxml.html.HtmlElement | None:
    """The innermost element that holds all of ``elements``."""
    path = None
    for element in elements:
        chain = list(element.iterancestors())[::-1] + [element]
        if path is None:
            path = chain
            continue
        size = 0
        while size < min(len(path), len(chain)) and path[size] is chain[size]:
            size += 1
        path = path[:size]
    return path[-1] if path else None


def complete(found: list[str], tree: lxml.html.HtmlElement, title: str | None = None) -> tuple[list[str], str | None]:
    """trafilatura's lines (``found``), checked against the page's block of running text. When they
    hold less than WEAK_SHARE of that block's prose, the block's prose lines next to the span they
    cover, inside the innermost element that holds that span (the article's container, not the page's
    teasers and captions around it), are added, up to a line of navigation, a related-articles
    heading or the headline. With no line in common, trafilatura's lines stand, unless they are
    empty. When they hold most of the block, the lines they end with outside it (a newsletter box,
    teasers, a comment) go, unless they are set like the article's paragraphs (see :func:`trim`).
    Returns the lines and what was done (None: nothing)."""
    block, lines, page = measure(tree)
    if block is None:
        return found, None
    prose = sum(weight for _, weight, _ in lines if weight > 0)
    if not any(line.strip() for line in found):
        if prose < MIN_PROSE:
            return found, None
        return [text for text, weight, _ in lines if not is_navigation(text, weight)], "density"
    ours = flat("".join(found))
    if (prose >= MIN_PROSE and prose >= WHOLE_PAGE_BLOCK * sum(weight for _, weight, _ in page if weight > 0)
            and whole_page(ours, page)):
        # the page, menus and all: the block's lines instead
        return [text for text, weight, _ in lines if not is_navigation(text, weight)], "density"
    if len(ours) >= WEAK_SHARE * prose:  # trafilatura took most of the block's text: nothing to add but gaps
        found, filled = fill(found, lines)
        found, trimmed = trim(found, lines, page)
        return found, trimmed or filled
    inside = [weight > 0 and flat(text) in ours for text, weight, _ in lines]
    if not any(inside):
        return found, None
    first = inside.index(True)
    last = len(inside) - 1 - inside[::-1].index(True)
    matched = [owner for (_, _, owner), hit in zip(lines, inside, strict=True) if hit]
    container = common_ancestor(matched)
    within = set(container.iter()) if container is not None else set()
    styles = {style(owner) for owner in matched}
    headline = flat(title or "")

    def articles(line: tuple) -> bool:
        return line[1] > 0 and (line[2] in within or style(line[2]) in styles)

    def run(candidates) -> list[str]:
        candidates = list(candidates)
        taken = []
        for n, (text, weight, owner) in enumerate(candidates):
            if weight < RUN_BREAK or is_related_heading(text) or (headline and flat(text) == headline):
                break
            if weight <= 0:
                continue  # a caption, an advertisement's label: passed over
            if owner not in within and style(owner) not in styles:
                # prose, but not the article's: a teaser, an author's bio; unless the article's paragraphs go
                # on right after it (an inset: "Subscribe to … and stay smart")
                if any(articles(line) for line in candidates[n + 1:n + 1 + INSET_LINES]):
                    continue
                break
            taken.append(text)
        return taken

    before = run(reversed(lines[:first]))[::-1]
    after = run(lines[last + 1:])
    if not before and not after:
        return fill(found, lines)
    # in place: before the line of trafilatura's holding the block's first line it took, after the last
    flats = [flat(line) for line in found]
    start = next((n for n, line in enumerate(flats) if line and flat(lines[first][0]) in line), 0)
    end = next((n for n in range(len(flats) - 1, -1, -1) if flats[n] and flat(lines[last][0]) in flats[n]),
               len(found) - 1)
    extended = found[:start] + before + found[start:end + 1] + after + found[end + 1:]
    return fill(extended, lines)[0], "extended"


#: a block line counts as taken when trafilatura's lines inside it hold this share of it
FILL_COVERED = 0.3
#: what trafilatura drops from a line and the page's tree keeps: private-use characters (a GBK page's
#: undecodable bytes), zero-width marks
UNSEEN_CHARS = re.compile("[\ue000-\uf8ff\u200b-\u200f\u2060\ufeff]")


def _key(text: str) -> str:
    return UNSEEN_CHARS.sub("", flat(text))


#: a line that ends in the middle of a sentence (a comma, an enumeration mark, a colon, a dash)
OPEN_CLAUSE = re.compile(r"[，,、；;：:—-]\s*$")
#: a page of more lines than this (trafilatura's times the block's) is not gap-filled: the check is quadratic
FILL_MAX_PAIRS = 400_000


def fill(found: list[str], lines: list[tuple]) -> tuple[list[str], str | None]:
    """trafilatura's lines, with the block's prose lines it skipped between two lines it took (or just
    before the first, in the same element), put in place: text set outside any paragraph (a lead in the
    cell that holds the ``<p>`` elements), the rest of a paragraph after an inline advertisement's table.
    Only prose is added (see :func:`weigh`), only inside the span the two candidates agree on, and only
    inside the innermost element that holds that span; and, however short, the rest of a sentence whose
    first part trafilatura took (it ends on a comma: an advertisement cut it). Beside the paragraphs taken
    (in the element that holds them), what trafilatura drops on a page whose container it does not know goes
    back too: a list's items, a definition list's answers and a one-column box's cells (not link text), a
    subheading right above a paragraph, a paragraph set in a <div> or typed with a <br>. The lead is looked
    for above the first prose line taken, past short lines taken (a subheading)."""
    if len(found) * len(lines) > FILL_MAX_PAIRS:
        return found, None
    ours = _key("".join(found))
    flats = [_key(line) for line in found]
    size = [len(text) for text in (_key(t) for t, _, _ in lines)]
    taken = []
    for (text, _, _), length in zip(lines, size, strict=True):
        line = _key(text)
        if line and line in ours:
            taken.append(True)
            continue
        covered = sum(len(f) for f in flats if len(f) >= 4 and f in line)
        taken.append(covered >= FILL_COVERED * length if length else False)
    hits = [n for n, hit in enumerate(taken) if hit and lines[n][1] > 0]
    if len(hits) < 2:
        return found, None
    container = common_ancestor([lines[n][2] for n in hits])
    within = set(container.iter()) if container is not None else set()
    first, last = hits[0], hits[-1]
    styles = {style(lines[n][2]) for n in hits}

    def article_like(n: int) -> bool:  # prose set like the paragraphs taken, or in the container itself
        owner = lines[n][2]
        if taken[n] or owner not in within:
            return False
        if (n and taken[n - 1] and OPEN_CLAUSE.search(lines[n - 1][0])
                and not is_navigation(lines[n][0], lines[n][1])):
            return True  # the rest of a sentence whose first part was taken (cut by an advertisement), however short
        if in_list(owner):  # a list's item, however short (a key point, a subheading set as one), if it is not
            # a link's text
            text = lines[n][0].strip()
            return bool(text) and 2 * sum(len(a.text_content().strip()) for a in owner.iter("a")) < len(text)
        if owner.tag in SUBHEADINGS:  # a subheading set beside the paragraphs, right above one taken
            return (owner.getparent() in parents and n + 1 < len(lines) and taken[n + 1]
                    and len(lines[n][0].strip()) <= SUBHEADING_LONGEST)
        if (lines[n][1] > 0 and lines[n][0].rstrip().endswith(SENTENCE_ENDS)
                and (owner in parents or owner.tag in LOOSE_PARAGRAPHS and owner.getparent() in parents)):
            return True  # a paragraph typed between the paragraphs taken, or set in a <div> beside them; a line
            # that ends no sentence there is a caption, a byline or a date line as often as a subheading: left out
        return lines[n][1] > 0 and (owner is container or style(owner) in styles)

    parents = {lines[n][2].getparent() for n in hits}

    def in_list(owner) -> bool:  # an item of a list set beside the paragraphs taken (a police notice's tips), a
        # definition list's answer, or the cell of a one-column box (a quotation, a reporter's note) so set
        if owner.tag == "li":
            holder = owner.getparent()
            return holder is not None and holder.tag in LISTS and holder.getparent() in parents
        if owner.tag == "dd":
            holder = owner.getparent()
            return holder is not None and holder.tag == "dl" and holder.getparent() in parents
        if owner.tag == "td":
            row = owner.getparent()
            table = next(owner.iterancestors("table"), None)
            if row is None or len(row) != 1 or table is None or table.getparent() not in parents:
                return False
            if table not in one_column:  # each table looked at once (a table of thousands of rows)
                one_column[table] = all(len(other) <= 1 for other in table.iter("tr"))
            return one_column[table]
        return False

    one_column: dict = {}

    missing = {n for n in range(first + 1, last) if article_like(n)}
    lead = first - 1  # up from the first prose line taken, past short lines taken (a subheading), to the lead
    while lead >= 0 and (taken[lead] and lines[lead][2] in within
                         or article_like(lead) and lines[lead][2] is container):
        if not taken[lead]:
            missing.add(lead)
        lead -= 1
    if not missing:
        return found, None
    # each missing line goes after trafilatura's line that holds the block's last line taken before it (or
    # half of it), before the first line when there is none: one pass over the block in page order
    inserts: dict = {}
    added = set()
    at = 0
    for n, (text, weight, _) in enumerate(lines):
        if taken[n] and weight > 0:
            target = _key(text)
            held = next((m for m, f in enumerate(flats)
                         if f and (target in f or (f in target and 2 * len(f) >= len(target)))), None)
            if held is not None:
                at = held + 1
        elif taken[n] and _key(text):  # a short line taken (民警提醒：, a subheading) places what follows only as
            # itself: inside a longer line it could be anywhere
            held = next((m for m, f in enumerate(flats) if m >= at and f == _key(text)), None)
            if held is not None:
                at = held + 1
        elif n in missing and _key(text) not in added:  # the same caption under two copies of a picture once
            added.add(_key(text))
            inserts.setdefault(at, []).append(text)
    out = list(found)
    for where in sorted(inserts, reverse=True):
        out[where:where] = inserts[where]
    return out, "filled"


#: the elements that hold a list's items
LISTS = frozenset(("ul", "ol"))
#: what a page pasted together from several editors sets some paragraphs in, beside its <p> elements
LOOSE_PARAGRAPHS = frozenset(("div", "section", "center", "blockquote"))
#: how a paragraph ends (a closing quotation mark or bracket after the full stop too)
SENTENCE_ENDS = tuple("。！？!?.…”\"'’）)」』")
#: the headings of an article's parts (一、案情回顾), which trafilatura drops with the lists on a page whose
#: container it does not know, and how long one is at most
SUBHEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
SUBHEADING_LONGEST = 40


#: the tail of trafilatura's lines outside the block goes only if the lines inside it hold this share
TRIM_COVERED = 0.5
#: … and if the tail holds this many characters (a stray short line is left to the cleaning rules)
TRIM_MIN_CHARS = 20


def trim(found: list[str], lines: list[tuple], page: list[tuple]) -> tuple[list[str], str | None]:
    """trafilatura's lines, less the ones they end with that are outside the block (``lines``), when
    the lines inside it hold TRIM_COVERED of the text: the two candidates agree on the article and
    trafilatura ran on past it. A tail line set like the article's paragraphs (same tag, same kind of
    container: the article goes on in another container) and every line after it are kept."""
    in_block = flat("".join(text for text, _, _ in lines))
    inside = [len(flat(line)) >= 8 and flat(line) in in_block for line in found]
    if not any(inside):
        return found, None
    last = len(inside) - 1 - inside[::-1].index(True)
    tail = found[last + 1:]
    sizes = [len(flat(line)) for line in found]
    if (sum(size for size, hit in zip(sizes, inside, strict=True) if hit) < TRIM_COVERED * sum(sizes)
            or sum(sizes[last + 1:]) < TRIM_MIN_CHARS):
        return found, None
    ours = flat("".join(found))
    styles = {style(owner) for text, weight, owner in lines if weight > 0 and flat(text) in ours}
    where = {}
    for text, _, owner in page:
        where.setdefault(flat(text), owner)
    cut = next((n for n, line in enumerate(tail) if flat(line) in where and style(where[flat(line)]) in styles),
               len(tail))
    if cut == 0:
        return found, None
    return found[:last + 1] + tail[cut:], "trimmed"
