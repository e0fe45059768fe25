"""`make bench-relevance`: precision and recall of the relevance filter on the labelled set.

The set is tests/data/relevance_labels.tsv: the sample portal's stories, the five seeds and the 109
dev-corpus pages (those two need ../shared), each extracted as the crawl would and scored against
archive/data/lexicon.tsv. Prints a table over thresholds; RELEVANCE_MIN_SCORE's default is 4.
"""
from __future__ import annotations

import html
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import relevance_eval  # noqa: E402
from tests.relevance_set import precision_recall, scored_set  # noqa: E402

SHARED_RELEVANCE = ROOT.parent / "shared" / "corpus" / "relevance"


def main() -> int:
    started = time.perf_counter()
    scored = scored_set()
    on = sum(1 for s in scored if s.on_topic)
    print(f"labelled items: {len(scored)} ({on} on-topic, {len(scored) - on} off-topic), "
          f"scored in {time.perf_counter() - started:.1f} s")
    print("\n| threshold | precision | recall | TP | FP | FN |\n|---|---|---|---|---|---|")
    for threshold in (1, 2, 3, 4, 6, 8, 12):
        p, r, tp, fp, fn = precision_recall(scored, threshold)
        mark = " (default)" if threshold == 4 else ""
        print(f"| {threshold}{mark} | {p:.3f} | {r:.3f} | {tp} | {fp} | {fn} |")
    near = sorted((s for s in scored if 0 < s.score < 8), key=lambda s: s.score)
    if near:
        print("\nitems scoring between 0 and 8 (the margin):")
        for s in near:
            print(f"  {s.score:6.2f}  {'on ' if s.on_topic else 'off'}  {s.item}")
    real_texts()
    through_rebuild()
    return 0


def real_texts() -> None:
    """The real labelled texts of ../shared/corpus/relevance, tuning and held-out parts apart."""
    if not SHARED_RELEVANCE.is_dir():
        print(f"\n({SHARED_RELEVANCE} is absent: the real-text set is skipped)")
        return
    judged = relevance_eval.judge_set(SHARED_RELEVANCE)
    speed()
    threshold = 4.0
    for part in ("tuning", "held-out"):
        mine = [j for j in judged if relevance_eval.part_of(j.number) == part]
        p, r, tp, fp, fn = relevance_eval.precision_recall(mine, threshold)
        spam = [(j.number, phrase) for j in mine for phrase in j.spam_left]
        stored_spam = [(n, ph) for n, ph in spam if next(j for j in mine if j.number == n).score >= threshold]
        print(f"\nreal texts, {part} part ({len(mine)} texts, {sum(j.on_topic for j in mine)} on-topic): "
              f"precision {p:.3f}, recall {r:.3f} (TP {tp}, FP {fp}, FN {fn}); injected spam phrases left: "
              f"{len(spam)} ({len(stored_spam)} in texts that would be stored)")
        lowest_on = min((j.score for j in mine if j.on_topic), default=0.0)
        highest_off = max((j.score for j in mine if not j.on_topic), default=0.0)
        print(f"  margin: lowest on-topic score {lowest_on:.2f}, highest off-topic score {highest_off:.2f}; "
              f"on-topic texts below 8: {sum(1 for j in mine if j.on_topic and j.score < 8)}")
        for j in mine:
            if (j.score >= threshold) != j.on_topic:
                kind = "false positive" if j.score >= threshold else "miss"
                print(f"  {kind}: {j.number:03d} score {j.score:.2f} {sorted(j.terms)[:6]}  {j.note[:70]}")
        for number, phrase in spam:
            print(f"  spam left: {number:03d} {phrase!r}")



def page_of(item: dict, number: int) -> tuple[str, bytes]:
    """A labelled text as a portal would serve it: its headline in <title> and <h1>, a date line, one
    <p> a line, a menu above; and the URL it is served at."""
    day = number % 28 + 1
    title = item.get("title")
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in item["text"].splitlines() if line.strip())
    head = f"<title>{html.escape(title)}_示例网</title>" if title else "<title>示例网</title>"
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>'
            f'<div class="nav"><a href="/">首页</a> <a href="/fz/">反诈</a></div>{heading}'
            f'<div class="info">2024-01-{day:02d} 10:00 来源：示例网</div><div class="content">{paragraphs}</div>'
            "</body></html>")
    return f"http://news.example.cn/2024-01/{day:02d}/content_{number:03d}.htm", page.encode("utf-8")


def through_rebuild() -> None:
    """The real texts as the issue checks them: each served as a page, written to a WARC file, and
    pushed through `python -m archive rebuild` at the default threshold; a text counts as kept when its
    URL is an article or a recorded copy of one, and its spam counts when a phrase is in a stored title or text."""
    if not SHARED_RELEVANCE.is_dir():
        return
    import json
    import sqlite3
    import subprocess
    import tempfile
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from archive.hanzi import to_simplified
    items = {int(p.stem): json.loads(p.read_text(encoding="utf-8")) for p in sorted(SHARED_RELEVANCE.glob("*.json"))}
    with tempfile.TemporaryDirectory() as tmp:
        warc, db = Path(tmp) / "texts.warc.gz", Path(tmp) / "texts.db"
        urls = {}
        with warc.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for number, item in items.items():
                url, body = page_of(item, number)
                urls[number] = url
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                      ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                              http_headers=headers))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "archive", "rebuild", "--db", str(db), str(warc)], cwd=ROOT,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            print(f"\nthrough rebuild: `python -m archive rebuild` failed ({done.returncode}):\n{done.stderr[-2000:]}")
            return
        with sqlite3.connect(db) as con:
            stored = {url: (title or "") + "\n" + text for url, title, text in
                      con.execute("select url, title, text from articles")}
            copies = {url for (url,) in con.execute("select url from duplicates")}
    print(f"\nthrough rebuild ({len(items)} texts served as pages, one WARC file, {elapsed:.1f} s):")
    for part in ("tuning", "held-out", "all"):
        numbers = [n for n in items if part == "all" or relevance_eval.part_of(n) == part]
        kept = {n for n in numbers if urls[n] in stored or urls[n] in copies}
        on = {n for n in numbers if items[n]["label"] == "on"}
        tp, fp, fn = len(kept & on), len(kept - on), len(on - kept)
        spam = [(n, phrase) for n in numbers if urls[n] in stored for phrase in items[n].get("spam_phrases", [])
                if to_simplified(phrase) in to_simplified(stored[urls[n]])]
        print(f"  {part}: precision {tp / max(1, tp + fp):.3f}, recall {tp / max(1, tp + fn):.3f} "
              f"(TP {tp}, FP {fp}, FN {fn}); injected spam phrases left in stored titles and texts: {len(spam)}")
        if part != "all":
            for n in sorted(kept - on):
                print(f"    false positive: {n:03d} {items[n].get('note', '')[:70]}")
            for n in sorted(on - kept):
                print(f"    miss: {n:03d} {items[n].get('note', '')[:70]}")
            for n, phrase in spam:
                print(f"    spam left: {n:03d} {phrase!r}")


def speed() -> None:
    """The judge's own cost per text (cleaning aside), on the real texts: the issue's bound is 1 ms."""
    import json

    from archive.relevance import Lexicon, relevance
    lexicon = Lexicon.load()
    items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SHARED_RELEVANCE.glob("*.json"))]
    dev = SHARED_RELEVANCE.parent / "dev"
    long_pages = [item for item in (json.loads(p.read_text(encoding="utf-8")) for p in sorted(dev.glob("*.json")))
                  if len(item.get("text") or "") > 2000] if dev.is_dir() else []
    for label, texts in (("the real texts", items), ("the long dev pages", long_pages)):
        if not texts:
            continue
        rounds = 5
        started = time.perf_counter()
        for _ in range(rounds):
            for item in texts:
                relevance(item.get("title"), item["text"], lexicon)
        per_text = (time.perf_counter() - started) / (rounds * len(texts)) * 1000
        mean_chars = sum(len(item["text"]) for item in texts) / len(texts)
        print(f"\njudge speed on {label}: {per_text:.3f} ms a text (mean {mean_chars:.0f} characters, "
              f"{len(texts)} texts x {rounds})", end="")
    print()


if __name__ == "__main__":
    sys.exit(main())
