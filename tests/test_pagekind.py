"""The page classifier (archive.pagekind) and the URL templates learnt from it (archive.urltemplates)."""
from __future__ import annotations

from pathlib import Path

import pytest

from archive.analyse import Analyser
from archive.extract import decode_html
from archive.pagekind import classify, not_article
from archive.urltemplates import TemplateLearner, template_of_group
from tests.portal import site

WRITTEN = Path(__file__).parent / "data" / "pagekind"
NEGATIVES = {"video_page": "video", "gallery_page": "gallery", "soft_404": "soft_404", "login_wall": "login_wall"}


@pytest.mark.parametrize("path", sorted(WRITTEN.glob("*.html")), ids=lambda p: p.stem)
def test_listings_index_and_media_pages_in_real_portal_markup_are_not_articles(path):
    decision = classify(path.read_bytes())
    assert decision.kind == "listing", decision


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_a_page_its_url_calls_an_article_says_what_it_is(name):
    assert not_article((WRITTEN / f"{name}.html").read_bytes()) == NEGATIVES[name]


def test_an_article_with_a_long_related_list_is_still_an_article():
    entry = site.archived_entries()[0]
    page = site.TEMPLATES[entry.portal](entry, site.entries())
    related = "".join(f'<li><a href="/gmw/2026-01/{n:02d}/content_{n}.htm">相关新闻标题第{n}条：多地开展反诈宣传活动</a></li>'
                      for n in range(60))
    page = page.replace("</body>", f'<div class="related"><h3>相关阅读</h3><ul>{related}</ul></div></body>')
    assert classify(page).kind == "article"
    assert not_article(page) is None


def test_an_article_whose_sentences_end_in_commas_is_still_an_article():
    # a real reposting site's page: every 。 of the story became a comma; the headline and its date
    # line are there, and the story is running text all the same
    story = "，".join(["虽无明显利空，该公司股价却突然放量跌停", "而交易所盘后公布的公开资料显示机构专用席位现身卖出金额前列",
                      "此前该股却是市场上并不多见的牛股", "复盘发现今年以来股价涨幅超过了翻番"] * 3)
    page = (f"<html><head><title>大牛股突然放量跌停 机构出货_新闻网</title></head><body><h1>大牛股突然放量跌停 机构出货</h1>"
            f'<p class="time">发布于 2019-09-26 07:19:52</p><div class="article">{story}</div></body></html>')
    assert classify(page).kind == "article"
    listing = "".join(f"<li><a href='/n/{n}.html'>第{n}条新闻标题，很长很长的标题</a></li>" for n in range(30))
    assert classify(f"<html><body><h1>要闻</h1><ul>{listing}</ul></body></html>").kind == "listing"


def test_every_sample_portal_article_is_an_article_and_its_listings_are_not():
    pages = site.build()
    articles = {e.path for e in site.entries()}
    for path, page in pages.items():
        if path.endswith((".xml", ".txt")) or path in ("/gmw/video/2026-11/01/content_38120999.htm",
                                                         "/chinanews/gn/2026/11-02/10599999.shtml"):
            continue
        body = decode_html(page.body, page.content_type)
        assert (classify(body).kind == "article") == (path in articles), path


def test_the_analyse_stage_keeps_a_soft_404_out_and_lets_a_page_read_by_content_through():
    soft_404 = (WRITTEN / "soft_404.html").read_bytes()
    analyser = Analyser(min_score=0)
    assert analyser.analyse(soft_404, "http://x.cn/2024/03-05/1.shtml").status == "not_article"
    listing = (WRITTEN / "chinanews_scroll.html").read_bytes()
    result = analyser.analyse(listing, "http://x.cn/a/1", check="template")  # a learnt template is a guess
    assert (result.status, result.error) == ("not_article", "listing")


def test_templates_are_learnt_from_three_articles_of_one_shape():
    learner = TemplateLearner(min_pages=3)
    assert learner.article("http://www.x.cn/a/101") is None
    assert learner.article("http://www.x.cn/a/2077") is None
    template = learner.article("http://x.cn/a/35")
    assert template is not None and template.template == "/a/{digits}" and template.site == "x.cn"
    assert learner.match("http://x.cn/a/999") is template
    assert learner.match("http://x.cn/a/abc") is None and learner.match("http://y.cn/a/1") is None
    for n in range(3):
        learner.article(f"http://x.cn/article?id={n}&from=home")
    assert learner.match("http://x.cn/article?from=home&id=77").template == "/article?from=home&id={id}"
    assert learner.match("http://x.cn/article?id=77") is None  # other query keys: another shape


def test_a_shape_anchored_by_nothing_is_not_a_template_and_listings_retire_one():
    assert template_of_group(["http://x.cn/fraud-tips.html", "http://x.cn/scam-news.html"]) is None
    assert template_of_group(["http://x.cn/news/fraud-tips.html", "http://x.cn/news/scam.html"]) == "/news/{slug}.html"
    learner = TemplateLearner(min_pages=2)
    learner.article("http://x.cn/news/fraud-tips.html")
    learner.article("http://x.cn/news/scam.html")
    assert learner.match("http://x.cn/news/other.html") is not None
    learner.listing("http://x.cn/news/index.html")  # one listing in three pages: too many
    assert learner.match("http://x.cn/news/other.html") is None
    assert [t.template for t in learner.learnt()] == ["/news/{slug}.html"]


def test_a_page_nested_thousands_deep_is_classified_without_a_crash():
    """Past Python's recursion limit: the walk measures what lies deeper as a whole."""
    import lxml.html

    deep = "<html><body>" + "<div>" * 5000 + "警方提醒，谨防冒充客服退款诈骗。" * 40 + "</div>" * 5000 + "</body></html>"
    tree = lxml.html.fromstring(deep, parser=lxml.html.HTMLParser(huge_tree=True))
    assert classify(tree).kind == "listing"  # its text is there, but not as running text of a block
    assert not_article(tree) is None
