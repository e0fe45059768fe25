"""``make bench-short``: short articles in real page templates (class 3 of the extraction issue).

A short article (a brief of 100-250 characters) is easily drowned in what surrounds it: the page's
footer, recommended headlines, a follow box. This benchmark takes each labelled Chinese page of
../shared/corpus/dev (real templates of many sites), finds the element that holds its labelled body
(the smallest one whose text holds the label's first and last words and is at most three times as
long), replaces that element's content with a three-paragraph story of 162 characters (then with a
one-paragraph brief of 101, then with the story's three lines split by <br>), and extracts the page
again, with our extractor and with trafilatura.
Per extractor it prints how many templates lose part of the story (recall < 1), how many give the
story alone (all of it, and at least 80 % of what is returned), and the mean precision.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import lxml.html
import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extract import decode_html, extract  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
STORY = ["本报讯 近日，市公安局反诈中心接到群众报案，称其接到自称电商平台客服的电话，对方以商品质量问题需要退款为由，"
         "诱导其下载屏幕共享软件。",
         "受害人按照对方指示操作后，银行卡内的三万余元被转走。目前，警方已立案侦查。",
         "警方提醒：凡是自称客服要求下载共享屏幕软件、提供验证码的，都是诈骗。市民接到此类电话后应立即挂断，并拨打96110咨询。"]
#: a brief of one paragraph (a Hong Kong portal's, a news aggregator's item)
BRIEF = ["本报讯 近日，市公安局反诈中心接到群众报案，称其接到自称电商平台客服的电话，对方以商品质量问题需要退款为由，"
         "诱导其下载屏幕共享软件，银行卡内三万余元被转走。警方提醒，凡是自称客服要求共享屏幕的，都是诈骗。"]
ALONE = 0.8


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", text or "")


def body_element(tree: lxml.html.HtmlElement, label: str) -> lxml.html.HtmlElement | None:
    """The smallest element holding the label's first and last 15 characters, at most 3× its length."""
    wanted = squeezed(label)
    best = None
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "head", "body", "script", "style"):
            continue
        text = squeezed(element.text_content())
        if not 0.8 * len(wanted) <= len(text) <= 3 * len(wanted):
            continue
        if wanted[:15] in text and wanted[-15:] in text and (best is None or len(text) < best[1]):
            best = (element, len(text))
    return best[0] if best else None


def with_story(raw: bytes, label: str, story: list[str], lines: bool = False) -> str | None:
    """The page with ``story`` in place of its article: one <p> a paragraph, or (``lines``) one <div>
    of lines split by <br>, as old pages set text."""
    tree = lxml.html.fromstring(decode_html(raw))
    element = body_element(tree, label)
    if element is None:
        return None
    for child in list(element):
        element.remove(child)
    element.text = None
    if lines:
        element.append(lxml.html.fragment_fromstring("<div>" + "<br>".join(story) + "</div>"))
    for paragraph in [] if lines else story:
        node = lxml.html.Element("p")
        node.text = paragraph
        element.append(node)
    return lxml.html.tostring(tree, encoding="unicode")


def score(returned: str, story: list[str]) -> tuple[float, float]:
    got = squeezed(returned)
    recall = sum(squeezed(p) in got for p in story) / len(story)
    precision = min(1.0, len(squeezed("".join(story))) / len(got)) if recall and got else 0.0
    return recall, precision


def main() -> int:
    if not DEV.is_dir():
        print(f"no corpus at {DEV}: this benchmark needs ../shared", file=sys.stderr)
        return 1
    for story, lines in ((STORY, False), (BRIEF, False), (STORY, True)):
        measure(story, lines)
    return 0


def measure(story: list[str], lines: bool) -> None:
    results: dict[str, list[tuple[str, float, float]]] = {"ours": [], "trafilatura": []}
    for page in sorted(DEV.glob("*.html")):
        label = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        if page.name.startswith("aeb_") or not label.get("text"):
            continue  # the English pages: the story is Chinese
        html = with_story(page.read_bytes(), label["text"], story, lines)
        if html is None:
            continue
        article = extract(html.encode("utf-8"), label.get("url") or "")
        results["ours"].append((page.stem, *score(article.text if article else "", story)))
        results["trafilatura"].append((page.stem, *score(trafilatura.extract(html) or "", story)))
    print(f"\n### {len(results['ours'])} Chinese dev templates, each with its article replaced by a "
          f"{len(squeezed(''.join(story)))}-character story in {len(story)} "
          + ("lines split by <br> in one <div>\n" if lines else "paragraph(s)\n"))
    print("| extractor | story lost or cut (recall < 1) | story alone (recall 1, precision >= 0.8) | mean precision |")
    print("|---|---|---|---|")
    for name, rows in results.items():
        cut = [stem for stem, recall, _ in rows if recall < 1]
        alone = sum(1 for _, recall, precision in rows if recall == 1 and precision >= ALONE)
        mean = sum(precision for _, _, precision in rows) / len(rows)
        print(f"| {name} | {len(cut)} | {alone} | {mean:.3f} |")
    for name, rows in results.items():
        print(f"\n{name}, pages where the story is not alone: "
              + " ".join(f"{stem} ({recall:.2f}/{precision:.2f})" for stem, recall, precision in rows
                         if recall < 1 or precision < ALONE))


if __name__ == "__main__":
    sys.exit(main())
