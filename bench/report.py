"""Write a benchmark's section into docs/BENCHMARKS.md (or docs/RELIABILITY.md), replacing its previous run."""

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
RELIABILITY = DOC.with_name("RELIABILITY.md")


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(key: str, title: str, command: str, body: str, doc: Path = DOC) -> None:
    """Replace (or add) the section `key` of `doc` (the benchmarks document), and print the figures."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else HEADER
    stamp = datetime.date.today().isoformat()
    section = (f"<!-- {key} -->\n## {title}\n\nCommand: `{command}`  \nMachine: {machine()}  \nDate: {stamp}\n\n"
               f"{body.strip()}\n<!-- /{key} -->\n")
    pattern = re.compile(rf"<!-- {re.escape(key)} -->.*?<!-- /{re.escape(key)} -->\n", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(text, encoding="utf-8")
    print(body)
