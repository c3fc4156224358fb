"""Atomic output: write to a temporary file beside the target, then rename it into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from rangemap.errors import OutputError

__all__ = ["atomic_output", "check_output_path", "write_atomic"]

#: Former name of :class:`~rangemap.errors.OutputError`.
OutputPathError = OutputError


def check_output_path(path: str | os.PathLike) -> Path:
    """The path, if its folder exists and it is not itself a folder; OutputError otherwise."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError(f"output folder {str(path.parent)!r} does not exist")
    if path.is_dir():
        raise OutputError(f"output path {str(path)!r} is a folder")
    return path


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, *, suffix: str = ".tmp"):
    """Yield a temporary path beside ``path``: renamed onto ``path`` on success, removed on failure,
    so a failed run leaves any existing file untouched."""
    path = check_output_path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path."""
    with atomic_output(path) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")
    return Path(path)
