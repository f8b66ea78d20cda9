"""Write a benchmark's section into docs/BENCHMARKS.md, replacing its previous run."""

from __future__ import annotations

import datetime
import os
import platform
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"
HEADER = ("# Benchmarks\n\nEach section is written by the command it names; rerun the command to refresh it. "
          "Timings on these shared 2-core machines are noisy, so speed is reported as ratios against a baseline "
          "measured in the same run.\n")


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(key: str, title: str, command: str, body: str) -> None:
    """Replace (or add) the section `key` of the benchmarks document, and print the figures."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    stamp = datetime.date.today().isoformat()
    section = (f"<!-- {key} -->\n## {title}\n\nCommand: `{command}`  \nMachine: {machine()}  \nDate: {stamp}\n\n"
               f"{body.strip()}\n<!-- /{key} -->\n")
    pattern = re.compile(rf"<!-- {re.escape(key)} -->.*?<!-- /{re.escape(key)} -->\n", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(body)
