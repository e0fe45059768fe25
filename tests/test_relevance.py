"""archive.relevance: the lexicon file, scoring, and precision/recall on the labelled set."""
from __future__ import annotations

import pytest

from archive.relevance import DEFAULT_LEXICON, Lexicon, relevance
from tests.relevance_set import SHARED, precision_recall, scored_set

THRESHOLD = 4.0  # RELEVANCE_MIN_SCORE's default


def test_the_shipped_lexicon_loads_and_is_documented():
    lexicon = Lexicon.load(DEFAULT_LEXICON)
    assert {"反诈", "电信网络诈骗", "杀猪盘", "断卡", "跑分", "两卡", "国家反诈中心"} <= set(lexicon.weights)
    assert DEFAULT_LEXICON.read_text(encoding="utf-8").startswith("# The anti-fraud lexicon")


def test_traditional_and_simplified_score_alike():
    lexicon = Lexicon.load()
    simplified = relevance("断卡行动", "严打跑分洗钱，国家反诈中心提醒", lexicon)
    traditional = relevance("斷卡行動", "嚴打跑分洗錢，國家反詐中心提醒", lexicon)
    assert simplified == traditional and simplified.score > THRESHOLD


def test_longest_term_wins_and_title_weighs_more():
    lexicon = Lexicon.from_lines(["电信网络诈骗\t4", "诈骗\t1"])
    assert relevance(None, "电信网络诈骗", lexicon).terms == {"电信网络诈骗": 1}
    later = "。" * 200 + "诈骗"  # past the lead
    assert relevance("诈骗", "", lexicon).score > relevance(None, later, lexicon).score
    assert relevance(None, "诈骗", lexicon).score > relevance(None, later, lexicon).score  # the lead weighs more


def test_a_bad_lexicon_line_is_a_clear_error():
    with pytest.raises(ValueError, match="line 2"):
        Lexicon.from_lines(["反诈\t4", "诈骗\tmany"])


def test_precision_and_recall_on_the_labelled_set():
    scored = scored_set()
    on = [s for s in scored if s.on_topic]
    assert len(on) >= 19 and len(scored) - len(on) >= 12
    precision, recall, *_ = precision_recall(scored, THRESHOLD)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    if SHARED.is_dir():
        assert len(scored) > 140  # the seeds and the dev corpus were scored too
