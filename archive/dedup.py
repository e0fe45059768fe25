"""Deduplication: URL keys, exact and near-duplicate keys, and which copy is canonical.

Pure functions; persistence (the signatures and their LSH band keys) is the store's (``archive/store.py``).

- **URL**: :func:`canonical_url` folds what makes one page look like many (tracking parameters,
  fragments, ``index.html``, http/https, ``www.``/``m.``/``wap.`` hosts, parameter order); a page's
  ``<link rel=canonical>`` on the same site wins over its URL.
- **exact**: :func:`exact_key` hashes :func:`normalise_text`: Traditional → Simplified (OpenCC),
  NFKC, no whitespace, no punctuation.
- **near**: MinHash (datasketch) over character 5-shingles of the normalised text, LSH for
  candidates (:func:`band_keys`, looked up in SQLite), then the exact *containment* of the shorter
  copy's shingles in the longer's, so a truncated copy (a mirror that keeps the first half) still
  matches while two articles on the same topic do not.
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
from datasketch import MinHash
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


#: LSH over the signatures, kept on disk (table ``lsh_bands``): the bands and rows datasketch's
#: ``MinHashLSH(threshold=0.2, num_perm=128)`` chooses (a test checks they still agree). A low
#: threshold, so that a copy holding a quarter of an article is still a candidate. Fixed numbers:
#: they shape the stored keys.
LSH_THRESHOLD, LSH_BANDS, LSH_ROWS = 0.2, 28, 2
_GOLDEN, _MIX1, _MIX2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def band_keys(hashvalues: np.ndarray, bands: int = LSH_BANDS, rows: int = LSH_ROWS) -> np.ndarray:
    """One ``int64`` key per LSH band of a MinHash signature (the band's number mixed with its
    values, splitmix64's constants): two signatures share a key when they agree on a whole band.

    >>> a = np.arange(128, dtype=np.uint32)
    >>> b = a.copy(); b[0] = 999
    >>> keys_a, keys_b = band_keys(a), band_keys(b)
    >>> len(keys_a), int((keys_a == keys_b).sum()), len(set(keys_a.tolist()))
    (28, 27, 28)
    """
    values = np.asarray(hashvalues[: bands * rows], dtype=np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        key = (np.arange(1, bands + 1, dtype=np.uint64) * _GOLDEN)
        for column in range(rows):
            key = (key ^ values[:, column]) * _MIX1
            key ^= key >> np.uint64(31)
        key = key * _MIX2
        key ^= key >> np.uint64(29)
    return key.view(np.int64)


def estimated_containments(matrix: np.ndarray, sizes: np.ndarray, hashvalues: np.ndarray, size: int) -> np.ndarray:
    """:func:`estimated_containment` of one signature against each row of ``matrix`` at once."""
    j = (matrix == hashvalues).mean(axis=1)
    sizes = sizes.astype(np.float64)
    smaller = np.minimum(sizes, size)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(smaller > 0, np.minimum(1.0, j * (sizes + size) / (1 + j) / smaller), 0.0)


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
