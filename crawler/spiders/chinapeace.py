"""中国长安网 (chinapeace.gov.cn), the central political-legal commission's portal.

Sections: 政法动态 (www.chinapeace.gov.cn/chinapeace/c100007/index.shtml, ``index_1.shtml`` …). Articles:
``/chinapeace/c100007/YYYY-MM/DD/content_NNNNNNNN.shtml``; ``.info`` with 来源 and time, a
【字体：大 中 小】 widget, ``#zoom`` body, 责任编辑.
Learnt from: the TRS CMS conventions of gov.cn portals (``content_N.shtml``, ``index_N.shtml``) seen in
public crawlers of government sites, and the politics-and-law sections that carry anti-fraud news.
"""
from __future__ import annotations

from crawler.spiders.base import PortalSpider


class ChinapeaceSpider(PortalSpider):
    name = "chinapeace"
    allowed_domains = ["chinapeace.gov.cn"]
    start_urls = ["https://www.chinapeace.gov.cn/chinapeace/c100007/index.shtml"]
    article_patterns = [r"/c\d+/\d{4}-\d{2}/\d{2}/content_\d+\.shtml$"]
