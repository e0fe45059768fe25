"""The Scrapy project: settings, spiders, raw capture, pipelines. Calls into ``archive``."""
