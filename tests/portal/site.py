"""Render the sample portal: four portals' pages in the markup styles of the real sites.

Every path maps to a :class:`Page` (bytes as served, content type, and how the server
sends it: gzip-encoded, chunked, or plain). Links are root-relative, so the portal works
on any port; feeds and sitemaps, which need absolute URLs, are rendered per request.

Real URL shapes and markup reproduced (from public crawlers and saved pages):

- 光明网 ``guancha.gmw.cn/2024-02/23/content_37158613.htm``: ``h1.u-title``,
  ``#source`` 来源, ``#pubTime``, ``#contentMain``, ``#contentLiability`` [ 责编 ];
  listings ``node_4108.htm``, ``node_4108_2.htm``. UTF-8, served gzip-encoded.
- 人民网 ``opinion.people.com.cn/n1/2024/0305/c1003-40189234.html``: ``div.text_title h1``,
  ``div.box01 div.fl`` with date and 来源, ``#rwb_zw.box_con``, ``div.edit`` (责编：…);
  listings ``GB/1003/index.html``, ``index2.html``. GB2312-declared GBK, served chunked.
- 中国西藏网 ``www.tibet.cn/cn/Instant/local/202309/t20230913_7478301.html``: TRS-CMS
  ``t<date>_<id>`` pages, 發布時間 line, copyright notice; listings ``index.html``,
  ``index_1.html``. UTF-8, chunked. Republishes 人民网's commentary in Traditional script.
- 证券日报 ``www.zqrb.cn/finance/hongguanjingji/2024-03-05/A1709600000000.html``:
  ``（文章来源：证券日报）`` after the body; listings ``index.html``, ``index_2.html``.
  Declared GB2312 but holding GBK-only characters (喆, 堃), served gzip-encoded.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import opencc

from tests.portal.content import REPUBLISHED, STORIES, Story

PER_PAGE = 4
SITE_NAMES = {"gmw": "光明网", "people": "人民网", "tibet": "中国西藏网", "zqrb": "证券日报", "legaldaily": "法治网",
              "chinanews": "中国新闻网", "xinhua": "新华网", "chinapeace": "中国长安网"}
SPAM_TAIL = (
    "澳门新葡京娱乐| 皇冠体育投注平台| 百家乐在线开户| 时时彩计划网| 真人棋牌下载| "
    "太阳城娱乐注册| 体育彩票代理加盟| 六合彩开奖直播| 网上赌场送彩金| 捕鱼游戏下分"
)


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    gzip: bool = False
    chunked: bool = False
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    short_by: int = 0  # Content-Length claims this many bytes more than are sent
    handled: bool = False  # the route wrote its own (broken) answer on the socket


@dataclass
class Entry:
    """One article as placed on the portal."""

    story: Story
    portal: str
    path: str
    title: str
    paragraphs: tuple[str, ...]
    traditional: bool = False


def article_path(portal: str, ident: str, date: str) -> str:
    y, m, d = date.split("-")
    if portal == "gmw":
        return f"/gmw/{y}-{m}/{d}/content_{ident}.htm"
    if portal == "people":
        return f"/people/n1/{y}/{m}{d}/c1003-{ident}.html"
    if portal == "tibet":
        return f"/tibet/cn/Instant/local/{y}{m}/t{y}{m}{d}_{ident}.html"
    if portal == "zqrb":
        return f"/zqrb/finance/{y}-{m}-{d}/A{ident}.html"
    if portal == "legaldaily":
        return f"/legaldaily/commentary/content/{y}-{m}/{d}/content_{ident}.html"
    if portal == "chinanews":
        return f"/chinanews/gn/{y}/{m}-{d}/{ident}.shtml"
    if portal == "xinhua":
        return f"/xinhua/legal/{y}{m}{d}/{ident}/c.html"
    if portal == "chinapeace":
        return f"/chinapeace/chinapeace/c100007/{y}-{m}/{d}/content_{ident}.shtml"
    raise ValueError(portal)


def listing_path(portal: str, page: int) -> str:
    if portal == "gmw":
        return "/gmw/node_4108.htm" if page == 1 else f"/gmw/node_4108_{page}.htm"
    if portal == "people":
        return "/people/GB/1003/index.html" if page == 1 else f"/people/GB/1003/index{page}.html"
    if portal == "tibet":
        return "/tibet/cn/Instant/local/index.html" if page == 1 else f"/tibet/cn/Instant/local/index_{page - 1}.html"
    if portal == "zqrb":
        return "/zqrb/finance/index.html" if page == 1 else f"/zqrb/finance/index_{page}.html"
    if portal == "legaldaily":
        return "/legaldaily/commentary/node_34252.html" if page == 1 else f"/legaldaily/commentary/node_34252_{page}.html"
    if portal == "chinanews":
        return "/chinanews/china/" if page == 1 else f"/chinanews/china/{page}.shtml"
    if portal == "xinhua":
        return "/xinhua/legal/index.html" if page == 1 else f"/xinhua/legal/index_{page}.html"
    if portal == "chinapeace":
        base = "/chinapeace/chinapeace/c100007/"
        return base + "index.shtml" if page == 1 else base + f"index_{page - 1}.shtml"
    raise ValueError(portal)


def entries() -> list[Entry]:
    """Every article of the portal, newest first within each portal."""
    out = [Entry(s, s.portal, article_path(s.portal, s.ident, s.date), s.title, s.paragraphs) for s in STORIES]
    original = next(s for s in STORIES if s.portal == "people" and s.ident == REPUBLISHED["people"])
    s2t = opencc.OpenCC("s2t")
    # a bad converter's bracketed pinyin, as on real mirror pages: 產業(yè), 發(fā)
    paragraphs = tuple(
        s2t.convert(p).replace("產業", "產業(yè)").replace("發生", "發(fā)生") for p in original.paragraphs
    )
    out.append(
        Entry(
            original,
            "tibet",
            article_path("tibet", REPUBLISHED["tibet"], original.date),
            s2t.convert(original.title),
            paragraphs,
            traditional=True,
        )
    )
    out.sort(key=lambda e: (e.portal, e.story.date, e.story.time), reverse=True)
    return out


def archived_entries() -> list[Entry]:
    """What an archive of the whole portal must hold: each anti-fraud story once (the Traditional
    republication is a copy of 人民网's), nothing off-topic."""
    return [e for e in entries() if e.story.topic == "fraud" and not e.traditional]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# -- page templates -------------------------------------------------------------------
def nav(portal: str) -> str:
    name = SITE_NAMES[portal]
    return (
        f'<div class="nav"><a href="/">门户首页</a> | <a href="/{portal}/">{name}首页</a> | '
        f'<a href="{listing_path(portal, 1)}">评论</a> | <a href="/about.html">关于我们</a></div>'
    )


def related(entry: Entry, all_entries: list[Entry], heading: str) -> str:
    others = [e for e in all_entries if e.portal == entry.portal and e.path != entry.path][:4]
    items = "".join(f'<li><a href="{e.path}">{esc(e.title)}</a><span>{e.story.date}</span></li>' for e in others)
    return f'<div class="related"><h3>{heading}</h3><ul>{items}</ul></div>'


def gmw_article(entry: Entry, all_entries: list[Entry]) -> str:
    s = entry.story
    paragraphs = "".join(f"<p>　　{esc(p)}</p>" for p in entry.paragraphs)
    if s.topic == "fraud" and s.author:
        paragraphs += f"<p>　　（作者：{esc(s.author)}，系法学研究者）</p>"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(entry.title)}_光明网</title>
<meta name="keywords" content="{esc(entry.title)}"><meta name="description" content="{esc(entry.paragraphs[0][:60])}">
<meta name="publishdate" content="{s.date}">
<link rel="stylesheet" href="/static/gmw.css"></head>
<body>
<div class="g-top">{nav('gmw')}</div>
<div class="m-share-mobile"><p>点击右上角微信好友</p><p>朋友圈</p><p>请使用浏览器分享功能进行分享</p></div>
<div class="m-reading">正在阅读：{esc(entry.title)}</div>
<div class="m-breadcrumb"><a href="/gmw/">首页</a>&gt; <a href="{listing_path('gmw', 1)}">网安频道</a>&gt; 隐私保护 &gt; 正文</div>
<div class="m-title-box"><h1 class="u-title" id="articleTitle">{esc(entry.title)}</h1>
<div class="m-con-info"><span class="m-con-source" id="source">来源：<a href="/gmw/">{esc(s.source)}</a></span><span class="m-con-time" id="pubTime">{s.date} {s.time}</span></div></div>
<div class="u-mainText" id="articleBox"><div id="contentMain">{paragraphs}</div>
<div class="m-zbTool liability" id="contentLiability">[ 责编：{esc(s.editor)} ]</div></div>
<div class="m-readmore"><a href="#">阅读剩余全文</a></div>
<div class="m-mood"><ul><li>开心</li><li>难过</li><li>点赞</li><li>飘过</li></ul></div>
{related(entry, all_entries, '推荐阅读')}
<div class="m-photos"><h3>视觉焦点</h3><ul><li><a href="/gmw/video/2026-11/01/content_38120999.htm"><img src="/static/p1.jpg" alt="">初冬时节公园景色如画</a></li></ul></div>
<div class="g-footer"><p>光明网版权所有</p><p>Copyright © 1999-2026 gmw.cn All Rights Reserved</p></div>
<script>var _share = {{"title": "{esc(entry.title)}"}};</script>
</body></html>"""


def people_article(entry: Entry, all_entries: list[Entry]) -> str:
    s = entry.story
    y, m, d = s.date.split("-")
    paragraphs = "".join(f'<p style="text-indent: 2em;">\n\t{esc(p)}</p>\n' for p in entry.paragraphs)
    return f"""<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="content-type" content="text/html;charset=GB2312">
<title>{esc(entry.title)}--观点--人民网 </title>
<meta name="keywords" content="">
<meta name="description" content="{esc(entry.paragraphs[0][:60])}">
<meta name="copyright" content="人民网版权所有">
<meta name="publishdate" content="{s.date}">
</head><body>
<div class="clearfix w1000_320 path path2 pos_re_search"><div class="fl">
<span id="rwb_navpath"><a href="/people/" class="clink">人民网</a>&gt;&gt;<a href="{listing_path('people', 1)}" class="clink">观点</a></span></div></div>
{nav('people')}
<div class="clearfix w1000_320 text_title">
<h3 class="pre"></h3>
<h1>{esc(entry.title)}</h1>
<h4 class="sub"></h4>
<p class="author">{('作者：' + esc(s.author)) if s.author else ''}</p>
<div class="box01"><div class="fl">{y}年{m}月{d}日{s.time}&nbsp;&nbsp;来源：<a href="/people/">人民网－{esc(s.source)}</a></div>
<div class="fr"><div id="ops_share"><span class="ops_tit">分享到：</span><ul class="ops_icons"><li><a href="javascript:void(0)" title="人民微博"><i> </i></a></li><li><a href="javascript:void(0)" title="微信"><i> </i></a></li></ul></div></div></div>
</div>
<div class="clearfix w1000_320 text_con"><div class="fl text_con_left">
<div class="box_con" id="rwb_zw">
{paragraphs}
</div>
<div class="edit clearfix">(责编：{esc(s.editor)})</div>
<div class="box_news">{related(entry, all_entries, '相关新闻')}</div>
</div></div>
<div id="copyright"><p>人民网版权所有，未经书面授权禁止使用</p><p>Copyright &copy; 1997-2026 by www.people.com.cn. all rights reserved</p></div>
</body></html>"""


def tibet_article(entry: Entry, all_entries: list[Entry]) -> str:
    s = entry.story
    traditional = entry.traditional
    paragraphs = "".join(f"<p>　　{esc(p)}</p>" for p in entry.paragraphs)
    if traditional:
        source = "人民日報"
        date_label, source_label, editor_label = "發布時間", "來源", "責編"
        notice = (
            "版權聲明：凡注明“來源：中國西藏網”或“中國西藏網文”的所有作品，版權歸高原（北京）文化傳播有限公司。"
            "任何媒體轉載、摘編、引用，須注明來源中國西藏網和署著作者名，否則將追究相關法律責任。"
        )
        site = "中國西藏網"
    else:
        source = s.source
        date_label, source_label, editor_label = "发布时间", "来源", "责编"
        notice = (
            "版权声明：凡注明“来源：中国西藏网”或“中国西藏网文”的所有作品，版权归高原（北京）文化传播有限公司。"
            "任何媒体转载、摘编、引用，须注明来源中国西藏网和署著作者名，否则将追究相关法律责任。"
        )
        site = "中国西藏网"
    spam = f'<p class="tags">{esc(SPAM_TAIL)}</p>' if traditional else ""
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(entry.title)}_{site}</title>
<meta name="keywords" content="">
</head><body>
{nav('tibet')}
<div class="crumbs"><a href="/tibet/">{site}</a> &gt; <a href="{listing_path('tibet', 1)}">即时新闻</a> &gt; 地方</div>
<div class="content_main">
<div class="title_box"><h1>{esc(entry.title)}</h1>
<div class="info"><span>{date_label}：{s.date} {s.time}:00</span><span>{source_label}： {esc(source)}</span></div></div>
<div class="TRS_Editor">{paragraphs}
<p>（{editor_label}：{esc(s.editor.split('、')[0])}）</p>
<p>{notice}</p>
{spam}
</div></div>
{related(entry, all_entries, '相关新闻')}
<div class="footer">Copyright &copy; 中国西藏网 All Rights Reserved</div>
</body></html>"""


def zqrb_article(entry: Entry, all_entries: list[Entry]) -> str:
    s = entry.story
    paragraphs = "".join(f"<p>　　{esc(p)}</p>" for p in entry.paragraphs)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{esc(entry.title)}-证券日报网</title>
<meta property="og:site_name" content="证券日报">
</head><body>
{nav('zqrb')}
<div class="news_content">
<h1>{esc(entry.title)}</h1>
<div class="info_news">{s.date} {s.time} 来源：{esc(s.source)}</div>
<div class="news_content_author">本报记者 {esc(s.author or '')}</div>
<div class="content-lcq">{paragraphs}
<p>（文章来源：{esc(s.source)}）</p></div>
<div class="fenxiang">分享到：微信 微博 QQ空间</div>
<div class="backlinks"><a href="{listing_path('zqrb', 1)}">返回列表</a> <a href="/zqrb/">返回首页</a></div>
</div>
{related(entry, all_entries, '相关阅读')}
<div class="footer">证券日报社版权所有 Copyright &copy; 2026 zqrb.cn</div>
</body></html>"""


def legaldaily_article(entry: Entry, all_entries: list[Entry]) -> str:
    """法治网: GBK pages, 来源/作者 line under the headline, 责任编辑 at the end."""
    s = entry.story
    paragraphs = "".join(f"<p>　　{esc(p)}</p>" for p in entry.paragraphs)
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{esc(entry.title)}_法治网</title></head><body>
{nav('legaldaily')}
<div class="m-article"><h1 class="tit">{esc(entry.title)}</h1>
<div class="info"><span>{s.date} {s.time}:00</span> <span>来源：{esc(s.source)}</span> <span>作者：{esc(s.author or '')}</span></div>
<div class="content" id="content">{paragraphs}</div>
<div class="editor">责任编辑：{esc(s.editor)}</div></div>
{related(entry, all_entries, '相关文章')}
<div class="footer">法治日报社版权所有</div></body></html>"""


def chinanews_article(entry: Entry, all_entries: list[Entry]) -> str:
    """中国新闻网: ``.content_left_time`` date and 来源, body in ``.left_zw``, 【编辑:…】."""
    s = entry.story
    y, m, d = s.date.split("-")
    paragraphs = "".join(f"<p>　　{esc(p)}</p>" for p in entry.paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(entry.title)}-中新网</title>
<meta name="pubdate" content="{s.date} {s.time}:00"></head><body>
{nav('chinanews')}
<div class="content_maincontent_more"><h1 class="content_left_title">{esc(entry.title)}</h1>
<div class="content_left_time">{y}年{m}月{d}日 {s.time}　来源：{esc(s.source)}</div>
<div class="left_zw">{paragraphs}</div>
<div class="adEditor"><div class="left_name"><div class="left_name">【编辑:{esc(s.editor)}】</div></div></div>
</div>
{related(entry, all_entries, '更多精彩')}
<div class="footer">中国新闻社版权所有，未经书面授权，不得复制或建立镜像</div></body></html>"""


def xinhua_article(entry: Entry, all_entries: list[Entry]) -> str:
    """新华网: ``.header-time`` split into year/day/time spans, ``.source``, ``#detail``, 【责任编辑:…】."""
    s = entry.story
    y, m, d = s.date.split("-")
    paragraphs = "".join(f"<p>　　{esc(p)}</p>" for p in entry.paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(entry.title)}-新华网</title></head><body>
{nav('xinhua')}
<div class="header"><div class="header-time left"><span class="year"><em> {y}</em></span>
<span class="day"><em> {m}</em>/<em> {d}</em></span><span class="time"> {s.time}:00</span></div>
<div class="source">来源：{esc(s.source)}</div><div class="head-line"><h1><span class="title">{esc(entry.title)}</span></h1></div></div>
<div class="main"><div id="detail">{paragraphs}</div>
<div class="editor">【责任编辑:{esc(s.editor)}】</div></div>
{related(entry, all_entries, '相关新闻')}
<div class="foot">Copyright © 2000-2026 XINHUANET.com All Rights Reserved.</div></body></html>"""


def chinapeace_article(entry: Entry, all_entries: list[Entry]) -> str:
    """中国长安网: TRS pages, ``.info`` with 来源 and time, ``#zoom`` body, 责任编辑."""
    s = entry.story
    paragraphs = "".join(f"<p>　　{esc(p)}</p>" for p in entry.paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(entry.title)}_中国长安网</title>
<meta name="PubDate" content="{s.date} {s.time}"></head><body>
{nav('chinapeace')}
<div class="position">当前位置：<a href="/chinapeace/">首页</a> &gt; 政法动态</div>
<div class="article"><div class="title">{esc(entry.title)}</div>
<div class="info">来源：{esc(s.source)}　{s.date} {s.time}　<span>【字体：大 中 小】</span></div>
<div id="zoom" class="content">{paragraphs}</div>
<div class="editor">责任编辑：{esc(s.editor)}</div></div>
{related(entry, all_entries, '相关新闻')}
<div class="footer">版权所有：中央政法委机关报 中国长安网</div></body></html>"""


TEMPLATES = {"gmw": gmw_article, "people": people_article, "tibet": tibet_article, "zqrb": zqrb_article,
             "legaldaily": legaldaily_article, "chinanews": chinanews_article, "xinhua": xinhua_article,
             "chinapeace": chinapeace_article}


def listing_page(portal: str, page: int, pages: int, items: list[Entry]) -> str:
    name = SITE_NAMES[portal]
    rows = "".join(f'<li><a href="{e.path}">{esc(e.title)}</a> <span class="date">{e.story.date}</span></li>' for e in items)
    links = []
    if page > 1:
        links.append(f'<a href="{listing_path(portal, page - 1)}">上一页</a>')
    links.extend(f'<a href="{listing_path(portal, n)}">{n}</a>' for n in range(1, pages + 1) if n != page)
    if page < pages:
        links.append(f'<a href="{listing_path(portal, page + 1)}">下一页</a>')
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>评论_{name}</title></head><body>
{nav(portal)}<h2>评论 第{page}页</h2><ul class="list">{rows}</ul><div class="page">{' '.join(links)}</div>
<div class="footer">{name}版权所有</div></body></html>"""


def portal_home(portal: str, items: list[Entry]) -> str:
    name = SITE_NAMES[portal]
    top = "".join(f'<li><a href="{e.path}">{esc(e.title)}</a></li>' for e in items[:3])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{name}</title></head><body>
{nav(portal)}<h2>{name} 今日要闻</h2><ul>{top}</ul><p><a href="{listing_path(portal, 1)}">更多评论</a></p></body></html>"""


INDEX = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>样例新闻门户</title></head><body>
<h1>样例新闻门户（本地测试站）</h1>
<ul>
<li><a href="/gmw/">光明网</a></li><li><a href="/people/">人民网</a></li>
<li><a href="/tibet/">中国西藏网</a></li><li><a href="/zqrb/">证券日报</a></li>
<li><a href="/legaldaily/">法治网</a></li><li><a href="/chinanews/">中国新闻网</a></li>
<li><a href="/xinhua/">新华网</a></li><li><a href="/chinapeace/">中国长安网</a></li>
<li><a href="/about.html">关于我们</a></li><li><a href="/go/latest">最新评论</a></li>
<li><a href="/private/drafts.html">内部稿件</a></li>
<li><a href="/chinanews/gn/2026/11-02/10599999.shtml">已删除的稿件</a></li>
</ul></body></html>"""

#: a soft 404: an article's URL, status 200, and a "page not found" page
SOFT_404 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在_中国新闻网</title></head><body>
<div class="nav"><a href="/chinanews/">中国新闻网首页</a></div><div class="err"><h2>抱歉，您访问的页面不存在或已被删除！</h2>
<p><a href="/chinanews/">返回首页</a></p></div></body></html>"""

ABOUT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于我们</title></head><body>
<h1>关于我们</h1><p>本站是新闻存档项目的本地样例门户，页面仿照真实门户的结构，文字为项目自行撰写。</p>
<p><a href="/">返回首页</a></p></body></html>"""

VIDEO = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>初冬时节公园景色如画_光明网</title></head><body>
<h1>初冬时节公园景色如画</h1><div class="video"><video src="/static/park.mp4" controls></video></div>
<p>视频时长 01:32</p><p><a href="/gmw/">返回光明网首页</a></p></body></html>"""

PRIVATE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>内部稿件</title></head><body>
<p>robots.txt 禁止抓取本页。</p></body></html>"""


def encoding_of(portal: str) -> str:
    return "gbk" if portal in ("people", "zqrb", "legaldaily") else "utf-8"


def build() -> dict[str, Page]:
    """Every static page of the portal, by path."""
    all_entries = entries()
    pages: dict[str, Page] = {}
    for portal in SITE_NAMES:
        mine = [e for e in all_entries if e.portal == portal]
        encoding = encoding_of(portal)
        content_type = {"people": "text/html; charset=GB2312", "zqrb": "text/html",
                        "legaldaily": "text/html; charset=GBK"}.get(portal, "text/html; charset=utf-8")
        gzip = portal in ("gmw", "zqrb", "xinhua")
        chunked = portal in ("people", "tibet", "chinanews")
        for entry in mine:
            body = TEMPLATES[portal](entry, all_entries).encode(encoding)
            pages[entry.path] = Page(body, content_type, gzip=gzip, chunked=chunked)
        count = (len(mine) + PER_PAGE - 1) // PER_PAGE
        for n in range(1, count + 1):
            chunk = mine[(n - 1) * PER_PAGE : n * PER_PAGE]
            pages[listing_path(portal, n)] = Page(listing_page(portal, n, count, chunk).encode("utf-8"), gzip=gzip)
        pages[f"/{portal}/"] = Page(portal_home(portal, mine).encode("utf-8"), gzip=gzip)
    pages["/"] = Page(INDEX.encode("utf-8"))
    pages["/about.html"] = Page(ABOUT.encode("utf-8"))
    pages["/gmw/video/2026-11/01/content_38120999.htm"] = Page(VIDEO.encode("utf-8"), gzip=True)
    pages["/private/drafts.html"] = Page(PRIVATE.encode("utf-8"))
    pages["/chinanews/gn/2026/11-02/10599999.shtml"] = Page(SOFT_404.encode("utf-8"))
    return pages


def robots_txt(base: str) -> Page:
    body = f"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap_index.xml\n"
    return Page(body.encode("ascii"), "text/plain")


def rss_feed(base: str, portal: str) -> Page:
    items = "".join(
        f"<item><title>{esc(e.title)}</title><link>{base}{e.path}</link><pubDate>{e.story.date}</pubDate></item>"
        for e in entries() if e.portal == portal
    )
    body = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{SITE_NAMES[portal]}</title>'
        f"<link>{base}/{portal}/</link>{items}</channel></rss>"
    )
    return Page(body.encode("utf-8"), "application/rss+xml; charset=utf-8")


def sitemap(base: str, portal: str) -> Page:
    urls = "".join(
        f"<url><loc>{base}{e.path}</loc><lastmod>{e.story.date}</lastmod></url>" for e in entries() if e.portal == portal
    )
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    return Page(body.encode("utf-8"), "application/xml")


def sitemap_index(base: str) -> Page:
    maps = "".join(f"<sitemap><loc>{base}/{p}/sitemap.xml</loc></sitemap>" for p in ("people", "tibet"))
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    return Page(body.encode("utf-8"), "application/xml")


# -- a site whose URL shapes no built-in pattern knows (the generic spider must read the pages) --------
PLAIN_ARTICLES = ["/plain/news/fanzha-xuanchuan-jinshequ.html", "/plain/a/12345", "/plain/article?id=7",
                  "/plain/a/12346",  # reached through the redirect /plain/go/latest
                  "/plain/news/duanka-xingdong.html", "/plain/news/jingfang-tixing.html", "/plain/a/12347",
                  "/plain/article?id=8", "/plain/article?id=9"]
PLAIN_LINKS_ON_INDEX = 4  # the rest are on /plain/list/2


def plain_route(path_and_query: str) -> Page | None:
    """The /plain/ site: an index, a listing, an about page, nine articles (three behind a query
    string, one behind a redirect) under shapes no pattern in GENERIC_ARTICLE_PATTERNS knows, three
    of each shape (enough for the spider to learn the site's templates)."""
    chosen = [e for e in archived_entries() if e.portal in ("gmw", "tibet", "chinanews", "legaldaily")][:4]
    chosen += [e for e in archived_entries() if e not in chosen][:len(PLAIN_ARTICLES) - len(chosen)]
    if path_and_query in PLAIN_ARTICLES:
        entry = chosen[PLAIN_ARTICLES.index(path_and_query)]
        return Page(TEMPLATES[entry.portal](entry, entries()).encode(encoding_of(entry.portal)),
                    {"gbk": "text/html; charset=GBK"}.get(encoding_of(entry.portal), "text/html; charset=utf-8"))
    if path_and_query == "/plain/go/latest":
        return Page(b"", status=302, headers=[("Location", PLAIN_ARTICLES[3])])
    links = [(href if href != PLAIN_ARTICLES[3] else "/plain/go/latest", entry.title)
             for href, entry in zip(PLAIN_ARTICLES, chosen, strict=True)]
    if path_and_query == "/plain/":
        items = "".join(f'<li><a href="{href}">{esc(title)}</a></li>' for href, title in links[:PLAIN_LINKS_ON_INDEX])
        return Page(f"""<html><head><title>反诈频道</title></head><body><h1>反诈频道</h1>
<ul>{items}</ul><p><a href="/plain/list/2">下一页</a> <a href="/plain/about">关于我们</a></p></body></html>""".encode())
    if path_and_query == "/plain/list/2":
        items = "".join(f'<li><a href="{href}">{esc(title)}</a> <span>2026-11-0{n + 1}</span></li>'
                        for n, (href, title) in enumerate(links[PLAIN_LINKS_ON_INDEX:]))
        return Page(f"<html><head><title>反诈频道 第2页</title></head><body><h1>反诈频道</h1><ul>{items}</ul>"
                    "</body></html>".encode())
    if path_and_query == "/plain/about":
        return Page("<html><head><title>关于我们</title></head><body><h1>关于我们</h1><p>本站联系方式：</p>"
                    "<p>电话 010-00000000</p></body></html>".encode())
    return None
