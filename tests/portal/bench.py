"""A generated portal for `make bench`: N article pages of 40–150 KB (Chinese text from the sample
portal's stories, mixed per page, plus the navigation, scripts, styles and related lists real
portals carry), listed 50 to a page with "下一页" pagination under /bench/."""
from __future__ import annotations

import random

from tests.portal.content import STORIES

PER_PAGE = 50
PARAGRAPHS = [p for story in STORIES for p in story.paragraphs]


def article_path(n: int) -> str:
    return f"/bench/2026-{1 + n % 11:02d}/{1 + n % 28:02d}/content_{100000 + n}.htm"


def listing_path(k: int) -> str:
    return "/bench/list.html" if k == 1 else f"/bench/list_{k}.html"


def article(n: int) -> bytes:
    rng = random.Random(n)
    paragraphs = rng.sample(PARAGRAPHS, rng.randint(12, 24))
    paragraphs.insert(0, f"（第{n}号稿件）记者近日就反诈宣传和电信网络诈骗治理进行了采访。")
    target = rng.randint(40_000, 150_000)
    nav = "".join(f"<li><a href='/bench/channel_{i}.html'>频道{i}</a></li>" for i in range(60))
    related = "".join(f"<li><a href='{article_path((n + i) % 997)}'>{PARAGRAPHS[(n + i) % len(PARAGRAPHS)][:24]}</a></li>"
                      for i in range(1, 16))
    body = "".join(f"<p>　　{p}</p>" for p in paragraphs)
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>基准稿件{n}_基准门户</title>"
            f"<style>{'.c{margin:0;padding:0}' * 200}</style></head><body><ul class='nav'>{nav}</ul>"
            f"<h1>基准稿件{n}</h1><div class='info'>2026-{1 + n % 11:02d}-{1 + n % 28:02d} 10:00 来源：基准门户</div>"
            f"<div class='content'>{body}</div><div class='related'><h3>相关阅读</h3><ul>{related}</ul></div>")
    filler_unit = "<script>var _hmt=_hmt||[];(function(){var hm=document.createElement('script');})();</script>\n"
    filler = filler_unit * max(0, (target - len(page.encode()) - 40) // len(filler_unit))
    return (page + filler + "<div class='footer'>基准门户版权所有</div></body></html>").encode()


def listing(k: int, total: int) -> bytes:
    pages = (total + PER_PAGE - 1) // PER_PAGE
    items = "".join(f"<li><a href='{article_path(n)}'>基准稿件{n}</a></li>"
                    for n in range((k - 1) * PER_PAGE, min(total, k * PER_PAGE)))
    nxt = f"<a href='{listing_path(k + 1)}'>下一页</a>" if k < pages else ""
    return f"<html><body><ul>{items}</ul>{nxt}</body></html>".encode()


def route(path: str, total: int) -> bytes | None:
    if path == "/bench/list.html":
        return listing(1, total)
    if path.startswith("/bench/list_"):
        return listing(int(path[len("/bench/list_"):-len(".html")]), total)
    if path.startswith("/bench/20") and path.endswith(".htm"):
        n = int(path.rsplit("content_", 1)[1][:-4]) - 100000
        return article(n) if 0 <= n < total else None
    return None
