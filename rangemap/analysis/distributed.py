"""Targets in reach on a Dask cluster: the same per-partition work as the local path, run with
``map_partitions`` on dask.distributed (the optional extra ``pip install rangemap[dask]``).

Each partition goes through :func:`~rangemap.analysis.targets.targets_chunk`, which depends only on the
partition's rows and the (small) reach table, so the computed result equals the single-process one row
for row, index included.
"""

from __future__ import annotations

import os

import pandas as pd

from rangemap.analysis.targets import _keep_countries, targets_chunk
from rangemap.errors import RangemapError

__all__ = ["client", "iter_computed", "targets_in_reach"]

_CLIENTS: dict[str, object] = {}
_PARQUET = (".parquet", ".geoparquet", ".pq")


def _require(*names: str):
    """The named modules of the optional Dask extra, or one RangemapError saying how to install it."""
    import importlib

    try:
        return tuple(importlib.import_module(name) for name in names)
    except ImportError:
        raise RangemapError("Dask is not installed: pip install 'rangemap[dask]'") from None


def _collections():
    """dask.dataframe, dask_geopandas and distributed (for collections; half a second to import)."""
    return _require("dask.dataframe", "dask_geopandas", "distributed")


def _require_distributed():
    """dask.distributed alone: enough for Parquet files, read by row group on the workers."""
    return _require("distributed")[0]


def client(scheduler: str | None = None):
    """A dask.distributed client: to ``scheduler`` (an address such as ``tcp://host:8786``), else the
    current default client, else a LocalCluster started once per process. It becomes the default."""
    distributed = _require_distributed()
    if scheduler is None or scheduler == "local":
        try:
            return distributed.default_client()
        except ValueError:
            scheduler = "local"
    if scheduler not in _CLIENTS:
        try:
            _CLIENTS[scheduler] = (distributed.Client(distributed.LocalCluster()) if scheduler == "local"
                                   else distributed.Client(scheduler, timeout="10s"))
        except OSError as err:
            raise RangemapError(f"cannot reach the Dask scheduler {scheduler!r}: {err}") from None
    found = _CLIENTS[scheduler]
    found.as_current()  # type: ignore[attr-defined]
    return found


def _collection(targets, partitions: int):
    dd, dask_geopandas, _ = _collections()
    if hasattr(targets, "map_partitions"):
        return targets
    if isinstance(targets, (str, os.PathLike)):
        path = str(targets)
        lower = path.lower()
        if lower.endswith((".csv", ".tsv", ".txt")):
            return dd.read_csv(path, sep="\t" if lower.endswith(".tsv") else ",")
        return dask_geopandas.read_file(path, npartitions=partitions)
    if hasattr(targets, "geometry") and hasattr(targets, "crs"):
        return dask_geopandas.from_geopandas(targets, npartitions=partitions)
    return dd.from_pandas(pd.DataFrame(targets), npartitions=partitions)


def targets_in_reach(reach: pd.DataFrame, targets, *, countries=None, scheduler: str | None = None):
    """Lazy Dask DataFrame of the targets in reach (see :func:`rangemap.targets_in_reach`)."""
    found = client(scheduler)
    if _is_parquet(targets):  # row groups read on the workers, indexed by row number as locally
        dd, _, _ = _collections()
        tasks = [task.__getitem__(1) for task in _parquet_tasks(reach, targets, countries)]
        from rangemap.catalog.points import read_row_group

        meta = targets_chunk(read_row_group(targets, None), reach)
        import dask

        with dask.config.set({"dataframe.convert-string": False}):  # keep pandas' own dtypes, as locally
            return dd.from_delayed(tasks, meta=meta, verify_meta=False)
    workers = max(1, len(found.scheduler_info().get("workers", {})))  # type: ignore[attr-defined]
    collection = _collection(targets, partitions=max(2, 2 * workers))
    if countries is not None:
        collection = collection.map_partitions(_keep_countries, countries, whole=False, meta=collection._meta)
    meta = targets_chunk(collection._meta, reach)
    return collection.map_partitions(targets_chunk, reach, meta=meta)


def _counted_chunk(points, reach, countries):
    return len(points), targets_chunk(_keep_countries(points, countries, whole=False), reach)


def _row_group_chunk(path, index, first_row, reach, countries):
    """(rows read, targets found) of one row group, computed in batches (smaller arrays run faster)."""
    from rangemap.catalog.points import iter_row_group, read_row_group

    counted = [_counted_chunk(batch, reach, countries) for batch in iter_row_group(path, index, first_row)]
    if not counted:
        return _counted_chunk(read_row_group(path, None), reach, countries)
    return sum(n for n, _ in counted), pd.concat([found for _, found in counted])


def _is_parquet(targets) -> bool:
    return isinstance(targets, (str, os.PathLike)) and str(targets).lower().endswith(_PARQUET)


def _parquet_tasks(reach, path, countries) -> list:
    """One task per row group: each reads its own rows (indexed by row number in the file, as locally)."""
    import dask

    from rangemap.catalog.points import row_groups

    task = dask.delayed(_row_group_chunk, pure=True)
    return [task(str(path), i, first, reach, countries) for i, (first, _) in enumerate(row_groups(path))]


def iter_computed(reach: pd.DataFrame, targets, *, countries=None, scheduler: str | None = None):
    """Compute on the cluster, partition by partition, yielding ``(points read, targets found)`` in
    partition order (for streaming to a file; only finished partitions are held). A Parquet file is
    split by row group, each read by the worker that computes it.

    Partitions are prioritised in file order, so they finish about in the order they are consumed and
    the caller's writing overlaps the workers' computing (without priorities the scheduler may run the
    first partition last, and every other result would wait for it on the client)."""
    import dask

    from rangemap import catalog

    found = client(scheduler)
    if _is_parquet(targets):
        tasks = _parquet_tasks(reach, targets, countries)
    else:
        workers = max(1, len(found.scheduler_info().get("workers", {})))  # type: ignore[attr-defined]
        collection = _collection(targets if targets is not None else catalog.cities(), partitions=max(2, 2 * workers))
        task = dask.delayed(_counted_chunk, pure=True)
        tasks = [task(part, reach, countries) for part in collection.to_delayed()]
    futures = [found.compute(task, priority=len(tasks) - i) for i, task in enumerate(tasks)]  # type: ignore[attr-defined]
    for future in futures:
        yield future.result()
        future.release()
