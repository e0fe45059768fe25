"""`make bench-dedup`: precision/recall of near-duplicate detection, and throughput at scale.

1. Pairs built from real texts (../shared/corpus/dev Chinese pages and seeds, when present, and the
   sample portal's stories): each base text gets syndicated copies (Traditional script, portal
   boilerplate added, a new title line, cut to 60 % or 40 %, and all of these at once); distinct
   articles on the same topic (the portal's 18 anti-fraud commentaries, the five seeds, pages of one
   site) must NOT merge. Copies are cleaned as the crawl cleans every body (archive.clean, which
   removes the boilerplate it knows; two lines of the added boilerplate it does not know), then go
   through archive.dedupwriter.DedupWriter on a real SQLite file.
2. Throughput of DedupWriter.add (normalise, shingle, MinHash, LSH query, containment check, SQLite
   write) in documents per second over the first 10,000 and up to 100,000 documents (mixes of real
   sentences; one in ten a copy of an earlier one), with the archive's size.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from archive.article import Article  # noqa: E402
from archive.clean import clean_text  # noqa: E402
from archive.dedupwriter import DedupWriter  # noqa: E402
from archive.store import ArchiveDB  # noqa: E402
from tests.portal import site  # noqa: E402

S2T = opencc.OpenCC("s2t")
BOILER_HEAD = "点击右上角微信好友\n首页 > 新闻中心 > 正文\n来源：转载 2026-11-20 10:00\n本站转载此文旨在传递更多信息\n"
BOILER_TAIL = ("\n扫码关注我们的公众号获取每日精选\n（责编：王某）\n版权声明：本网站所刊载信息，不代表本站观点。"
               "\n相关阅读\n另一篇文章的标题\n又一篇文章的标题")


def base_texts() -> list[tuple[str, str, str]]:
    """(name, family, text) of real Chinese article texts."""
    out = [(f"portal:{e.story.ident}", "portal-fraud" if e.story.topic == "fraud" else f"portal-{e.portal}",
            "\n".join(e.paragraphs)) for e in site.entries() if not e.traditional]
    corpus = SHARED / "corpus" / "dev"
    for path in sorted(corpus.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth.get("lang", "zh") == "zh" and not path.stem.startswith("aeb_") and len(truth["text"]) >= 200:
            out.append((f"corpus:{path.stem}", path.stem.split("_")[0], truth["text"]))
    for path in sorted((SHARED / "seeds").glob("0*.txt")):
        out.append((f"seed:{path.stem[:3]}", "seed-fraud", path.read_text(encoding="utf-8")))
    return out


def variants(text: str) -> dict[str, str]:
    return {
        "traditional": S2T.convert(text),
        "boilerplate": BOILER_HEAD + text + BOILER_TAIL,
        "new title": "原标题：" + text[:20] + "\n转载时改了标题\n" + text,
        "cut to 60%": text[: int(len(text) * 0.6)],
        "cut to 40%": text[: int(len(text) * 0.4)],
        "all at once": BOILER_HEAD + S2T.convert(text[: int(len(text) * 0.6)]) + BOILER_TAIL,
    }


def pair_benchmark(db: Path) -> None:
    bases = base_texts()
    store = ArchiveDB.open(db)
    writer = DedupWriter(store)
    ids = {}
    false_merges = []
    for name, _family, text in bases:  # distinct articles, many on one topic: none may merge
        outcome = writer.add(Article(url=f"https://base.example/{name}", title=name, text=text,
                                       site="base", published="2026-01-01"))
        if outcome.kind != "inserted":
            false_merges.append((name, outcome.kind, outcome.article_id))
        ids[name] = outcome.article_id
    results: dict[str, list[bool]] = {}
    wrong_target = 0
    for n, (name, _family, text) in enumerate(bases):
        for kind, copy in variants(text).items():
            outcome = writer.add(Article(url=f"https://copy.example/{n}/{kind}", title=kind, text=clean_text(copy),
                                           site="copy", published="2026-02-01"))
            found = outcome.kind in ("exact", "near")
            if found and outcome.article_id != ids[name]:
                wrong_target += 1
                found = False
            results.setdefault(kind, []).append(found)
    tp = sum(sum(v) for v in results.values())
    fn = sum(len(v) - sum(v) for v in results.values())
    fp = len(false_merges) + wrong_target
    same_topic = sum(1 for _, family, _ in bases if family.endswith("fraud"))
    print(f"base texts: {len(bases)} ({same_topic} of them anti-fraud commentary, on one topic)")
    print("\n| copy kind | found |\n|---|---|")
    for kind, found in results.items():
        print(f"| {kind} | {sum(found)}/{len(found)} |")
    print(f"\nnear-duplicate detection: precision {tp / (tp + fp):.3f}, recall {tp / (tp + fn):.3f} "
          f"(TP {tp}, FP {fp}: {len(false_merges)} distinct articles merged, {wrong_target} copies on the wrong story; FN {fn})")
    for merge in false_merges:
        print("  merged:", merge)
    store.close()


def sentences() -> list[str]:
    pool = []
    for _, _, text in base_texts():
        pool.extend(s for s in re.split(r"(?<=[。！？])", text) if len(s) >= 15)
    return pool


def throughput(db: Path, total: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = sentences()
    store = ArchiveDB.open(db)
    store.group_commits(1.0)
    writer = DedupWriter(store)
    docs: list[str] = []
    marks = sorted({min(10_000, total), total})
    started = time.perf_counter()
    last_mark, last_time = 0, started
    kinds: dict[str, int] = {}
    for n in range(1, total + 1):
        if docs and rng.random() < 0.1:  # a copy of an earlier document
            original = rng.choice(docs)
            text = original[: int(len(original) * rng.uniform(0.6, 1.0))]
        else:
            text = "".join(rng.sample(pool, rng.randint(12, 30)))
        if len(docs) < 20_000:
            docs.append(text)
        with store.writing():  # commits grouped once a second, as a crawl's are (ARCHIVE_COMMIT_INTERVAL)
            outcome = writer.add(Article(url=f"https://synthetic.example/{n}.html", title=f"doc {n}", text=text,
                                           site="synthetic", published="2026-01-01"))
        kinds[outcome.kind] = kinds.get(outcome.kind, 0) + 1
        if n in marks:
            now = time.perf_counter()
            print(f"{n:>7} documents: {n / (now - started):7.0f} docs/s overall, "
                  f"{(n - last_mark) / (now - last_time):7.0f} docs/s since {last_mark}; "
                  f"archive {db.stat().st_size / 1e6:.0f} MB; {kinds}", flush=True)
            last_mark, last_time = n, now
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents for the throughput run")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print("note: ../shared is absent; pairs come from the sample portal only", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        print("## Pairs\n")
        pair_benchmark(Path(tmp) / "pairs.db")
        print(f"\n## Throughput (DedupWriter.add on a SQLite file, up to {args.docs:,} documents)\n")
        throughput(Path(tmp) / "throughput.db", args.docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
