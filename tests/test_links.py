"""NewsSpider.article_links (the href scan of article pages) finds what Scrapy's LinkExtractor
finds, filtered to same-site article URLs; no network: responses built in memory."""
from __future__ import annotations

from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from crawler.spiders.base import NewsSpider

PAGE = """<html><head><meta charset="utf-8">{base}</head><body>
<a href="content_38119961.htm">same directory</a>
<a href='../../2026-10/27/content_38119962.htm#comments'>up two, with a fragment</a>
<a href=/2026-10/28/content_38119963.htm>bare, root-relative</a>
<a class="x" href="http://www.gmw.cn/2026-10/28/content_38119964.htm?a=1&amp;b=2">absolute, an entity</a>
<a href="https://other.example/2026-10/28/content_1.htm">offsite</a>
<a href="/node_4108.htm">a section, not an article</a>
<a href="javascript:void(0)">script</a>
<a href="/2026-10/28/content_38119963.htm">the same article again</a>
<a href="/专题/2026-10/28/content_38119965.htm">non-ASCII path</a>
<a href="/print/2026-10/28/content_38119966.htm">print view (denied)</a>
<A HREF="/2026-10/29/content_38119967.htm">upper case</A>
<a href="http://[bad/2026-10/29/content_38119968.htm">an IPv6 host no parser reads</a>
<a href="http://gmw.cn:99999999/2026-10/29/content_38119969.htm">a port out of range</a>
</body></html>"""


def spider() -> NewsSpider:
    project = get_project_settings()
    crawler = get_crawler(NewsSpider, {k: v for k, v in project.copy_to_dict().items() if k.startswith("NEWS_")})
    return NewsSpider.from_crawler(crawler, name="t", start_urls="http://guancha.gmw.cn/", allowed_domains="gmw.cn")


def links_by_extractor(s: NewsSpider, response: HtmlResponse) -> list[str]:
    urls = [link.url.split("#", 1)[0] for link in LinkExtractor(unique=True).extract_links(response)]
    return list(dict.fromkeys(u for u in urls if s.is_article_url(u) and s.is_same_site(u) and not s.is_denied(u)))


def test_article_links_equal_the_link_extractors():
    s = spider()
    for base in ("", '<base href="http://guancha.gmw.cn/2026-01/01/">'):
        response = HtmlResponse("http://guancha.gmw.cn/2026-10/28/content_38119960.htm",
                                body=PAGE.format(base=base).encode("utf-8"), encoding="utf-8")
        found = s.article_links(response)
        assert found == links_by_extractor(s, response)
        assert len(found) == 6, found
        assert "http://www.gmw.cn/2026-10/28/content_38119964.htm?a=1&b=2" in found
        assert not any("print" in u or "other.example" in u or "node_" in u or "[bad" in u for u in found)
    again = s.article_links(response)  # answered from the remembered hrefs: the same
    assert again == found and s._href_memory
    # the two unreadable hrefs (an IPv6 host no parser reads, a port out of range): counted, not followed
    assert s.crawler.stats.get_value("discover/bad_links") == 2  # once each: absolute hrefs are remembered


def test_gbk_page_links():
    s = spider()
    body = PAGE.format(base="").replace('charset="utf-8"', 'charset="gbk"').encode("gbk")
    response = HtmlResponse("http://guancha.gmw.cn/2026-10/28/content_38119960.htm", body=body)
    assert response.encoding in ("gbk", "gb18030")
    assert s.article_links(response) == links_by_extractor(s, response)
