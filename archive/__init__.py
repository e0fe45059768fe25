"""Plain-Python core of the news archive: WARC capture, extraction, store.

Nothing in this package imports Scrapy; the crawler (``crawler/``) calls into it.
"""
from __future__ import annotations

__version__ = "0.1.0"
