"""Writing output files safely: whole or not at all, and only where the caller allows.

Output policy (renders and exports): a file is written under a fresh temporary name beside it and
renamed into place, so a killed or failed write never leaves a partial file, and concurrent writers
never share a temporary file. Callers that take a path from a person at their own terminal (the
CLI) may write anywhere that person can. Callers that take a name from someone else (a chat
message, a web request, a session id) pass `within`: the path is then taken relative to that
folder and, with `..` and every symlink resolved, must stay inside it, or `OutsideOutputFolder`
is raised before anything is written.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vectorstore.errors import StorycutError


class OutsideOutputFolder(StorycutError):
    """An output path that leaves the folder its caller allowed (`..`, an absolute path, a symlink)."""


def output_path(path: str | os.PathLike, within: str | os.PathLike | None = None) -> Path:
    """`path` made absolute with symlinks resolved; with `within`, taken relative to that folder and
    refused unless it resolves to a file inside it."""
    if within is None:
        return Path(path).expanduser().resolve()
    root = Path(within).resolve()
    target = (root / path).resolve()
    if target == root or not target.is_relative_to(root):
        raise OutsideOutputFolder(f"the output {str(path)!r} is outside the allowed folder {root}")
    return target


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A fresh temporary path beside `path`, which replaces `path` atomically (synced to disk first)
    when the block ends without error, and is removed otherwise."""
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:12]}.part"
    tmp.open("xb").close()  # claimed, with the umask's permissions (mkstemp's would be 0600)
    try:
        yield tmp
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())  # a crash after the rename must not leave an empty file behind
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
