"""``scrapy crawlall``: every portal spider in one process, then a summary table.

Each run also lands in the archive's ``crawls`` table (crawler.crawlstats.CrawlRecorder). The exit
status is 1 when any spider failed: it did not finish normally, fetched nothing, or raised errors.
"""
from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand
from scrapy.crawler import Crawler

from crawler.refusal import quiet_refusal
from crawler.spiders.base import PortalSpider

COLUMNS = ("portal", "pages", "new articles", "duplicates", "off-topic", "errors", "finish reason")


def summary_row(name: str, stats: dict) -> tuple:
    def count(*keys: str) -> int:
        return sum(int(stats.get(key, 0) or 0) for key in keys)

    return (name, count("response_received_count"), count("store/inserted"),
            count("dedup/url", "dedup/exact", "dedup/near"), count("relevance/offtopic"),
            count("log_count/ERROR", "spider_exceptions/count"), stats.get("finish_reason", "?"))


def failed(row: tuple) -> bool:
    _, pages, _, _, _, errors, reason = row
    return reason != "finished" or pages == 0 or errors > 0  # refusals and store/WARC failures included


def table(rows: list[tuple]) -> str:
    widths = [max(len(str(r[i])) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(COLUMNS, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Run every portal spider in one process and print a summary per portal"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--only", metavar="NAMES", help="comma-separated spider names (default: every portal)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        loader = self.crawler_process.spider_loader
        names = [n for n in sorted(loader.list()) if issubclass(loader.load(n), PortalSpider)]
        if opts.only:
            wanted = [n.strip() for n in opts.only.split(",") if n.strip()]
            unknown = set(wanted) - set(names)
            if unknown:
                print(f"not portal spiders: {', '.join(sorted(unknown))}", file=sys.stderr)
                self.exitcode = 2
                return
            names = wanted
        crawlers: dict[str, Crawler] = {}
        for name in names:
            crawler = self.crawler_process.create_crawler(name)
            crawlers[name] = crawler
            quiet_refusal(self.crawler_process.crawl(crawler))
        self.crawler_process.start()
        rows = [summary_row(name, crawler.stats.get_stats()) for name, crawler in crawlers.items()]
        print(table(rows))
        bad = [row[0] for row in rows if failed(row)]
        if bad:
            print(f"failed: {', '.join(bad)}", file=sys.stderr)
            self.exitcode = 1
