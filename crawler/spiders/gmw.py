"""光明网 (gmw.cn).

Sections: 光明网评论 (guancha.gmw.cn), whose listing pages are ``node_4108.htm``, ``node_4108_2.htm`` …;
the site's RSS feed. Articles: ``/YYYY-MM/DD/content_NNNNNNNN.htm``, UTF-8; markup ``h1.u-title``,
``#source`` (来源), ``#pubTime``, ``#contentMain``, ``#contentLiability`` ([ 责编：… ]), with share
prompts, a mood widget and 推荐阅读/视觉焦点 lists around the body (../shared/seeds/000).
Learnt from: the public crawler configuration myirelias/white_list (Config/config_luminosity.py: the
``/\\d{4}-\\d{2}/\\d{2}/\\w+_\\d+.htm`` article pattern and the #articleTitle/#pubTime/#source/
#contentMain/#contentLiability fields) and the captured page in ../shared/seeds/000.
"""
from __future__ import annotations

from crawler.spiders.base import PortalSpider


class GmwSpider(PortalSpider):
    name = "gmw"
    allowed_domains = ["gmw.cn"]
    start_urls = ["https://guancha.gmw.cn/node_4108.htm", "https://www.gmw.cn/rss.xml"]
    article_patterns = [r"/\d{4}-\d{2}/\d{2}/content_\d+\.htm$"]
