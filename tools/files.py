"""Writing output files safely: whole or not at all.

A file is written under a fresh temporary name beside it and renamed into place, so a killed or
failed write never leaves a partial file, and concurrent writers never share a temporary file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A fresh temporary path beside `path`, which replaces `path` atomically (synced to disk first)
    when the block ends without error, and is removed otherwise."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())  # a crash after the rename must not leave an empty file behind
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
