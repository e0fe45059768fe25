"""人民网 (people.com.cn).

Sections: 人民网观点 (opinion.people.com.cn/GB/1003/index.html, then ``index2.html`` …); the sitemap.
Articles: ``/n1/YYYY/MMDD/cNNNN-NNNNNNNN.html``; pages declare GB2312 and hold GBK text (decoded as
GB18030); markup ``div.text_title h1``, ``div.box01 div.fl`` with ``2024年03月05日08:18 来源：人民网－人民日报``,
``#rwb_zw`` body, ``div.edit`` (责编：…).
Learnt from: BlueJillYang/Scrapy_spiders (guangming/spiders/people_news_01.py: the /n1/…/c…-….html
shape and the GB section listings) and the real 人民网 page in ../shared/corpus/dev/people_1.html.
"""
from __future__ import annotations

from crawler.spiders.base import PortalSpider


class PeopleSpider(PortalSpider):
    name = "people"
    allowed_domains = ["people.com.cn"]
    start_urls = ["http://opinion.people.com.cn/GB/1003/index.html", "http://www.people.com.cn/sitemap.xml"]
    article_patterns = [r"/n\d/\d{4}/\d{4}/c\d+-\d+(-\d+)?\.html$"]
