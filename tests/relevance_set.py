"""The labelled relevance set (tests/data/relevance_labels.tsv): each item run through the same
extraction as the crawl, then scored. Items from ../shared are left out when it is absent."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archive.extract import extract
from archive.relevance import Lexicon, relevance
from tests.portal import site

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LABELS = Path(__file__).with_name("data") / "relevance_labels.tsv"


@dataclass(frozen=True)
class Scored:
    item: str
    on_topic: bool
    score: float


def labels() -> list[tuple[str, bool]]:
    out = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            item, label = line.split("\t")
            out.append((item, label.strip() == "on"))
    return out


def title_and_text(item: str) -> tuple[str | None, str] | None:
    kind, _, name = item.partition(":")
    if kind == "portal":
        page = site.build()[name]
        article = extract(page.body, "http://127.0.0.1" + name, page.content_type)
    elif kind == "seed":
        found = list((SHARED / "seeds").glob(f"{name}_*.txt"))
        if not found:
            return None
        text = found[0].read_text(encoding="utf-8")
        return None, text  # a text capture: no page to extract from
    elif kind == "corpus":
        path = SHARED / "corpus" / "dev" / f"{name}.html"
        if not path.exists():
            return None
        article = extract(path.read_bytes(), "")
    else:
        raise ValueError(f"unknown item kind in {item}")
    return (article.title, article.text) if article else (None, "")


def scored_set(lexicon: Lexicon | None = None) -> list[Scored]:
    lexicon = lexicon or Lexicon.load()
    out = []
    for item, on_topic in labels():
        found = title_and_text(item)
        if found is not None:
            out.append(Scored(item, on_topic, relevance(found[0], found[1], lexicon).score))
    return out


def precision_recall(scored: list[Scored], threshold: float) -> tuple[float, float, int, int, int]:
    tp = sum(1 for s in scored if s.on_topic and s.score >= threshold)
    fp = sum(1 for s in scored if not s.on_topic and s.score >= threshold)
    fn = sum(1 for s in scored if s.on_topic and s.score < threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn
