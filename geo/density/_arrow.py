"""Read a line file straight into the kernel's segment arrays, through Arrow (private).

``pyogrio.read_arrow`` hands over a file's geometries as one Arrow column of
WKB: for 2-D LineStrings (what a road or rail network mostly is) the
coordinates are decoded here with NumPy, from the column's buffers, without
creating one shapely object per feature; the other rows (MultiLineStrings,
big-endian WKB) go through ``shapely.from_wkb`` and
:func:`geo.density._segments.segments_from_lines`, which gives the same segments.
Points and polygons are skipped.

The file must say its CRS (:func:`geo.measure.require_crs`, the one policy:
data without a CRS is refused); coordinates are transformed from it to
``crs`` (default :data:`geo.measure.LENGTH_CRS`, metres), ``x`` first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from os import PathLike

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyogrio
import pyproj
import shapely
from numpy.typing import NDArray

from geo.density._segments import segments_from_lines
from geo.errors import InputFileError
from geo.measure import LENGTH_CRS, require_crs

__all__ = ["LineSegments", "read_segments"]

logger = logging.getLogger(__name__)

_LE_LINESTRING = 2
"""WKB type code of a 2-D LineString (ISO and OGC agree)."""


@dataclass(frozen=True)
class LineSegments:
    """The straight segments of a line file, and the feature each comes from.

    Attributes
    ----------
    segments : numpy.ndarray, shape (n, 4)
        ``x0, y0, x1, y1`` per segment of non-zero length, in ``crs``.
    owner : numpy.ndarray of int64, shape (n,)
        Row of ``attributes`` (the feature) each segment comes from.
    attributes : pyarrow.Table
        The file's attribute columns asked for (one row per feature).
    crs : pyproj.CRS
        The CRS of ``segments``.
    """

    segments: NDArray[np.float64]
    owner: NDArray[np.int64]
    attributes: pa.Table
    crs: pyproj.CRS


def _decode_linestrings(
    wkb: pa.Array,
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Segments of the little-endian 2-D LineStrings of a WKB column, and the other rows.

    Returns ``segments`` (including zero-length ones), their feature index, and
    the indices of the rows not decoded here (other types, big-endian, null).
    """
    n = len(wkb)
    if n == 0:
        return np.empty((0, 4)), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    arr = wkb.cast(pa.large_binary()) if not pa.types.is_large_binary(wkb.type) else wkb
    _validity, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64, count=n + 1, offset=arr.offset * 8)
    data = np.empty(0, np.uint8) if data_buf is None else np.frombuffer(data_buf, dtype=np.uint8)
    start, size = offsets[:-1], np.diff(offsets)
    if not arr.null_count and (size == 41).all():
        # every row may be a two-point LineString (a network cut into segments):
        # check the 9 header bytes of all rows at once, read the coordinates strided
        rows = np.lib.stride_tricks.as_strided(data[offsets[0] :], shape=(n, 41), strides=(41, 1))
        if (rows[:, :9] == np.array([1, 2, 0, 0, 0, 2, 0, 0, 0], dtype=np.uint8)).all():
            seg = rows[:, 9:].copy().view("<f8")
            return seg, np.arange(n, dtype=np.int64), np.empty(0, dtype=np.int64)
    ok = size >= 9
    if arr.null_count:
        ok &= ~np.asarray(arr.is_null(), dtype=bool)
    head = np.where(ok, start, 0)
    ok &= data[head] == 1  # little-endian
    # type code 2 (bytes 1-4) and the number of points (bytes 5-8), little-endian
    ok &= (data[head + 1] == _LE_LINESTRING) & (data[head + 2] == 0)
    ok &= (data[head + 3] == 0) & (data[head + 4] == 0)
    npts = np.zeros(n, dtype=np.int64)
    for j in range(4):
        npts |= data[head + 5 + j].astype(np.int64) << (8 * j)
    ok &= size == 9 + 16 * npts
    other = np.flatnonzero(~ok)
    if not (ok & (npts >= 2)).any():
        return np.empty((0, 4)), np.empty(0, dtype=np.int64), other
    # The coordinate bytes of every decoded row, in order (rows are contiguous in
    # the buffer): each row is 9 header bytes then 16 bytes a point; skipped rows
    # are dropped whole. Compressing the buffer gives aligned doubles.
    flags = np.tile(np.array([False, True]), n)
    counts = np.column_stack([np.where(ok, 9, size), np.where(ok, 16 * npts, 0)]).ravel()
    keep = np.repeat(flags, counts)
    coords = data[offsets[0] : offsets[-1]][keep].view("<f8").reshape(-1, 2)
    cnt = npts[ok]
    ok_rows = np.flatnonzero(ok)
    if (cnt == 2).all():  # a network already cut into two-point lines
        return coords.reshape(-1, 4), ok_rows, other
    # segment k of the whole run joins points k and k + 1 unless a line ends at k
    last = np.cumsum(cnt) - 1
    is_end = np.zeros(len(coords), dtype=bool)
    is_end[last] = True
    first = np.flatnonzero(~is_end[:-1])
    seg = np.empty((len(first), 4))
    seg[:, :2] = coords[first]
    seg[:, 2:] = coords[first + 1]
    owner = np.repeat(ok_rows, cnt)[first]
    return seg, owner, other


def read_segments(
    path: str | PathLike[str],
    *,
    layer: str | int | None = None,
    columns: list[str] | None = None,
    where: str | None = None,
    crs: pyproj.CRS | str | int = LENGTH_CRS,
) -> LineSegments:
    """Read the straight segments of a line file into arrays, through pyogrio's Arrow reader.

    Parameters
    ----------
    path : str or path-like
        Any vector file GDAL reads (GeoPackage, FlatGeobuf, shapefile,
        GeoParquet, ...). It must have a CRS.
    layer : str or int, optional
        Layer of a multi-layer file; default the first.
    columns : list of str, optional
        Attribute columns to keep in :attr:`LineSegments.attributes`; default none.
    where : str, optional
        An OGR SQL ``WHERE`` clause selecting features (e.g. ``"highway = 'motorway'"``).
    crs : pyproj.CRS, str or int
        The CRS of the segments returned; default EPSG:4548 (metres).

    Returns
    -------
    LineSegments
        Segments of non-zero length with the feature (row of ``attributes``)
        each comes from.

    Raises
    ------
    InputFileError
        If the file cannot be read.
    CRSError
        If the file has no CRS.
    """
    try:
        meta, table = pyogrio.read_arrow(path, layer=layer, columns=columns or [], where=where)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise InputFileError(f"path={str(path)!r}: cannot read it as a line file: {exc}") from exc
    src = require_crs(gpd.GeoSeries([], crs=meta["crs"]), name=str(path))
    geom_name = meta["geometry_name"] or "wkb_geometry"
    wkb = table.column(geom_name).combine_chunks()
    attributes = table.drop_columns([geom_name])
    seg, owner, other = _decode_linestrings(wkb)
    if len(other):
        geoms = shapely.from_wkb(np.asarray(wkb.take(pa.array(other)).to_pylist(), dtype=object))
        oseg, oown = segments_from_lines(geoms)
        seg = np.concatenate([seg, oseg])
        owner = np.concatenate([owner, other[oown]])
        order = np.argsort(owner, kind="stable")
        seg, owner = seg[order], owner[order]
    dst = pyproj.CRS.from_user_input(crs)
    if not src.equals(dst):
        tr = pyproj.Transformer.from_crs(src, dst, always_xy=True)
        x, y = tr.transform(seg[:, 0::2].ravel(), seg[:, 1::2].ravel())
        seg = np.column_stack([x, y]).reshape(-1, 4)
    nonzero = (seg[:, 0] != seg[:, 2]) | (seg[:, 1] != seg[:, 3])
    if not nonzero.all():
        seg, owner = seg[nonzero], owner[nonzero]
    logger.debug(
        "%s: %d segments of %d features (%d through shapely)",
        path,
        len(seg),
        len(table),
        len(other),
    )
    return LineSegments(
        segments=np.ascontiguousarray(seg),
        owner=owner.astype(np.int64),
        attributes=attributes,
        crs=dst,
    )
