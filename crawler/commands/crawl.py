"""``scrapy crawl``, as Scrapy's own, but its exit status tells a crawl that failed its job.

Scrapy exits 0 when a spider closes for any reason; a nightly job must see a crawl whose archive
database failed (``store_failed``), whose WARC writer failed (``warc_write_failed``) or that was
refused at start (another crawl holds ARCHIVE_DIR, a bad JOBDIR): those exit 1.
"""
from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.refusal import crawl_failed, quiet_refusal


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name (`scrapy list` shows them)")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        quiet_refusal(self.crawler_process.crawl(crawler, **opts.spargs))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawl_failed(crawler):
            self.exitcode = 1
