"""`make bench-pagekind`: precision and recall of the page classifier (archive/pagekind.py).

Articles: the 109 dev-corpus pages (../shared/corpus/dev), the real portal articles of
../shared/corpus/portals and the sample portal's article pages. Non-articles: the real listing and forum
pages of ../shared/corpus/portals and the sample portal's listings, home pages, about, video and /plain/
index pages. Prints recall on articles, how many non-articles would be stored as articles, and the CPU
time a page costs.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from archive.extract import decode_html  # noqa: E402
from archive.pagekind import classify, not_article, parse  # noqa: E402
from tests.portal import site  # noqa: E402


def labelled_pages() -> list[tuple[str, bytes, bool]]:
    pages = []
    for path in sorted((SHARED / "corpus" / "dev").glob("*.html")):
        pages.append((f"dev:{path.stem}", path.read_bytes(), True))
    for meta_path in sorted((SHARED / "corpus" / "portals").glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        pages.append((f"portals:{meta_path.stem}", meta_path.with_suffix(".html").read_bytes(), meta["kind"] == "article"))
    articles = {e.path for e in site.entries()}
    for path, page in site.build().items():
        if path == "/gmw/video/2026-11/01/content_38120999.htm":
            pages.append((f"sample:{path}", page.body, False))  # a video page: no article
        elif not path.endswith((".xml", ".txt")):
            pages.append((f"sample:{path}", page.body, path in articles))
    for path in ("/plain/", "/plain/list/2", "/plain/about"):
        pages.append((f"sample:{path}", site.plain_route(path).body, False))
    for path in sorted((ROOT / "tests" / "data" / "pagekind").glob("*.html")):
        pages.append((f"written:{path.stem}", path.read_bytes(), False))  # listings, index, video … in portals' markup
    return pages


def main() -> int:
    pages = labelled_pages()
    spent, parsing, decided = 0.0, 0.0, []
    for name, raw, is_article in pages:
        html = decode_html(raw)
        started = time.process_time()
        tree = parse(html)  # the crawl's link extractor parses the page anyway (response.selector)
        parsed = time.process_time()
        kind = classify(tree)
        spent += time.process_time() - parsed
        parsing += parsed - started
        decided.append((name, is_article, kind))
    articles = [d for d in decided if d[1]]
    others = [d for d in decided if not d[1]]
    found = sum(1 for d in articles if d[2].kind == "article")
    wrong = [d for d in others if d[2].kind == "article"]
    precision = found / max(1, found + len(wrong))
    print("| pages | articles | recall | non-articles | stored as articles | precision | classify ms/page | "
          "(parse ms/page) |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {len(decided)} | {len(articles)} | {found / max(1, len(articles)):.3f} | {len(others)} | {len(wrong)} | "
          f"{precision:.3f} | {1000 * spent / max(1, len(decided)):.2f} | {1000 * parsing / max(1, len(decided)):.2f} |")
    for name, _, kind in articles:
        if kind.kind != "article":
            print(f"  missed: {name} ({kind.reason}, link share {kind.link_share:.2f}, prose {kind.prose})")
    for name, _, kind in wrong:
        print(f"  stored as an article: {name} ({kind.reason})")
    # pages a URL pattern would call articles: the workers' not_article check
    flagged = [(name, reason) for name, raw, is_article in pages if is_article
               for reason in [not_article(parse(decode_html(raw)))] if reason]
    negatives = [(name, not_article(parse(decode_html(raw)))) for name, raw, _ in pages
                 if name.startswith("written:") and any(k in name for k in ("video", "gallery", "404", "login"))]
    print(f"not_article: {sum(1 for _, r in negatives if r)} of {len(negatives)} video/gallery/soft 404/login pages "
          f"caught ({', '.join(f'{n[8:]}={r}' for n, r in negatives)}); "
          f"{len(flagged)} of {len(articles)} articles wrongly flagged")
    for name, reason in flagged:
        print(f"  article flagged {reason}: {name}")
    templates_on_real_urls()
    return 0


def templates_on_real_urls() -> None:
    """URL templates on the 10,473 real portal URLs of ../shared: learnt from half of the URLs the built-in
    patterns call articles (standing in for pages read as articles), tried on the other half and on every
    URL no pattern calls an article."""
    path = SHARED / "corpus" / "portal-urls.tsv"
    if not path.exists():
        return
    import random
    import re
    from urllib.parse import urlsplit

    from archive.urltemplates import TemplateLearner
    from crawler.spiders.base import GENERIC_ARTICLE_PATTERNS

    pattern = re.compile("|".join(f"(?:{p})" for p in GENERIC_ARTICLE_PATTERNS))
    urls = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(1).shuffle(urls)
    articles = [u for u in urls if pattern.search(urlsplit(u).path)]
    others = [u for u in urls if not pattern.search(urlsplit(u).path)]
    learnt, tried = articles[: len(articles) // 2], articles[len(articles) // 2 :]
    learner = TemplateLearner(min_pages=3)
    for url in learnt:
        learner.article(url)
    print(f"URL templates on {len(urls)} real portal URLs: {len(learner.templates)} learnt from {len(learnt)} article "
          f"URLs; they take {sum(1 for u in tried if learner.match(u))} of the other {len(tried)} article URLs and "
          f"{sum(1 for u in others if learner.match(u))} of {len(others)} URLs no pattern calls an article")


if __name__ == "__main__":
    sys.exit(main())
