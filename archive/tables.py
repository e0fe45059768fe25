"""Data tables that are part of an article (an admissions list, a table of results, a government
notice's 索引号 box, a list of references), which trafilatura's ``include_tables=False`` pass drops.

trafilatura's own table mode is no answer: on the old table-layout pages of Chinese portals and forums
it takes the layout tables too (navigation, thread lists, calendars; F1 of the 109 dev pages fell from
0.960 to 0.950 with it). A table is taken here only when it looks like data and sits in the article's
own container:

- a leaf table (no table inside it) of at least ``MIN_ROWS`` rows, two columns and ``MIN_CELLS`` cells
  with text, the cells short (median ≤ ``MAX_MEDIAN_CELL`` characters: data, not a layout cell holding
  paragraphs), few links (a list of headlines is navigation), no form field (a login box), not a
  calendar (mostly days' numbers), and at least ``MIN_CHARS`` characters of text;
- an ancestor at most ``MAX_LEVELS`` levels up holds a line of the body already found and little else
  (its text is at most ``CONTAINER_SLACK`` times the body's and the table's text): the article's
  container, not the page's wrapper, so a sidebar's table of quotes stays out.

Each row becomes one line, its cells separated by a tab; the table goes after the last body line that
comes before it in the page.
"""

from __future__ import annotations

import re
import statistics

import lxml.html

from archive.clean import flat

MIN_ROWS = 3
MIN_CELLS = 6
MIN_CHARS = 80
MAX_MEDIAN_CELL = 40
MAX_LINK_SHARE = 0.2
#: a calendar: its numbers, read in order, count up one by one (1 2 3 … 31)
CALENDAR_RUN = 0.8
MAX_LEVELS = 3
CONTAINER_SLACK = 1.5
#: the body lines that place a table (shorter ones, such as 1、 or a date, are found everywhere)
MIN_ANCHOR_LINE = 15
#: a page with more tables than this is a table layout through and through: none is searched
MAX_TABLES = 400

FIELDS = ("input", "select", "textarea", "button")
DAY = re.compile(r"\d{1,2}")


def _cells(row: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def is_data_table(table: lxml.html.HtmlElement) -> bool:
    """Does ``table`` look like a table of data rather than a layout table, a menu, a form or a calendar?

    >>> rows = "".join(f"<tr><td>0504{i:02d}</td><td>艺术学原理与艺术史</td><td>刘梦溪</td></tr>" for i in range(8))
    >>> is_data_table(lxml.html.fromstring(f"<table>{rows}</table>"))
    True
    >>> is_data_table(lxml.html.fromstring("<table><tr><td>1</td><td>2</td><td>3</td></tr></table>"))
    False
    """
    if table.find(".//table") is not None or any(table.find(f".//{tag}") is not None for tag in FIELDS):
        return False
    rows = table.findall(".//tr")
    if len(rows) < MIN_ROWS or max(len(_cells(row)) for row in rows) < 2:
        return False
    texts = [flat(cell.text_content()) for row in rows for cell in _cells(row)]
    texts = [text for text in texts if text]
    text = "".join(texts)
    if len(texts) < MIN_CELLS or len(text) < MIN_CHARS:
        return False
    if statistics.median(len(cell) for cell in texts) > MAX_MEDIAN_CELL:
        return False
    linked = sum(len(flat(link.text_content())) for link in table.iter("a"))
    if linked > MAX_LINK_SHARE * len(text):
        return False
    return not is_calendar(texts)


def is_calendar(cells: list[str]) -> bool:
    """A month's calendar: the cells that are a day's number count up one by one.

    >>> is_calendar(["一", "二", "三"] + [str(day) for day in range(1, 31)]), is_calendar(["1", "Busch", "50", "2", "Kyle", "40"])
    (True, False)
    """
    days = [int(cell) for cell in cells if DAY.fullmatch(cell)]
    if len(days) < 7:
        return False
    steps = sum(1 for before, after in zip(days, days[1:], strict=False) if after == before + 1)
    return steps >= CALENDAR_RUN * (len(days) - 1)


def table_lines(table: lxml.html.HtmlElement) -> list[str]:
    """One line a row, the cells' text separated by a tab."""
    lines = []
    for row in table.findall(".//tr"):
        cells = [" ".join(cell.text_content().split()) for cell in _cells(row)]
        line = "\t".join(cell for cell in cells if cell)
        if line:
            lines.append(line)
    return lines


def in_article(table: lxml.html.HtmlElement, anchors: list[str], body_chars: int) -> bool:
    """Is ``table`` in the article's own container: an ancestor a few levels up that holds a body line
    and not much more than the body and the table?"""
    own = len(flat(table.text_content()))
    element = table.getparent()
    for _ in range(MAX_LEVELS):
        if element is None:
            return False
        text = flat(element.text_content())
        if any(anchor in text for anchor in anchors):
            return len(text) <= CONTAINER_SLACK * (body_chars + own)
        element = element.getparent()
    return False


def article_tables(tree: lxml.html.HtmlElement, body: list[str]) -> list[tuple[int, list[str]]]:
    """The data tables of the article around ``body`` (its lines, as found), each with the index of the
    body line it goes after (-1: before the first), in page order.

    >>> rows = "".join(f"<tr><td>0504{i:02d}</td><td>艺术学原理与艺术史</td><td>刘梦溪</td></tr>" for i in range(8))
    >>> lead = "中国艺术研究院2008年招收博士研究生专业目录如下，请考生留意各专业的考试科目。"
    >>> page = lxml.html.fromstring(f"<html><body><div><p>{lead}</p><table>{rows}</table></div></body></html>")
    >>> [(after, lines[0]) for after, lines in article_tables(page, [lead])]
    [(0, '050400\\t艺术学原理与艺术史\\t刘梦溪')]
    """
    squeezed = [flat(line) for line in body]
    anchors = [line for line in squeezed if len(line) >= MIN_ANCHOR_LINE]
    if not anchors:
        return []
    tables = tree.findall(".//table")
    if len(tables) > MAX_TABLES:
        return []
    taken = "".join(squeezed)
    body_chars = sum(len(line) for line in squeezed)
    found = []
    for table in tables:
        if not is_data_table(table) or not in_article(table, anchors, body_chars):
            continue
        lines = table_lines(table)
        if all(flat(line) in taken for line in lines):
            continue  # trafilatura kept this table's text already (a one-column layout, say)
        found.append((_place(table, squeezed), lines))
    return found


def _place(table: lxml.html.HtmlElement, body: list[str]) -> int:
    """The index of the last body line printed before ``table`` (-1 when none is)."""
    before = []
    element = table
    while element is not None:  # everything before the table: its earlier siblings, its ancestors' too
        before.extend(flat(sibling.text_content()) for sibling in element.itersiblings(preceding=True)
                      if isinstance(sibling.tag, str))
        element = element.getparent()
    text = "".join(before)
    last = -1
    for index, line in enumerate(body):
        if line and line in text:
            last = index
    return last
