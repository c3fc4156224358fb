"""Safe output: write to a temporary file beside the target, then rename it into place.

Only regular files and new paths are written. Devices, FIFOs, sockets and folders are refused with one
:class:`~rangemap.errors.OutputError` and left as they were; a symlink is written through to its target
(as ``cp`` does); an existing file keeps its mode and a new file gets the mode the umask allows.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from rangemap.errors import OutputError

__all__ = ["atomic_output", "check_output_path", "write_atomic"]

#: Former name of :class:`~rangemap.errors.OutputError`.
OutputPathError = OutputError

_NOT_A_FILE = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


def check_output_path(path: str | os.PathLike) -> Path:
    """The path, if it names a regular file or a new file in an existing folder; OutputError otherwise.

    A symlink is followed to its target; a dangling symlink is refused (as ``cp`` refuses it).
    """
    path = Path(path)
    _real_target(path)
    return path


def _real_target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file that ``path`` writes to (symlinks followed) and its stat, None when it is new."""
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror}") from None
    if st is None:
        if path.is_symlink():
            raise OutputError(f"output path {str(path)!r} is a symlink to a missing file {str(real)!r}")
        if not real.parent.is_dir():
            raise OutputError(f"output folder {str(path.parent)!r} does not exist")
        return real, None
    for test, what in _NOT_A_FILE:
        if test(st.st_mode):
            raise OutputError(f"output path {str(path)!r} is {what}: give a file name")
    if not os.access(real, os.W_OK):
        raise OutputError(f"output file {str(path)!r} is not writable")
    return real, st


def _umask() -> int:
    """The process umask, read without changing it where Linux reports it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, *, suffix: str = ".tmp"):
    """Yield a temporary path beside the real target of ``path``: renamed onto it on success, removed
    on failure, so a failed run leaves any existing file untouched."""
    path = Path(path)
    real, st = _real_target(path)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=suffix, dir=real.parent)
    except OSError as err:
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror}") from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, mode)
        _real_target(path)  # still a regular file or absent: nothing swapped in while we worked
        os.replace(tmp, real)
    except OSError as err:  # disk full, permissions changed: about the output, so one line naming it
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {str(path)!r}: {err.strerror or err}") from None
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
