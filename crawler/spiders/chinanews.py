"""中国新闻网 (chinanews.com.cn).

Sections: 国内 (www.chinanews.com.cn/china/, then ``2.shtml`` …). Articles: ``/gn/YYYY/MM-DD/NNNNNNNN.shtml``;
``.content_left_time`` (``2024年03月05日 10:52　来源：中国新闻网``), body in ``.left_zw``, ``【编辑:…】``;
titles end in ``-中新网``.
Learnt from: BlueJillYang/Scrapy_spiders (guangming/spiders/zgxww_01.py: chinanews channel listings
``*.shtml``), public crawlers of www.chinanews.com.cn/china/, and the scroll-news list pattern
``/scroll-news/…/news.shtml`` documented in a public webmagic processor.
"""
from __future__ import annotations

from crawler.spiders.base import PortalSpider


class ChinanewsSpider(PortalSpider):
    name = "chinanews"
    allowed_domains = ["chinanews.com.cn", "chinanews.com"]
    start_urls = ["https://www.chinanews.com.cn/china/"]
    article_patterns = [r"/(gn|sh|fz|cj)/\d{4}/\d{2}-\d{2}/\d+\.shtml$"]
