"""Reading catalog files: the ones shipped in ``rangemap/data`` or any path, as text tables for the schema."""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path
from typing import Any

import pandas as pd

from rangemap.errors import DataFileError

__all__ = ["PathLike", "as_path", "file_name", "read_text_table", "shipped"]

PathLike = str | os.PathLike


def shipped(name: str) -> Any:
    """A file shipped in ``rangemap/data`` (an importlib.resources Traversable)."""
    return importlib.resources.files("rangemap.data").joinpath(name)


def as_path(path: Any) -> Any:
    """A :class:`~pathlib.Path` for a string or path-like; a Traversable as it is."""
    return Path(path) if isinstance(path, (str, os.PathLike)) else path


def file_name(path: Any) -> str:
    """The file's name, as errors show it."""
    return getattr(path, "name", str(path))


def read_text_table(path: Any) -> pd.DataFrame:
    """A CSV with every cell as text (blank cells as NaN), for check_table to type."""
    try:
        with path.open(encoding="utf-8") as handle:
            return pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DataFileError(f"cannot read {file_name(path)!r}: {getattr(err, 'strerror', None) or err}") from None
