"""archive.density: the second body candidate (the page's block of running text) and how it
completes trafilatura's body. Pages built here, plus real pages of ../shared when present."""
from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from archive.density import best_block, block_lines, complete
from archive.extract import extract, parse_tree
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared" / "corpus"

PART_ONE = ["近日，市公安局反诈中心发布预警，提醒市民警惕冒充电商客服以退款为名实施的电信网络诈骗。",
            "民警介绍，诈骗分子往往能准确说出受害人的订单信息，再诱导其下载屏幕共享软件并转账。"]
PART_TWO = ["警方提醒，正规客服不会要求转账，接到此类电话请立即挂断，并拨打96110咨询。",
            "今年以来，该市共破获此类案件四十余起，为群众挽回经济损失三百余万元。"]
TEASERS = ["另一篇报道：某地警方开展夏季治安巡逻，街面见警率明显提高，群众安全感进一步增强。",
           "又一篇报道：某区举办社区运动会，居民踊跃参加，现场气氛热烈，活动持续了整整一天。"]
BIO = "本文作者长期关注公共安全议题，曾发表多篇调查报道，现为某报社首席记者、评论员。"


def split_article() -> lxml.html.HtmlElement:
    """An article the page splits in two containers around an advertisement, then teasers of other
    articles (prose, each with a "阅读全文" link) and the author's biography."""
    def part(lines):
        return "<div class='body-inner'>" + "".join(f"<p>{line}</p>" for line in lines) + "</div>"

    teasers = "".join(f"<div class='teaser'><p class='summary'>{t}</p><a href='/t{n}.html'>阅读全文</a></div>"
                      for n, t in enumerate(TEASERS))
    menu = "".join(f"<li><a href='/c{n}.html'>频道{n}新闻</a></li>" for n in range(12))
    return lxml.html.fromstring(
        f"<html><body><ul class='nav'>{menu}</ul><h1>警惕冒充客服退款诈骗</h1><main>{part(PART_ONE)}"
        f"<div class='ad'>广告</div>{part(PART_TWO)}<div class='more'><h3>更多报道</h3>{teasers}</div>"
        f"<div class='bio'>{BIO}</div></main><div class='footer'><a href='/about'>关于我们网站地图</a></div>"
        "</body></html>")


def test_a_body_that_misses_most_of_the_block_is_completed_from_it():
    tree = split_article()
    lines, how = complete(["警惕冒充客服退款诈骗", *PART_ONE], tree, "警惕冒充客服退款诈骗")
    assert how == "extended"
    assert lines == ["警惕冒充客服退款诈骗", *PART_ONE, *PART_TWO]  # in place; no teaser, no biography


def test_a_body_that_holds_the_block_is_left_as_it_is():
    tree = split_article()
    found = [*PART_ONE, *PART_TWO]
    assert complete(found, tree, "警惕冒充客服退款诈骗") == (found, None)


def test_a_body_with_nothing_in_common_with_the_block_is_left_as_it_is():
    tree = split_article()
    found = ["一段与本页正文毫无关系的文字，内容是关于天气预报的说明，共有若干句子。"]
    assert complete(found, tree, None) == (found, None)


def test_a_page_trafilatura_finds_nothing_on_gets_the_block():
    article = PART_ONE + PART_TWO + TEASERS
    rows = "".join(f"<tr><td><font size=2>{line}</font></td></tr>" for line in article)
    links = "".join(f"<td><a href='/n{n}.htm'>栏目{n}</a></td>" for n in range(10))
    tree = lxml.html.fromstring(f"<html><body><table><tr>{links}</tr></table><table>{rows}</table></body></html>")
    lines, how = complete([], tree, None)
    assert how == "density" and lines == article
    assert complete([], lxml.html.fromstring(f"<html><body><table><tr>{links}</tr></table></body></html>"), None) \
        == ([], None)  # a page of links has no block to give


def test_navigation_never_makes_a_block():
    menu = "".join(f"<li><a href='/n/{n}.html'>反诈宣传进社区活动第{n}期举行</a></li>" for n in range(40))
    tree = lxml.html.fromstring(f"<html><body><ul>{menu}</ul></body></html>")
    assert best_block(tree) == (None, []) and block_lines(tree) == []


def test_a_deep_page_is_measured_without_recursion():
    page = "<div>" * 220 + "".join(f"<p>{line}</p>" for line in PART_ONE) + "</div>" * 220  # past MAX_DEPTH
    lines = block_lines(parse_tree(f"<html><body>{page}</body></html>"))
    assert "".join(lines).replace(" ", "") == "".join(PART_ONE)


def test_a_page_wrapped_in_one_form_is_measured_and_a_comment_form_is_not():
    """An ASP.NET page wraps the whole page in <form>: its article is the block; a comment form's labels,
    a small form of the page, are not part of it."""
    article = "".join(f"<p>{line}</p>" for line in PART_ONE + PART_TWO)
    comment = "<form><p>发表评论：请输入您的昵称和电子邮件地址，评论内容不得少于五个字。</p><textarea></textarea></form>"
    tree = lxml.html.fromstring(f"<html><body><form id='Form1'><div class='content'>{article}{comment}</div>"
                                "</form></body></html>")
    assert block_lines(tree) == PART_ONE + PART_TWO


def shared_pages(directory: str) -> list[Path]:
    pages = sorted((SHARED / directory).glob("*.html")) if (SHARED / directory).is_dir() else []
    return pages


@pytest.mark.skipif(not shared_pages("portals"), reason="../shared/corpus/portals absent (a user's clone)")
@pytest.mark.parametrize("page", shared_pages("portals"), ids=lambda p: p.stem)
def test_real_listing_and_forum_pages_get_no_body_from_the_block(page):
    meta = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    article = extract(page.read_bytes(), meta.get("url") or "")
    if meta.get("kind") != "article":
        assert article is None or article.second_candidate is None
    else:  # (a photo gallery's text is its captions: short)
        assert article is not None and article.title


NEWSLETTER = ["订阅我们的新闻简报", "每天早上把最重要的新闻发到你的邮箱里，不错过任何一条", "隐私政策 服务条款 退订说明"]
PART_THREE = ["记者注意到，此类骗局近来又出现新变化，诈骗分子开始冒充物流公司客服，以快递丢失理赔为由行骗。",
              "对此，警方再次提醒，凡是要求下载陌生软件、开启屏幕共享的，都是诈骗，请务必提高警惕。"]


def article_then_box(goes_on: bool) -> lxml.html.HtmlElement:
    """An article, then a newsletter box and a menu; with ``goes_on``, the article's last paragraphs
    after them, in a container set like its first."""
    box = (f"<div class='nl'><a href='/subscribe'>{NEWSLETTER[0]}</a></div><div class='nl'>{NEWSLETTER[1]}</div>"
           "<div class='nl'><a href='/privacy'>隐私政策</a> <a href='/terms'>服务条款</a> <a href='/quit'>退订说明</a></div>")
    menu = "".join(f"<li><a href='/c{n}.html'>频道{n}新闻</a></li>" for n in range(12))
    rest = f"<div class='body-inner'>{''.join(f'<p>{p}</p>' for p in PART_THREE)}</div>" if goes_on else ""
    return lxml.html.fromstring(
        f"<html><body><h1>警惕冒充客服退款诈骗</h1><div class='body-inner'>"
        f"{''.join(f'<p>{p}</p>' for p in PART_ONE + PART_TWO + TEASERS)}</div>"
        f"<div class='box'>{box}<ul>{menu}</ul></div>{rest}</body></html>")


def test_the_lines_trafilatura_runs_on_with_past_the_block_go():
    found = [*PART_ONE, *PART_TWO, *TEASERS, *NEWSLETTER]
    lines, how = complete(found, article_then_box(False), "警惕冒充客服退款诈骗")
    assert how == "trimmed" and lines == [*PART_ONE, *PART_TWO, *TEASERS]


def test_a_tail_set_like_the_article_stays():
    found = [*PART_ONE, *PART_TWO, *TEASERS, *NEWSLETTER, *PART_THREE]
    lines, how = complete(found, article_then_box(True), "警惕冒充客服退款诈骗")
    assert how == "trimmed" and lines == [*PART_ONE, *PART_TWO, *TEASERS, *PART_THREE]  # only the box went


def test_a_page_of_too_many_elements_is_not_measured():
    links = "".join(f"<li><a href='/n/{n}.html'>反诈宣传进社区活动第{n}期</a></li>" for n in range(30_000))
    tree = lxml.html.fromstring(f"<html><body><ul>{links}</ul><p>{PART_ONE[0]}</p></body></html>")
    assert best_block(tree) == (None, []) and complete(["一行"], tree, None) == (["一行"], None)


def test_a_failure_of_the_second_candidate_keeps_trafilaturas_body(monkeypatch, caplog):
    import archive.extract

    def broken(found, tree, title=None):
        raise ValueError("a fault of the second candidate")

    monkeypatch.setattr(archive.extract, "complete", broken)
    page = (f"<html><head><title>警惕冒充客服退款诈骗</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            f"{''.join(f'<p>{p}</p>' for p in PART_ONE + PART_TWO)}</body></html>")
    article = extract(page.encode(), "http://a.example/1.html")
    assert article is not None and article.second_candidate == "failed"
    assert article.text.split("\n") == PART_ONE + PART_TWO
    assert "second candidate failed on http://a.example/1.html" in caplog.text


# an old table-layout page: the lead sits in the cell itself, before the first <P>, and a paragraph goes on
# after an inline advertisement's table; trafilatura (without its table mode) skips both
LEAD = "本报讯 昨日上午，市公安局召开新闻发布会，通报今年以来打击治理电信网络诈骗犯罪的工作成效。"
BEFORE_AD = "据介绍，今年以来全市共破获电信网络诈骗案件一千二百余起，"
AFTER_AD = "抓获犯罪嫌疑人八百余名，冻结涉案资金一点二亿元，为群众挽回经济损失五千余万元。"
WARNING = "警方提醒，凡是自称公检法要求转账到“安全账户”的，都是诈骗，接到此类电话请立即挂断。"
METHODS = "发布会上，市反诈中心还介绍了冒充电商客服、刷单返利、虚假投资理财等高发案件的作案手法。"


def table_layout_page(caption: str = "") -> str:
    menu = "".join(f"<td><a href='/c{n}.htm'>频道{n}</a></td>" for n in range(10))
    return (f"<html><head><title>我市通报打击电信网络诈骗工作成效_新闻中心</title></head><body>"
            f"<table width=760><tr>{menu}</tr></table>"
            "<table width=760><tr><td class='Heading'>我市通报打击电信网络诈骗工作成效</td></tr>"
            "<tr><td class='Date'>2005-07-18 13:03:17 来源：本报</td></tr>"
            f"<tr><td class='Content'>　　{LEAD}\n<P>　　{BEFORE_AD}<table align=left><tr><td>"
            f"<script src='http://ad.example/x.js'></script></td></tr></table>{AFTER_AD}\n{caption}"
            f"<P>　　{WARNING}\n<P>　　{METHODS}\n</td></tr></table>"
            "<table><tr><td><a href='/a1.htm'>相关新闻：某地开展反诈宣传进社区活动</a></td></tr></table>"
            "</body></html>")


def test_the_lead_and_the_rest_of_a_paragraph_trafilatura_skipped_are_put_back_in_place():
    article = extract(table_layout_page(), "http://news.example.cn/2005/07/18/1.htm")
    assert article is not None and article.second_candidate == "filled"
    assert article.text.splitlines() == [LEAD, BEFORE_AD, AFTER_AD, WARNING, METHODS]


def test_prose_set_unlike_the_articles_paragraphs_is_not_put_back():
    """A picture's caption in its own <figure> between two paragraphs is prose, but not set like the
    article's paragraphs: the gap filling leaves it out (and so does trafilatura)."""
    caption = ("<figure><img src='/p.jpg'><figcaption class='pic'>图为发布会现场，民警向记者介绍案情，"
               "展示缴获的作案手机和银行卡。</figcaption></figure>")
    article = extract(table_layout_page(caption), "http://news.example.cn/2005/07/18/1.htm")
    assert article is not None
    assert LEAD in article.text and AFTER_AD in article.text
    assert "图为发布会现场" not in article.text


def test_a_body_with_no_gap_is_not_filled():
    lines, how = complete([*PART_ONE, *PART_TWO], split_article(), "警惕冒充客服退款诈骗")
    assert how != "filled" and lines[:4] == [*PART_ONE, *PART_TWO]


def test_a_short_rest_of_a_sentence_after_an_advertisement_and_a_lead_above_a_subheading_come_back():
    """The rest of a sentence cut by the advertisement is short (no prose by itself), and a short
    subheading trafilatura took sits between the lead and the first paragraph; a date label left in
    the cell after a finished sentence stays out."""
    page = table_layout_page().replace(AFTER_AD, "为群众挽回损失。").replace(
        f"<P>　　{BEFORE_AD}", f"<P>一、基本情况<P>　　{BEFORE_AD}").replace(
        f"<P>　　{METHODS}\n", f"<P>　　{METHODS}</P>\n2005-07-18")
    article = extract(page, "http://news.example.cn/2005/07/18/1.htm")
    assert article is not None
    lines = article.text.splitlines()
    assert lines[0] == LEAD and "为群众挽回损失。" in lines and lines.index("为群众挽回损失。") == lines.index(BEFORE_AD) + 1
    assert "2005-07-18" not in article.text


def test_an_inset_between_the_articles_parts_is_passed_over_and_teasers_after_it_still_end_it():
    """A subscription inset that reads as prose sits between the two parts of the article: the run goes
    on past it to the second part, and still stops at the teasers and the biography after the article."""
    inset = "<div class='inset'><a href='/subscribe'>订阅</a>本报电子版，每天早上七点把最新的反诈资讯送到你的邮箱里。</div>"
    page = lxml.html.tostring(split_article(), encoding="unicode").replace("<div class=\"ad\">广告</div>", inset)
    lines, how = complete(["警惕冒充客服退款诈骗", *PART_ONE], parse_tree(page), "警惕冒充客服退款诈骗")
    assert how == "extended"
    assert lines == ["警惕冒充客服退款诈骗", *PART_ONE, *PART_TWO]


OLD_STYLE = ["近日，某市公安局反诈中心通报了一起冒充电商客服实施诈骗的案件，受害人被骗走积蓄十余万元。"
             "案发后，民警第一时间开展止付工作，追回部分资金。",
             "据介绍，骗子自称网店客服，称受害人购买的商品存在质量问题，可以办理双倍理赔，随后诱导其下载会议软件。",
             "在共享屏幕之后，骗子看到了受害人的银行卡信息和验证码，分多次转走了卡内的全部存款。",
             "警方提醒，正规客服不会要求开启屏幕共享，也不会索要验证码，遇到此类情况请立即挂断电话。"]


def old_style_page() -> str:
    """A table layout of the 2000s: no <p> at all (paragraphs are <br> runs in a <div>), a menu above and
    below, a column of links beside, and a 延伸阅读 link set in the middle of the article. trafilatura
    finds no article container on it and falls back to the whole page's text."""
    menu = " | ".join(f"<a href='/c{n}/'>栏目{n}频道</a>" for n in range(24))
    column = "".join(f"<div><a href='/n/{n}.html'>社区动态：第{n}期居民议事会召开</a></div>" for n in range(15))
    inset = "<div>延伸阅读：<a href='/x/1.html'>某地开展防范养老诈骗宣传活动</a></div>"
    body = "<br><br>".join(OLD_STYLE[:2]) + inset + "<br>" + "<br><br>".join(OLD_STYLE[2:])
    return (f"<html><head><title>冒充客服退款诈骗案告破_某某网</title></head><body>"
            f"<table width='100%'><tr><td>{menu}</td></tr></table>"
            f"<table><tr><td width='200'>{column}</td><td width='600'>"
            f"<div><b>冒充客服退款诈骗案告破</b></div><div>2005-06-14 来源：某某网</div>"
            f"<div class='txt'>{body}</div></td></tr></table><div>{menu}</div></body></html>")


def test_a_body_that_is_the_whole_page_gives_way_to_the_block():
    tree = parse_tree(old_style_page())
    menu = " | ".join(f"栏目{n}频道" for n in range(24))
    whole = [menu, *(f"社区动态：第{n}期居民议事会召开" for n in range(15)), "冒充客服退款诈骗案告破",
             "2005-06-14 来源：某某网", *OLD_STYLE[:2], "延伸阅读：", "某地开展防范养老诈骗宣传活动", *OLD_STYLE[2:], menu]
    lines, how = complete(whole, tree, "冒充客服退款诈骗案告破")
    assert how == "density"
    assert lines == OLD_STYLE  # no menu, no column of links, no inset link


def test_an_old_table_layout_page_keeps_its_whole_article():
    """End to end: cut at the inset's 延伸阅读 heading, the article lost its second half."""
    article = extract(old_style_page().encode(), "http://www.example.cn/a/2005/0614/1.html")
    assert article is not None and article.second_candidate == "density"
    assert article.text.splitlines() == OLD_STYLE
    assert article.title == "冒充客服退款诈骗案告破" and article.published.startswith("2005-06-14")


def test_whole_page_samples_a_long_menu():
    """Thousands of menu lines: an even sample of them is looked for in trafilatura's text (each look is a scan
    of the whole text), and the answer is the one the whole list gives."""
    from archive.density import JUNK_WEIGHT, flat, whole_page

    menu = [(f"栏目{n}频道 资讯{n}", -JUNK_WEIGHT * 20, None) for n in range(5000)]
    article = [("近日，某市公安局反诈中心通报了一起冒充客服诈骗案。" * 40, 1000.0, None)]
    page = menu[:2500] + article + menu[2500:]
    assert whole_page(flat("".join(line for line, _, _ in page)), page)
    assert not whole_page(flat(article[0][0]), page)
    half = menu[:2500] + article  # trafilatura's text holds half the menus: no whole page
    assert not whole_page(flat("".join(line for line, _, _ in half)), page)
