"""The item a spider yields for every article candidate page."""
from __future__ import annotations

import scrapy


class PageItem(scrapy.Item):
    """A fetched page the spider takes for an article; the pipelines turn it into an Article."""

    url = scrapy.Field()  # final URL (after redirects)
    portal = scrapy.Field()  # spider name
    body = scrapy.Field()  # decoded-of-content-encoding bytes, as the page's HTML
    content_type = scrapy.Field()  # the Content-Type response header
    warc_file = scrapy.Field()  # where the raw exchange was written
    warc_offset = scrapy.Field()
    warc_record_id = scrapy.Field()
    fetched_at = scrapy.Field()
    check = scrapy.Field()  # why it is taken for an article: "pattern", "template" (URL) or "content"
    article = scrapy.Field()  # archive.article.Article, set by AnalysePipeline
    fingerprint = scrapy.Field()  # archive.dedup.Fingerprint of an on-topic article, set by AnalysePipeline
    index_entries = scrapy.Field()  # archive.search.IndexEntries: its full-text entries, set by AnalysePipeline

    def __repr__(self) -> str:  # the body stays out of log lines (it is in the WARC)
        return f"<PageItem {self.get('url')}>"
