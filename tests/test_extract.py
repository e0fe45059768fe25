"""archive.extract on the sample portal's pages (rendered in-process) and on encodings."""
from __future__ import annotations

import json

import pytest

from archive.clean import remove_pinyin_artefacts
from archive.extract import decode_html, extract, with_tables
from tests.conftest import SHARED
from tests.portal import site

PAGES = site.build()
ENTRIES = site.entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.path for e in ENTRIES])
def test_each_portal_page(entry):
    page = PAGES[entry.path]
    article = extract(page.body, "http://127.0.0.1:8000" + entry.path, page.content_type)
    assert article is not None
    assert article.title == entry.title
    assert article.published == f"{entry.story.date}T{entry.story.time}:00"
    assert article.site == site.SITE_NAMES[entry.portal]
    # the bad converter's bracketed pinyin on the republished copy is gone
    assert article.text.split("\n") == [remove_pinyin_artefacts(p) for p in entry.paragraphs]
    if entry.portal in ("gmw", "people"):
        assert article.editor == entry.story.editor
    if not entry.traditional:
        assert article.source == entry.story.source
        assert article.author in (entry.story.author, None)
    assert article.lang == "zh"


def test_decoding_trusts_bytes_over_labels():
    text = "反诈宣传进社区，李喆说"
    assert decode_html(text.encode("gbk"), "text/html; charset=utf-8") == text  # GBK labelled UTF-8
    assert decode_html(text.encode("utf-8"), "text/html; charset=gb2312") == text  # UTF-8 labelled GB2312
    assert decode_html(text.encode("gb18030")) == text  # undeclared
    assert decode_html(f'<meta charset="gb2312">{text}'.encode("gbk")).endswith(text)  # GBK-only 喆 under GB2312
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


@pytest.mark.parametrize("body", [b"", b"   ", b"\x00\x01\x02garbage\xff\xfe", b"<html><body></body></html>",
                                  b"<<<>>>" * 1000])
def test_no_article_in_junk(body):
    assert extract(body, "http://a.example/x.html") is None


def test_a_short_page_is_returned_short():
    # the crawl's EXTRACT_MIN_CHARS decides whether it is an article
    article = extract("<html><p>短</p></html>".encode(), "http://a.example/x.html")
    assert article is not None and article.text == "短"


PROSE = ["近日，市公安局反诈中心发布预警，提醒市民警惕冒充电商客服以退款为名实施的电信网络诈骗。",
         "民警介绍，诈骗分子往往能准确说出受害人的订单信息，再诱导其下载屏幕共享软件并转账。",
         "警方提醒，正规客服不会要求转账，接到此类电话请立即挂断，并拨打96110咨询。"]


def test_cleaning_never_silently_empties_an_article():
    """Every paragraph of this article is inside a link (a portal that links its own text): the
    link-line rule alone would remove all of it. The guard keeps the prose and says which rule."""
    paragraphs = "".join(f'<p><a href="/n/{n}.html">{p}</a></p>' for n, p in enumerate(PROSE * 2))
    page = (f"<html><head><title>警惕冒充客服退款诈骗_某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            f"<p>2026年11月01日 来源：某日报</p>{paragraphs}</body></html>")
    article = extract(page.encode(), "http://a.example/1.html")
    assert article is not None and article.over_cleaned == "link_line"
    assert all(p in article.text for p in PROSE)


def test_the_guard_never_turns_a_listing_into_an_article():
    items = "".join(f'<li><a href="/n/{n}.html">反诈宣传进社区活动第{n}期举行</a> 2026-11-{n % 28 + 1:02d}</li>'
                    for n in range(40))
    page = f"<html><head><title>反诈专栏_某网</title></head><body><h1>反诈专栏</h1><ul>{items}</ul></body></html>"
    article = extract(page.encode(), "http://a.example/list.html")
    assert article is None or (article.over_cleaned is None and len(article.text) < 80)


def test_a_page_saved_without_its_url_takes_its_date_from_its_canonical_link():
    """The date stands only in the page's own address (its canonical link), and the body names the
    date of an event: the page's filing date wins, as it does when the URL is known."""
    body = "".join(f"<p>{p}</p>" for p in PROSE) + "<p>该案发生于2019年8月15日，警方于2019年8月20日立案侦查。</p>"
    page = ('<html><head><title>警惕冒充客服退款诈骗</title><link rel="canonical" '
            'href="https://new.qq.com/omn/20190907/20190907A0F1R600.html"></head><body><h1>警惕冒充客服退款诈骗</h1>'
            f"{body}</body></html>")
    assert extract(page.encode(), "").published[:10] == "2019-09-07"


@pytest.mark.parametrize("mark", [
    '<!-- saved from url=(0058)https://www.guancha.cn/politics/2019_09_07_516891.shtml -->',
    '<meta name="mobile-agent" content="format=html5;url=https://m.guancha.cn/politics/2019_09_07_516891.shtml">',
], ids=["a browser's saved-from mark", "a mobile-agent meta"])
@pytest.mark.parametrize("jammer", ["", "<font class='jammer'>x7#Q</font>"], ids=["plain", "with hidden text"])
def test_a_page_saved_without_its_url_takes_its_date_from_the_address_it_names(mark, jammer):
    """Also when hidden text is dropped and trafilatura reads the tree re-serialised (the mark before <html> is no
    part of the tree)."""
    body = ("".join(f"<p>{p}</p>" for p in PROSE) + f"<p>该案发生于2019年8月15日，{jammer}警方于2019年8月20日立案侦查。</p>")
    page = (f'{mark}<html><head><title>警惕冒充客服退款诈骗</title></head><body><h1>警惕冒充客服退款诈骗</h1>'
            f"{body}</body></html>")
    assert extract(page.encode(), "").published[:10] == "2019-09-07"


def test_a_short_post_keeps_its_text_and_loses_the_thread_list_after_it():
    """A forum's post of one paragraph, then the board's list of threads: each line a link to a thread
    with its author, time and counts after it (no link line by itself, since the link is half the line)."""
    threads = "".join(f'<div><a href="/t/{n}.html">{title}</a>【网友{n}】08-1{n % 9} 16:0{n % 9} {100 + n}字 [{n * 7}/0]</div>'
                      for n, title in enumerate(["冒充客服的电话又来了", "这种短信千万别点开", "刷单返利都是骗局吗",
                                                 "我家老人差点被骗了", "网购退款要小心啊"]))
    page = (f"<html><head><title>提醒大家注意退款电话</title></head><body><h1>提醒大家注意退款电话</h1>"
            f"<p>{PROSE[0]}{PROSE[2]}</p>{threads}</body></html>")
    article = extract(page.encode(), "http://bbs.example/t/99.html")
    assert article is not None and article.text == PROSE[0] + PROSE[2]


def test_a_nested_thread_list_with_short_titles_goes_too():
    """The same board as nested lists (replies under threads, so trafilatura gives empty list markers
    between the lines), and threads titled with one to three characters (顶, 同感, 说得好)."""
    titles = ["顶", "冒充客服的电话又来了", "同感", "这种短信千万别点开", "说得好", "我家老人差点被骗了"]
    items = "".join(f'<li><a href="/t/{n}.html">{title}</a>【网友{n}】08-2{n} 10:5{n} {n * 9}字 [{n * 11}/0]'
                    "<ul><li></li></ul></li>" for n, title in enumerate(titles))
    page = (f"<html><head><title>提醒大家注意退款电话</title></head><body><h1>提醒大家注意退款电话</h1>"
            f"<p>{PROSE[0]}{PROSE[2]}</p><ul>{items}</ul></body></html>")
    article = extract(page.encode(), "http://bbs.example/t/98.html")
    assert article is not None and article.text == PROSE[0] + PROSE[2]


def test_paragraphs_that_open_with_a_link_are_not_a_list():
    paragraphs = "".join(f'<p><a href="/k/{n}.html">{p[:6]}</a>{p[6:]}</p>' for n, p in enumerate(PROSE))
    page = f"<html><head><title>警惕冒充客服退款诈骗</title></head><body><h1>警惕冒充客服退款诈骗</h1>{paragraphs}</body></html>"
    article = extract(page.encode(), "http://a.example/1.html")
    assert article is not None and article.text.split("\n") == PROSE


def test_a_notice_after_the_article_is_not_the_article():
    """A paper's anti-infringement notice under every article: its heading, then clauses and contacts."""
    notice = ("<p>反侵权公告：</p><p>根据《中华人民共和国著作权法》等法律法规，未经书面许可，擅自转载本报社作品的，将涉嫌侵犯"
              "著作权人合法权益。</p><p>一、任何单位或个人使用本报社原创内容，必须事先取得书面授权；</p>"
              "<p>陈律师（法律顾问）0432-62099222</p>")
    page = (f"<html><head><title>警惕冒充客服退款诈骗</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            f"{''.join(f'<p>{p}</p>' for p in PROSE)}{notice}</body></html>")
    article = extract(page.encode(), "http://a.example/1.html")
    assert article is not None and article.text.split("\n") == PROSE


def test_every_page_of_a_multi_page_article_is_titled_alike():
    """Page 2 with a heading and page 1 without one: both keep the page number their <title> shows."""
    body = "".join(f"<p>{p}</p>" for p in PROSE)
    with_heading = ("<html><head><title>皮草的故事(组图)(2)_时尚_光明网</title></head><body>"
                    f"<h1>皮草的故事(组图)</h1>{body}</body></html>")
    without_heading = f"<html><head><title>皮草的故事(组图)(1)_时尚_光明网</title></head><body>{body}</body></html>"
    one_page = ("<html><head><title>皮草的故事(组图)_时尚_光明网</title></head><body>"
                f"<h1>皮草的故事(组图)</h1>{body}</body></html>")
    assert extract(with_heading.encode(), "").title == "皮草的故事(组图)(2)"
    assert extract(without_heading.encode(), "").title == "皮草的故事(组图)(1)"
    assert extract(one_page.encode(), "").title == "皮草的故事(组图)"


BRIEF_SENTENCE = "近日，市公安局反诈中心接到群众报案，称其接到自称电商平台客服的电话，对方以退款为由诱导其下载屏幕共享软件。"
TITLE_SHAPES = [
    # the site's name in front, with and without a heading
    ("<title>新华网 - 警方破获电诈案</title>", "<h1>警方破获电诈案</h1>", "警方破获电诈案"),
    ("<title>中国新闻网 | 警方破获一起冒充客服电诈案</title>", "", "警方破获一起冒充客服电诈案"),
    # a headline's own dash stays when the site's separator is _ or |
    ("<title>反诈宣传进校园—筑牢安全防线_光明网</title>", "", "反诈宣传进校园—筑牢安全防线"),
    # a <title> cut short: the heading it starts
    ("<title>警方破获一起冒充客服...</title>", "<h1>警方破获一起冒充客服电诈案 涉案金额逾千万元</h1>",
     "警方破获一起冒充客服电诈案 涉案金额逾千万元"),
    # a section's label first, the heading equal to the part after it (Opinion | Headline)
    ("<title>Opinion | Republicans Are Following Trump to Nowhere</title>",
     "<h1>Republicans Are Following Trump to Nowhere</h1>", "Republicans Are Following Trump to Nowhere"),
    # a channel's name between the headline and the site's, and a logo in <h1>
    ("<title>警方破获一起冒充客服电诈案 - 要闻 - 云南日报网</title>", "<h1>云南日报网</h1>", "警方破获一起冒充客服电诈案"),
    # a channel's name first (no 网 to tell it), a slogan in <h1>, the headline printed in a <div>
    ("<title>今日反诈预警--警方破获一起冒充客服电诈案</title>",
     "<h1>权威资讯网站</h1><a href='/yj/'>今日反诈预警</a><div class='t'>警方破获一起冒充客服电诈案</div>",
     "警方破获一起冒充客服电诈案"),
    # the page prints its whole <title> as its headline: the dash is the headline's own
    ("<title>对比试车—测试两款国产微型车(图)</title>", "<strong>对比试车—测试两款国产微型车(图)</strong>",
     "对比试车—测试两款国产微型车(图)"),
]


@pytest.mark.parametrize("head, heading, title", TITLE_SHAPES, ids=[t for _, _, t in TITLE_SHAPES])
def test_the_headline_whatever_the_shape_of_the_title(head, heading, title):
    story = "<p>" + BRIEF_SENTENCE * 3 + "</p>"
    page = f"<html><head>{head}</head><body>{heading}{story}</body></html>"
    assert extract(page.encode(), "").title == title


def test_a_copyright_year_is_no_publication_date():
    """htmldate's extensive search makes 2023-01-01 of a footer's © 2023; a date the page never shows is no date."""
    story = "<p>" + BRIEF_SENTENCE * 3 + "</p>"
    undated = (f"<html><head><title>警方破获电诈案_新华网</title></head><body><h1>警方破获电诈案</h1>{story}"
               "<div>Copyright © 2023 新华网</div></body></html>")
    assert extract(undated.encode(), "").published is None
    dated = undated.replace("<h1>警方破获电诈案</h1>", "<h1>警方破获电诈案</h1><div>2019年09月07日 10:30</div>")
    assert extract(dated.encode(), "").published == "2019-09-07T10:30:00"


PORTAL_PAGES = sorted((SHARED / "corpus" / "portals").glob("*.html")) if (SHARED / "corpus" / "portals").is_dir() else []


@pytest.mark.skipif(not PORTAL_PAGES, reason="../shared/corpus/portals absent (a user's clone)")
def test_titles_and_dates_of_the_real_portal_pages():
    checked = 0
    for page in PORTAL_PAGES:
        meta = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        if meta.get("kind") != "article":
            continue
        article = extract(page.read_bytes(), meta.get("url") or "")
        assert (article.title, article.published[:10]) == (meta["title"], meta["date"]), page.name
        checked += 1
    assert checked >= 10


SHORT_STORY = ["本报讯 近日，市公安局反诈中心接到群众报案，称其接到自称电商平台客服的电话，对方以商品质量问题需要退款为由，"
               "诱导其下载屏幕共享软件。",
               "受害人按照对方指示操作后，银行卡内的三万余元被转走。目前，警方已立案侦查。",
               "警方提醒：凡是自称客服要求下载共享屏幕软件、提供验证码的，都是诈骗。市民接到此类电话后应立即挂断，并拨打96110咨询。"]


def footer_page(paragraphs: list[str]) -> str:
    return ('<html><head><meta charset="utf-8"><title>警惕冒充客服退款诈骗 - 要闻 - 示例日报网</title></head><body>'
            '<div class="top"><a href="/mail">示例日报网邮箱</a> <a href="/paper">示例日报数字报</a></div>'
            '<div class="nav"><a href="/">首页</a> &gt; <a href="/yw/">要闻</a> &gt; 正文</div>'
            '<div class="headline">警惕冒充客服退款诈骗</div>'
            '<div class="info">发布时间：2022-02-13 04:22:18 来源：<a href="/paper">示例日报</a> <span>分享到：</span></div>'
            '<div class="content">' + "".join(f"<p>{p}</p>" for p in paragraphs) + '</div>'
            '<div id="bottom">示例日报网 <a href="https://beian.miit.gov.cn/">滇ICP备12345678号-1</a> '
            '经营许可证编号：滇B-2-4-20031234 All Rights Reserved since 1999<br>示例日报报业集团 版权所有，未经许可不得转载<br>'
            '违法和不良信息举报电话：0871-61234567；举报邮箱： jubao@example.cn<br>互联网新闻信息服务许可证编号：53120171234<br>'
            '</div></body></html>')


@pytest.mark.parametrize("story", [SHORT_STORY, ["".join(SHORT_STORY[:2])]], ids=["three paragraphs", "a brief"])
def test_a_short_article_beside_a_long_footer_is_not_lost(story):
    """trafilatura takes the footer (licences, hotlines: longer than the story), the rules clean it
    away; the page's block of running text gives the story instead of nothing (a brief of one
    paragraph too, the page reading as an article: a headline with its date line)."""
    article = extract(footer_page(story).encode(), "")
    assert article is not None and article.text.split("\n") == story
    assert article.second_candidate == "density" and article.published.startswith("2022-02-13")


def test_a_headline_repeated_under_a_brief_does_not_take_it():
    brief = "".join(SHORT_STORY[:2])
    page = ("<html><head><title>警惕冒充客服退款诈骗_示例网</title></head><body><div class='a'>"
            f"<p>{brief}</p><p>@示例网：</p><p>警惕冒充客服退款诈骗</p></div></body></html>")
    article = extract(page.encode(), "")
    assert article is not None and brief in article.text


def test_a_short_article_of_a_table_layout_page_is_not_lost():
    """An old page laid out in tables (saved as a fragment, no <body>): trafilatura, told to leave
    tables out, finds nothing; the page's block of running text is a 162-character story in lines
    split by <br>, under a headline: too short for the second candidate's usual 200 characters, and
    an article all the same."""
    menu = "".join(f'<td><a href="/c{i}/index.htm">栏目{i}</a></td>' for i in range(6))
    page = (f'<table width="100%"><tr>{menu}</tr></table>'
            '<table width="100%"><tr><td width="85%" valign="top">当前位置：<a href="/index.htm">首页</a>-&gt;'
            '<a href="/fz/index.htm">反诈</a><p align="center"><big>警惕冒充客服退款诈骗</big></p>'
            '<p><div>' + "<br>".join(SHORT_STORY) + '</div></p></td></tr></table>')
    article = extract(page.encode(), "")
    assert article is not None and article.text.split("\n") == SHORT_STORY


CASE_ROWS = [("2023年1月", "冒充客服退款", "12", "48.6万元"), ("2023年2月", "刷单返利", "21", "103.2万元"),
             ("2023年3月", "虚假投资理财", "9", "215.0万元"), ("2023年4月", "冒充公检法", "5", "87.4万元")]


def table_page(where: str) -> str:
    """A news page with a table of cases (header row and four rows); ``where``: in the article's own
    container after its second paragraph, or in a sidebar beside the article."""
    rows = "<tr><th>月份</th><th>诈骗类型</th><th>立案数</th><th>涉案金额</th></tr>" + "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in CASE_ROWS)
    table = f"<table>{rows}</table>"
    story = [f"<p>{line}</p>" for line in SHORT_STORY]
    article = "".join(story[:2]) + (table if where == "article" else "") + "".join(story[2:])
    sidebar = f"<div class='side'><h3>本月通报</h3>{table if where == 'sidebar' else ''}" + "".join(
        f"<p><a href='/n{i}.html'>第{i}期反诈周报：警方公布最新典型案例与防范要点</a></p>" for i in range(12)) + "</div>"
    return ("<html><head><title>警惕冒充客服退款诈骗_示例网</title></head><body>"
            f"<div class='main'><h1>警惕冒充客服退款诈骗</h1><div class='content'>{article}</div></div>{sidebar}"
            "</body></html>")


def test_a_data_table_inside_the_article_is_kept_where_the_page_prints_it():
    """trafilatura runs without its table mode (which takes layout tables too): a table of data in the
    article's own container is put back, one line a row, after the paragraph it follows."""
    article = extract(table_page("article").encode(), "")
    lines = article.text.split("\n")
    assert article.tables == 1  # counted by the crawl as extract/tables
    assert lines[:2] == SHORT_STORY[:2] and lines[-1] == SHORT_STORY[2]
    assert lines[2:-1] == ["月份\t诈骗类型\t立案数\t涉案金额"] + ["\t".join(row) for row in CASE_ROWS]


def test_a_data_table_beside_the_article_is_not_the_article():
    article = extract(table_page("sidebar").encode(), "")
    assert article.text.split("\n") == SHORT_STORY and "刷单返利" not in article.text and article.tables == 0


#: a two months' calendar under weekday names, and a login box with its labels: each passes the size,
#: cell and link checks of a data table, and is none
WEEKDAYS = "<tr>" + "".join(f"<th>星期{d}</th>" for d in "一二三四五六日") + "</tr>"
CALENDAR = "<table>" + WEEKDAYS + "".join(
    "<tr>" + "".join(f"<td>{(7 * week + day) % 31 + 1}</td>" for day in range(7)) + "</tr>" for week in range(9)) + "</table>"
LOGIN = "<table>" + "".join(
    f"<tr><td>{label}</td><td><input name='f{i}'></td></tr>"
    for i, label in enumerate(["请输入您在本站注册的用户名", "请输入您的登录密码", "请再次输入图片中的验证码",
                               "忘记密码请点击这里找回", "没有注册的用户请先注册", "Cookie 有效期保存一个月",
                               "登录后可以发表评论和收藏文章"])) + "</table>"


@pytest.mark.parametrize("table", [CALENDAR, LOGIN], ids=["a calendar", "a login box"])
def test_a_calendar_or_a_login_box_is_no_data_table(table):
    story = "".join(f"<p>{line}</p>" for line in SHORT_STORY)
    page = f"<html><body><div><h1>警惕冒充客服退款诈骗</h1>{story}{table}</div></body></html>"
    article = extract(page.encode(), "")
    assert article.text.split("\n") == SHORT_STORY and article.tables == 0


def test_a_failed_table_search_keeps_the_body_and_says_so(caplog):
    """A tree the table search cannot read (here: none at all) costs the tables, not the body."""
    body = list(SHORT_STORY)
    with caplog.at_level("WARNING", logger="archive.extract"):
        assert with_tables(None, body, "http://a.example/1.html") == (SHORT_STORY, None)
    assert "table search failed on http://a.example/1.html" in caplog.text


GALLERY = SHARED / "corpus" / "raw-unlabelled" / "gne_toutiao_2.html"


@pytest.mark.skipif(not GALLERY.is_file(), reason="../shared/corpus/raw-unlabelled absent (a user's clone)")
def test_a_gallery_caption_under_its_headline_is_not_lost():
    """A real photo gallery as a browser saved it: its headline (after a 原创 label), a follow button and one
    caption, beside columns of links to other galleries and comments (the page reads as a listing by its
    links). trafilatura takes the link column and the comments, which the cleaning empties; the page's block
    of running text is the headline and the caption, one paragraph: kept, because the block prints the
    page's own headline above it (a forum's or a listing's summary under a menu does not)."""
    article = extract(GALLERY.read_bytes(), "")
    assert article is not None and article.text.startswith("1/10 当全世界绝大部分国家都在为能够吸引中国游客到来")
    assert article.title == "最不愁吃肉的国家：顿顿有肉吃，却要靠中国运输蔬菜水果"
    assert article.second_candidate == "density" and "原创" not in article.text


def story_page(info: str = "", after: str = "") -> bytes:
    """The short story under its headline, with a date line ``info`` above it and ``after`` below it,
    in the article's container."""
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    return (f"<html><head><title>警惕冒充客服退款诈骗_示例网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            f"<div>{info}</div><div class='content'>{story}{after}</div><div class='foot'>相关新闻</div>"
            "</body></html>").encode()


@pytest.mark.parametrize("signature, author", [
    ("（记者 胡晓蓉）", "胡晓蓉"),
    ("新京报记者 彭冲 山东冠县报道", "彭冲"),
    ("（姚峰 上海报道）", "姚峰"),
    ("（记者 宋怡 杨志华）", "宋怡 杨志华"),
])
def test_a_story_signed_where_it_ends_has_its_author(signature, author):
    """Many portals credit the reporter under the story, not under the headline."""
    assert extract(story_page(after=f"<p>{signature}</p>"), "").author == author


def test_a_templates_unknown_author_is_no_author():
    assert extract(story_page("2019-09-07 作者：未知"), "").author is None


@pytest.mark.parametrize("line, source", [
    ("来源：证券时报网作者：李在山", "证券时报网"),  # a label glued after the outlet
    ("来源：转载", None),  # no outlet named
    ("来源：《求是》编辑部", "《求是》编辑部"),
    ("来源：7706娱乐网", "7706娱乐网"),  # an outlet whose name starts with a figure (a later 来源 was taken before)
    ("来源：21世纪经济报道", "21世纪经济报道"),
])
def test_the_outlet_is_the_outlet(line, source):
    assert extract(story_page(f"2019-09-26 12:11 {line}"), "").source == source


def test_metadata_is_read_as_a_reader_sees_the_page():
    """A template's comment (an old date, a stale 来源) is not what the page prints; a nested inline element does
    not move the text after it (the time after <span><b>…</b></span>); a 来源 printed under the story counts."""
    info = ("<!-- 2005-03-31 11:37:18 来源：旧模板 --><span>2019-09-07 <b>10:20</b></span>:30 "
            "<span>编辑：<b>李</b></span>")
    article = extract(story_page(info, after="<div>打印 关闭</div><div>信息来源：<br>示例日报</div>"), "")
    assert article.published == "2019-09-07T10:20:30"
    assert article.source == "示例日报"


@pytest.mark.parametrize("title, top, headline, author", [
    # an old personal page: a <title> the page never prints, the headline and the pen name as lines above the text
    ("显示", "<p>比赛革命的革命</p><p>茉莉</p><p>——对文化革命的政治心理学分析</p>", "比赛革命的革命", "茉莉"),
    ("谢谢您访问本站", "<div><a href='/'>首页</a> <a href='/a'>人物</a></div><p>我是怎样卷入那场运动的</p><p>赵延东、风笑天</p>",
     "我是怎样卷入那场运动的", "赵延东、风笑天"),
    # a printed headline with the reporter's name alone under it; a column's label or an outlet is no author
    ("警惕冒充客服退款诈骗_示例网", "<h1>警惕冒充客服退款诈骗</h1><div>2024-05-18</div><div>张三丰</div>",
     "警惕冒充客服退款诈骗", "张三丰"),
    ("警惕冒充客服退款诈骗_示例网", "<h1>警惕冒充客服退款诈骗</h1><div>新华社</div>", "警惕冒充客服退款诈骗", None),
    ("警惕冒充客服退款诈骗_示例网", "<h1>警惕冒充客服退款诈骗</h1><div>高清图集</div>", "警惕冒充客服退款诈骗", None),
    # a page whose <title> is never printed: a menu's linked label under a line is no pen name
    ("显示", "<p>国际新闻动态消息</p><p><a href='/ty/'>体育</a></p>", "显示", None),
])
def test_a_byline_under_the_headline(title, top, headline, author):
    """A name alone on its line under the headline is the author's, and not the article's first line; a page whose
    <title> names no article is titled by the headline it prints."""
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    page = f"<html><head><title>{title}</title></head><body>{top}<div class='content'>{story}</div></body></html>"
    article = extract(page.encode(), "")
    assert (article.title, article.author) == (headline, author)
    assert article.text.splitlines()[-len(SHORT_STORY):] == SHORT_STORY
    assert author is None or author not in article.text


@pytest.mark.parametrize("top, headline", [
    # no <title>: the headline above the text, past a URL and a date line; the same headline is a link in a list too
    ("<ul><li><a href='/1.html'>警方破获一起冒充客服退款诈骗案</a></li></ul><p>警方破获一起冒充客服退款诈骗案</p>"
     "<p>http://www.example.com/</p><p>2005-07-18 13:03:17</p>", "警方破获一起冒充客服退款诈骗案"),
    # a blog post's title is a link to the post, right above the text
    ("<div><a href='/'>首页</a></div><h3><a href='/post/1.html'>评反诈：做最好的宣传？</a></h3>", "评反诈：做最好的宣传？"),
    # a share widget's label is no headline; the text's first line is
    ("<div><a href='#'>推荐</a> <a href='#c'>我要说说</a></div>", None),
    # a share prompt between the headline and the text is passed over
    ("<h3>女子轻信刷单返利被骗八万元</h3><div>分享至：微信 微博 QQ空间</div>", "女子轻信刷单返利被骗八万元"),
    # a menu of links right above the text is no headline (one link there would be: a blog post's title);
    # the page's own heading is
    ("<h1>女子轻信刷单返利被骗八万元</h1><div><a href='/'>首页</a> <a href='/s'>社会新闻</a> "
     "<a href='/f'>法治频道</a></div>", "女子轻信刷单返利被骗八万元"),
])
def test_the_headline_of_a_page_with_no_title(top, headline):
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    if headline is None:  # the text opens with its headline
        headline, story = "冒充客服退款诈骗调查报告", "<p>冒充客服退款诈骗调查报告</p>" + story
    page = f"<html><head></head><body>{top}<div class='content'>{story}</div></body></html>"
    article = extract(page.encode(), "")
    assert article.title == headline
    assert article.text.splitlines() == SHORT_STORY


def test_no_title_and_a_comment_thread_s_heading():
    """A page with no <title> whose only heading tag heads its comment thread: the headline is the element named
    for it (class='title'), not 《…》已有3条评论; an og:title cut short at an unescaped quotation mark gives way to
    the heading that starts with it."""
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    menu = "<div><a href='/'>首页</a> <a href='/s'>社会新闻</a> <a href='/f'>法治频道</a></div>"
    page = (f"<html><head></head><body><div class='title'>女子轻信刷单返利被骗八万元</div>{menu}"
            f"<div class='content'>{story}</div><h3 id='comments'>《女子轻信刷单返利被骗八万元》已有3条评论</h3>"
            "<p>网友甲：太可怕了</p></body></html>")
    assert extract(page.encode(), "").title == "女子轻信刷单返利被骗八万元"
    cut = ('<html><head><meta property="og:title" content="女子轻信"刷单返利"被骗八万元"></head><body>'
           f'<h1>女子轻信"刷单返利"被骗八万元</h1>{menu}<div class="content">{story}</div></body></html>')
    assert extract(cut.encode(), "").title == '女子轻信"刷单返利"被骗八万元'


def test_unclosed_tags_nesting_every_paragraph_lose_none_of_them():
    """An old page that never closes its <div>s nests each paragraph inside the one before; past 256 levels
    libxml2's default parser drops the rest of the page, and trafilatura gives up on such a tree."""
    paragraphs = [f"第{n}段：警方提醒，接到自称客服的退款电话，要先通过官方渠道核实，切勿向陌生账户转账。"
                  for n in range(300)]
    page = ("<html><head><title>警惕冒充客服退款诈骗</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            + "".join(f"<div>{line}" for line in paragraphs) + "</body></html>")
    article = extract(page.encode(), "http://example.org/a.html")
    assert article is not None and article.text.splitlines() == paragraphs
    assert article.unnested > 0 and not article.too_deep  # counted by the crawl as extract/unnested


def test_a_page_nested_deeper_than_the_parser_keeps_is_logged_and_counted(caplog):
    """Bad input: past PARSER_DEPTH levels libxml2 keeps nothing, even with huge_tree; the text it did keep is the
    article, and the page says it lost the rest (extract/too_deep, a warning)."""
    line = "警方提醒，接到自称客服的退款电话，要先通过官方渠道核实，切勿向陌生账户转账。"
    page = ("<html><head><title>警惕冒充客服退款诈骗</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            + "".join(f"<div>{n}{line}" for n in range(2500)) + "</body></html>")
    with caplog.at_level("WARNING", logger="archive.extract"):
        article = extract(page.encode(), "http://example.org/deep.html")
    assert article is not None and article.too_deep and 2000 < len(article.text.splitlines()) < 2500
    assert "nests its elements 2048 deep or more" in caplog.text
    shallow = extract(f"<html><body><h1>警惕退款诈骗</h1><p>{line}</p><p>{line}</p></body></html>".encode(), "")
    assert not shallow.too_deep and not shallow.unnested


def test_text_a_reader_never_sees_is_not_the_article():
    """A forum's anti-copy jammer (random characters in <font class="jammer"> after every line) and a keyword
    hidden in a sentence go; a hidden block of prose (WeChat shows its article by script) stays."""
    lines = ["近日，市公安局反诈中心发布预警，提醒市民警惕冒充电商客服以退款为名实施的电信网络诈骗。",
             "民警介绍，诈骗分子往往能准确说出受害人的订单信息，再诱导其下载屏幕共享软件并转账。",
             "警方提醒，正规客服不会要求转账，接到此类电话请立即挂断，并拨打96110咨询。"]
    jammers = ["x7#Qv]2k", "Pq(3$zL0a", "m8 t+ A2 ]9"]
    post = "".join(f"{line}<font class='jammer'>{jam}</font><br>" for line, jam in zip(lines, jammers, strict=True))
    post = post.replace("电信网络诈骗", "电信<span style='display:none'>某某娱乐城</span>网络诈骗")
    page = (f"<html><head><title>警惕退款诈骗</title></head><body><h1>警惕退款诈骗</h1>"
            f"<table><tr><td class='t_f'>{post}</td></tr></table></body></html>")
    article = extract(page.encode(), "http://example.org/thread-1-1-1.html")
    assert article is not None and article.text.splitlines() == lines
    wechat = (f"<html><head><title>警惕退款诈骗</title></head><body><h1>警惕退款诈骗</h1>"
              f"<div id='js_content' style='visibility: hidden;'>{''.join(f'<p>{line}</p>' for line in lines)}</div>"
              "</body></html>")
    assert extract(wechat.encode(), "http://example.org/s/abc").text.splitlines() == lines


@pytest.mark.parametrize("head, heading", [
    # the <title> names only the site; the site's logo is the first <h1>, teasers' <h2> links come before
    ("<title>某某网</title>", "<h1><a href='/'>某某网</a></h1><h2><a href='/x.html'>另一篇报道的标题在这里</a></h2>"
                            "<h2>警方破获一起冒充客服退款诈骗案</h2>"),
    # the <title> is cut short; the page prints the whole headline in a <div>
    ("<title>警方破获一起冒充客服...-某某网</title>", "<div class='title'>警方破获一起冒充客服退款诈骗案</div>"),
    # the site's name, a hyphen, a headline that opens with a figure
    ("<title>某某网-5月20日起警方破获一起冒充客服退款诈骗案</title>", "<div class='title'>whatever</div>"),
    # no heading tag: the first element classed as a headline (a sidebar's linked title and label before it)
    ("<title>某某网_(新闻)</title>",
     "<div class='side'><div class='title'>热点</div><div class='title'><a href='/x.html'>另一篇报道的标题在这里</a></div>"
     "</div><div class='bt_title'>警方破获一起冒充客服退款诈骗案</div>"),
])
def test_the_headline_when_the_title_does_not_give_it_whole(head, heading):
    body = "".join(f"<p>{line}</p>" for line in ["近日，市公安局反诈中心发布预警，提醒市民警惕冒充电商客服以退款为名实施的诈骗。",
                                                 "民警介绍，诈骗分子往往能准确说出受害人的订单信息，再诱导其下载屏幕共享软件。"])
    page = f"<html><head>{head}</head><body>{heading}<div class='info'>2024-05-18 10:20</div>{body}</body></html>"
    wanted = "5月20日起警方破获一起冒充客服退款诈骗案" if "5月20日" in head else "警方破获一起冒充客服退款诈骗案"
    assert extract(page.encode(), "http://example.org/a.html").title == wanted


@pytest.mark.parametrize("top, dateline, end, wanted", [
    # today's date in the portal's top bar is not the day the article came out
    ("<div class='today'>今天是：2024年11月05日 星期二</div>", "2019.05.20 来源：某某网", "", "2019-05-20"),
    ("<div class='today'>2024年11月05日 星期二</div>", "2019年5月20日 星期一", "", "2019-05-20"),
    # a notice with no date line: the date on a line of its own under its text
    ("", "", "<p>某某市公安局</p><p style='text-align:right'>2019年9月7日</p>", "2019-09-07"),
])
def test_the_date_of_a_page_with_todays_date_above_or_no_date_line(top, dateline, end, wanted):
    lines = ["近日，市公安局反诈中心发布预警，提醒市民警惕冒充电商客服以退款为名实施的诈骗。",
             "民警介绍，诈骗分子往往能准确说出受害人的订单信息，再诱导其下载屏幕共享软件。"] * 8  # past the header window
    body = "".join(f"<p>{line}</p>" for line in lines)
    page = (f"<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body>{top}<ul><li><a href='/'>首页</a></li>"
            f"</ul><h1>警惕冒充客服退款诈骗</h1><div class='info'>{dateline}</div>{body}{end}</body></html>")
    assert (extract(page.encode(), "http://example.org/a.html").published or "")[:10] == wanted


POSTS = [("被骗三万元之后", "上周我接到一个自称快递客服的电话，说我的包裹丢了要理赔，让我下载一个会议软件共享屏幕，"
          "结果银行卡里的三万元被转走了。写下来提醒大家，凡是要求共享屏幕的都是骗子。"),
         ("周末去海边", "周末和朋友去海边看日出，天气很好，海风很大，我们在沙滩上坐了一个上午，拍了很多照片，"
          "中午在渔村吃了海鲜，傍晚才回城。"),
         ("读书笔记", "最近在读一本讲城市历史的书，作者从街道的名字讲起，讲到河流、城墙和市场，"
          "每一章都很有意思，推荐给喜欢历史的朋友。")]


def blog_page(stamp) -> str:
    posts = "".join(f"<div class='post'><h3>{title}</h3><div class='body'><p>{text}</p></div>"
                    f"<div class='foot'>{stamp(n)}</div></div>" for n, (title, text) in enumerate(POSTS))
    menu = "".join(f"<li><a href='/archive/{n}'>2006年{n + 1}月</a></li>" for n in range(12))
    return (f"<html><head><title>小明的博客</title></head><body><h1>小明的博客</h1><ul>{menu}</ul>"
            f"<div class='main'>{posts}</div></body></html>")


@pytest.mark.parametrize("stamp", [
    lambda n: f"posted by 小明 at 2006-03-0{3 - n} 10:00 | 评论(2)",
    lambda n: f"由小明张贴 @ 2006-03-0{3 - n} 10:00:00 (37)",
    lambda n: f"发表于 2006-03-0{3 - n} 10:00 | 阅读(120) | 评论(3)",
    lambda n: f"〓 某某留言板 发布时间 2006/03/0{3 - n} 10:00:00 by xiaoming 〓",  # a board's reply stamp
])
def test_a_blogs_front_page_of_several_posts_gives_its_first_post(stamp):
    article = extract(blog_page(stamp), "http://blog.example.cn/xiaoming/")
    assert article is not None
    assert POSTS[0][1] in article.text and POSTS[1][1] not in article.text and POSTS[2][1] not in article.text


def test_posts_headed_by_their_stamps_give_the_first_and_a_page_of_one_stamp_is_left_whole():
    headed = blog_page(lambda n: "").replace("<div class='post'><h3>", "<div class='post'><div>发表于 2006-03-01 "
                                              "10:00 | 阅读(12)</div><h3>")
    article = extract(headed, "http://bbs.example.cn/thread-1.html")
    assert article is not None and POSTS[0][1] in article.text and POSTS[1][1] not in article.text
    one = blog_page(lambda n: "由小明张贴 @ 2006-03-01 10:00:00 (37)" if n == 0 else "")
    article = extract(one, "http://blog.example.cn/xiaoming/")
    assert article is not None and all(text in article.text for _, text in POSTS)


def test_a_story_that_tells_of_a_post_and_its_readers_is_not_cut():
    """A news page's date line reads like a stamp, and a sentence of the story tells of a post published and
    read: neither is a short line of its own between posts, so the story stays whole."""
    story = ["近日，一篇题为《警惕新型刷单诈骗》的文章在网上流传，该文发表于2024年3月1日，阅读量超过十万。",
             "警方介绍，诈骗分子以高额佣金为诱饵，诱导受害人在虚假平台上垫资刷单，随后以各种理由拒绝返款。",
             "警方提醒，凡是要求垫资刷单的，都是诈骗，请市民提高警惕，如有疑问请拨打96110咨询。"]
    page = ("<html><head><title>警惕新型刷单诈骗_某某网</title></head><body><h1>警惕新型刷单诈骗</h1>"
            "<div class='info'>发布时间：2024-03-05 10:00 | 浏览次数：1234</div><div class='content'>"
            + "".join(f"<p>{line}</p>" for line in story) + "</div></body></html>")
    article = extract(page, "http://news.example.cn/2024/03/05/1.html")
    assert article is not None and article.text.splitlines() == story


def test_words_a_content_farm_turned_round_and_starred_are_set_right_before_anything_reads_them():
    page = ("<html><head><title>世界杯诈骗招数_某某网</title></head><body><h1>世界杯诈骗招数</h1>"
            "<div>2022-11-25 来源：某某网</div><div><p>每次世界杯期间，网络上就会冒出大量以世界杯为噱头的非法*彩博**网站，"
            "标榜自己是世界杯指定投注网站。</p><p>当用户投入资金后，*子骗**就会携款关站跑路，不要轻易点击陌生链接、"
            "*载下**未知软件。</p></div></body></html>")
    article = extract(page, "http://news.example.cn/a/1.html")
    assert article is not None and "*" not in article.text
    assert "非法博彩网站" in article.text and "骗子就会携款" in article.text and "下载未知软件" in article.text


def test_the_lines_left_out_of_a_page_of_several_posts_are_counted_on_the_article():
    article = extract(blog_page(lambda n: f"由小明张贴 @ 2006-03-0{3 - n} 10:00:00 (37)"), "http://blog.example.cn/x/")
    assert article is not None and article.posts_cut >= 2  # the crawl counts it as extract/first_post
    assert "posts_cut" not in article.as_row()  # not a column of the archive
    whole = extract(blog_page(lambda n: ""), "http://blog.example.cn/x/")
    assert whole is not None and whole.posts_cut == 0


@pytest.mark.parametrize("headline, stored", [
    ("電信產業(yè)發(fā)展迅猛", "電信產業發展迅猛"),  # a converter's toned pinyin
    ("警方(fang)提醒：电(dian)信诈(zha)骗高发", "警方提醒：电信诈骗高发"),  # a content farm's toneless pinyin
    ("😎澳门启动“全民防骗推广周”活动🤤", "澳门启动“全民防骗推广周”活动"),  # a content farm's emoji wrapping
    ("反诈⚠️提醒：警惕冒充客服退款", "反诈⚠️提醒：警惕冒充客服退款"),  # one inside the headline is the headline's
])
def test_pinyin_artefacts_and_emoji_wrapping_leave_the_title_as_they_leave_the_body(headline, stored):
    story = ("<p>近日，市民李女士接到自称客服的电话，对方称其网购商品有质量问题需要退款，要求她下载App并共享屏幕，"
             "随后转走了她银行卡里的三万元。警方提醒，凡是要求共享屏幕的都是诈骗。</p>") * 3
    page = (f"<html><head><title>{headline}_新闻网</title></head><body><h1>{headline}</h1>"
            f'<p class="date">2024-05-01 10:00</p><div class="content">{story}</div></body></html>')
    article = extract(page.encode(), "http://news.example.com/2024/05/01/a.html")
    assert article is not None and article.title == stored


def test_a_page_that_declares_no_charset_is_read_as_big5_when_its_bytes_are_big5():
    """A Taiwan or Hong Kong page with no charset in its headers or markup: read as GB18030 (the default for
    Chinese portals) its Big5 bytes become mojibake without one decoding error (chardet's real undeclared Big5
    samples did). GBK bytes stay GB18030, and so do a few characters that read well both ways."""
    story = ("<p>警方提醒市民，近日接獲多宗假冒銀行職員的電話騙案，騙徒聲稱事主戶口涉及洗黑錢，要求轉帳至指定帳戶。"
             "市民如接到可疑來電，應立即掛線並致電防騙熱線查詢。</p>") * 3
    page = f"<html><head><title>警方提醒慎防電話騙案</title></head><body><h1>警方提醒慎防電話騙案</h1>{story}</body></html>"
    assert decode_html(page.encode("big5")) == page
    assert decode_html(page.encode("big5"), "text/html") == page  # a header without a charset
    article = extract(page.encode("big5"), "http://news.example.hk/a.html")
    assert article is not None and "假冒銀行職員的電話騙案" in article.text
    simplified = page.replace("騙", "骗").replace("電話", "电话").replace("銀行職員", "银行职员")
    assert decode_html(simplified.encode("gbk")) == simplified
    assert decode_html("电信诈骗".encode("gbk")) == "电信诈骗"


def test_gbk_bytes_under_a_big5_label_are_read_as_gb18030_and_real_big5_as_big5():
    """A wrong label read silently: GBK bytes decode as Big5 without one error (mojibake), and the Hong Kong and
    Microsoft supersets decode what plain Big5 refuses."""
    story = "警方提醒市民，近日接到多起冒充银行工作人员的电话诈骗案件，骗子声称事主账户涉嫌洗钱，要求把存款转到安全账户。"
    assert decode_html(story.encode("gbk"), "text/html; charset=big5") == story
    hong_kong = "警方提醒市民，近日接獲多宗假冒銀行職員的電話騙案，騙徒聲稱事主戶口涉及洗黑錢，要求轉帳至指定帳戶。"
    assert decode_html(hong_kong.encode("big5hkscs"), "text/html; charset=big5") == hong_kong
    assert decode_html(hong_kong.encode("cp950"), "text/html; charset=big5") == hong_kong


def test_a_day_first_date_line_is_read_day_first():
    """A French outlet's Chinese service prints 06/02/2022 for 6 February; its list of earlier issues (13/02/2022)
    shows the order. No <meta> date: the date line decides."""
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    issues = "".join(f"<li><a href='/{n}'>法国报纸摘要</a> <span>{n:02d}/02/2022</span></li>" for n in (13, 12, 3))
    page = (f"<html><head><title>法国报纸摘要 - 网络诈骗新手法</title></head><body><h1>网络诈骗新手法</h1>"
            f"<p>发表时间：06/02/2022 - 13:48</p><div class='content'>{story}</div><ul>{issues}</ul></body></html>")
    assert extract(page.encode(), "").published.startswith("2022-02-06")
    # a page that never puts a day above 12 first keeps reading month first (ASP.NET: 7/5/2005 9:23:57 PM)
    us = page.replace("06/02/2022 - 13:48", "7/5/2005 9:23:57 PM").replace("<ul>", "<ul hidden>")
    us = us.replace("13/02/2022", "").replace("12/02/2022", "").replace("03/02/2022", "")
    assert extract(us.encode(), "").published == "2005-07-05T21:23:57"


def test_a_time_element_marked_as_the_publication_date_counts_as_a_meta_date():
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    page = ("<html><head><title>网络诈骗新手法_某某网</title></head><body><h1>网络诈骗新手法</h1>"
            "<p>相关：2023-01-01 旧闻一则</p><p><time datetime='2022-02-06T12:48:06+00:00' pubdate>二月六日</time></p>"
            f"<div class='content'>{story}</div></body></html>")
    assert extract(page.encode(), "").published.startswith("2022-02-06")


def test_a_government_document_is_dated_by_its_own_date_not_the_day_it_was_posted():
    """An information-disclosure page: a table of 索引号, 发文机关, 成文日期 (the document's date), 发布日期 (the day the
    site posted it, also in <meta>), then the document. The archive dates the document."""
    table = ("<table><tr><td>索 引 号：</td><td>1122/2023-00101</td><td>发文机关：</td><td>某省人民政府</td></tr>"
             "<tr><td>成文日期：</td><td>2023年03月09日</td><td>发布日期：</td><td>2023年03月14日</td></tr></table>")
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    page = ("<html><head><title>某省人民政府关于开展打击治理电信网络诈骗专项行动的通告</title>"
            "<meta name='PubDate' content='2023-03-14 09:00'></head><body>"
            f"{table}<h1>某省人民政府关于开展打击治理电信网络诈骗专项行动的通告</h1><div class='content'>{story}</div>"
            "</body></html>")
    assert extract(page.encode(), "").published == "2023-03-09"
    posted_only = page.replace("成文日期", "文　　号")
    assert extract(posted_only.encode(), "").published.startswith("2023-03-14")



#: a public-account post as WeChat's editor sets it, and as the portals that take such posts keep it: every
#: paragraph a <section>, a run of short lines before the story, pictures in sections of their own
ACCOUNT_POST = ["下周一，", "反诈宣传月", "就将进入第二阶段，", "也是影响最大的一段。", "什么？", "你还不知道？",
                "快点击这里了解一下！", "为什么说这一阶段", "对市民影响最大？", "因为", "骗子的新花样", "又冒出来了，",
                "而且专挑老人下手！", "注意：", "这些话一听就是骗局。", "简单说就是", "陌生来电要转账的，", "一律不信！",
                "01", "刷单返利",
                "近日，市公安局反诈中心接到群众报警，称其在某社交软件上结识一名“投资导师”，被拉入所谓的内部群后，"
                "按对方指示下载了一款投资App，先后转账十二万元，提现时才发现被骗。",
                "民警提醒，凡是要求下载陌生App、通过私人账户转账的“投资理财”，都是诈骗。如遇可疑情况，请及时拨打96110咨询或报警。",
                "02", "冒充客服",
                "接到自称电商平台客服的电话，对方以商品质量问题需要退款为由，让事主下载会议软件并开启屏幕共享，"
                "随后转走其银行卡内的存款。",
                "反诈中心还将走进社区、学校和企业，开展面对面的防范宣传，帮助群众识别常见的诈骗手法，守好自己的钱袋子。"]


def test_paragraphs_set_as_sections_come_out_as_lines_and_none_is_skipped():
    """trafilatura knows <section> as a container only: on such a post it had kept the four long paragraphs as one
    line and lost the twenty short ones above them."""
    picture = "<section class='f_center'>\u3000\u3000<img src='/img/1.jpg'><br></section>"
    sections = "".join(f"<section>\u3000\u3000{line}</section>" + (picture if n % 7 == 6 else "")
                       for n, line in enumerate(ACCOUNT_POST))
    menu = "".join(f"<li><a href='/n/{n}.html'>栏目{n}</a></li>" for n in range(12))
    page = ("<html><head><title>反诈宣传月进入第二阶段_某某号</title></head><body>"
            f"<ul class='nav'>{menu}</ul><h1>反诈宣传月进入第二阶段</h1><p>2023-05-12 10:00 来源：某某号</p>"
            f"<div class='content' id='content'>{sections}</div>"
            "<div class='footer'>特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。</div>"
            "</body></html>")
    lines = extract(page.encode(), "").text.split("\n")
    # the section numbers (01, 02) may go with the other bare numbers; every line of words stays, on its own
    assert [line for line in lines if not line.isdigit()] == [line for line in ACCOUNT_POST if not line.isdigit()]


@pytest.mark.parametrize("widget", ["视频加载中，请稍候...", "您的浏览器不支持 video 标签。", "播放 暂停 进入全屏 退出全屏",
                                    "00:00 / 01:30", "打开网易新闻 查看精彩图片", "点击图片进入下一页", "阅读 10万+", "在看",
                                    "点击“阅读原文”了解更多", "进入新浪财经股吧讨论", "返回搜狐，查看更多",
                                    "上一页 1 2 3 下一页", "共3页", "我要反馈", "文章关键词：反诈 诈骗", "正在加载",
                                    "打开今日头条查看图片详情", "好文章，需要你的鼓励",
                                    "新浪声明：此消息系转载自新浪合作媒体，新浪网登载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。"])
def test_what_a_player_or_a_picture_viewer_prints_inside_the_article_is_not_the_article(widget):
    paragraphs = SHORT_STORY[:1] + [widget] + SHORT_STORY[1:]
    page = ("<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            "<p>2023-05-12 10:00 来源：某某网</p><div class='content'>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></body></html>")
    assert extract(page.encode(), "").text.split("\n") == SHORT_STORY


def test_a_saved_pages_embedded_pictures_give_no_date():
    """A page saved with its pictures inlined (data: URIs, as SingleFile saves): a run of digits in the base64 had
    been taken for the publication date by htmldate's extensive search, which also read every megabyte of it."""
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    blob = "iVBORw0KGgoAAAANSUhEUgAA" * 50 + "Qm20190907Tz" + "iVBORw0KGgo" * 50
    page = (f"<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            f"<img src='data:image/png;base64,{blob}'><div class='content'>{story}</div></body></html>")
    article = extract(page.encode(), "")
    assert article.text.split("\n") == SHORT_STORY and article.published is None
    dated = page.replace("<div class='content'>", "<p>2023-05-12 10:00 来源：某某网</p><div class='content'>")
    assert extract(dated.encode(), "").published == "2023-05-12T10:00:00"


@pytest.mark.parametrize("dateline", ["更新时间：2023-05-14 09:00 发布时间：2023-05-12 10:00",
                                      "最后修改：2023-05-14 09:00 首发：2023-05-12 10:00",
                                      "来源：某某日报 2023-05-12 10:00 打印日期：2023-06-01"])
def test_the_publication_date_beats_an_update_or_a_print_date_on_the_same_line(dateline):
    story = "".join(f"<p>{p}</p>" for p in SHORT_STORY)
    page = (f"<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            f"<p>{dateline}</p><div class='content'>{story}</div></body></html>")
    assert extract(page.encode(), "").published == "2023-05-12T10:00:00"


def test_a_list_of_tips_inside_the_article_is_kept_and_a_list_of_links_is_not():
    """On a page whose article container trafilatura does not know by its class, it drops the article's lists
    (a police notice's tips); the block's lines put them back when they are sentences set beside the paragraphs."""
    tips = ["凡是要求下载陌生App进行投资理财的，都是诈骗。", "凡是自称客服要求开启屏幕共享的，都是诈骗。",
            "凡是要求把钱转到所谓安全账户的，都是诈骗。", "凡是网上刷单返利的，都是诈骗。"]

    def page(items: str) -> bytes:
        return ("<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
                "<p>2023-05-12 10:00 来源：某某网</p><div class='zw'>"
                + "".join(f"<p>{p}</p>" for p in SHORT_STORY[:2]) + "<p>民警提醒：</p>" + items
                + "".join(f"<p>{p}</p>" for p in SHORT_STORY[2:]) + "</div></body></html>").encode()

    listed = extract(page("<ul>" + "".join(f"<li>{tip}</li>" for tip in tips) + "</ul>"), "").text.split("\n")
    assert listed == SHORT_STORY[:2] + ["民警提醒："] + tips + SHORT_STORY[2:]
    links = "<ul>" + "".join(f"<li><a href='/n/{n}.html'>{tip}</a></li>" for n, tip in enumerate(tips)) + "</ul>"
    assert extract(page(links), "").text.split("\n") == SHORT_STORY[:2] + ["民警提醒："] + SHORT_STORY[2:]


@pytest.mark.parametrize("box", ["<table><tr><td>{0}</td></tr><tr><td>{1}</td></tr></table>",
                                 "<dl><dt>问：</dt><dd>{0}</dd><dt>答：</dt><dd>{1}</dd></dl>"])
def test_quotations_in_a_one_column_box_or_a_definition_list_are_kept(box):
    quotes = ["“我当时以为真的是客服，就按照他说的做了。”受害人说。", "“接到这类电话，一定要先挂断再核实。”民警说。"]
    page = ("<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            "<p>2023-05-12 10:00 来源：某某网</p><div class='zw'>" + "".join(f"<p>{p}</p>" for p in SHORT_STORY[:2])
            + box.format(*quotes) + "".join(f"<p>{p}</p>" for p in SHORT_STORY[2:]) + "</div></body></html>")
    assert extract(page.encode(), "").text.split("\n") == SHORT_STORY[:2] + quotes + SHORT_STORY[2:]


def test_a_subheading_between_the_paragraphs_is_kept_and_a_related_heading_over_links_is_not():
    parts = ("<h3>一、案情回顾</h3>" + "".join(f"<p>{p}</p>" for p in SHORT_STORY[2:])
             + "<h3>相关新闻</h3><ul>" + "".join(f"<li><a href='/n/{n}.html'>某地破获电诈案件第{n}起</a></li>"
                                              for n in range(5)) + "</ul>")
    page = ("<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            "<p>2023-05-12 10:00 来源：某某网</p><div class='zw'>" + "".join(f"<p>{p}</p>" for p in SHORT_STORY[:2])
            + parts + "</div></body></html>")
    assert extract(page.encode(), "").text.split("\n") == SHORT_STORY[:2] + ["一、案情回顾"] + SHORT_STORY[2:]


def test_a_list_of_key_points_without_punctuation_is_kept():
    points = ["不轻信陌生来电", "不透露验证码", "不向陌生账户转账"]
    page = ("<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            "<p>2023-05-12 10:00 来源：某某网</p><div class='zw'>" + "".join(f"<p>{p}</p>" for p in SHORT_STORY[:2])
            + "<ol>" + "".join(f"<li>{point}</li>" for point in points) + "</ol>"
            + "".join(f"<p>{p}</p>" for p in SHORT_STORY[2:]) + "</div></body></html>")
    assert extract(page.encode(), "").text.split("\n") == SHORT_STORY[:2] + points + SHORT_STORY[2:]


def test_paragraphs_set_as_divs_or_bare_text_beside_the_others_are_kept_and_a_caption_is_not():
    """A page pasted together from several editors: some paragraphs in <p>, one in a <div>, one typed between them
    with a <br>. trafilatura, not knowing the container's class, kept the <p> only. A caption beside them (a line
    that ends no sentence) stays out."""
    extra = ["民警提醒，凡是要求下载陌生App进行投资理财的，都是诈骗，请市民切勿轻信。",
             "如遇可疑情况，请及时拨打96110咨询，或者到就近的派出所报警求助。"]
    page = ("<html><head><title>警惕冒充客服退款诈骗_某某网</title></head><body><h1>警惕冒充客服退款诈骗</h1>"
            "<p>2023-05-12 10:00 来源：某某网</p><div class='zw'>" + "".join(f"<p>{p}</p>" for p in SHORT_STORY[:2])
            + f"<div>{extra[0]}</div><div>民警在社区开展反诈宣传</div>{extra[1]}<br>"
            + "".join(f"<p>{p}</p>" for p in SHORT_STORY[2:]) + "</div></body></html>")
    assert extract(page.encode(), "").text.split("\n") == SHORT_STORY[:2] + extra + SHORT_STORY[2:]
