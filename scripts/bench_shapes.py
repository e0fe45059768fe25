"""``make bench-shapes``: the dev labels set in page shapes the dev pages do not have.

The extraction rules were written on real pages; held-out pages come in other shapes. This benchmark takes
the labelled Chinese pages of ../shared/corpus/dev and measures what our extractor gets from them when

1. *titles and dates*: each titled, dated label is set as an article page in 64 shapes: four forms of
   ``<title>`` (``标题_网站``, ``网站-标题``, the site's name only, a ``<title>`` cut short with ``...``), four
   headline markups (``<h1>``, a ``<div>``, the site's logo as ``<h1>`` above a ``<div>``, teasers' ``<h2>``
   links above the ``<h1>``) and four date lines (``2019-05-20 10:20``, ``2019.05.20``, ``2019年5月20日 星期一``,
   none but the date under the text), each with and without a top bar showing today's date;
2. *unclosed tags*: each page's ``<p>`` tags made unclosed ``<div>`` (paragraphs nested in one another) and
   unclosed ``<font>`` with ``<br>``: body F1 against the label, beside the page as it is;
3. *tails*: each label set as an article followed by one kind of tail (credits, promotions, a WeChat post's
   closing lines, pagers, previous/next links): body F1 and how many pages end on a line that is not the
   article's;
4. *parts of an article*: three lines of each label set as list items, a one-column table's cells, a
   definition list's answers, a quotation, ``<div>`` lines or bare text lines beside the other ``<p>``, in a
   container of an unknown class: which pages lose one;
5. *rewritten markup*: each real page with its markup rewritten as other sites set theirs (every ``<p>`` a
   closed ``<div>``, or text with ``<br><br>`` between paragraphs; no class or id names; no ``<title>``; no
   ``<meta>`` but the charset's and no JSON-LD, so no machine-readable date): body F1, lost articles (F1 under
   0.5), titles and dates against the labels.

It prints the figures; nothing is asserted (the tests hold the rules). The pages are built here from the
labels' text: no third-party page is changed on disk.
"""
from __future__ import annotations

import html
import itertools
import json
import re
import sys
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.clean import flat  # noqa: E402
from archive.extract import decode_html, extract  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
SITE = "某某网"
MENU = "".join(f"<li><a href='/c{n}/'>频道{n}</a></li>" for n in range(8))
TODAY = "<div class='today'>今天是：2024年11月05日 星期二</div>"
TAILS = {
    "credits": "<p>（本文来源：某某日报 作者：张三 责任编辑：李四）</p><p>编辑丨王五</p><p>审核丨赵六</p>",
    "promotion": "<p>【广告】</p><p>点击进入专题：反诈宣传月</p><p>更多新闻请关注某某网</p>",
    "wechat": "<p>-END-</p><p>↓↓↓ 点击阅读原文</p><p>喜欢就点个赞吧</p><p>欢迎关注我们的微信公众号：某某发布</p>",
    "pager": "<div class='page'><a href='?p=1'>上一页</a> <a href='?p=1'>1</a> <b>2</b> <a href='?p=3'>3</a> "
             "<a href='?p=3'>下一页</a></div>",
    "prev/next": "<div><p>上一篇：<a href='/a1.html'>某地开展反诈宣传进社区活动</a></p>"
                 "<p>下一篇：<a href='/a2.html'>某区举办夏季运动会</a></p></div>",
}


def labels() -> list[dict]:
    found = []
    for path in sorted(DEV.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        if label.get("lang", "zh") == "zh":
            found.append(label | {"name": path.stem})
    return found


def f1(label: str, got: str) -> float:
    """Body F1 as ../shared/tools/score_extraction.py scores a Chinese page (the scorer bench-extract uses)."""
    import score_extraction as scorer  # ../shared/tools, put on the path by main()
    return scorer.prf(scorer.tokens(label, True), scorer.tokens(got or "", True))[2]


def paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def shaped(label: dict, head: str, markup: str, dateline: str, today: bool) -> str:
    title = html.escape(label["title"])
    year, month, day = label["date"].split("-")
    date = {"timed": f"{label['date']} 10:20", "dotted": f"{year}.{month}.{day}",
            "weekday": f"{year}年{int(month)}月{int(day)}日 星期一", "none": ""}[dateline]
    end = f"<p style='text-align:right'>{year}年{int(month)}月{int(day)}日</p>" if dateline == "none" else ""
    head_html = {"title_site": f"<title>{title}_{SITE}</title>", "site_title": f"<title>{SITE}-{title}</title>",
                 "site_only": f"<title>{SITE}</title>",
                 "cut": f"<title>{html.escape(label['title'][:12])}..._{SITE}</title>"}[head]
    headline = {"h1": f"<h1>{title}</h1>", "div": f"<div class='tit'>{title}</div>",
                "logo": f"<h1><a href='/'>{SITE}</a></h1><div class='title'>{title}</div>",
                "teasers": "<div class='side'><h2><a href='/x1.html'>另一篇报道的标题在这里出现</a></h2>"
                           f"<h2><a href='/x2.html'>第三篇报道的标题也很长</a></h2></div><h1>{title}</h1>"}[markup]
    return (f"<html><head><meta charset='utf-8'>{head_html}</head><body>{TODAY if today else ''}"
            f"<div class='top'><a href='/'>{SITE}首页</a></div><ul class='nav'>{MENU}</ul><div class='main'>{headline}"
            f"<div class='info'>{date} 来源：{SITE}</div><div class='content'>{paragraphs(label['text'])}{end}</div>"
            f"</div><div class='foot'>版权所有 {SITE}</div></body></html>")


def titles_and_dates(pages: list[dict]) -> None:
    dated = [label for label in pages if label.get("title") and label.get("date")]
    print(f"\n### titles and dates: {len(dated)} titled, dated labels x 64 shapes x with/without today's date\n")
    print("| group | pages | title right | date right |\n|---|---|---|---|")
    heads, markups = ("title_site", "site_title", "site_only", "cut"), ("h1", "div", "logo", "teasers")
    datelines = ("timed", "dotted", "weekday", "none")
    totals: dict[str, list[int]] = {}
    for head, markup, dateline, today in itertools.product(heads, markups, datelines, (False, True)):
        for label in dated:
            article = extract(shaped(label, head, markup, dateline, today).encode(), "")
            title_ok = bool(article and flat(article.title or "") == flat(label["title"]))
            date_ok = bool(article and (article.published or "")[:10] == label["date"])
            for key in (f"<title> {head}", f"headline {markup}", f"date line {dateline}",
                        "today's date above" if today else "no top bar", "all"):
                counts = totals.setdefault(key, [0, 0, 0])
                counts[0] += 1
                counts[1] += title_ok
                counts[2] += date_ok
    order = ["all", *(f"<title> {h}" for h in heads), *(f"headline {m}" for m in markups),
             *(f"date line {d}" for d in datelines), "no top bar", "today's date above"]
    for key in order:
        n, titles, dates = totals[key]
        print(f"| {key} | {n} | {titles / n:.3f} | {dates / n:.3f} |")


def unclosed(pages: list[dict]) -> None:
    print(f"\n### unclosed tags: {len(pages)} zh dev pages\n")
    print("| page as | body F1 |\n|---|---|")
    shapes = {
        "it is": lambda page: page,
        "<p> made unclosed <div>": lambda page: re.sub(r"</p\s*>", "", re.sub(r"<p(\s|>)", r"<div\1", page, flags=re.I),
                                                       flags=re.I),
        "<p> made unclosed <font>, </p> a <br>": lambda page: re.sub(
            r"</p\s*>", "<br>", re.sub(r"<p(\s|>)", r"<font\1", page, flags=re.I), flags=re.I),
    }
    for name, shape in shapes.items():
        scores = []
        for label in pages:
            page = decode_html((DEV / f"{label['name']}.html").read_bytes())
            article = extract(shape(page).encode(), "")
            scores.append(f1(label["text"], article.text if article else ""))
        print(f"| {name} | {sum(scores) / len(scores):.3f} |")


def extracted_text(title: str, body: str, tables: bool) -> str:
    """The body text our extractor gives for an article page made of ``body`` (HTML) under a menu, the
    headline and a date line; laid out in <div> elements, or in an old page's table cells."""
    if tables:
        main = (f"<table><tr><td class='title'>{title}</td></tr><tr><td class='info'>2019-09-01 10:00 来源：{SITE}"
                f"</td></tr><tr><td class='content'>{body}</td></tr></table>")
    else:
        main = (f"<div class='main'><h1>{title}</h1><div class='info'>2019-09-01 10:00 来源：{SITE}</div>"
                f"<div class='content'>{body}</div></div>")
    page = (f"<html><head><meta charset='utf-8'><title>{title}_{SITE}</title></head><body><ul class='nav'>{MENU}"
            f"</ul>{main}<div class='foot'>关于我们 | 版权所有 {SITE}</div></body></html>")
    article = extract(page.encode(), "")
    return article.text if article else ""


def tails(pages: list[dict]) -> None:
    print(f"\n### tails after the article: {len(pages)} zh dev labels set as articles\n")
    print("| tail | body F1 | pages ending on a line not the article's |\n|---|---|---|")
    for name, tail in {"none": "", **TAILS}.items():
        scores, foreign = [], 0
        for label in pages:
            title = html.escape(label.get("title") or label["text"].strip()[:20])
            text = extracted_text(title, f"{paragraphs(label['text'])}{tail}", tables=False)
            scores.append(f1(label["text"], text))
            last = text.splitlines()[-1] if text else ""
            foreign += bool(last) and flat(last) not in flat(label["text"])
        print(f"| {name} | {sum(scores) / len(scores):.4f} | {foreign} |")


def split_at_comma(line: str) -> tuple[str, str]:
    """A paragraph cut after its first comma past its first fifth (where an inline advertisement goes)."""
    for n, char in enumerate(line):
        if char in "，," and n >= len(line) // 5:
            return line[:n + 1], line[n + 1:]
    return line[:len(line) // 2], line[len(line) // 2:]


def skipped(pages: list[dict]) -> None:
    """Lines trafilatura skips inside an article: a lead typed straight into the container before its
    first <p> (old table layouts), a paragraph split by an inline advertisement's <table>."""
    print(f"\n### lines outside paragraphs: {len(pages)} zh dev labels set as articles\n")
    print("| article as | body F1 | pages missing the first line | pages missing a split paragraph's second half |")
    print("|---|---|---|---|")
    ad = "<table align=left><tr><td><script src='http://ad.example/x.js'></script></td></tr></table>"
    for name in ("paragraphs", "lead outside <p>", "ad table inside a paragraph", "both"):
        scores, no_lead, no_half = [], 0, 0
        for label in pages:
            lines = [html.escape(line.strip()) for line in label["text"].splitlines() if line.strip()]
            if len(lines) < 3:
                continue
            lead, rest = lines[0], lines[1:]
            first_half, second_half = split_at_comma(rest[0])
            lead_html = lead + "\n" if name in ("lead outside <p>", "both") else f"<p>{lead}</p>"
            split = name in ("ad table inside a paragraph", "both")
            middle = f"<p>{first_half}{ad}{second_half}</p>" if split else f"<p>{rest[0]}</p>"
            body = lead_html + middle + "".join(f"<p>{line}</p>" for line in rest[1:])
            text = extracted_text(html.escape(label.get("title") or lead[:20]), body, tables=True)
            scores.append(f1(label["text"], text))
            no_lead += flat(html.unescape(lead)) not in flat(text)
            no_half += split and flat(html.unescape(second_half)) not in flat(text)
        print(f"| {name} | {sum(scores) / len(scores):.4f} | {no_lead} of {len(scores)} | {no_half} |")


PARTS = {
    "paragraphs": lambda lines: "".join(f"<p>{line}</p>" for line in lines),
    "<ul> items": lambda lines: "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>",
    "<ol> items": lambda lines: "<ol>" + "".join(f"<li>{line}</li>" for line in lines) + "</ol>",
    "one-column <table>": lambda lines: "<table>" + "".join(f"<tr><td>{line}</td></tr>" for line in lines) + "</table>",
    "<dl> answers": lambda lines: "<dl>" + "".join(f"<dt>问：</dt><dd>{line}</dd>" for line in lines) + "</dl>",
    "<blockquote>": lambda lines: "<blockquote>" + "".join(f"<p>{line}</p>" for line in lines) + "</blockquote>",
    "<div> lines beside the <p>": lambda lines: "".join(f"<div>{line}</div>" for line in lines),
    "text lines and <br> beside the <p>": lambda lines: "".join(f"{line}<br>" for line in lines),
}


def parts(pages: list[dict]) -> None:
    """An article's parts set otherwise than as paragraphs (a notice's tips as a list, a quotation in a box), in a
    container whose class names nothing trafilatura knows (``zw``), the way many Chinese portals name it."""
    print(f"\n### parts of an article in a container of an unknown class: {len(pages)} zh dev labels\n")
    print("| lines 3-5 set as | body F1 | pages losing one of them |\n|---|---|---|")
    for name, build in PARTS.items():
        scores, lost = [], 0
        for label in pages:
            lines = [html.escape(line.strip()) for line in label["text"].splitlines() if line.strip()]
            if len(lines) < 6:
                continue
            body = PARTS["paragraphs"](lines[:2]) + build(lines[2:5]) + PARTS["paragraphs"](lines[5:])
            title = html.escape(label.get("title") or lines[0][:20])
            page = (f"<html><head><meta charset='utf-8'><title>{title}_{SITE}</title></head><body>"
                    f"<ul class='nav'>{MENU}</ul><h1>{title}</h1><div class='info'>2019-09-01 10:00 来源：{SITE}</div>"
                    f"<div class='zw'>{body}</div><div class='foot'>关于我们 | 版权所有 {SITE}</div></body></html>")
            article = extract(page.encode(), "")
            text = article.text if article else ""
            scores.append(f1(label["text"], text))
            lost += any(flat(html.unescape(line)) not in flat(text) for line in lines[2:5])
        print(f"| {name} | {sum(scores) / len(scores):.4f} | {lost} of {len(scores)} |")


def rewritten(page: str, how: str) -> str:
    """A real page's markup rewritten (see :func:`markup`)."""
    tree = lxml.html.document_fromstring(page)
    if how in ("<p> as <div>", "<p> as <section>"):
        for element in tree.iter("p"):
            element.tag = "div" if how == "<p> as <div>" else "section"  # WeChat's editor sets paragraphs so
    elif how == "<p> as <br> runs":
        for element in list(tree.iter("p")):
            element.tag = "span"
            element.addnext(lxml.html.Element("br"))
            element.getnext().addnext(lxml.html.Element("br"))
    elif how == "no class, no id":
        for element in tree.iter():
            if isinstance(element.tag, str):
                element.attrib.pop("class", None)
                element.attrib.pop("id", None)
    elif how == "no <title>":
        for element in list(tree.iter("title")):
            element.getparent().remove(element)
    elif how == "no <meta> date":
        for element in list(tree.iter("meta", "script")):
            if element.tag == "script" and "ld+json" not in (element.get("type") or ""):
                continue
            if element.tag == "meta" and (element.get("charset") or element.get("http-equiv")):
                continue
            element.getparent().remove(element)
    return lxml.html.tostring(tree, encoding="unicode")


def markup(pages: list[dict]) -> None:
    print(f"\n### rewritten markup: {len(pages)} zh dev pages\n")
    print("| page with | body F1 | lost | title right | date right |\n|---|---|---|---|---|")
    for how in ("its own markup", "<p> as <div>", "<p> as <section>", "<p> as <br> runs", "no class, no id", "no <title>",
                "no <meta> date"):
        scores, titles, dates = [], [], []
        for label in pages:
            page = decode_html((DEV / f"{label['name']}.html").read_bytes())
            article = extract(rewritten(page, how).encode(), "")
            scores.append(f1(label["text"], article.text if article else ""))
            if label.get("title"):
                titles.append(bool(article and flat(article.title or "") == flat(label["title"])))
            if label.get("date"):
                dates.append(bool(article and (article.published or "")[:10] == label["date"][:10]))
        print(f"| {how} | {sum(scores) / len(scores):.3f} | {sum(score < 0.5 for score in scores)} | "
              f"{sum(titles)}/{len(titles)} | {sum(dates)}/{len(dates)} |")


def main() -> int:
    if not DEV.is_dir() or not SCORER.exists():
        print(f"no dev corpus or scorer at {DEV} / {SCORER}: this benchmark needs ../shared", file=sys.stderr)
        return 2
    sys.path.insert(0, str(SCORER.parent))
    pages = labels()
    titles_and_dates(pages)
    unclosed(pages)
    tails(pages)
    skipped(pages)
    parts(pages)
    markup(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
