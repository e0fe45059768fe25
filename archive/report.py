"""``python -m archive report``: one self-contained HTML page about the archive.

A stacked bar chart of anti-fraud articles per portal per month (inline SVG drawn here: no script,
no network, no library), the lexicon terms found in most
articles, and the stories republished most widely.
"""
from __future__ import annotations

import html
from datetime import UTC, datetime

from archive.store import ArchiveDB

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf"]


def report_data(store: ArchiveDB, top: int = 20) -> dict:
    rows = store.report_rows(top)
    months, sites, counts = rows["months"], rows["sites"], rows["counts"]
    terms, clusters = rows["terms"], rows["clusters"]
    totals = store.counts()
    return {
        "months": months,
        "series": [{"site": site, "color": PALETTE[i % len(PALETTE)],
                    "values": [counts.get((month, site), 0) for month in months]} for i, site in enumerate(sites)],
        "terms": terms,
        "clusters": clusters,
        "totals": totals,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def chart_svg(months: list[str], series: list[dict]) -> str:
    """A stacked bar chart (one bar per month, one colour per portal) as inline SVG: no script needed.

    >>> svg = chart_svg(["2024-01"], [{"site": "a<b", "color": "#000", "values": [2]}])
    >>> svg.count('class="bar"'), 'data-site="a&lt;b"' in svg
    (1, True)
    """
    width, height, left, bottom, top = max(480, 60 + len(months) * 56), 320, 40, 40, 10
    totals = [sum(s["values"][i] for s in series) for i in range(len(months))]
    peak = max([1, *totals])
    scale = (height - bottom - top) / peak
    step = (width - left) / max(1, len(months))
    esc = lambda value: html.escape(str(value), quote=True)  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Articles per portal per month">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#333"/>']
    tick = max(1, -(-peak // 5))
    for t in range(0, peak + 1, tick):
        y = height - bottom - t * scale
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{t}</text>'
                     f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#eee"/>')
    for i, month in enumerate(months):
        x, base = left + i * step + step * 0.15, height - bottom
        for s in series:
            value = s["values"][i]
            if not value:
                continue
            h = value * scale
            parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                         f'fill="{esc(s["color"])}" class="bar" data-site="{esc(s["site"])}" '
                         f'data-month="{esc(month)}" data-count="{value}">'
                         f'<title>{esc(s["site"])} {esc(month)}: {value}</title></rect>')
            base -= h
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'font-size="11">{esc(month)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def legend_html(series: list[dict]) -> str:
    return "".join(f'<span><i style="background:{html.escape(s["color"])}"></i>{html.escape(s["site"])}</span>'
                   for s in series)


STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 60em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .3em .5em;
text-align: left; } th { background: #f4f4f4; } td.n { text-align: right; }
#legend span { margin-right: 1.2em; white-space: nowrap; } #legend i { display: inline-block; width: .9em;
height: .9em; margin-right: .3em; vertical-align: middle; }
.muted { color: #777; font-size: .9em; }
"""


def render(data: dict) -> str:
    """The report page for ``report_data``'s output."""
    terms = "".join(
        f"<tr><td>{html.escape(t['term'])}</td><td class='n'>{t['articles']}</td><td class='n'>{t['occurrences']}</td></tr>"
        for t in data["terms"]) or "<tr><td colspan=3>no terms</td></tr>"
    clusters = "".join(
        f"<tr><td>{html.escape(c['title'] or '')}</td><td>{html.escape(c['site'] or '')}</td>"
        f"<td>{html.escape((c['published'] or '')[:10])}</td><td class='n'>{c['copies']}</td>"
        f"<td>{html.escape(c['copied_by'] or '')}</td></tr>"
        for c in data["clusters"]) or "<tr><td colspan=5>no story has a copy yet</td></tr>"
    totals = data["totals"]
    drawn = sum(1 for s in data["series"] for v in s["values"] if v)
    chart = chart_svg(data["months"], data["series"])
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>反诈新闻存档 · Anti-fraud news archive</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body>
<h1>反诈新闻存档 · Anti-fraud news archive</h1>
<p class="muted">{totals['articles']} stories, {totals['duplicates']} more copies, {totals['captures']} pages captured.
Generated {html.escape(data['generated'])}.</p>
<h2>Anti-fraud articles per portal per month</h2>
<div id="chart" data-drawn="{drawn}">{chart}</div><div id="legend">{legend_html(data["series"])}</div>
<h2>Lexicon terms found in most articles</h2>
<table><tr><th>term</th><th>articles</th><th>occurrences</th></tr>{terms}</table>
<h2>Stories republished most widely</h2>
<table><tr><th>title</th><th>portal</th><th>published</th><th>copies</th><th>copied by</th></tr>{clusters}</table>
</body></html>
"""
