"""The project's data files (``archive/data/``): read as package resources, so that they load from a
zipped egg under scrapyd too, or from a path the user gives instead."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_text(name: str, path: str | Path | None = None) -> str:
    """The text of ``path`` if given, else of the shipped ``archive/data/NAME``.

    >>> "电信网络诈骗" in data_text("lexicon.tsv")
    True
    """
    if path is not None:
        return Path(path).read_text(encoding="utf-8")
    return resources.files("archive").joinpath("data", name).read_text(encoding="utf-8")
