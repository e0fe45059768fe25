"""``make bench-scale N=…``: how the archive's costs grow with its size.

Builds an archive of synthetic articles shaped like real ones (not through the crawl): texts of
10–40 sentences made of pieces of real clauses and the domain's terms (see ``text_of``), a
tenth of them copies of an earlier article on another portal (cut to 60–100 %, a third in
Traditional script) recorded in ``duplicates``, publication dates over 2019–2026, ten portals.
Fingerprints and full-text entries are computed in a process pool, rows inserted in large
transactions. At each size (10,000, 100,000, …, N) it measures:

- crawl start-up: from ``scrapy crawl`` to the first article stored (a story or a copy), and the
  crawl process's peak RSS, on a 200-page crawl of the generated bench portal against the archive;
- dedup rate: ``DedupWriter.add`` of 1,000 new articles (a fifth of them near copies of stored
  ones), fingerprints and index entries computed beforehand as the crawl's workers do (rolled back),
  with the part of each article's time spent writing the two full-text indexes;
- search latency over 50 terms of 2–6 characters: what ``python -m archive search`` runs
  (``ArchiveDB.search``) and what ``sqlite-utils search`` runs (``Table.search`` on ``articles_fts``),
  in-process (a command's start-up, 0.3–0.5 s, is measured apart);
- ``python -m archive stats`` and ``report`` (whole commands), and the file's size per article.

The last lines give the figures at the largest size, one per line (``startup_s: …``).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import opencc  # noqa: E402
import sqlite_utils  # noqa: E402
from bench import CpuWatch  # noqa: E402

import archive.store  # noqa: E402
from archive.article import Article  # noqa: E402
from archive.dedup import fingerprint, normalise_text, shingle_array  # noqa: E402
from archive.dedupwriter import DedupWriter  # noqa: E402
from archive.search import index_entries  # noqa: E402
from archive.store import ArchiveDB  # noqa: E402
from tests.conftest import CRAWL_ENV, crawl_command  # noqa: E402
from tests.portal import bench as bench_portal  # noqa: E402
from tests.portal.content import STORIES  # noqa: E402
from tests.portal.server import PortalServer  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
PORTALS = [("光明网", "gmw.cn"), ("人民网", "people.com.cn"), ("新华网", "news.cn"), ("中国新闻网", "chinanews.com.cn"),
           ("央视网", "cctv.com"), ("法治网", "legaldaily.com.cn"), ("中国长安网", "chinapeace.gov.cn"),
           ("证券日报网", "zqrb.cn"), ("中国西藏网", "tibet.cn"), ("中国经济网", "ce.cn")]
S2T = opencc.OpenCC("s2t")
PLACES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "重庆", "拉萨", "昆明", "福州", "厦门",
          "郑州", "长沙", "济南", "青岛", "沈阳", "哈尔滨", "南宁", "贵阳", "兰州", "银川", "西宁", "乌鲁木齐", "海口"]


def sentence_pool() -> list[str]:
    texts = ["".join(story.paragraphs) for story in STORIES]
    relevance = SHARED / "relevance"
    if relevance.is_dir():
        for path in sorted(relevance.glob("*.json")):
            try:
                texts.append(json.loads(path.read_text(encoding="utf-8")).get("text", ""))
            except (OSError, ValueError):
                continue
    return sorted({c for text in texts for c in re.split(r"[，。！？；：、]", text) if 6 <= len(c) <= 80})


POOL: list[str] = []  # real clauses: the search terms are drawn from them
WORDS: list[str] = []  # the clauses cut into pieces of 1-4 characters: what texts are made of
TERMS: list[str] = []  # the lexicon's terms: the domain's phrases, which real articles do share
STORY_IDS: dict[int, int] = {}  # generated article number -> its id in the archive


def word_pool(clauses: list[str]) -> list[str]:
    """The clauses cut into pieces of 1-4 characters (the same cuts every run)."""
    rng = random.Random(0)
    pieces = set()
    for clause in clauses:
        at = 0
        while at < len(clause):
            size = rng.randint(1, 4)
            pieces.add(clause[at:at + size])
            at += size
    return sorted(pieces)


def lexicon_terms() -> list[str]:
    path = ROOT / "archive" / "data" / "lexicon.tsv"
    return [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def text_of(n: int) -> str:
    """Article ``n``'s text: 10-40 sentences of 2-3 clauses (about 1,700 characters on average), each
    clause 4-12 pieces of real clauses with, one piece in eight, a term of the domain (电信诈骗, 反诈 …),
    and a number or a place in some. Unrelated real articles, even on one topic, share almost no run of
    five characters (mean shingle Jaccard 0.0001 over 189 real texts of ../shared); whole real clauses
    drawn from one pool made unrelated synthetic articles share 250 times more (0.025), and so made
    LSH candidates of a fair part of the archive. These share about 0.001 (printed at the start)."""
    rng = random.Random(n)
    sentences = []
    for _ in range(rng.randint(10, 40)):
        clauses = ["".join(rng.choice(TERMS) if rng.random() < 0.125 else rng.choice(WORDS)
                           for _ in range(rng.randint(4, 12))) for _ in range(rng.randint(2, 3))]
        if rng.random() < 0.5:
            clauses.insert(rng.randrange(len(clauses)), rng.choice(PLACES) + f"{rng.randint(2, 999)}名群众")
        sentences.append("，".join(clauses) + "。")
    return f"（{rng.choice(PORTALS)[0]}讯 {n}）" + "".join(sentences)


def real_texts() -> list[str]:
    texts = []
    for path in sorted((SHARED / "relevance").glob("*.json")) if (SHARED / "relevance").is_dir() else []:
        text = json.loads(path.read_text(encoding="utf-8")).get("text") or ""
        if len(text) > 150:
            texts.append(text)
    for path in sorted((SHARED / "dev").glob("*.json")) if (SHARED / "dev").is_dir() else []:
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth.get("lang") == "zh" and len(truth.get("text") or "") > 300:
            texts.append(truth["text"])
    return texts


def overlap(texts: list[str], pairs: int = 3000) -> tuple[float, float]:
    """Mean and 99th percentile shingle Jaccard of random pairs of ``texts``."""
    sets = [set(shingle_array(normalise_text(text)).tolist()) for text in texts]
    rng = random.Random(1)
    found = sorted(len(sets[i] & sets[j]) / max(1, len(sets[i] | sets[j]))
                   for i, j in (rng.sample(range(len(sets)), 2) for _ in range(pairs)))
    return statistics.mean(found), found[int(len(found) * 0.99)]


def generated(n: int) -> dict:
    """Article ``n``: a story, or a copy of an earlier one (``copy_of``)."""
    rng = random.Random(n * 7919)
    site, host = rng.choice(PORTALS)
    published = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    url = f"https://www.{host}/{published.replace('-', '/')}/content_{n}.htm"
    if n > 20 and rng.random() < 0.1:
        base = rng.randrange(1, n)
        text = text_of(base)
        text = text[: int(len(text) * rng.uniform(0.6, 1.0))]
        if rng.random() < 1 / 3:
            text = S2T.convert(text)
        return {"n": n, "copy_of": base, "url": url, "site": site, "published": published, "title": f"稿件{base}"}
    text = text_of(n)
    title = f"稿件{n}：" + text[12:30]
    fp = fingerprint(text)
    return {"n": n, "copy_of": None, "url": url, "site": site, "published": published, "title": title, "text": text,
            "text_hash": fp.text_hash, "signature": fp.signature.tobytes(), "size": fp.size,
            "entries": index_entries(title, text)}


def init_pool(pool: list[str]) -> None:
    POOL[:] = pool
    WORDS[:] = word_pool(pool)
    TERMS[:] = lexicon_terms()


def bounded_map(pool: ProcessPoolExecutor, function, items: range, batch: int = 20_000):
    """``pool.map`` a batch at a time: Executor.map submits every item at once, and the rows the
    workers make faster than SQLite takes them would pile up in memory (8.7 GB at 300,000)."""
    for first in range(items.start, items.stop, batch):
        yield from pool.map(function, range(first, min(first + batch, items.stop)), chunksize=200)


def grow(db_path: Path, start: int, stop: int, workers: int) -> float:
    """Add articles ``start``…``stop - 1``; seconds taken."""
    began = time.perf_counter()
    store = ArchiveDB.open(db_path)
    store.group_commits(5.0)
    ids = STORY_IDS
    with ProcessPoolExecutor(workers, initializer=init_pool, initargs=(POOL,)) as pool:
        for row in bounded_map(pool, generated, range(start, stop)):
            article = Article(url=row["url"], title=row["title"], published=row["published"], site=row["site"],
                              source=row["site"], fetched_at=row["published"] + "T08:00:00Z")
            with store.writing():
                if row["copy_of"] is None:
                    article.text, article.text_hash = row["text"], row["text_hash"]
                    article.canonical_url = row["url"].split("://www.", 1)[1]
                    article.relevance_score = 8.0
                    ids[row["n"]] = store.insert_article(article, row["signature"], row["size"], row["entries"])
                elif row["copy_of"] in ids:
                    store.insert_row("duplicates", {"article_id": ids[row["copy_of"]], "kind": "near", "similarity": 0.9,
                                                    "url": row["url"], "site": row["site"], "title": row["title"],
                                                    "published": row["published"]})
    store.close()
    return time.perf_counter() - began


def measure_dedup(db_path: Path, count: int = 1000, seed: int = 11) -> tuple[float, dict, float]:
    """Articles a second, what became of them, and the milliseconds an article spent writing the two
    full-text indexes (part of the rate)."""
    rng = random.Random(seed)
    store = ArchiveDB.open(db_path)
    top = store.db.execute("select max(id) from articles").fetchone()[0]
    texts = []
    for k in range(count):
        if rng.random() < 0.2:  # a near copy of a stored story
            url = store.db.execute("select url from articles where id = ?", [rng.randint(1, top)]).fetchone()
            n = int(url[0].rsplit("content_", 1)[1].split(".")[0]) if url else 1
            text = text_of(n)
            text = text[: int(len(text) * 0.8)]
        else:
            text = text_of(10_000_000 + k)
        texts.append((f"https://new.example/{k}.htm", text, fingerprint(text), index_entries(f"新稿{k}", text)))
    writer = DedupWriter(store)
    kinds: dict[str, int] = {}
    # how much of it is the two full-text indexes' writes (the rest: lookups, rows, bands)
    indexing = [0.0]
    plain_index = archive.store.index_article

    def timed_index(*args, **kwargs) -> None:
        began = time.perf_counter()
        plain_index(*args, **kwargs)
        indexing[0] += time.perf_counter() - began

    archive.store.index_article = timed_index
    # the crawl's write path: rows in a group transaction (no savepoint per article), then rolled
    # back so that each size measures the same archive
    store.group_commits(3600.0)
    began = time.perf_counter()
    for url, text, fp, entries in texts:
        with store.writing():
            outcome = writer.add(Article(url=url, title="新稿", text=text, site="新网"), fp, entries)
        kinds[outcome.kind] = kinds.get(outcome.kind, 0) + 1
    seconds = time.perf_counter() - began
    archive.store.index_article = plain_index
    store.db.conn.rollback()
    store.group_started = None
    store.close()
    return count / seconds, kinds, indexing[0] * 1000 / count


def search_terms(rng: random.Random) -> list[str]:
    fixed = ["诈骗", "反诈", "刷单", "客服", "电信诈骗", "冒充客服", "网络诈骗", "杀猪盘", "断卡行动", "跨境电诈",
             "公安机关", "反诈中心", "投资理财", "虚假网站", "验证码"]
    terms = list(fixed)
    while len(terms) < 50:
        sentence = rng.choice(POOL)
        size = rng.randint(2, 6)
        start = rng.randrange(0, max(1, len(sentence) - size))
        term = re.sub(r"[\W_]", "", sentence[start:start + size])
        if len(term) >= 2:
            terms.append(term)
    return terms


def measure_search(db_path: Path, terms: list[str]) -> dict[str, list[float]]:
    store = ArchiveDB.open(db_path)
    table = sqlite_utils.Database(db_path)["articles"]
    times: dict[str, list[float]] = {"archive search": [], "sqlite-utils search": []}
    for term in terms:
        began = time.perf_counter()
        store.search(term, limit=20)
        times["archive search"].append(time.perf_counter() - began)
        began = time.perf_counter()
        list(table.search(term, limit=20))
        times["sqlite-utils search"].append(time.perf_counter() - began)
    store.close()
    return times


def command_seconds(*args: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", *args], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - began


def measure_crawl(archive_dir: Path, pages: int = 200) -> tuple[float, float]:
    """Seconds from ``scrapy crawl`` to the first article stored (story or copy), and peak RSS (MB)."""
    db = archive_dir / "archive.db"
    with sqlite3.connect(db) as conn:
        before = [conn.execute(f"select coalesce(max(id), 0) from {t}").fetchone()[0] for t in ("articles", "duplicates")]
    with PortalServer(bench_pages=pages) as portal:
        command = crawl_command("news", archive_dir, {"start_urls": portal.url + bench_portal.listing_path(1)},
                                {"NEWS_MAX_LISTING_PAGES": "100", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "WARNING"})
        began = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=CRAWL_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        watch = CpuWatch(proc.pid)
        watch.start()
        startup = None
        while proc.poll() is None and startup is None:
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                    now = [conn.execute(f"select coalesce(max(id), 0) from {t}").fetchone()[0]
                           for t in ("articles", "duplicates")]
                if now != before:
                    startup = time.perf_counter() - began
            except sqlite3.OperationalError:
                pass
            time.sleep(0.02)
        _, err = proc.communicate(timeout=1800)
        watch.join(timeout=5)
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed:\n{err.decode()[-3000:]}")
    return (startup if startup is not None else float("nan")), watch.main_rss / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="largest archive size")
    parser.add_argument("--dir", type=Path, default=None, help="where to build it (default: a temporary directory)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    init_pool(sentence_pool())
    print(f"clause pool: {len(POOL)} real clauses, {len(WORDS)} pieces, {len(TERMS)} terms"
          + ("" if (SHARED / "relevance").is_dir() else " (../shared absent: the sample portal's only)"), flush=True)
    synthetic = overlap([text_of(n) for n in range(1, 400)])
    real = real_texts()
    measured = overlap(real) if len(real) > 2 else None
    print(f"shingle Jaccard of unrelated pairs: synthetic mean {synthetic[0]:.4f} (p99 {synthetic[1]:.4f})"
          + (f", {len(real)} real texts mean {measured[0]:.4f} (p99 {measured[1]:.4f})" if measured else ""), flush=True)
    sizes = [s for s in (10_000, 100_000) if s < args.n] + [args.n]
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-", dir=args.dir))
    archive_dir = tmp / "archive"
    archive_dir.mkdir()
    db_path = archive_dir / "archive.db"
    terms = search_terms(random.Random(5))
    figures: dict[str, float] = {}
    print("\n| articles | build s | MB | bytes/article | startup s | crawl RSS MB | dedup docs/s | archive search "
          "p50/p95 ms | sqlite-utils search p50/p95 ms | stats s | report s |\n|---|---|---|---|---|---|---|---|---|---|---|",
          flush=True)
    built = 1
    try:
        for size in sizes:
            seconds = grow(db_path, built, size + 1, args.workers)
            built = size + 1
            with sqlite3.connect(db_path) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                stories = conn.execute("select count(*) from articles").fetchone()[0]
            megabytes = db_path.stat().st_size / 1e6
            rate, kinds, index_ms = measure_dedup(db_path)
            times = measure_search(db_path, terms)
            quantiles = {name: (statistics.median(v) * 1000, statistics.quantiles(v, n=20)[18] * 1000)
                         for name, v in times.items()}
            stats_s = command_seconds("archive", "stats", "--db", str(db_path))
            report_s = command_seconds("archive", "report", "--db", str(db_path), "--out", str(tmp / "report.html"))
            startup, rss = measure_crawl(archive_dir)
            per_article = db_path.stat().st_size / size
            a, s = quantiles["archive search"], quantiles["sqlite-utils search"]
            print(f"| {size:,} ({stories:,} stories) | {seconds:.0f} | {megabytes:.0f} | {per_article:,.0f} | {startup:.2f} | "
                  f"{rss:.0f} | {rate:.0f} ({kinds}; full-text writes "
                  f"{index_ms:.1f} of {1000 / rate:.1f} ms an article) | {a[0]:.1f} / {a[1]:.1f} | {s[0]:.1f} / {s[1]:.1f} | "
                  f"{stats_s:.2f} | {report_s:.2f} |", flush=True)
            figures = {"startup_s": round(startup, 2), "crawl_rss_mb": round(rss), "dedup_docs_per_s": round(rate),
                       "search_p95_ms": round(max(a[1], s[1]), 1), "bytes_per_article": round(per_article)}
        print(f"\ncommand start-up alone (python -m archive --help): {command_seconds('archive', '--help'):.2f} s")
        print(f"\nat {sizes[-1]:,} articles:")
        for name, value in figures.items():
            print(f"{name}: {value}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
