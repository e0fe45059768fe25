"""archive.extract on the sample portal's pages (rendered in-process) and on encodings."""
from __future__ import annotations

import pytest

from archive.clean import remove_pinyin_artefacts
from archive.extract import decode_html, extract
from tests.portal import site

PAGES = site.build()
ENTRIES = site.entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.path for e in ENTRIES])
def test_each_portal_page(entry):
    page = PAGES[entry.path]
    article = extract(page.body, "http://127.0.0.1:8000" + entry.path, page.content_type)
    assert article is not None
    assert article.title == entry.title
    assert article.published == f"{entry.story.date}T{entry.story.time}:00"
    assert article.site == site.SITE_NAMES[entry.portal]
    # the bad converter's bracketed pinyin on the republished copy is gone
    assert article.text.split("\n") == [remove_pinyin_artefacts(p) for p in entry.paragraphs]
    if entry.portal in ("gmw", "people"):
        assert article.editor == entry.story.editor
    if not entry.traditional:
        assert article.source == entry.story.source
        assert article.author in (entry.story.author, None)
    assert article.lang == "zh"


def test_decoding_trusts_bytes_over_labels():
    text = "反诈宣传进社区，李喆说"
    assert decode_html(text.encode("gbk"), "text/html; charset=utf-8") == text  # GBK labelled UTF-8
    assert decode_html(text.encode("utf-8"), "text/html; charset=gb2312") == text  # UTF-8 labelled GB2312
    assert decode_html(text.encode("gb18030")) == text  # undeclared
    assert decode_html(f'<meta charset="gb2312">{text}'.encode("gbk")).endswith(text)  # GBK-only 喆 under GB2312
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


@pytest.mark.parametrize("body", [b"", b"   ", b"\x00\x01\x02garbage\xff\xfe", b"<html><body></body></html>",
                                  b"<<<>>>" * 1000])
def test_no_article_in_junk(body):
    assert extract(body, "http://a.example/x.html") is None


def test_a_short_page_is_returned_short():
    # the crawl's EXTRACT_MIN_CHARS decides whether it is an article
    article = extract("<html><p>短</p></html>".encode(), "http://a.example/x.html")
    assert article is not None and article.text == "短"
