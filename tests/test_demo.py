"""The Quickstart's `make demo` (scripts/demo.py) works and shows what it promises."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from tests.portal import site


def test_demo_crawls_the_sample_portal_and_prints_a_query(tmp_path):
    out = subprocess.run([sys.executable, "scripts/demo.py", "--archive-dir", str(tmp_path / "demo")], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "sample portal stopped" in out.stdout
    assert f"database: {tmp_path / 'demo' / 'archive.db'}" in out.stdout
    assert ".warc.gz" in out.stdout and "sqlite-utils query" in out.stdout
    table = out.stdout.split("--table", 1)[1]
    assert "打好组合拳严惩跨境电诈犯罪" in table and "光明网" in table and "中国西藏网" in table
    assert len([line for line in table.splitlines() if "2026-" in line]) == len(site.archived_entries())
