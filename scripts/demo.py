"""`make demo`: crawl the bundled sample portal offline and show what landed.

Starts the sample portal on 127.0.0.1, runs ``scrapy crawl news`` against it, stops
the server, and prints where the WARC files and the database are, plus one
``sqlite-utils`` query with its output.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.portal.server import PortalServer  # noqa: E402

QUERY = "select site, title, published, source from articles order by published desc"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive-dir", default="data", help="ARCHIVE_DIR of the crawl (default: ./data)")
    args = parser.parse_args()
    archive_dir = Path(args.archive_dir).resolve()
    bin_dir = Path(sys.executable).parent
    with PortalServer() as portal:
        print(f"sample portal serving at {portal.url}/", flush=True)
        command = [
            sys.executable, "-m", "scrapy", "crawl", "news",
            "-a", f"start_urls={portal.url}/,{portal.url}/gmw/rss.xml,{portal.url}/sitemap_index.xml",
            "-s", f"ARCHIVE_DIR={archive_dir}",
            # the portal is local: no need to wait between requests
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0",
            "-s", "LOG_LEVEL=INFO",
        ]
        print("$ scrapy crawl news -a start_urls=... -s ARCHIVE_DIR=" + str(archive_dir), flush=True)
        crawl = subprocess.run(command, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    print("sample portal stopped", flush=True)
    if crawl.returncode != 0:
        print(f"crawl failed (exit {crawl.returncode})", file=sys.stderr)
        return crawl.returncode
    warcs = sorted((archive_dir / "warc").glob("*.warc.gz"))
    db = archive_dir / "archive.db"
    print()
    print(f"WARC files ({len(warcs)}) in {archive_dir / 'warc'}:")
    for path in warcs:
        print(f"  {path.name}  {path.stat().st_size:,} bytes")
    print(f"database: {db}")
    print()
    print(f'$ sqlite-utils query {db} "{QUERY}" --table')
    sqlite_utils = bin_dir / "sqlite-utils"
    query = subprocess.run([str(sqlite_utils), "query", str(db), QUERY, "--table"], cwd=ROOT)
    return query.returncode


if __name__ == "__main__":
    sys.exit(main())
