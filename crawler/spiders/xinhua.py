"""新华网 (news.cn, formerly xinhuanet.com).

Sections: 法治 (www.news.cn/legal/index.html, ``index_2.html`` …). Articles:
``/legal/YYYYMMDD/<32 hex>/c.html`` (before 2021: ``/YYYY-MM/DD/c_NNNNNNNNN.htm`` on xinhuanet.com);
the date is split over ``.year``/``.day``/``.time`` spans before the headline; ``#detail`` body,
``【责任编辑:…】``.
Learnt from: ChinaPoliticSearchers/ChinaPolitic (PoliticCrawler/src/website/xinhua: the old
``/2013-02/01/c_114586554.htm`` shape) and public spiders allowing ``xinhuanet.com`` and ``news.cn``.
"""
from __future__ import annotations

from crawler.spiders.base import PortalSpider


class XinhuaSpider(PortalSpider):
    name = "xinhua"
    allowed_domains = ["news.cn", "xinhuanet.com"]
    start_urls = ["http://www.news.cn/legal/index.html"]
    article_patterns = [r"/\d{8}/[0-9a-f]{32}/c\.html$", r"/\d{4}-\d{2}/\d{2}/c_\d+\.htm$"]
