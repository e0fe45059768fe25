"""``python -m archive``: work with an archive without Scrapy.

Every command takes ``--db PATH`` (default: ``ARCHIVE_DIR/archive.db``, with ``ARCHIVE_DIR``
from the environment or ``./data``).
"""
from __future__ import annotations

import csv
import json
import logging
import os
import sqlite3
import sys
from pathlib import Path

import click
from tqdm import tqdm

from archive.analyse import Analyser
from archive.cdx import write_cdxj
from archive.clean import strip_controls
from archive.extract import extract as extract_article
from archive.rebuild import rebuild_from_warcs
from archive.relevance import Lexicon
from archive.report import render as render_report
from archive.report import report_data
from archive.store import ArchiveDB, ArchiveError
from archive.warcread import DEFAULT_MAX_BODY

DEFAULT_ARCHIVE_DIR = "./data"


def default_db() -> str:
    return str(Path(os.environ.get("ARCHIVE_DIR", DEFAULT_ARCHIVE_DIR)) / "archive.db")


db_option = click.option(
    "--db", "db_path", default=default_db, show_default="ARCHIVE_DIR/archive.db",
    type=click.Path(dir_okay=False), help="The archive database.",
)


def open_existing(path: str) -> ArchiveDB:
    try:
        return ArchiveDB.open(path, create=False)
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
    echo(json.dumps(result, ensure_ascii=False))


@cli.command()
@db_option
def stats(db_path: str) -> None:
    """Count what the archive holds: stories, copies, captures, per portal, last crawls.

    Example:

        python -m archive stats --db data/archive.db
    """
    store = open_existing(db_path)
    try:
        counts = store.counts()
        echo(f"database: {db_path}")
        for name, count in counts.items():
            echo(f"{name}: {count}")
        echo("per portal (stories, copies):")
        for row in store.per_site():
            echo(f"  {row['name']}: {row['stories']}, {row['copies']}")
        crawls = store.last_crawls(5)
        if crawls:
            echo("last crawls:")
        for row in crawls:
            echo(f"  #{row['id']} {row['spider']} {row['started']} {row['finish_reason']}: {row['pages']} pages, "
                       f"{row['articles_new']} new, {row['duplicates']} copies, {row['offtopic']} off-topic, "
                       f"{row['errors']} errors")
        templates = store.url_templates()
        if templates:
            echo(f"learnt article URL templates: {len(templates)} (`python -m archive templates` lists them)")
    finally:
        store.close()


@cli.command()
@db_option
@click.option("--site", default=None, help="Only this site's (and its subdomains') templates.")
def templates(db_path: str, site: str | None) -> None:
    """List the article URL templates crawls learnt per site (pages read as articles by their
    content under one URL shape): the next crawl of a site starts with them.

    Example:

        python -m archive templates --db data/archive.db
    """
    store = open_existing(db_path)
    try:
        rows = store.url_templates([site] if site else None)
        if not rows:
            echo("no learnt templates")
        for row in rows:
            echo(f"{row['site']}{row['template']}\t{row['pages']} articles, {row['listings']} not articles, "
                 f"first seen {row['first_seen']}, last seen {row['last_seen']}")
    finally:
        store.close()


@cli.command()
@click.argument("term")
@db_option
@click.option("--limit", default=20, show_default=True, help="At most this many articles.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of text.")
def search(term: str, db_path: str, limit: int, as_json: bool) -> None:
    """Full-text search in Chinese, best matches first. Two-character terms (诈骗, 反诈) work, and a
    Simplified term finds articles in Traditional script. Several words: all must occur.

    Example:

        python -m archive search 反诈 --db data/archive.db
    """
    store = open_existing(db_path)
    try:
        rows = store.search(term, limit)
    finally:
        store.close()
    for row in rows:
        if as_json:
            echo(json.dumps(row, ensure_ascii=False))
        else:
            echo(f"{row['id']:>6}  {row['site'] or '-'}  {(row['published'] or '')[:10]}  {row['title']}")
            echo(f"        {row['snippet']}")
    if not as_json:
        echo(f"{len(rows)} article{'s' if len(rows) != 1 else ''} for {term!r}", err=True)


@cli.command()
@click.argument("article_id", type=int)
@db_option
def show(article_id: int, db_path: str) -> None:
    """Show one article: its fields, text, relevance, copies and WARC record.

    Example:

        python -m archive show 1 --db data/archive.db
    """
    store = open_existing(db_path)
    try:
        rows = store.rows("select * from articles where id = ?", [article_id])
        if not rows:
            raise click.ClickException(f"no article {article_id} in {db_path}")
        row = rows[0]
        copies = store.copies_of(article_id)
    finally:
        store.close()
    echo(row["title"] or "(no title)")
    for name in ("site", "published", "source", "author", "editor", "url", "relevance_score"):
        echo(f"{name}: {row[name] if row[name] is not None else '-'}")
    echo(f"relevance_terms: {row['relevance_terms']}")
    echo(f"warc: {row['warc_file']} @ {row['warc_offset']} {row['warc_record_id']}")
    echo(f"copies: {len(copies)}")
    for copy in copies:
        echo(f"  {copy['kind']} {copy['similarity']:.2f} {copy['site']} {copy['url']}")
    echo("")
    echo(row["text"])


EXPORT_COLUMNS = ["id", "url", "site", "title", "published", "source", "author", "editor", "relevance_score",
                  "relevance_terms", "copies", "text"]


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="File (default: stdout).")
@click.option("--site", default=None, help="Only this portal's articles.")
@click.option("--since", default=None, help="Only articles published on or after this date (YYYY-MM-DD).")
def export(db_path: str, fmt: str, output, site: str | None, since: str | None) -> None:
    """Export articles as JSON Lines or CSV, with how many copies each has.

    Example:

        python -m archive export --format csv --output articles.csv --db data/archive.db
    """
    store = open_existing(db_path)
    try:
        total, rows = store.export_rows(site, since)
        writer = csv.DictWriter(output, EXPORT_COLUMNS, extrasaction="ignore") if fmt == "csv" else None
        if writer:
            writer.writeheader()
        with tqdm(total=total, unit="article", desc="export", file=sys.stderr, disable=total < 1000) as bar:
            for row in rows:
                if writer:
                    writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
                else:
                    output.write(json.dumps({k: row[k] for k in EXPORT_COLUMNS}, ensure_ascii=False) + "\n")
                bar.update(1)
    finally:
        store.close()
    if output is not sys.stdout and getattr(output, "name", "-") != "<stdout>":
        echo(f"{total} articles written to {output.name} ({fmt})")


def echo(message: object = "", err: bool = False) -> None:
    """``click.echo`` of text from the archive, without control characters or terminal escapes (a
    crawled title must not retitle or recolour the user's terminal)."""
    click.echo(strip_controls(str(message)), err=err)


def spreadsheet_safe(value):
    r"""A CSV cell a spreadsheet will not run: text starting with ``= + - @``, a tab or a CR gets a
    leading ``'`` (OWASP's advice against formula injection); other values pass through.

    >>> spreadsheet_safe('=HYPERLINK("http://x","点我")'), spreadsheet_safe("-5"), spreadsheet_safe(3)
    ('\'=HYPERLINK("http://x","点我")', "'-5", 3)
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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
        echo(f"{target} ({sum(1 for _ in open(target, encoding='utf-8'))} lines)")


@cli.command()
@click.argument("warcs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
@db_option
@click.option("--min-chars", default=80, show_default=True, help="Shorter bodies are not articles (EXTRACT_MIN_CHARS).")
@click.option("--min-score", default=4.0, show_default=True, help="Relevance threshold (RELEVANCE_MIN_SCORE).")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Lexicon file (RELEVANCE_LEXICON; default: archive/data/lexicon.tsv).")
@click.option("--near-threshold", default=0.6, show_default=True, help="Containment that makes a near duplicate.")
@click.option("--max-body", default=DEFAULT_MAX_BODY, show_default=True,
              help="Bodies longer than this, raw or inflated, are not extracted (the crawl's DOWNLOAD_MAXSIZE).")
@click.option("--timeout", default=10.0, show_default=True,
              help="CPU seconds a page may take to extract; past it the page is skipped (EXTRACT_TIMEOUT).")
@click.option("--workers", default=0, show_default=True, type=click.IntRange(min=0),
              help="Extract in this many processes (0: in this one); the archive is the same, row for row.")
def rebuild(warcs: tuple[str, ...], db_path: str, min_chars: int, min_score: float, lexicon: str | None,
            near_threshold: float, max_body: int, timeout: float, workers: int) -> None:
    """Build the archive from WARC files alone (no network). Running it twice changes nothing.

    A directory argument stands for the *.warc.gz files in it.

    Example:

        python -m archive rebuild --db rebuilt.db data/warc/

        python -m archive rebuild --workers 4 --db rebuilt.db data/warc/
    """
    paths = warc_paths(warcs)
    try:
        store = ArchiveDB.open(db_path)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        total = sum(p.stat().st_size for p in paths)
        with tqdm(total=total, unit="B", unit_scale=True, desc="rebuild", file=sys.stderr) as bar:
            settings = Analyser(min_chars, min_score, Lexicon.load(lexicon) if lexicon else Lexicon.load(),
                                      near_threshold, timeout)
            report = rebuild_from_warcs(store, paths, settings, progress=bar.update, max_body=max_body,
                                        workers=workers)
        counts = report.counts
        echo(
            f"{counts['files']} WARC files, {counts['captures']} captures, {counts['inserted']} articles added, "
            f"{counts['url'] + counts['exact'] + counts['near']} copies of archived articles "
            f"({counts['url']} by URL, {counts['exact']} exact, {counts['near']} near), "
            f"{counts['seen']} already archived, {counts['offtopic']} off-topic, "
            f"{counts['no_article']} without article text, {counts['not_article']} not articles by their content"
        )
        skipped = {"damaged regions": counts["read_damaged"], "records cut short": counts["read_cut"],
                   "bodies over --max-body": counts["read_too_large"], "pages the extractor failed on": counts["failed"],
                   "pages over --timeout": counts["timeout"],
                   "pages that killed an extraction worker": counts["worker_died"],
                   "unresolved revisits": counts["revisit_unresolved"]}
        if any(skipped.values()):
            echo("skipped (logged, still in the WARC files): "
                       + ", ".join(f"{n} {what}" for what, n in skipped.items() if n))
    finally:
        store.close()


@cli.command()
@click.argument("out_path", metavar="OUT.db", type=click.Path(dir_okay=False))
@click.argument("sources", metavar="IN.db...", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--near-threshold", default=0.6, show_default=True, help="Containment that makes a near duplicate.")
def merge(out_path: str, sources: tuple[str, ...], near_threshold: float) -> None:
    """Merge archives written by separate processes or machines into OUT.db (created if need be):
    captures and crawls as they are, articles deduplicated across the inputs from their stored
    signatures, each copy kept with its story. No WARC file is read; the inputs are only read
    (one of an older schema is first migrated in place).

    Example:

        python -m archive merge merged.db crawl-1/archive.db crawl-2/archive.db
    """
    from archive.merge import merge_into

    try:
        out = ArchiveDB.open(out_path)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        for source in sources:
            if Path(source).resolve() == Path(out_path).resolve():
                raise click.ClickException(f"{source} is the output itself")
            try:
                counts = merge_into(out, source, near_threshold)
            except (ArchiveError, sqlite3.Error) as exc:
                raise click.ClickException(f"{source}: {exc}") from exc
            copies = counts["articles_url"] + counts["articles_exact"] + counts["articles_near"]
            echo(f"{source}: {counts['captures']} captures, {counts['crawls']} crawls, "
                 f"{counts['articles_inserted']} new stories, {copies} articles that were copies of merged stories "
                 f"({counts['articles_near']} near), {counts['articles_seen']} already there, "
                 f"{counts['copies']} copies kept with their stories")
            if counts["articles_unreadable"]:
                echo(f"{source}: {counts['articles_unreadable']} articles could not be read (logged) and were left out, "
                     f"with their {counts['copies_without_story']} copies; the input still holds them", err=True)
    finally:
        out.close()


@cli.command()
@db_option
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default="report.html", show_default=True,
              help="Where to write the page.")
def report(db_path: str, out_path: str) -> None:
    """Write one self-contained HTML page: articles per portal per month (chart), top terms,
    the most republished stories.

    Example:

        python -m archive report --out report.html --db data/archive.db
    """
    store = open_existing(db_path)
    try:
        page = render_report(report_data(store))
    finally:
        store.close()
    try:
        Path(out_path).parent.mkdir(parents=True, exist_ok=True)
        Path(out_path).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out_path}: {exc}") from exc
    echo(f"{out_path}: {len(page.encode('utf-8')):,} bytes")
