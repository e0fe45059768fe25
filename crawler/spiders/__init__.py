"""Spiders: ``news`` crawls any site; one small class per portal builds on ``base.NewsSpider``."""
