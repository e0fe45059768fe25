"""The sample portal's hostile section (/hostile/…): what real portals do to a crawler.

Each route is one class of trouble; tests/test_hostile.py crawls them all and checks, per class, that
the crawl finished, said what happened (a log line and a named stat), kept a valid WARC of what was
received, and let no partial or garbage row into ``articles``.
"""
from __future__ import annotations

import gzip
import random
import socket
import struct
import time

from tests.portal import site
from tests.portal.content import STORIES

FRAUD_TEXT = (
    "近日，警方破获一起冒充客服实施电信网络诈骗的案件。诈骗分子以退款为名，诱导受害人开通屏幕共享并转账。",
    "警方提醒，国家反诈中心App可以识别涉诈来电，遇到要求转账到安全账户的情况，一定是诈骗，请立即报警。",
    "反诈宣传要常抓不懈，金融机构和通信企业也要落实风险防控责任，共同守护群众的钱袋子。",
)


def article_page(title: str, charset_label: str, extra: str = "") -> str:
    """An anti-fraud article: each title gets the body of a different story of the sample portal, so no
    two hostile pages are copies of each other."""
    stories = [s for s in STORIES if s.topic == "fraud"]
    story = stories[sum(map(ord, title)) % len(stories)]
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs + FRAUD_TEXT[1:2])
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset_label}">'
            f"<title>{title}_样例门户</title></head><body><h1>{title}</h1>"
            f"<div class='info'>2026-11-21 09:00 来源：样例门户</div><div class='content'>{body}{extra}</div></body></html>")


INDEX_LINKS = [
    "/hostile/status/503", "/hostile/status/500", "/hostile/stall", "/hostile/reset", "/hostile/short",
    "/hostile/2026-11/21/content_1001.htm", "/hostile/2026-11/21/content_1002.htm",
    "/hostile/2026-11/21/content_1003.htm", "/hostile/2026-11/21/content_1004.htm",
    "/hostile/gzip-bomb", "/hostile/loop", "/hostile/calendar/2026-11-23", "/hostile/bad.rss",
    "/hostile/bad-sitemap.xml", "/hostile/xxe.rss", "/hostile/laughs.xml", "/hostile/2026-11/21/content_1005.htm",
    "/hostile/2026-11/21/content_1006.htm", "/hostile/2026-11/21/content_1007.htm;jsessionid=ABC123",
    "/hostile/2026-11/21/content_1007.htm?sessionid=9f8e7d&utm_source=wechat", "/private/drafts.html",
    "/hostile/2026-11/21/content_1008.htm", "/hostile/2026-11/21/content_1009.htm",
    "http://evil.example/2026-11/21/content_666.htm", "//cdn.example.net/hostile/tracker.html",
    "/hostile/gb2312.rss",
]

#: a Hong Kong story in Traditional script, every character of it in Big5
BIG5_STORY = ("警方提醒市民，近日接獲多宗假冒銀行職員的電話騙案。騙徒來電聲稱事主戶口涉及洗黑錢，要求事主把存款轉帳至所謂"
              "安全帳戶，再以各種理由要求事主下載手機程式並提供驗證碼。有事主信以為真，損失數十萬元。警方強調，銀行職員"
              "不會要求客戶轉帳至其他帳戶，市民如接到可疑來電，應立即掛線並致電防騙熱線查詢。")


def calendar_page(day: str) -> bytes:
    """An endless calendar: every day links to the day before, forever."""
    y, m, d = (int(x) for x in day.split("-"))
    previous = time.strftime("%Y-%m-%d", time.gmtime(time.mktime((y, m, d, 12, 0, 0, 0, 0, 0)) - 86400))
    return (f"<html><body><h2>{day} 的新闻</h2><a href='/hostile/calendar/{previous}'>下一页</a>"
            f"<a href='/hostile/calendar/{previous}?view=list'>前一天</a></body></html>").encode()


def route(handler, path: str, query: dict[str, str] | None = None) -> site.Page | None:
    """The hostile page at ``path``; None for a path not in the section. Some routes answer on the
    socket themselves (stalls, resets) and return an empty Page flagged ``handled``."""
    query = query or {}
    if path == "/hostile/":
        links = "".join(f"<li><a href='{u}'>{u}</a></li>" for u in INDEX_LINKS)
        return site.Page(f"<html><body><ul>{links}</ul></body></html>".encode())
    if path.startswith("/hostile/status/"):
        code = int(path.rsplit("/", 1)[1])
        return site.Page(b"<html><body>error</body></html>", status=code, headers=[("Retry-After", "1")])
    if path == "/hostile/stall":  # headers never come: the crawler's timeout must end it
        time.sleep(8)
        return site.Page(b"<html><body>late</body></html>")
    if path == "/hostile/reset":  # half the body, then a TCP reset
        body = article_page("连接被重置", "utf-8").encode()
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[: len(body) // 2])
        handler.wfile.flush()
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        return site.Page(b"", handled=True)
    if path == "/hostile/short":  # Content-Length promises more than comes
        body = article_page("内容不完整", "utf-8").encode()
        return site.Page(body[: len(body) // 2], short_by=len(body) - len(body) // 2)
    if path == "/hostile/2026-11/21/content_1001.htm":  # GBK bytes, labelled UTF-8
        return site.Page(article_page("标错编码的文章", "utf-8").encode("gbk"), "text/html; charset=utf-8")
    if path == "/hostile/2026-11/21/content_1002.htm":  # UTF-8 bytes, labelled GBK
        return site.Page(article_page("标成GBK的文章", "gbk").encode("utf-8"), "text/html; charset=gbk")
    if path == "/hostile/2026-11/21/content_1003.htm":  # GB18030, with characters beyond GBK
        page = article_page("GB18030编码的文章", "gb18030", "<p>警方提示：𠀀𠀁字样的短信也可能是诈骗。</p>")
        return site.Page(page.encode("gb18030"), "text/html; charset=gb18030")
    if path == "/hostile/2026-11/21/content_1004.htm":  # far over the size limits
        filler = "<p>" + "反诈宣传要常抓不懈。" * 60 + "</p>"
        return site.Page(article_page("超大页面", "utf-8", filler * 4000).encode())
    if path == "/hostile/gzip-bomb":  # 64 MB of zeros in 64 KB of gzip
        page = site.Page(gzip.compress(b"\0" * (64 << 20), compresslevel=9), "text/html")
        page.headers.append(("Content-Encoding", "gzip"))
        return page
    if path == "/hostile/loop":  # every hop a new URL, so only a redirect limit ends it
        hop = int(query.get("n", "0")) if query.get("n", "0").isdigit() else 0
        return site.Page(b"", status=302, headers=[("Location", f"/hostile/loop?n={hop + 1}")])
    if path.startswith("/hostile/calendar/"):
        return site.Page(calendar_page(path.rsplit("/", 1)[1]))
    if path == "/hostile/bad.rss":  # cut off in the middle of an item
        return site.Page('<?xml version="1.0"?><rss version="2.0"><channel><item><title>半截</title><link>/hostile/2026-11'
                         .encode(), "application/rss+xml")
    if path == "/hostile/gb2312.rss":  # labelled GB2312, holding a GBK-only character (喆): libxml2 refuses it
        items = "".join(f"<item><title>{t}</title><link>/hostile/2026-11/22/content_{n}.htm</link></item>"
                        for n, t in ((1010, "张喆：谨防冒充客服退款诈骗"), (1011, "香港警方提醒慎防電話騙案")))
        return site.Page(f'<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>反诈</title>{items}'
                         "</channel></rss>".encode("gb18030"), "application/rss+xml")
    if path == "/hostile/2026-11/22/content_1010.htm":  # linked from the GB2312 feed only
        return site.Page(article_page("订阅源里的文章", "gbk").encode("gbk"), "text/html; charset=gbk")
    if path == "/hostile/2026-11/22/content_1011.htm":  # Big5, no charset in the headers or the markup
        page = ("<html><head><title>香港警方提醒慎防電話騙案</title></head><body><h1>香港警方提醒慎防電話騙案</h1>"
                "<div class='info'>2026-11-22 09:00</div><div class='content'>"
                + "".join(f"<p>{BIG5_STORY}</p>" for _ in range(2)) + "</div></body></html>")
        return site.Page(page.encode("big5"), "text/html")
    if path == "/hostile/bad-sitemap.xml":
        return site.Page(b"<urlset><url><loc>http://127.0.0.1/x</loc></url><url><loc>&&&</urlset>", "application/xml")
    if path == "/hostile/xxe.rss":  # an external entity: must never be resolved
        body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                b"<rss version='2.0'><channel><item><title>&xxe;</title><link>/hostile/xxe-&xxe;.htm</link></item>"
                b"</channel></rss>")
        return site.Page(body, "application/rss+xml")
    if path == "/hostile/laughs.xml":  # entity expansion ("billion laughs"): must never be expanded
        entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
        body = (f'<?xml version="1.0"?><!DOCTYPE urlset [{entities}]><urlset><url><loc>&a9;</loc></url></urlset>').encode()
        return site.Page(body, "application/xml")
    if path == "/hostile/2026-11/21/content_1005.htm":  # binary served as text/html
        return site.Page(random.Random(5).randbytes(20000), "text/html")
    if path == "/hostile/2026-11/21/content_1006.htm":  # empty 200
        return site.Page(b"", "text/html")
    if path.startswith("/hostile/2026-11/21/content_1007.htm"):  # one article, many session/tracking URLs
        return site.Page(article_page("带会话参数的同一篇文章", "utf-8").encode())
    if path == "/hostile/2026-11/21/content_1008.htm":  # an article page with no text
        return site.Page("<html><head><title>图片新闻_样例门户</title></head><body><h1>图片新闻</h1>"
                         "<img src='/a.jpg'><img src='/b.jpg'><a href='/'>首页</a></body></html>".encode())
    if path == "/hostile/2026-11/21/content_1009.htm":  # SEO spam, nothing else
        spam = "| ".join(["澳门新葡京娱乐", "皇冠体育投注", "百家乐在线开户", "时时彩计划", "真人棋牌下载"] * 30)
        return site.Page(f"<html><body><h1>最新消息</h1><p>{spam}</p><p>{spam}</p></body></html>".encode())
    return None
