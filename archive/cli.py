"""``python -m archive``: work with an archive without Scrapy.

Every command takes ``--db PATH`` (default: ``ARCHIVE_DIR/archive.db``, with ``ARCHIVE_DIR``
from the environment or ``./data``).
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click
from tqdm import tqdm

from archive.cdx import write_cdxj
from archive.extract import extract as extract_article
from archive.ingest import IngestSettings, ingest_warcs
from archive.relevance import Lexicon
from archive.store import Archive, ArchiveError

DEFAULT_ARCHIVE_DIR = "./data"


def default_db() -> str:
    return str(Path(os.environ.get("ARCHIVE_DIR", DEFAULT_ARCHIVE_DIR)) / "archive.db")


db_option = click.option(
    "--db", "db_path", default=default_db, show_default="ARCHIVE_DIR/archive.db",
    type=click.Path(dir_okay=False), help="The archive database.",
)


def open_existing(path: str) -> Archive:
    try:
        return Archive.open(path, create=False)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log what happens.")
def cli(verbose: bool) -> None:
    """Query and rebuild the fraud-news archive."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("path", type=click.File("rb"))
@click.option("--url", default="", help="The page's URL (helps dates and site names).")
@click.option("--content-type", default=None, help="The Content-Type header the page came with.")
def extract(path, url: str, content_type: str | None) -> None:
    """Extract the article of one saved page (or - for stdin) and print it as JSON.

    Example:

        python -m archive extract page.html --url https://guancha.gmw.cn/2024-02/23/content_37158613.htm
    """
    body = path.read()
    article = extract_article(body, url, content_type)
    fields = ("title", "published", "author", "source", "editor", "site", "text")
    result = {name: getattr(article, name) if article else None for name in fields}
    result["date"] = result.pop("published")
    click.echo(json.dumps(result, ensure_ascii=False))


@cli.command()
@db_option
def stats(db_path: str) -> None:
    """Count what the archive holds.

    Example:

        python -m archive stats --db data/archive.db
    """
    store = open_existing(db_path)
    try:
        counts = store.counts()
        click.echo(f"database: {db_path}")
        for name, count in counts.items():
            click.echo(f"{name}: {count}")
        for row in store.db.query("select site, count(*) as n from articles group by site order by n desc"):
            click.echo(f"  {row['site']}: {row['n']}")
    finally:
        store.close()


def warc_paths(arguments: tuple[str, ...]) -> list[Path]:
    """WARC files named, or the ``*.warc.gz`` files of directories named, in name order."""
    paths: list[Path] = []
    for item in arguments:
        item_path = Path(item)
        paths.extend(sorted(item_path.glob("*.warc.gz")) if item_path.is_dir() else [item_path])
    if not paths:
        raise click.ClickException("no WARC files given")
    return paths


@cli.command()
@click.argument("warcs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
def index(warcs: tuple[str, ...]) -> None:
    """Write a CDXJ index beside each WARC file (the crawl does this when it closes a file).

    Example:

        python -m archive index data/warc/
    """
    for path in warc_paths(warcs):
        target = write_cdxj(path)
        click.echo(f"{target} ({sum(1 for _ in open(target, encoding='utf-8'))} lines)")


@cli.command()
@click.argument("warcs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
@db_option
@click.option("--min-chars", default=80, show_default=True, help="Shorter bodies are not articles (EXTRACT_MIN_CHARS).")
@click.option("--min-score", default=4.0, show_default=True, help="Relevance threshold (RELEVANCE_MIN_SCORE).")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Lexicon file (RELEVANCE_LEXICON; default: archive/data/lexicon.tsv).")
@click.option("--near-threshold", default=0.6, show_default=True, help="Containment that makes a near duplicate.")
def rebuild(warcs: tuple[str, ...], db_path: str, min_chars: int, min_score: float, lexicon: str | None,
            near_threshold: float) -> None:
    """Build the archive from WARC files alone (no network). Running it twice changes nothing.

    A directory argument stands for the *.warc.gz files in it.

    Example:

        python -m archive rebuild --db rebuilt.db data/warc/
    """
    paths = warc_paths(warcs)
    try:
        store = Archive.open(db_path)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        total = sum(p.stat().st_size for p in paths)
        with tqdm(total=total, unit="B", unit_scale=True, desc="rebuild", file=sys.stderr) as bar:
            settings = IngestSettings(min_chars, min_score, Lexicon.load(lexicon) if lexicon else Lexicon.load(),
                                      near_threshold)
            report = ingest_warcs(store, paths, settings, progress=bar.update)
        counts = report.counts
        click.echo(
            f"{counts['files']} WARC files, {counts['captures']} captures, {counts['inserted']} articles added, "
            f"{counts['url'] + counts['exact'] + counts['near']} copies of archived articles "
            f"({counts['url']} by URL, {counts['exact']} exact, {counts['near']} near), "
            f"{counts['seen']} already archived, {counts['offtopic']} off-topic, "
            f"{counts['no_article']} without article text"
        )
    finally:
        store.close()
