"""`make bench`: where a crawl's time goes, on a generated local portal (not a timed test).

Serves --pages generated article pages (40–150 KB, Chinese text, portal boilerplate) on 127.0.0.1 and
measures, in this order:

1. fetch only: `scrapy crawl` with no pipelines and no WARC (Scrapy's own cost),
2. capture only: the same with WARC capture on,
3. extraction only: archive.extract over the same pages in one process, no crawl (profiled),
4. full pipeline: capture, extraction in EXTRACT_WORKERS processes, relevance, dedup, SQLite (profiled),

then prints pages/s, the ratios, peak RSS and the top functions by CPU time. The last line is
`pipeline/extraction ratio: X.XX`.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extract import extract  # noqa: E402
from tests.portal import bench  # noqa: E402
from tests.portal.server import PortalServer  # noqa: E402

BASE = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS": "16",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "NEWS_MAX_LISTING_PAGES": "100000", "DEPTH_LIMIT": "0",
        "INCREMENTAL_ENABLED": "False", "LOG_LEVEL": "INFO"}


def crawl(url: str, archive_dir: Path, settings: dict[str, str], profile: Path | None = None) -> dict:
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "scrapy", "crawl", "news", "-a", f"start_urls={url}"]
    for key, value in {**BASE, "ARCHIVE_DIR": str(archive_dir), **settings}.items():
        command += ["-s", f"{key}={value}"]
    started = time.perf_counter()
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    wall = time.perf_counter() - started
    log = out.stdout + out.stderr
    if out.returncode != 0:
        raise SystemExit(f"crawl failed:\n{log[-3000:]}")

    def stat(name: str) -> float:
        found = re.findall(rf"'{re.escape(name)}': ([0-9.]+)", log)
        return float(found[-1]) if found else 0.0

    return {"pages": stat("response_received_count"), "seconds": stat("elapsed_time_seconds"), "wall": wall,
            "rss": stat("memusage/max"), "articles": stat("store/inserted"), "log": log}


def top_functions(profile: pstats.Stats, count: int = 12) -> str:
    buffer = io.StringIO()
    profile.stream = buffer
    profile.sort_stats("tottime").print_stats(count)
    lines = [line for line in buffer.getvalue().splitlines() if line.strip() and not line.startswith("   Ordered")]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    return "\n".join(lines[start:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="generated article pages (default 2000)")
    parser.add_argument("--skip-extraction", action="store_true", help="leave out the single-process extraction run")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"{args.pages} generated article pages, 40–150 KB; {cores} cores", flush=True)
    with PortalServer(bench_pages=args.pages) as portal, tempfile.TemporaryDirectory() as tmp:
        url = portal.url + bench.listing_path(1)
        tmp = Path(tmp)
        fetch = crawl(url, tmp / "fetch", {"ITEM_PIPELINES": "{}", "WARC_ENABLED": "False"})
        print(f"fetch only      {fetch['pages'] / fetch['seconds']:7.1f} pages/s  ({fetch['pages']:.0f} pages, "
              f"{fetch['seconds']:.1f} s, peak RSS {fetch['rss'] / 1e6:.0f} MB)", flush=True)
        capture = crawl(url, tmp / "capture", {"ITEM_PIPELINES": "{}"})
        print(f"capture only    {capture['pages'] / capture['seconds']:7.1f} pages/s  ({capture['seconds']:.1f} s, "
              f"peak RSS {capture['rss'] / 1e6:.0f} MB)", flush=True)
        bodies = [(bench.article(n), "http://127.0.0.1" + bench.article_path(n)) for n in range(args.pages)]
        extraction_rate = None
        extraction_profile = None
        if not args.skip_extraction:
            extract(*bodies[0])  # warm-up, as a long-running worker is
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for body, page_url in bodies:
                extract(body, page_url)
            profiler.disable()
            extraction_rate = len(bodies) / (time.perf_counter() - started)
            extraction_profile = pstats.Stats(profiler)
            print(f"extraction only {extraction_rate:7.1f} pages/s  (one process, no crawl; "
                  f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB)", flush=True)
        profile_path = tmp / "pipeline.prof"
        full = crawl(url, tmp / "full", {}, profile=profile_path)
        full_rate = full["pages"] / full["seconds"]
        print(f"full pipeline   {full_rate:7.1f} pages/s  ({full['articles']:.0f} articles stored, "
              f"{full['seconds']:.1f} s, peak RSS of the crawl process {full['rss'] / 1e6:.0f} MB, "
              f"plus {cores} extraction workers)", flush=True)
        print()
        print(f"capture/fetch ratio: {capture['pages'] / capture['seconds'] / (fetch['pages'] / fetch['seconds']):.2f}"
              "  (WARC capture's cost on crawl throughput)")
        print(f"pipeline/fetch ratio: {full_rate / (fetch['pages'] / fetch['seconds']):.2f}")
        if extraction_profile is not None:
            print("\nwhere extraction's CPU goes (one process):")
            print(top_functions(extraction_profile))
        print("\nwhere the crawl process's CPU goes (full pipeline; extraction runs in the workers):")
        print(top_functions(pstats.Stats(str(profile_path))))
        if extraction_rate:
            print(f"\npipeline/extraction ratio: {full_rate / extraction_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
