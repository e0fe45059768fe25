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

from tests.relevance_set import precision_recall, scored_set  # noqa: E402


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
