"""中国西藏网 (tibet.cn).

Sections: 即时新闻·地方 (www.tibet.cn/cn/Instant/local/index.html, ``index_1.html`` …, TRS CMS); the
sitemap. Articles: ``/YYYYMM/tYYYYMMDD_NNNNNNN.html``; republishes 人民日报 commentary in Traditional
script with a 版權聲明 and, on hacked pages, an injected SEO-spam tail (../shared/seeds/001).
Learnt from: the captured page in ../shared/seeds/001 (發布時間/來源 line, 責編, copyright notice) and
TRS CMS URL conventions (``t<date>_<id>.html``, ``index_N.html``) shared by many government portals.
"""
from __future__ import annotations

from crawler.spiders.base import PortalSpider


class TibetSpider(PortalSpider):
    name = "tibet"
    allowed_domains = ["tibet.cn"]
    start_urls = ["http://www.tibet.cn/cn/Instant/local/index.html", "http://www.tibet.cn/sitemap.xml"]
    article_patterns = [r"/\d{6}/t\d{8}_\d+\.html$"]
