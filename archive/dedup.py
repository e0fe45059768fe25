"""Deduplication: URL keys, exact and near-duplicate keys, and which copy is canonical.

Pure functions and one in-memory index; persistence is the store's (``archive/store.py``).

- **URL**: :func:`canonical_url` folds what makes one page look like many (tracking parameters,
  fragments, ``index.html``, http/https, ``www.``/``m.``/``wap.`` hosts, parameter order); a page's
  ``<link rel=canonical>`` on the same site wins over its URL.
- **exact**: :func:`exact_key` hashes :func:`normalise_text`: Traditional → Simplified (OpenCC),
  NFKC, no whitespace, no punctuation.
- **near**: MinHash (datasketch) over character 5-shingles of the normalised text, LSH for
  candidates, then the exact *containment* of the shorter copy's shingles in the longer's, so a
  truncated copy (a mirror that keeps the first half) still matches while two articles on the same
  topic do not.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import tldextract
from datasketch import MinHash, MinHashLSH
from w3lib.url import canonicalize_url, url_query_cleaner

from archive.hanzi import TO_SIMPLIFIED

#: the public suffix list as tldextract ships it (no download, no cache written); read-only
PUBLIC_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

#: query parameters that only say how a reader arrived
TRACKING_PARAMETERS = (
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id", "spm", "from",
    "isappinstalled", "share", "sharetype", "share_token", "share_from", "wxshare_count", "scene",
    "clicktime", "enterid", "timestamp", "ts", "sessionid", "sid", "jsessionid", "phpsessid", "fbclid",
    "gclid", "_hsenc", "_hsmi", "ref", "source", "tt_from", "tt_group_id", "app", "code",
)
MOBILE_PREFIXES = ("www.", "m.", "wap.", "3g.", "mobile.")
INDEX_PAGES = re.compile(r"/(index|default)\.(s?html?|php|jsp|aspx?)$", re.I)
PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)
SHINGLE = 5
NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2's default permutation scheme; stored signatures are uint32


def canonical_url(url: str, declared: str | None = None) -> str:
    """The key under which a page is archived once.

    >>> canonical_url("http://m.gmw.cn/2024-02/23/content_1.htm?utm_source=wx&from=timeline#comments")
    'gmw.cn/2024-02/23/content_1.htm'
    >>> canonical_url("https://www.example.cn/news/index.html?b=2&a=1")
    'example.cn/news/?a=1&b=2'
    >>> canonical_url("https://a.cn/x?id=1", declared="https://a.cn/story/1.html")
    'a.cn/story/1.html'
    >>> canonical_url("http://a.cn/2024/1.htm;jsessionid=0A1B?sessionid=9f")
    'a.cn/2024/1.htm'
    """
    if declared and same_site(url, declared):
        url = declared
    cleaned = url_query_cleaner(url, TRACKING_PARAMETERS, remove=True, keep_fragments=False)
    parts = urlsplit(canonicalize_url(cleaned, keep_fragments=False))
    host = (parts.hostname or "").lower()
    for prefix in MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    port = parts.port
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = INDEX_PAGES.sub("/", (parts.path or "/").split(";", 1)[0])  # ;jsessionid=… path parameters
    return urlunsplit(("", host, path, parts.query, "")).lstrip("/")


def site_of(url: str) -> str:
    """The registrable domain of a URL's host, by the public suffix list (tldextract's bundled
    copy: no network); the host itself for an IP address or a name with no public suffix.

    >>> site_of("http://news.people.com.cn/n1/x.html"), site_of("https://www.chinanews.com.cn/")
    ('people.com.cn', 'chinanews.com.cn')
    >>> site_of("http://www.mps.gov.cn/"), site_of("http://127.0.0.1:8080/a")
    ('mps.gov.cn', '127.0.0.1')
    """
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return ""
    return PUBLIC_SUFFIXES.extract_str(host).top_domain_under_public_suffix or host


def same_site(a: str, b: str) -> bool:
    """Two URLs of one site (one registrable domain): a page's ``rel=canonical`` is trusted only then.

    >>> same_site("http://www.people.com.cn/a", "http://people.com.cn/b")
    True
    >>> same_site("http://www.people.com.cn/a", "http://www.chinanews.com.cn/b")
    False
    >>> same_site("http://www.mps.gov.cn/a", "http://www.court.gov.cn/b")
    False
    """
    site = site_of(a)
    return bool(site) and site == site_of(b)


def normalise_text(text: str) -> str:
    """What two copies of one article share: Simplified script, NFKC, no spaces, no punctuation.

    >>> normalise_text("多措並舉，治理 跨境電信網絡詐騙！")
    '多措并举治理跨境电信网络诈骗'
    """
    return normalise_simplified(unicodedata.normalize("NFKC", TO_SIMPLIFIED.convert(text)))


def normalise_simplified(text: str) -> str:
    """:func:`normalise_text` of a text already in Simplified script and NFKC (``archive.search.searchable``)."""
    return PUNCTUATION.sub("", text).lower()


def exact_key(normalised: str) -> str:
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


def shingles(normalised: str, size: int = SHINGLE) -> set[int]:
    """Hashed character shingles (CRC32) of a normalised text."""
    data = normalised
    if len(data) <= size:
        return {zlib.crc32(data.encode("utf-8"))} if data else set()
    return {zlib.crc32(data[i : i + size].encode("utf-8")) for i in range(len(data) - size + 1)}


def shingle_array(normalised: str, size: int = SHINGLE) -> np.ndarray:
    """:func:`shingles` as a sorted ``uint32`` array: what a worker process sends back (a few KB to
    pickle, against a set's tens) and what :func:`containment` intersects fastest."""
    hashed = shingles(normalised, size)
    return np.sort(np.fromiter(hashed, dtype=np.uint32, count=len(hashed)))


@dataclass(frozen=True)
class Fingerprint:
    """Everything deduplication needs of a text, computed once (in an extraction worker during a
    crawl): the exact key, the shingles and the MinHash signature."""

    text_hash: str
    shingles: np.ndarray  # sorted uint32 (shingle_array)
    signature: np.ndarray  # uint32, NUM_PERM values

    @property
    def size(self) -> int:
        return len(self.shingles)


def fingerprint(text: str, simplified: str | None = None) -> Fingerprint:
    """The fingerprint of an article text (``simplified``: the text in Simplified script and NFKC
    already, when the caller has it).

    >>> a, b = fingerprint("多措並舉，治理跨境電信網絡詐騙"), fingerprint("多措并举 治理跨境电信网络诈骗！")
    >>> a.text_hash == b.text_hash, a.size, bool((a.signature == b.signature).all())
    (True, 10, True)
    """
    normalised = normalise_text(text) if simplified is None else normalise_simplified(simplified)
    hashed = shingle_array(normalised)
    return Fingerprint(exact_key(normalised), hashed, signature(hashed, default_permutations()))


@cache
def default_permutations(num_perm: int = NUM_PERM) -> tuple[np.ndarray, np.ndarray]:
    """The MinHash permutations (seed 1), made once per process."""
    return Permutations(num_perm).make()


@dataclass(frozen=True)
class Permutations:
    """The MinHash permutations, made once per index (not per document)."""

    num_perm: int = NUM_PERM

    def make(self) -> tuple[np.ndarray, np.ndarray]:
        return MinHash(num_perm=self.num_perm, seed=1, scheme=SCHEME).permutations


def signature(hashed: set[int] | np.ndarray, permutations: tuple[np.ndarray, np.ndarray],
              num_perm: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature of a set (or :func:`shingle_array`) of hashed shingles."""
    minhash = MinHash(num_perm=num_perm, seed=1, permutations=permutations, hashfunc=int, scheme=SCHEME)
    if len(hashed):
        minhash.update_batch(hashed.tolist() if isinstance(hashed, np.ndarray) else list(hashed))
    return minhash.hashvalues


def containment(a: set[int] | np.ndarray, b: set[int] | np.ndarray) -> float:
    """Share of the smaller set found in the larger: 1.0 for a truncated copy. Sets, or sorted
    arrays of distinct values (:func:`shingle_array`).

    >>> containment({1, 2, 3}, {1, 2, 3, 4, 5, 6})
    1.0
    >>> containment(np.array([1, 2, 7], dtype=np.uint32), np.array([1, 2, 3, 4], dtype=np.uint32))
    0.6666666666666666
    """
    if not len(a) or not len(b):
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if isinstance(small, np.ndarray) or isinstance(large, np.ndarray):
        small = np.asarray(sorted(small)) if isinstance(small, set) else small
        large = np.asarray(sorted(large)) if isinstance(large, set) else large
        at = np.searchsorted(large, small)  # both sorted: where each value of the smaller would be
        at[at == len(large)] = 0
        return int(np.count_nonzero(large[at] == small)) / len(small)
    return len(small & large) / len(small)


def estimated_containment(a: np.ndarray, size_a: int, b: np.ndarray, size_b: int) -> float:
    """Containment of the smaller set in the larger, estimated from MinHash signatures and set sizes
    (Jaccard J from the signatures; |A∩B| = J(|A|+|B|)/(1+J))."""
    if not size_a or not size_b:
        return 0.0
    j = float(np.count_nonzero(a == b)) / len(a)
    return min(1.0, j * (size_a + size_b) / (1 + j) / min(size_a, size_b))


class NearDuplicateIndex:
    """MinHash LSH over article signatures, with each signature (rows of one matrix, so that all
    candidates of a query are compared at once) and shingle count kept in memory for a cheap
    containment estimate (the store keeps them across runs)."""

    def __init__(self, threshold: float = 0.2, num_perm: int = NUM_PERM) -> None:
        self.num_perm = num_perm
        self.permutations = default_permutations(num_perm)
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.rows: dict[int, int] = {}  # key -> row of the matrix
        self.matrix = np.zeros((1024, num_perm), dtype=np.uint32)
        self.sizes = np.zeros(1024, dtype=np.int64)
        self.used = 0

    def signature(self, hashed: set[int] | np.ndarray) -> np.ndarray:
        return signature(hashed, self.permutations, self.num_perm)

    def _minhash(self, hashvalues: np.ndarray) -> MinHash:
        return MinHash(num_perm=self.num_perm, seed=1, permutations=self.permutations, hashvalues=hashvalues,
                       scheme=SCHEME)

    def __contains__(self, key: int) -> bool:
        return key in self.rows

    def add(self, key: int, hashvalues: np.ndarray, size: int) -> None:
        self.lsh.insert(key, self._minhash(hashvalues), check_duplication=False)
        if self.used == len(self.matrix):  # grow by doubling: amortised O(1) per add
            self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
            self.sizes = np.concatenate([self.sizes, np.zeros_like(self.sizes)])
        self.matrix[self.used] = hashvalues
        self.sizes[self.used] = size
        self.rows[key] = self.used
        self.used += 1

    def remove(self, key: int) -> None:
        if key in self.rows:
            self.lsh.remove(key)
            del self.rows[key]  # its row stays, unused

    def candidates(self, hashvalues: np.ndarray, size: int, at_least: float = 0.0) -> list[tuple[int, float]]:
        """``(key, estimated containment)`` of indexed sets that may be near ``hashvalues``, best first
        (the estimate of :func:`estimated_containment`, for all LSH candidates at once)."""
        keys = list(self.lsh.query(self._minhash(hashvalues)))
        if not keys or not size:
            return []
        rows = np.array([self.rows[key] for key in keys])
        j = (self.matrix[rows] == hashvalues).mean(axis=1)
        sizes = self.sizes[rows].astype(np.float64)
        smaller = np.minimum(sizes, size)
        with np.errstate(divide="ignore", invalid="ignore"):
            estimates = np.where(smaller > 0, np.minimum(1.0, j * (sizes + size) / (1 + j) / smaller), 0.0)
        order = np.argsort(-estimates, kind="stable")
        return [(keys[i], float(estimates[i])) for i in order if estimates[i] >= at_least]

    def __len__(self) -> int:
        return len(self.rows)


# -- which copy is the article ------------------------------------------------------------
#: outlets and the websites they publish on themselves
OUTLET_SITES = {
    "人民日报": {"人民网"}, "光明日报": {"光明网"}, "法治日报": {"法治网"}, "新华社": {"新华网"},
    "中新社": {"中国新闻网"}, "中国新闻社": {"中国新闻网"}, "经济日报": {"中国经济网"}, "央视新闻": {"央视网"},
    "证券日报": {"证券日报网"}, "西藏日报": {"中国西藏网"},
}


@dataclass(frozen=True)
class Copy:
    """What the canonical-copy rule looks at."""

    url_key: str
    site: str | None
    source: str | None
    published: str | None


def is_original_outlet(copy: Copy, named_source: str | None) -> bool:
    """Is ``copy`` on the outlet another copy names as its 来源 (or that outlet's own site)?

    >>> is_original_outlet(Copy("x", "人民网", "人民日报", None), "人民日報")
    True
    """
    if not copy.site or not named_source:
        return False
    site, source = TO_SIMPLIFIED.convert(copy.site), TO_SIMPLIFIED.convert(named_source)
    return site == source or site in OUTLET_SITES.get(source, set()) or source.startswith(site)


def prefer_new(new: Copy, old: Copy) -> bool:
    """The documented rule: the copy on the original outlet named in 来源 wins; else the earliest
    publication; on a tie, the smaller URL key (so the choice never depends on arrival order).

    >>> prefer_new(Copy("b", "光明网", "光明日报", "2024-01-02"), Copy("a", "中国西藏网", "光明日报", "2024-01-01"))
    True
    >>> prefer_new(Copy("b", "中国西藏网", "人民日报", "2024-01-01"), Copy("a", "某网", "人民日报", "2024-01-02"))
    True
    """
    new_original = is_original_outlet(new, old.source) or is_original_outlet(new, new.source)
    old_original = is_original_outlet(old, new.source) or is_original_outlet(old, old.source)
    if new_original != old_original:
        return new_original
    if new.published and old.published and new.published[:10] != old.published[:10]:
        return new.published < old.published
    if bool(new.published) != bool(old.published):
        return bool(new.published)
    return new.url_key < old.url_key
