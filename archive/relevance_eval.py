"""Scoring the relevance judge and the spam rules on a labelled set of real texts
(``../shared/corpus/relevance``: NNN.json with title, text, label on/off, spam_phrases).

The set is split once, by number: items whose number is divisible by 3 are the held-out part,
never used to tune the lexicon or the spam rules; the rest is the tuning part.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from archive.clean import clean_text, tidy_title
from archive.hanzi import to_simplified
from archive.relevance import Lexicon, relevance
from archive.spam import SpamRules


@dataclass
class Judged:
    number: int
    on_topic: bool
    score: float
    terms: dict
    spam_left: list[str]
    note: str


def part_of(number: int) -> str:
    """``held-out`` for every third item, ``tuning`` for the others.

    >>> part_of(3), part_of(4)
    ('held-out', 'tuning')
    """
    return "held-out" if number % 3 == 0 else "tuning"


def judge_set(directory: Path, lexicon: Lexicon | None = None, rules: SpamRules | None = None) -> list[Judged]:
    """Each labelled text cleaned as the crawl cleans (body rules, then spam rules), then scored."""
    lexicon = lexicon or Lexicon.load()
    rules = rules or SpamRules.load()
    judged = []
    for path in sorted(directory.glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        title = rules.clean(tidy_title(item.get("title") or "")).text  # as extract() cleans a headline
        text = rules.clean(clean_text(item["text"], item.get("title"))).text
        result = relevance(title, text, lexicon)
        kept = to_simplified(title + "\n" + text)
        left = [p for p in item.get("spam_phrases", []) if to_simplified(p) in kept]
        judged.append(Judged(int(path.stem), item["label"] == "on", result.score, result.terms, left,
                             item.get("note", "")))
    return judged


def precision_recall(judged: list[Judged], threshold: float) -> tuple[float, float, int, int, int]:
    tp = sum(1 for j in judged if j.on_topic and j.score >= threshold)
    fp = sum(1 for j in judged if not j.on_topic and j.score >= threshold)
    fn = sum(1 for j in judged if j.on_topic and j.score < threshold)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn
