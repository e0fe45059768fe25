"""Packaging for scrapyd: `scrapyd-deploy` builds the project egg from this file."""
from setuptools import find_packages, setup

setup(
    name="fraudnews",
    version="0.1.0",
    packages=find_packages(exclude=["tests", "tests.*"]),
    package_data={"archive": ["data/*.tsv"]},
    entry_points={"scrapy": ["settings = crawler.settings"]},
    zip_safe=True,
)
