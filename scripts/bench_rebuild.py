"""`make bench-rebuild`: `python -m archive rebuild` in one process and with --workers N.

Writes --pages generated article pages (the bench portal's: 40–150 KB of Chinese text and portal
boilerplate, each an on-topic article; one in ten a copy of an earlier page on another URL, so the
deduplicating writer has work) into --files WARC files, then times `python -m archive rebuild` for
each --workers value on a fresh database, sampling the peak RSS of the whole process tree (the
rebuild and its workers). Then the same with 4 × the pages in 4 × the files at the largest
--workers, to show memory does not grow with the input. Prints one line per run and, last,
`rebuild_speedup_w<N>: X.XX` against --workers 0.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.warc import HttpExchange, WarcWriter  # noqa: E402
from tests.portal import bench  # noqa: E402


def write_warcs(directory: Path, pages: int, files: int) -> int:
    """``pages`` bench pages in ``files`` WARC files; their total size in bytes."""
    per_file = -(-pages // files)
    for k in range(files):
        writer = WarcWriter(directory, prefix=f"bench{k:03d}", hostname="bench")
        for n in range(k * per_file, min(pages, (k + 1) * per_file)):
            body = bench.article(n - n % 10 if n % 10 == 9 else n)  # every tenth page a copy of an earlier one
            writer.write_exchange(HttpExchange(url=f"http://bench.example{bench.article_path(n)}", status=200,
                                               body=body, response_headers=[("Content-Type", "text/html; charset=utf-8")],
                                               fetched_at=datetime(2026, 1, 1, tzinfo=UTC)),
                                  {"page-kind": "article"})
        writer.close()
    return sum(p.stat().st_size for p in directory.glob("*.warc.gz"))


class PeakRss(threading.Thread):
    """Samples the summed RSS of a process and its children every 0.1 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                total = 0
                for proc in tree:
                    try:
                        total += proc.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                return


def run(warc_dir: Path, db: Path, workers: int) -> tuple[float, float, str]:
    """Seconds, peak RSS in MB, and the command's summary line."""
    command = [sys.executable, "-m", "archive", "rebuild", "--workers", str(workers), "--db", str(db), str(warc_dir)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    watch = PeakRss(proc.pid)
    watch.start()
    out, _ = proc.communicate()
    elapsed = time.perf_counter() - started
    watch.done.set()
    watch.join()
    if proc.returncode != 0:
        raise SystemExit(f"rebuild failed ({proc.returncode})")
    return elapsed, watch.peak / 1e6, out.strip().splitlines()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1500)
    parser.add_argument("--files", type=int, default=6)
    parser.add_argument("--workers", default="0,1,2", help="comma-separated --workers values")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    print(f"machine: {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        size = write_warcs(tmp / "warc", args.pages, args.files)
        print(f"input: {args.pages} pages in {args.files} WARC files, {size / 1e6:.1f} MB")
        rates = {}
        for workers in counts:
            seconds, rss, summary = run(tmp / "warc", tmp / f"w{workers}.db", workers)
            rates[workers] = args.pages / seconds
            print(f"--workers {workers}: {seconds:.1f} s, {rates[workers]:.1f} pages/s, peak RSS {rss:.0f} MB "
                  f"(process tree); {summary}")
        big = max(counts)
        size = write_warcs(tmp / "warc4", args.pages * 4, args.files * 4)
        seconds, rss, summary = run(tmp / "warc4", tmp / "big.db", big)
        print(f"4x input ({args.pages * 4} pages, {args.files * 4} files, {size / 1e6:.1f} MB) --workers {big}: "
              f"{seconds:.1f} s, {args.pages * 4 / seconds:.1f} pages/s, peak RSS {rss:.0f} MB; {summary}")
        for workers in counts:
            if workers:
                print(f"rebuild_speedup_w{workers}: {rates[workers] / rates[counts[0]]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
