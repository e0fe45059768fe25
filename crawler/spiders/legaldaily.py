"""法治日报 / 法治网 (legaldaily.com.cn).

Sections: 评论 (www.legaldaily.com.cn/commentary/node_34252.html, ``node_34252_2.html`` …). Articles:
``/commentary/content/YYYY-MM/DD/content_NNNNNNN.html``; GBK; 来源/作者 line under the headline, 责任编辑
at the end.
Learnt from: the 法治日报 commentary republished by 光明网 in ../shared/seeds/000 (来源:法治日报, the
``(作者:…)`` line) and the content_N.html shape legaldaily.com.cn shares with 光明网's CMS.
"""
from __future__ import annotations

from crawler.spiders.base import PortalSpider


class LegaldailySpider(PortalSpider):
    name = "legaldaily"
    allowed_domains = ["legaldaily.com.cn"]
    start_urls = ["http://www.legaldaily.com.cn/commentary/node_34252.html"]
    article_patterns = [r"/content/\d{4}-\d{2}/\d{2}/content_\d+\.html?$"]
