"""Tables written a batch at a time: Parquet or CSV that grow batch by batch, with bounded memory, and
appear at their path only when complete (through :func:`~rangemap.io.atomic.atomic_output`)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pandas as pd

from rangemap.catalog.points import require_arrow
from rangemap.errors import OutputError
from rangemap.io.atomic import atomic_output
from rangemap.text import printable, spreadsheet_cell

__all__ = ["printable_frame", "spreadsheet_frame", "text_columns", "TABLE_FORMATS", "batch_writer", "table_format"]

TABLE_FORMATS = {".parquet": "parquet", ".csv": "csv"}


def table_format(path: str | os.PathLike) -> str:
    """``parquet`` or ``csv`` from the path's suffix; OutputError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise OutputError(f"output {str(path)!r}: write .parquet or .csv")
    return TABLE_FORMATS[suffix]


@contextlib.contextmanager
def batch_writer(path: str | os.PathLike):
    """Yield ``write(frame)``, appending each frame (index left out) to a Parquet or CSV file."""
    kind = table_format(path)
    if kind == "parquet":
        require_arrow(f"writing {Path(path).name!r}")
    with atomic_output(path) as tmp:
        state: dict = {}

        def write(frame: pd.DataFrame) -> None:
            if kind == "csv":  # formulas kept as text for spreadsheets; Parquet keeps values as they are
                spreadsheet_frame(frame).to_csv(tmp, mode="a" if state else "w", header=not state, index=False,
                                                lineterminator="\n")
                state["started"] = True
                return
            import pyarrow as pa
            import pyarrow.parquet as pq

            if "writer" not in state:
                table = pa.Table.from_pandas(frame, preserve_index=False)
                # Dictionary-encode text only: on floats and ids it costs time and saves nothing
                # (targets: half the writing time, and a smaller file).
                text = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
                state["writer"] = pq.ParquetWriter(tmp, table.schema, use_dictionary=text)
            else:
                table = pa.Table.from_pandas(frame, schema=state["writer"].schema, preserve_index=False)
            state["writer"].write_table(table)

        try:
            yield write
        finally:
            if "writer" in state:
                state["writer"].close()
        if not state:  # no batch at all: still a valid empty file
            pd.DataFrame().to_csv(tmp, index=False) if kind == "csv" else pd.DataFrame().to_parquet(tmp)


def text_columns(frame: pd.DataFrame) -> list:
    """The columns of ``frame`` that hold text (object or string dtype)."""
    return [c for c in frame.columns if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])]


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :func:`rangemap.text.spreadsheet_cell` applied to its text columns, for CSV."""
    columns = text_columns(frame)
    return frame.assign(**{c: frame[c].map(spreadsheet_cell) for c in columns}) if columns else frame


def printable_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :func:`rangemap.text.printable` applied to its text columns (terminals, GDAL)."""
    columns = [c for c in text_columns(frame) if c != getattr(frame, "_geometry_column_name", None)]
    return frame.assign(**{c: frame[c].map(printable) for c in columns}) if columns else frame
