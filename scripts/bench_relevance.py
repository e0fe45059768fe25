"""`make bench-relevance`: precision and recall of the relevance filter on the labelled set.

The set is tests/data/relevance_labels.tsv: the sample portal's stories, the five seeds and the 109
dev-corpus pages (those two need ../shared), each extracted as the crawl would and scored against
archive/data/lexicon.tsv. Prints a table over thresholds; RELEVANCE_MIN_SCORE's default is 4.
"""
from __future__ import annotations

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



def speed() -> None:
    """The judge's own cost per text (cleaning aside), on the real texts: the issue's bound is 1 ms."""
    import json

    from archive.relevance import Lexicon, relevance
    lexicon = Lexicon.load()
    items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SHARED_RELEVANCE.glob("*.json"))]
    started = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for item in items:
            relevance(item.get("title"), item["text"], lexicon)
    per_text = (time.perf_counter() - started) / (rounds * len(items)) * 1000
    mean_chars = sum(len(item["text"]) for item in items) / len(items)
    print(f"\njudge speed: {per_text:.3f} ms a text (mean {mean_chars:.0f} characters, {len(items)} texts x {rounds})")


if __name__ == "__main__":
    sys.exit(main())
