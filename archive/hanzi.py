"""Chinese script: the one Traditional → Simplified converter every stage uses (dedup keys, search,
relevance, site names), so that all of them read a Traditional copy alike."""
from __future__ import annotations

import opencc

#: read-only, built once (3 ms) like a compiled pattern
TO_SIMPLIFIED = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Text in Simplified script.

    >>> to_simplified("跨境電信網絡詐騙")
    '跨境电信网络诈骗'
    """
    return TO_SIMPLIFIED.convert(text)
