"""Relevance: does an article belong in an archive of anti-fraud commentary?

Pure: text in, score and matched terms out. The lexicon is a data file
(``archive/data/lexicon.tsv``; ``RELEVANCE_LEXICON`` points at another) of weighted terms;
the score sums, over the terms found, ``weight × (√count in body + TITLE_FACTOR × count in title)``,
counting at each position only the longest term, in Simplified script whatever the page's script.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from archive.hanzi import TO_SIMPLIFIED

DEFAULT_LEXICON = Path(__file__).with_name("data") / "lexicon.tsv"  # where it lives in a checkout
TITLE_FACTOR = 2.0


@dataclass(frozen=True)
class Lexicon:
    weights: dict[str, float]
    pattern: re.Pattern

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """The lexicon at ``path``; by default the one shipped in the package (read as a package
        resource, so it loads from a zipped egg under scrapyd too)."""
        if path is None:
            text = resources.files("archive").joinpath("data/lexicon.tsv").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return cls.from_lines(text.splitlines())

    @classmethod
    def from_lines(cls, lines: list[str]) -> Lexicon:
        """Parse lexicon lines (TERM, WEIGHT, …; # comments).

        >>> Lexicon.from_lines(["# comment", "反诈\\t4\\tresponse", "诈骗\\t1.5"]).weights
        {'反诈': 4.0, '诈骗': 1.5}
        """
        weights: dict[str, float] = {}
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            term = TO_SIMPLIFIED.convert(fields[0].strip())
            try:
                weights[term] = float(fields[1]) if len(fields) > 1 and fields[1].strip() else 1.0
            except ValueError as exc:
                raise ValueError(f"lexicon line {number}: weight {fields[1]!r} is not a number") from exc
        if not weights:
            raise ValueError("the lexicon has no terms")
        ordered = sorted(weights, key=len, reverse=True)  # longest first: the longest term wins
        return cls(weights, re.compile("|".join(re.escape(t) for t in ordered)))


@dataclass(frozen=True)
class Relevance:
    score: float
    terms: dict[str, int]  # term -> count over title and body


def term_counts(text: str, lexicon: Lexicon) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in lexicon.pattern.finditer(TO_SIMPLIFIED.convert(text)):
        counts[match.group(0)] = counts.get(match.group(0), 0) + 1
    return counts


def relevance(title: str | None, text: str, lexicon: Lexicon) -> Relevance:
    """Score an article.

    >>> lexicon = Lexicon.from_lines(["电信网络诈骗\\t4", "诈骗\\t1.5", "反诈\\t4"])
    >>> r = relevance("多措並舉治理跨境電信網絡詐騙", "电信网络诈骗……反诈宣传", lexicon)
    >>> round(r.score, 2), r.terms
    (16.0, {'反诈': 1, '电信网络诈骗': 2})
    >>> relevance("春播时节农资供应总体平稳", "化肥、种子价格总体平稳。", lexicon).score
    0.0
    """
    in_title = term_counts(title or "", lexicon)
    in_body = term_counts(text, lexicon)
    score = 0.0
    for term in set(in_title) | set(in_body):
        weight = lexicon.weights[term]
        score += weight * (math.sqrt(in_body.get(term, 0)) + TITLE_FACTOR * in_title.get(term, 0))
    terms = {t: in_title.get(t, 0) + in_body.get(t, 0) for t in sorted(set(in_title) | set(in_body))}
    return Relevance(round(score, 3), terms)
