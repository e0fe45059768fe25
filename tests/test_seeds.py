"""Extraction on pages built from the real noisy captures in ../shared/seeds (skipped when absent).

Each seed becomes a page: the noise before the headline at the top, the headline as <h1>, the
date line, the article's paragraphs, then the noise that follows (related lists as link lists, as
portals render them). The extracted body must hold every sentence of the article and none of the
noise; the metadata must come out right.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pytest

from archive.clean import flat, remove_pinyin_artefacts
from archive.extract import extract
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"
RELATED = re.compile(r"^(视觉焦点|推荐阅读|猜你喜歡|相关推荐|标签[:：]?|加载更多)$")


@dataclass
class Seed:
    prefix: str
    site: str
    url: str
    title_line: int  # 1-based line numbers in the seed file
    article: tuple[int, int]  # first and last line of the article, inclusive
    dateline: int | None = None
    optional: set[int] = field(default_factory=set)  # captions: neither required nor forbidden
    title: str | None = None  # when the title is not a line of the seed (front matter)
    dateline_text: str | None = None
    expect: dict = field(default_factory=dict)


SPECS = [
    Seed("000", "光明网", "https://guancha.gmw.cn/2024-02/23/content_37158613.htm", 10, (14, 31), 12,
         expect={"title": "打好组合拳严惩跨境电诈犯罪", "published": "2024-02-23T12:55:00", "source": "法治日报",
                 "author": "刘为军", "editor": "孔繁鑫", "site": "光明网"}),
    Seed("001", "中國西藏網", "http://www.tibet.cn/cn/Instant/local/202309/t20230913_7478301.html", 3, (7, 21), 5,
         expect={"title": "多措并舉治理跨境電信網絡詐騙(人民時評)", "published": "2023-09-13T10:52:00",
                 "source": "人民日報", "editor": "李文治", "site": "中国西藏网"}),
    Seed("002", "中國防偽報道", "http://www.example-mirror.cn/article/2021/0620/1234.html", 6, (12, 38), 8,
         expect={"published": "2021-06-20T02:27:26", "author": None, "source": None}),
    Seed("003", "某门户", "http://news.example.cn/2023/08/26/ARTI1692999999.shtml", 1, (2, 31), None,
         optional={4, 5, 7}, expect={"title": "六问“四国打击赌诈专项联合行动”:难点在哪?如何破解?",
                                     "source": None, "author": None}),
    Seed("004", "证券日报", "http://www.zqrb.cn/finance/2022-04-15/A1650000000000.html", 3, (8, 40), None,
         title="五部门发声重拳打击电信网络诈骗 专家：关键在于综合治理", dateline_text="2022-04-15 01:47",
         expect={"title": "五部门发声重拳打击电信网络诈骗 专家：关键在于综合治理",
                 "published": "2022-04-15T01:47:00", "site": "证券日报", "author": None, "source": "证券日报"}),
]


def seed_lines(prefix: str) -> list[str]:
    [path] = list(SEEDS.glob(prefix + "_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


SOURCE_NOTE = re.compile(r"^[（(]?文章来源")


def parts_of(line: str) -> list[str]:
    """A seed line's paragraphs as a reader sees them: the capture's markup and list bullets gone."""
    pieces = re.split(r"</?p[^>]*>", line)
    return [re.sub(r"<[^>]+>", "", p).strip().lstrip("•").strip() for p in pieces if re.sub(r"<[^>]+>", "", p).strip()]


def text_of(line: str) -> str:
    return " ".join(parts_of(line))


def build_page(spec: Seed, lines: list[str]) -> str:
    title = spec.title or text_of(lines[spec.title_line - 1])
    first, last = spec.article
    head = [text_of(x) for x in lines[: spec.title_line - 1] if text_of(x)]
    if spec.title:  # front matter: the page a static-site generator renders from it
        head = []
    dateline = spec.dateline_text or (text_of(lines[spec.dateline - 1]) if spec.dateline else "")
    meta_lines = set(range(spec.title_line, first)) - {spec.dateline or 0}
    between = [text_of(lines[n - 1]) for n in sorted(meta_lines) if n > spec.title_line and text_of(lines[n - 1])]
    article = [part for x in lines[first - 1 : last] for part in parts_of(x)]
    tail_html, in_list = [], False
    for n, raw in enumerate(lines[last:], start=last + 1):
        line = text_of(raw)
        if not line or spec.title:
            continue
        if RELATED.match(line):
            tail_html.append(f"<h3>{html.escape(line)}</h3><ul>")
            in_list = True
        elif in_list or raw.strip().startswith("•"):
            tail_html.append(f'<li><a href="/related/{n}.html">{html.escape(line)}</a></li>')
        else:
            tail_html.append(f"<p>{html.escape(line)}</p>")
    if spec.title:  # the capture's back-links
        tail_html = [f'<p><a href="/list.html">{html.escape(text_of(x))}</a></p>' for x in lines[last:] if text_of(x)]
    body = "".join(f"<p>{html.escape(x)}</p>" for x in article)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}_{spec.site}</title></head><body>"
        f"<div class='top'>{''.join(f'<p>{html.escape(x)}</p>' for x in head)}</div>"
        f"<h1>{html.escape(title)}</h1><div class='info'>{html.escape(dateline)}</div>"
        f"<div class='meta'>{''.join(f'<p>{html.escape(x)}</p>' for x in between)}</div>"
        f"<div class='content'>{body}{''.join(tail_html)}{'</ul>' if in_list else ''}</div></body></html>"
    )


def noise_lines(spec: Seed, lines: list[str]) -> list[str]:
    first, last = spec.article
    out = []
    for n, raw in enumerate(lines, start=1):
        line = text_of(raw)
        if first <= n <= last or n in spec.optional or len(flat(line)) < 4:
            continue
        if line.startswith(("layout:", "title:", "date:", "categories:", "tags:", "---")):
            continue
        out.append(line)
    return out


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
@pytest.mark.parametrize("spec", SPECS, ids=[s.prefix for s in SPECS])
def test_seed_article_kept_noise_removed(spec):
    lines = seed_lines(spec.prefix)
    article = extract(build_page(spec, lines).encode("utf-8"), spec.url, "text/html; charset=utf-8")
    assert article is not None
    body = flat(article.text)
    first, last = spec.article
    for n in range(first, last + 1):
        if n in spec.optional:
            continue
        for part in parts_of(lines[n - 1]):
            if SOURCE_NOTE.match(part):  # （文章来源：证券日报）: metadata, not body
                assert flat(part) not in body
            else:
                assert flat(remove_pinyin_artefacts(part)) in body, f"article line {n} missing: {part[:40]}"
    for line in noise_lines(spec, lines):
        assert flat(line) not in body, f"noise kept: {line[:40]}"
    assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)", article.text)  # no bracketed pinyin
    assert len(article.text.split("\n")) >= (last - first) // 2  # paragraphs stay paragraphs
    for name, value in spec.expect.items():
        assert getattr(article, name) == value, name
