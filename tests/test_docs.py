"""Every command in the README's archive section runs and prints something (house rule 7)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.portal import site

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands(section: str) -> list[str]:
    """The ``sh`` code-block lines of one README section (comments stripped)."""
    body = README.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", body, re.S):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def test_readme_has_the_two_quickstart_commands():
    assert readme_commands("Quickstart") == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


@pytest.mark.parametrize("command", readme_commands("The archive (SQLite)") + readme_commands("Extraction")
                         + readme_commands("Querying"))
def test_archive_section_commands_run(command, portal_crawl, tmp_path):
    entry = next(e for e in site.entries() if e.portal == "gmw")
    page = tmp_path / "page.html"
    page.write_bytes(site.build()[entry.path].body)
    args = shlex.split(command.replace("data/", str(portal_crawl.archive_dir) + "/"))
    args = [str(page) if a == "page.html" else str(tmp_path / a)
            if (a.endswith((".db", ".csv", ".html")) and "/" not in a) else a for a in args]
    bin_dir = os.path.dirname(sys.executable)
    if args[0] == "python":
        args[0] = sys.executable
    else:
        args[0] = os.path.join(bin_dir, args[0])
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()
