"""Chinese script: the one Traditional → Simplified converter every stage uses (dedup keys, search,
relevance, site names), so that all of them read a Traditional copy alike."""
from __future__ import annotations

import opencc

#: read-only, built once (3 ms) like a compiled pattern
TO_SIMPLIFIED = opencc.OpenCC("t2s")
#: Traditional → Simplified with Taiwan's vocabulary mapped to the mainland's (網路 → 网络, 簡訊 → 短信,
#: 軟體 → 软件): for matching words (archive.relevance), where 电信网路诈骗 must read as 电信网络诈骗; the dedup
#: keys and search keep the character-level TO_SIMPLIFIED (a copy's words are not rewritten)
TO_MAINLAND = opencc.OpenCC("tw2sp")


def to_simplified(text: str) -> str:
    """Text in Simplified script.

    >>> to_simplified("跨境電信網絡詐騙")
    '跨境电信网络诈骗'
    """
    return TO_SIMPLIFIED.convert(text)
