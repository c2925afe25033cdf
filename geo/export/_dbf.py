"""The DBF limits of a shapefile's attribute table, checked before writing one.

A DBF record holds at most :data:`MAX_FIELDS` fields and :data:`MAX_RECORD_BYTES`
bytes; beyond that GDAL writes a table that readers cannot read (every attribute
is lost). Long text is spread over 254-byte continuation fields by
:mod:`geo.export`, so a very long value can need more fields than a record holds.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.errors import ParameterError

__all__ = ["MAX_FIELDS", "MAX_RECORD_BYTES", "check_dbf_record"]

MAX_FIELDS = 255
MAX_RECORD_BYTES = 65535
_TEXT_WIDTH = 254


def _width(series: pd.Series) -> int:
    if pd.api.types.is_bool_dtype(series):
        return 1
    if pd.api.types.is_integer_dtype(series):
        return 18
    if pd.api.types.is_float_dtype(series):
        return 24
    if pd.api.types.is_datetime64_any_dtype(series):
        return 8
    return _TEXT_WIDTH


def check_dbf_record(frame: gpd.GeoDataFrame, *, layer: str, base: str = "_c") -> None:
    """Refuse a shapefile attribute table whose records exceed the DBF limits.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The table as it will be written (DBF field names, continuation fields).
    layer : str
        Layer name, for the message.
    base : str
        Marker of continuation field names (``note_c2``), to name the long field.

    Raises
    ------
    ParameterError
        Naming the layer, the record (``id``) with the longest value and its field.
    """
    fields = [c for c in frame.columns if c != frame.geometry.name]
    size = 1 + sum(_width(frame[c]) for c in fields)
    if len(fields) <= MAX_FIELDS and size <= MAX_RECORD_BYTES:
        return
    counts: dict[str, int] = {}
    for name in fields:
        stem = name.rsplit(base, 1)[0] if base in name else name
        counts[stem] = counts.get(stem, 0) + 1
    field = max(counts, key=lambda k: counts[k])
    record = "?"
    if field in frame.columns and "id" in frame.columns:
        parts = frame[[c for c in fields if c.startswith(field)]].astype(str)
        lengths = [len(str(v)) for v in parts.sum(axis=1)]
        record = str(frame["id"].iloc[max(range(len(lengths)), key=lengths.__getitem__)])
    raise ParameterError(
        f"layers[{layer!r}] record {record!r} field {field!r}: the shapefile would need "
        f"{len(fields)} fields ({size:,} bytes a record); a DBF record holds at most "
        f"{MAX_FIELDS} fields and {MAX_RECORD_BYTES:,} bytes; shorten the text (every field "
        "is kept whole in the GeoPackage)"
    )
