"""python -m archive: extract, stats, rebuild (the archive rebuilt from WARCs alone)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest

from archive.cli import cli
from tests.conftest import ROOT
from tests.portal import site

COMPARED = ["url", "site", "title", "published", "source", "author", "editor", "text", "warc_file", "warc_offset"]


def archive_cmd(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archive", *args], cwd=ROOT, input=stdin, capture_output=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


def test_extract_from_stdin_prints_one_json_object():
    entry = next(e for e in site.entries() if e.portal == "people")
    out = archive_cmd("extract", "-", "--url", "http://127.0.0.1" + entry.path, stdin=site.build()[entry.path].body)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) == {"title", "date", "author", "source", "editor", "site", "text"}
    assert result["title"] == entry.title and result["date"].startswith(entry.story.date)
    assert result["site"] == "人民网" and result["text"].startswith(entry.paragraphs[0][:10])


def test_rebuild_from_warcs_equals_the_live_crawl(portal_crawl, tmp_path):
    rebuilt = tmp_path / "rebuilt.db"
    warc_dir = portal_crawl.archive_dir / "warc"
    first = archive_cmd("rebuild", "--db", str(rebuilt), str(warc_dir))
    assert first.returncode == 0, first.stderr
    assert b"rebuild" in first.stderr  # the progress bar
    live = {r["url"]: r for r in portal_crawl.rows("select * from articles")}
    rows = subprocess.run([sys.executable, "-m", "sqlite_utils", "query", str(rebuilt), "select * from articles"],
                          capture_output=True, text=True)
    again = {r["url"]: r for r in json.loads(rows.stdout)}
    assert set(again) == set(live)
    for url, row in live.items():
        assert {k: row[k] for k in COMPARED} == {k: again[url][k] for k in COMPARED}
    captures_live = portal_crawl.rows("select count(*) as n from captures")[0]["n"]
    by_story = ("select d.url, d.kind, a.url as story from duplicates d join articles a on a.id = d.article_id")
    copies = json.loads(subprocess.run([sys.executable, "-m", "sqlite_utils", "query", str(rebuilt), by_story],
                                       capture_output=True).stdout)
    live_copies = portal_crawl.rows(by_story)  # row ids differ between the two databases; stories do not
    assert sorted(map(str, copies)) == sorted(map(str, live_copies))
    second = archive_cmd("rebuild", "--db", str(rebuilt), str(warc_dir))
    assert second.returncode == 0 and b"0 articles added" in second.stdout
    stats = archive_cmd("stats", "--db", str(rebuilt))
    assert f"articles: {len(live)}".encode() in stats.stdout and f"captures: {captures_live}".encode() in stats.stdout


def test_stats_on_missing_or_foreign_database_is_a_clear_error(tmp_path):
    missing = archive_cmd("stats", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and b"no archive at" in missing.stderr
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"not a database at all" * 50)
    out = archive_cmd("stats", "--db", str(foreign))
    assert out.returncode == 1 and b"Error:" in out.stderr and b"Traceback" not in out.stderr


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name):
    command = cli.commands[name]
    assert isinstance(command, click.Command) and command.help and "Example:" in command.help
    out = archive_cmd(name, "--help")
    assert out.returncode == 0 and b"Example:" in out.stdout
