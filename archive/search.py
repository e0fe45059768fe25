"""Chinese full-text search: what the two FTS5 indexes hold, and how a term becomes a query.

SQLite's default tokenizer takes a whole Chinese clause for one token (a search for 诈骗 finds
nothing), and the trigram tokenizer needs three characters (诈骗, 反诈 and 电诈 are two). So the
archive keeps two indexes, both over the Simplified text (a Simplified query finds Traditional
articles):

``articles_fts``
    trigram, declared with ``content="articles"``: what ``sqlite-utils search`` and Datasette find
    and use, for terms of three characters or more.
``articles_bigrams``
    every pair of adjacent characters as a token (the way Lucene's CJK analyzer indexes Chinese);
    a term becomes the phrase of its bigrams, so any term of two characters or more matches exactly
    where it occurs as a substring, ranked by bm25. ``python -m archive search`` uses it.

A segmenter (jieba) was the other candidate; bigrams need no dictionary, so an index never drifts
from the words a later dictionary would cut, and a new term (断卡, 跑分) is found the day it appears.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from archive.hanzi import TO_SIMPLIFIED

CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\W_\u3400-\u9fff\uf900-\ufaff]+", re.UNICODE)


def searchable(text: str | None) -> str:
    """The form both indexes hold: Simplified script, NFKC.

    >>> searchable("電信網絡詐騙")
    '电信网络诈骗'
    """
    return unicodedata.normalize("NFKC", TO_SIMPLIFIED.convert(text or ""))


def bigram_tokens(text: str) -> list[str]:
    """Chinese runs as overlapping bigrams (a lone character stays one token), other words whole.

    >>> bigram_tokens("反诈App上线")
    ['反诈', 'app', '上线']
    >>> bigram_tokens("电信诈骗")
    ['电信', '信诈', '诈骗']
    """
    return simplified_bigram_tokens(searchable(text))


def simplified_bigram_tokens(simplified: str) -> list[str]:
    """:func:`bigram_tokens` of a text already :func:`searchable`."""
    tokens: list[str] = []
    for match in WORD.finditer(simplified):
        word = match.group(0)
        if CJK_RUN.fullmatch(word):
            tokens.extend([word] if len(word) == 1 else [word[i : i + 2] for i in range(len(word) - 1)])
        else:
            tokens.append(word.lower())
    return tokens


@dataclass(frozen=True)
class IndexEntries:
    """What an article adds to the two indexes (computed once, by an extraction worker in a crawl)."""

    title: str  # articles_fts.title
    text: str  # articles_fts.text
    bigrams: str  # articles_bigrams.words


def index_entries(title: str | None, text: str | None, simplified_text: str | None = None) -> IndexEntries:
    """The index entries of an article (``simplified_text``: :func:`searchable` of the text, when the
    caller has it).

    >>> index_entries("反詐", "電信詐騙")
    IndexEntries(title='反诈', text='电信诈骗', bigrams='反诈 电信 信诈 诈骗')
    """
    simple_title = searchable(title)
    simple_text = searchable(text) if simplified_text is None else simplified_text
    return IndexEntries(simple_title, simple_text,
                        " ".join(simplified_bigram_tokens(simple_title + "\n" + simple_text)))


#: a search term's limits: more words than this (once repeated words are dropped), or words longer
#: than this, add nothing a person typed and only cost time (thousands of words took 11 s)
MAX_QUERY_WORDS = 16
MAX_WORD_CHARS = 64


def query_words(term: str) -> list[str]:
    """The distinct words of a search term, in order, within the limits above.

    >>> query_words("反诈 反诈 宣传 " * 1000)
    ['反诈', '宣传']
    """
    return list(dict.fromkeys(word[:MAX_WORD_CHARS] for word in term.split()))[:MAX_QUERY_WORDS]


def bigram_query(term: str) -> str:
    """An FTS5 query for ``articles_bigrams``: each word of the term as a phrase of its bigrams,
    all of them required.

    >>> bigram_query("電信網絡詐騙")
    '"电信 信网 网络 络诈 诈骗"'
    >>> bigram_query("反诈 宣传")
    '"反诈" AND "宣传"'
    """
    phrases = []
    for word in query_words(term):
        tokens = bigram_tokens(word)
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"')
    return " AND ".join(phrases)
