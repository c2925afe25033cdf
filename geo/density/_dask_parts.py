"""Row partitions of the existing network for the Dask engine: read, prepared, re-assembled."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo.density.scenarios import first_year_key
from geo.errors import ParameterError

__all__ = ["prepare_partition", "read_partitions", "whole_lines"]

_YEAR_COLUMNS = ("opened", "opened_by", "opened_after")
_ROWS_PER_PARTITION = 100_000


def _frame(raw: gpd.GeoDataFrame, start: int) -> gpd.GeoDataFrame:
    """Normalise one row partition like the single-machine path (mode, kind, id, cls)."""
    from geo.density._inputs import network_frame  # the single-machine normalisation, stated once
    from geo.measure import to_storage_crs

    gdf = to_storage_crs(raw, name="network")
    gdf["_row"] = np.arange(start, start + len(gdf), dtype=np.int64)
    if "id" not in gdf.columns:
        gdf["id"] = [f"line/{i}" for i in gdf["_row"]]
    return network_frame(gdf)[0]


def prepare_partition(
    raw: gpd.GeoDataFrame,
    start: int,
    length_crs: pyproj.CRS,
    bounds: tuple[float, float, float, float],
) -> gpd.GeoDataFrame:
    """One row partition as single-part lines in ``length_crs`` near ``bounds``."""
    net = _frame(raw, start)
    keep = ["id", "cls", "_row", *[c for c in _YEAR_COLUMNS if c in net.columns]]
    net = gpd.GeoDataFrame(net[keep], geometry=net.geometry.values, crs=net.crs).to_crs(length_crs)
    xmin, ymin, xmax, ymax = bounds
    b = net.geometry.bounds
    near = (b.minx <= xmax) & (b.maxx >= xmin) & (b.miny <= ymax) & (b.maxy >= ymin)
    net = net[near.to_numpy()].reset_index(drop=True)
    parts, row = shapely.get_parts(net.geometry.values, return_index=True)
    is_line = shapely.get_type_id(parts) == 1
    parts, row = parts[is_line], row[is_line]
    k = np.arange(len(row)) - np.searchsorted(row, row)
    out = net.iloc[row].drop(columns="geometry").reset_index(drop=True)
    out["_k"] = k
    out["_plen"] = shapely.length(parts)
    out["_year"] = first_year_key(net)[row]
    return gpd.GeoDataFrame(out, geometry=parts, crs=length_crs)


def read_partitions(
    network: gpd.GeoDataFrame | str | Path, npartitions: int | None
) -> tuple[list[object], list[int], str]:
    """Delayed row partitions, their first row, and a description of the source."""
    import dask
    import dask_geopandas

    if isinstance(network, (str, Path)):
        path = Path(network)
        if not path.exists():
            raise ParameterError(f"network={str(path)!r} does not exist; check the path")
        import pyogrio

        n_rows = int(pyogrio.read_info(path)["features"])
        n = npartitions or max(1, math.ceil(n_rows / _ROWS_PER_PARTITION))
        ddf = dask_geopandas.read_file(path, npartitions=n)
        source = f"vector file {path.name} (read in {ddf.npartitions} partitions with Dask)"
    elif isinstance(network, gpd.GeoDataFrame):
        n_rows = len(network)
        n = npartitions or max(1, math.ceil(n_rows / _ROWS_PER_PARTITION))
        ddf = dask_geopandas.from_geopandas(network, npartitions=n)
        source = str(network.attrs.get("source") or f"{n_rows} lines given by the caller")
    else:
        raise ParameterError(
            f"network={type(network).__name__!r} is neither a GeoDataFrame nor a file path; "
            "pass geo.network.load_network(...) or the path of a vector file"
        )
    sizes = [int(s) for s in dask.compute(*[dask.delayed(len)(p) for p in ddf.to_delayed()])]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int).tolist()
    return list(ddf.to_delayed()), starts, source


def whole_lines(frames: list[gpd.GeoDataFrame], length_crs: pyproj.CRS) -> gpd.GeoDataFrame:
    """Re-assemble single-part lines into their rows (MultiLineString where several)."""
    if not frames:
        return gpd.GeoDataFrame({"id": [], "cls": []}, geometry=[], crs=length_crs)
    parts = pd.concat(frames, ignore_index=True).sort_values(["_row", "_k"], kind="stable")
    geoms = [
        g.iloc[0] if len(g) == 1 else shapely.MultiLineString(list(g))
        for _, g in parts.groupby("_row", sort=True).geometry
    ]
    first = parts.drop_duplicates("_row")
    return gpd.GeoDataFrame(
        first.drop(columns="geometry").reset_index(drop=True), geometry=geoms, crs=length_crs
    )
