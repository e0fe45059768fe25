"""`make bench`: where a crawl's time goes, on a generated local portal (not a timed test).

Serves --pages generated article pages (40–150 KB, Chinese text, portal boilerplate) on 127.0.0.1 and
measures, in this order:

1. fetch only: `scrapy crawl` with no pipelines and no WARC (Scrapy's own cost),
2. capture only: the same with WARC capture on (the writer process; then the writer in the
   reactor's thread, for comparison). Runs 1 and 2 alternate --repeat times and their medians
   are reported (one crawl of a few seconds varies by ±5–10% on a shared machine),
3. extraction only: archive.extract over the same pages in one process, no crawl,
4. full pipeline: capture, extraction in EXTRACT_WORKERS processes, relevance, dedup, SQLite,

then prints pages/s, the ratios, peak RSS, the CPU each process spent per page, and the top
functions by CPU time. Rates come from runs without a profiler; the profiles are separate, shorter
runs (a profiler slows Python code several times, and not evenly). The last line is
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
import threading
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
    """One `scrapy crawl news` in a subprocess; its stats, and the CPU seconds it and this process
    (the portal server's threads) spent."""
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "scrapy", "crawl", "news", "-a", f"start_urls={url}"]
    for key, value in {**BASE, "ARCHIVE_DIR": str(archive_dir), **settings}.items():
        command += ["-s", f"{key}={value}"]
    server_before = cpu_seconds(resource.getrusage(resource.RUSAGE_SELF))
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as output:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, text=True,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
        cpu = CpuWatch(proc.pid)
        cpu.start()
        proc.wait()
        cpu.join()
        wall = time.perf_counter() - started
        output.seek(0)
        log = output.read()
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed:\n{log[-3000:]}")

    def stat(name: str) -> float:
        found = re.findall(rf"'{re.escape(name)}': ([0-9.]+)", log)
        return float(found[-1]) if found else 0.0

    pages = stat("response_received_count")
    return {"pages": pages, "seconds": stat("elapsed_time_seconds"), "wall": wall, "rss": cpu.main_rss,
            "articles": stat("store/inserted"), "log": log, "classify_us": stat("discover/classify_cpu_us"),
            "classified": stat("discover/classified/article") + stat("discover/classified/listing"),
            "rate": pages / max(stat("elapsed_time_seconds"), 1e-9),
            "crawl_cpu": cpu.main, "workers_cpu": cpu.others, "family_rss": cpu.peak_rss,
            "server_cpu": cpu_seconds(resource.getrusage(resource.RUSAGE_SELF)) - server_before}


class CpuWatch(threading.Thread):
    """CPU seconds of a process (``main``) and of its descendants (``others``: the WARC writer, the
    forkserver and the extraction workers), read from /proc every 0.2 s until it exits (the last reading before exit);
    ``peak_rss``: the largest resident memory of the whole family at one reading, ``main_rss`` of the
    process alone. (Not Scrapy's ``memusage/max``: ru_maxrss of a process forked from this one starts
    at this process's size, which holds the pages of the extraction run.)"""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.main = 0.0
        self.seen: dict[int, float] = {}
        self.peak_rss = 0
        self.main_rss = 0
        self.tick = os.sysconf("SC_CLK_TCK")
        self.page_size = os.sysconf("SC_PAGE_SIZE")

    @property
    def others(self) -> float:
        return sum(cpu for pid, cpu in self.seen.items() if pid != self.pid)

    def stat(self, pid: int) -> tuple[int, float] | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / self.tick  # ppid, utime + stime

    def run(self) -> None:
        while Path(f"/proc/{self.pid}").exists():
            family = {self.pid}
            table = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit() and (found := self.stat(int(entry))) is not None:
                    table[int(entry)] = found
            grown = True
            while grown:
                grown = False
                for pid, (ppid, _) in table.items():
                    if ppid in family and pid not in family:
                        family.add(pid)
                        grown = True
            rss = 0
            for pid in family:
                if pid in table and table[pid][1] >= self.seen.get(pid, 0.0):
                    self.seen[pid] = table[pid][1]
                try:
                    resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self.page_size
                except (OSError, IndexError, ValueError):
                    continue
                rss += resident
                if pid == self.pid:
                    self.main_rss = max(self.main_rss, resident)
            self.peak_rss = max(self.peak_rss, rss)
            self.main = self.seen.get(self.pid, self.main)
            time.sleep(0.2)


def median_run(runs: list[dict]) -> dict:
    """The run of median rate (of an even number, the slower of the middle two)."""
    return sorted(runs, key=lambda run: run["rate"])[(len(runs) - 1) // 2]


def rates(runs: list[dict]) -> str:
    return "runs: " + ", ".join(f"{run['rate']:.0f}" for run in runs) if len(runs) > 1 else "one run"


def cpu_seconds(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def per_page(run: dict) -> str:
    """CPU milliseconds per page of the crawl process, its workers and the portal server."""
    workers = f", its child processes {1000 * run['workers_cpu'] / run['pages']:.1f}" if run["workers_cpu"] else ""
    return (f"CPU ms/page: crawl process {1000 * run['crawl_cpu'] / run['pages']:.1f}{workers}, "
            f"server {1000 * run['server_cpu'] / run['pages']:.1f}")


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
    parser.add_argument("--profile-pages", type=int, default=400,
                        help="pages of the profiled runs (default 400; 0: no profiles)")
    parser.add_argument("--skip-extraction", action="store_true", help="leave out the single-process extraction run")
    parser.add_argument("--repeat", type=int, default=3,
                        help="fetch-only and capture-only crawls, alternated; their medians count (default 3)")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"{args.pages} generated article pages, 40–150 KB; {cores} cores", flush=True)
    with PortalServer(bench_pages=args.pages) as portal, tempfile.TemporaryDirectory() as tmp:
        url = portal.url + bench.listing_path(1)
        tmp = Path(tmp)
        fetches, captures = [], []
        for n in range(max(1, args.repeat)):
            fetches.append(crawl(url, tmp / f"fetch{n}", {"ITEM_PIPELINES": "{}", "WARC_ENABLED": "False"}))
            captures.append(crawl(url, tmp / f"capture{n}", {"ITEM_PIPELINES": "{}"}))
        fetch, capture = median_run(fetches), median_run(captures)
        print(f"fetch only      {fetch['rate']:7.1f} pages/s  ({fetch['pages']:.0f} pages, {fetch['seconds']:.1f} s, "
              f"peak RSS {fetch['rss'] / 1e6:.0f} MB; {per_page(fetch)}; {rates(fetches)})", flush=True)
        warc_bytes = sum(f.stat().st_size for f in (tmp / "capture0").rglob("*.warc.gz"))
        print(f"capture only    {capture['rate']:7.1f} pages/s  ({capture['seconds']:.1f} s, peak RSS "
              f"{capture['rss'] / 1e6:.0f} MB, {warc_bytes / 1e6:.0f} MB of WARC; {per_page(capture)}; "
              f"{rates(captures)})", flush=True)
        inline = crawl(url, tmp / "inline", {"ITEM_PIPELINES": "{}", "WARC_WRITER": "archive.warcprocess.InlineWriter"})
        print(f"capture inline  {inline['rate']:7.1f} pages/s  (the WARC writer in the reactor's thread: "
              f"WARC_WRITER=archive.warcprocess.InlineWriter; {per_page(inline)})", flush=True)
        extraction_rate = None
        if not args.skip_extraction:
            bodies = [(bench.article(n), "http://127.0.0.1" + bench.article_path(n)) for n in range(args.pages)]
            extract(*bodies[0])  # warm-up, as a long-running worker is
            started = time.perf_counter()
            for body, page_url in bodies:
                extract(body, page_url)
            extraction_rate = len(bodies) / (time.perf_counter() - started)
            print(f"extraction only {extraction_rate:7.1f} pages/s  (archive.extract in one process, no crawl; "
                  f"{1000 / extraction_rate:.1f} ms CPU/page; peak RSS "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB)", flush=True)
            del bodies
        full = crawl(url, tmp / "full", {})
        busy = (full["crawl_cpu"] + full["workers_cpu"] + full["server_cpu"]) / (cores * full["wall"])
        print(f"full pipeline   {full['rate']:7.1f} pages/s  ({full['articles']:.0f} articles stored, "
              f"{full['seconds']:.1f} s; peak RSS {full['rss'] / 1e6:.0f} MB for the crawl process, "
              f"{full['family_rss'] / 1e6:.0f} MB with its {cores} extraction workers; {per_page(full)}; "
              f"the {cores} cores {100 * busy:.0f}% busy)", flush=True)
        classified = full["classified"] or 1
        print(f"classification  {full['classify_us'] / 1000 / classified:7.2f} ms of reactor-thread CPU per page read "
              f"by content ({full['classified']:.0f} pages whose URL no pattern knows: listings here)", flush=True)
        print()
        print(f"capture/fetch ratio: {capture['rate'] / fetch['rate']:.2f}  (WARC capture's cost on crawl throughput; "
              f"{inline['rate'] / fetch['rate']:.2f} with the writer in the reactor's thread)")
        print(f"pipeline/fetch ratio: {full['rate'] / fetch['rate']:.2f}")
        if args.profile_pages:
            sample = [(bench.article(n), "http://127.0.0.1" + bench.article_path(n))
                      for n in range(min(args.profile_pages, args.pages))]
            profiler = cProfile.Profile()
            profiler.enable()
            for body, page_url in sample:
                extract(body, page_url)
            profiler.disable()
            print(f"\nwhere extraction's CPU goes (one process, {len(sample)} pages, profiled):")
            print(top_functions(pstats.Stats(profiler)))
            profile_path = tmp / "pipeline.prof"
            crawl(url, tmp / "profiled", {"NEWS_MAX_ARTICLES": str(args.profile_pages)}, profile=profile_path)
            print(f"\nwhere the crawl process's CPU goes (full pipeline, {args.profile_pages} articles, profiled; "
                  "extraction runs in the workers):")
            print(top_functions(pstats.Stats(str(profile_path))))
        if extraction_rate:
            print(f"\npipeline/extraction ratio: {full['rate'] / extraction_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
