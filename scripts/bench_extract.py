"""`make bench-extract`: score this project's extractor beside trafilatura, GNE and readability.

Uses ../shared/tools/score_extraction.py on ../shared/corpus/dev, one table per page family and one
over all pages, each followed by the lost-article count (pages where an extractor scores body F1
below 0.5 while another reaches 0.9). Our extractor runs in-process on the raw page bytes (so it is judged on its own
charset handling too); the others get the page decoded by the scorer, as its docstring says. Every
extractor is warmed up on one page first (dateparser and trafilatura compile patterns on first use).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

FAMILIES = [
    ("GNE test pages (27, zh; the issue's targets)", ["--skip", "cwced_*", "--skip", "aeb_*"]),
    ("CWCED (42, zh)", ["--only", "cwced_*"]),
    ("AEB (40, en)", ["--only", "aeb_*"]),
    ("all dev pages (109)", []),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "dev")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_extraction.py")
    parser.add_argument("-e", "--extractor", action="append",
                        help="extractors to compare (default: ours trafilatura gne readability)")
    args = parser.parse_args()
    if not args.scorer.exists() or not args.corpus.is_dir():
        print(f"no scorer or corpus at {args.scorer} / {args.corpus}: this benchmark needs ../shared", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.scorer.parent))
    import score_extraction as scorer

    from archive.extract import extract

    def ours(raw: bytes, html: str) -> dict:
        article = extract(raw, "")
        if article is None:
            return {}
        return {"title": article.title, "date": article.published, "author": article.author, "text": article.text}

    builtin = scorer.make_extractor
    scorer.make_extractor = lambda name: ours if name == "ours" else builtin(name)
    names = args.extractor or ["ours", "trafilatura", "gne", "readability"]
    sample = next(iter(sorted(args.corpus.glob("*.html"))))
    for name in names:  # warm-up, outside the timing
        scorer.make_extractor(name)(sample.read_bytes(), scorer.decode(sample.read_bytes()))
    for heading, selection in FAMILIES:
        pages = scorer.load([args.corpus], *parse_selection(selection))
        print(f"\n### {heading}\n")
        print("| extractor | pages | body F1 | P | R | title (n) | date (n) | author (n) | pages/s |")
        print("|---|---|---|---|---|---|---|---|---|")
        per_page = {}
        for name in names:
            line, per_page[name] = scorer.score(pages, name, False)
            print(line, flush=True)
        if len(names) > 1:  # a lost article: below 0.5 body F1 on a page where another extractor reaches 0.9
            print()
            for name in names:
                lost = sorted(page for page, f1 in per_page[name].items()
                              if f1 < 0.5 and max(per_page[o][page] for o in names if o != name) >= 0.9)
                print(f"lost articles, {name}: {len(lost)} {' '.join(lost)}")
    return 0


def parse_selection(selection: list[str]) -> tuple[str | None, list[str], str | None]:
    only, skip = None, []
    for flag, value in zip(selection[::2], selection[1::2], strict=False):
        if flag == "--only":
            only = value
        else:
            skip.append(value)
    return only, skip, None


if __name__ == "__main__":
    sys.exit(main())
