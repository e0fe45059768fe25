"""archive.dedup and the DedupWriter: URL keys, exact and near duplicates, the canonical copy, and
state that survives across processes. Real SQLite files."""
from __future__ import annotations

import itertools

import opencc
import pytest

from archive.article import Article
from archive.dedup import Copy, canonical_url, containment, normalise_text, prefer_new, shingles
from archive.dedupwriter import DedupWriter
from archive.store import ArchiveDB
from tests.portal import site

STORIES = [e for e in site.archived_entries()]
S2T = opencc.OpenCC("s2t")


def text_of(entry) -> str:
    return "\n".join(entry.paragraphs)


def article(url: str, text: str, site_name: str = "样例网", source: str | None = None,
            published: str | None = "2026-11-01", title: str = "标题") -> Article:
    return Article(url=url, title=title, text=text, site=site_name, source=source, published=published)


@pytest.mark.parametrize("a, b", [
    ("http://www.gmw.cn/2024-02/23/content_1.htm", "https://gmw.cn/2024-02/23/content_1.htm"),
    ("http://m.gmw.cn/2024-02/23/content_1.htm?utm_source=wechat", "https://www.gmw.cn/2024-02/23/content_1.htm"),
    ("https://a.cn/list/index.html", "https://a.cn/list/"),
    ("https://a.cn/x.html?b=2&a=1#top", "https://a.cn/x.html?a=1&b=2"),
    ("https://a.cn/x.html?id=7&spm=a1.b2&from=timeline", "https://a.cn/x.html?id=7"),
])
def test_url_variants_share_a_key(a, b):
    assert canonical_url(a) == canonical_url(b)


def test_different_pages_keep_different_keys():
    assert canonical_url("https://a.cn/x.html?id=7") != canonical_url("https://a.cn/x.html?id=8")
    assert canonical_url("https://a.cn/x.html") != canonical_url("https://b.cn/x.html")


def test_declared_canonical_wins_on_the_same_site_only():
    assert canonical_url("https://a.cn/amp/1", "https://www.a.cn/1.html") == "a.cn/1.html"
    assert canonical_url("https://a.cn/1", "https://spam.example/elsewhere") == "a.cn/1"


def test_script_and_punctuation_do_not_matter():
    text = text_of(STORIES[0])
    assert normalise_text(S2T.convert(text)) == normalise_text(text.replace("，", ","))


def test_truncated_copy_is_contained_and_same_topic_stories_are_not():
    full = shingles(normalise_text(text_of(STORIES[0])))
    half = shingles(normalise_text(text_of(STORIES[0])[: len(text_of(STORIES[0])) // 2]))
    assert containment(half, full) == 1.0
    for a, b in itertools.combinations(STORIES, 2):  # 18 anti-fraud commentaries
        sa, sb = shingles(normalise_text(text_of(a))), shingles(normalise_text(text_of(b)))
        assert containment(sa, sb) < 0.3, (a.title, b.title)


def test_archiver_finds_copies_and_keeps_one_story(tmp_path):
    store = ArchiveDB.open(tmp_path / "a.db")
    writer = DedupWriter(store)
    base = text_of(STORIES[0])
    first = writer.add(article("https://a.cn/1.html", base, "某网", "法治日报", "2026-11-20"))
    assert first.kind == "inserted"
    assert writer.add(article("https://a.cn/1.html", base)).kind == "seen"
    assert writer.add(article("https://a.cn/1.html?utm_source=x", base)).kind == "url"
    assert writer.add(article("https://b.cn/9.html", S2T.convert(base), "中國西藏網", "法治日報", "2026-11-21")).kind == "exact"
    noisy = "首页 > 评论 > 正文\n" + base[: int(len(base) * 0.7)] + "\n版权声明：本网所有作品版权归本网所有。"
    near = writer.add(article("https://c.cn/5.html", noisy, "镜像站", "法治日报", "2026-11-22"))
    assert near.kind == "near" and near.article_id == first.article_id and near.similarity >= 0.6
    for story in STORIES[1:]:
        assert writer.add(article(f"https://a.cn/{story.story.ident}.html", text_of(story))).kind == "inserted"
    assert store.counts()["articles"] == len(STORIES)
    kinds = sorted(r["kind"] for r in store.db.query("select kind from duplicates"))
    assert kinds == ["exact", "near", "url"]
    store.close()


def test_the_original_outlet_becomes_the_story_even_when_it_arrives_last(tmp_path):
    store = ArchiveDB.open(tmp_path / "a.db")
    writer = DedupWriter(store)
    base = text_of(STORIES[0])
    copy = writer.add(article("https://tibet.example/1.html", S2T.convert(base), "中国西藏网", "光明日报", "2026-11-19"))
    original = writer.add(article("https://gmw.example/1.html", base, "光明网", "光明日报", "2026-11-20"))
    assert original.kind == "exact" and original.replaced and original.article_id == copy.article_id
    [row] = store.articles()
    assert row["site"] == "光明网" and row["url"] == "https://gmw.example/1.html"
    [dup] = list(store.db.query("select * from duplicates"))
    assert dup["site"] == "中国西藏网" and dup["article_id"] == row["id"]
    store.close()


def test_dedup_state_survives_across_processes(tmp_path):
    path = tmp_path / "a.db"
    store = ArchiveDB.open(path)
    DedupWriter(store).add(article("https://a.cn/1.html", text_of(STORIES[3])))
    store.close()
    reopened = ArchiveDB.open(path)  # tomorrow's crawl: a new process, the same archive
    text = text_of(STORIES[3])
    outcome = DedupWriter(reopened).add(article("https://mirror.cn/1.html", "转载：" + text[: int(len(text) * 0.8)]))
    assert outcome.kind == "near"
    reopened.close()


def test_canonical_rule_is_documented_and_order_free():
    a = Copy("a.cn/1", "某网", "人民日报", "2026-11-18T05:38:00")
    b = Copy("b.cn/1", "另一网", "人民日报", "2026-11-18T05:38:00")
    assert prefer_new(a, b) != prefer_new(b, a)  # a tie still has one answer, whichever came first
    assert prefer_new(Copy("z", "人民网", "人民日报", "2026-11-19"), Copy("a", "某网", "人民日报", "2026-11-18"))


def test_the_stored_band_keys_use_the_bands_datasketch_chooses():
    """The on-disk LSH keeps datasketch's choice of bands and rows for its threshold: the same candidates."""
    from datasketch import MinHashLSH

    from archive.dedup import LSH_BANDS, LSH_ROWS, LSH_THRESHOLD, NUM_PERM

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS)


def test_an_archive_opened_again_finds_near_copies_without_loading_anything(tmp_path):
    """A second writer on the same file (a later crawl) finds the near copy through lsh_bands;
    replacing the canonical copy moves its band keys."""
    from archive.article import Article
    from archive.dedupwriter import DedupWriter
    from archive.store import ArchiveDB

    text = "".join(f"第{n}条：警方提醒，冒充客服以退款为由诱导转账的电信网络诈骗仍然高发，请市民提高警惕。" for n in range(30))
    first = ArchiveDB.open(tmp_path / "a.db")
    original = DedupWriter(first).add(Article(url="http://a.cn/1.html", title="t", text=text, site="某网"))
    first.close()
    again = ArchiveDB.open(tmp_path / "a.db")
    writer = DedupWriter(again)
    assert writer.shingle_cache == {}  # nothing read at start
    outcome = writer.add(Article(url="http://b.cn/2.html", title="t", text=text[: len(text) * 2 // 3], site="人民网",
                                 source="人民日报", published="2024-01-01"))
    assert outcome.kind == "near" and outcome.article_id == original.article_id and outcome.replaced
    bands = again.rows("select count(*) as n, count(distinct article_id) as a from lsh_bands")[0]
    assert bands == {"n": 28, "a": 1}  # the old signature's keys went with it
    third = DedupWriter(again).add(Article(url="http://c.cn/3.html", title="t", text=text, site="别网"))
    assert third.kind == "near" and third.article_id == original.article_id
    again.close()
