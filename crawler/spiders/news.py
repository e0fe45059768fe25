"""The generic spider: point it at any portal without writing code.

Example::

    scrapy crawl news -a start_urls=https://guancha.gmw.cn/,https://opinion.people.com.cn/GB/index.html
"""
from __future__ import annotations

from crawler.spiders.base import NewsSpider


class GenericNewsSpider(NewsSpider):
    """Follows same-site listings, pagination, feeds and sitemaps from ``-a start_urls``."""

    name = "news"
