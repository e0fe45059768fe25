"""``python -m archive report``: one self-contained HTML page about the archive.

A stacked bar chart of anti-fraud articles per portal per month (drawn as SVG by a small inline
script from data embedded in the page: no network, no library), the lexicon terms found in most
articles, and the stories republished most widely.
"""
from __future__ import annotations

import html
import json
from datetime import datetime, timezone

from archive.store import Archive

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf"]


def report_data(store: Archive, top: int = 20) -> dict:
    months = [r["month"] for r in store.db.query(
        "select distinct month from articles where month is not null order by month")]
    sites = [r["site"] for r in store.db.query(
        "select site, count(*) as n from articles group by site order by n desc")]
    counts = {(r["month"], r["site"]): r["n"] for r in store.db.query(
        "select month, site, count(*) as n from articles where month is not null group by month, site")}
    terms = list(store.db.query(
        "select j.key as term, count(*) as articles, sum(j.value) as occurrences "
        "from articles, json_each(articles.relevance_terms) j group by j.key order by articles desc, term limit ?",
        [top]))
    clusters = list(store.db.query(
        "select a.id, a.title, a.site, a.published, count(d.id) as copies, group_concat(distinct d.site) as copied_by "
        "from articles a join duplicates d on d.article_id = a.id group by a.id order by copies desc, a.published desc "
        "limit ?", [top]))
    totals = store.counts()
    return {
        "months": months,
        "series": [{"site": site, "color": PALETTE[i % len(PALETTE)],
                    "values": [counts.get((month, site), 0) for month in months]} for i, site in enumerate(sites)],
        "terms": terms,
        "clusters": clusters,
        "totals": totals,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


CHART_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var svgNS = 'http://www.w3.org/2000/svg';
  var box = document.getElementById('chart');
  var months = data.months, series = data.series;
  var width = Math.max(480, 60 + months.length * 56), height = 320, left = 40, bottom = 40, top = 10;
  var totals = months.map(function (_, i) {
    return series.reduce(function (sum, s) { return sum + s.values[i]; }, 0);
  });
  var max = Math.max(1, Math.max.apply(null, totals.concat([0])));
  var scale = (height - bottom - top) / max, step = (width - left) / Math.max(1, months.length);
  var svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('width', width); svg.setAttribute('height', height);
  svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', 'Articles per portal per month');
  function el(name, attrs, text) {
    var node = document.createElementNS(svgNS, name);
    for (var k in attrs) { node.setAttribute(k, attrs[k]); }
    if (text !== undefined) { node.textContent = text; }
    svg.appendChild(node); return node;
  }
  el('line', {x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#333'});
  for (var t = 0; t <= max; t += Math.max(1, Math.ceil(max / 5))) {
    var y = height - bottom - t * scale;
    el('text', {x: left - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11}, String(t));
    el('line', {x1: left, y1: y, x2: width, y2: y, stroke: '#eee'});
  }
  months.forEach(function (month, i) {
    var x = left + i * step + step * 0.15, base = height - bottom;
    series.forEach(function (s) {
      var v = s.values[i];
      if (!v) { return; }
      var h = v * scale;
      var rect = el('rect', {x: x, y: base - h, width: step * 0.7, height: h, fill: s.color, 'class': 'bar',
                             'data-site': s.site, 'data-month': month, 'data-count': v});
      var tip = document.createElementNS(svgNS, 'title');
      tip.textContent = s.site + ' ' + month + ': ' + v; rect.appendChild(tip);
      base -= h;
    });
    el('text', {x: x + step * 0.35, y: height - bottom + 16, 'text-anchor': 'middle', 'font-size': 11}, month);
  });
  box.appendChild(svg);
  var legend = document.getElementById('legend');
  series.forEach(function (s) {
    var item = document.createElement('span');
    item.innerHTML = '<i style="background:' + s.color + '"></i>';
    item.appendChild(document.createTextNode(s.site));
    legend.appendChild(item);
  });
  box.setAttribute('data-drawn', String(svg.querySelectorAll('rect.bar').length));
})();
"""

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
    embedded = json.dumps({"months": data["months"], "series": data["series"]}, ensure_ascii=False)
    embedded = embedded.replace("</", "<\\/")  # nothing in the data can close the script element
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>反诈新闻存档 · Anti-fraud news archive</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body>
<h1>反诈新闻存档 · Anti-fraud news archive</h1>
<p class="muted">{totals['articles']} stories, {totals['duplicates']} more copies, {totals['captures']} pages captured.
Generated {html.escape(data['generated'])}.</p>
<h2>Anti-fraud articles per portal per month</h2>
<div id="chart"></div><div id="legend"></div>
<h2>Lexicon terms found in most articles</h2>
<table><tr><th>term</th><th>articles</th><th>occurrences</th></tr>{terms}</table>
<h2>Stories republished most widely</h2>
<table><tr><th>title</th><th>portal</th><th>published</th><th>copies</th><th>copied by</th></tr>{clusters}</table>
<script type="application/json" id="report-data">{embedded}</script>
<script>{CHART_SCRIPT}</script>
</body></html>
"""
