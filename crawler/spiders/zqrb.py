"""证券日报 (zqrb.cn).

Sections: 金融 (www.zqrb.cn/finance/index.html, ``index_2.html`` …). Articles:
``/finance/…/YYYY-MM-DD/ANNNNNNNNNNNNN.html``; declared GB2312 but holding GBK-only characters;
``（文章来源：证券日报）`` after the body, back-links to the list (../shared/seeds/004).
Learnt from: the Jekyll mirror of 证券日报 articles captured in ../shared/seeds/004 and the
zqrb.cn URL shape ``/finance/hongguanjingji/2024-03-05/A1709600000000.html``.
"""
from __future__ import annotations

from crawler.spiders.base import PortalSpider


class ZqrbSpider(PortalSpider):
    name = "zqrb"
    allowed_domains = ["zqrb.cn"]
    start_urls = ["http://www.zqrb.cn/finance/index.html"]
    article_patterns = [r"/\d{4}-\d{2}-\d{2}/A\d+\.html$"]
