"""A shapefile's DBF attribute table: its limits, checked before writing, and long text.

A DBF record holds at most :data:`MAX_FIELDS` fields and :data:`MAX_RECORD_BYTES`
bytes; beyond that GDAL writes a table that readers cannot read (every attribute
is lost). Long text is spread over 254-byte continuation fields by
:func:`split_long_text` (fields named by :func:`continuation_field`), so a very long
value can need more fields than a record holds.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.errors import ParameterError

__all__ = [
    "MAX_FIELDS",
    "MAX_RECORD_BYTES",
    "SHAPEFILE_TEXT_BYTES",
    "check_dbf_record",
    "continuation_field",
    "split_long_text",
]

MAX_FIELDS = 255
"""Most fields a DBF record holds."""
MAX_RECORD_BYTES = 65535
"""Most bytes a DBF record holds."""
SHAPEFILE_TEXT_BYTES = 254
"""Longest text a DBF field holds, in bytes (UTF-8: 3 bytes per Chinese character)."""


def _width(series: pd.Series) -> int:
    if pd.api.types.is_bool_dtype(series):
        return 1
    if pd.api.types.is_integer_dtype(series):
        return 18
    if pd.api.types.is_float_dtype(series):
        return 24
    if pd.api.types.is_datetime64_any_dtype(series):
        return 8
    return SHAPEFILE_TEXT_BYTES


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


def _chunks(text: str, encoding: str = "UTF-8") -> list[str]:
    """Split ``text`` into pieces of at most :data:`SHAPEFILE_TEXT_BYTES` UTF-8 bytes.

    DBF readers (GDAL among them) trim blanks at both ends of a field, so a
    piece never starts or ends with whitespace: the cut moves back to fall
    between two non-blank characters (a hard cut only if there is none).
    """
    pieces: list[str] = []
    rest = text
    while len(rest.encode(encoding)) > SHAPEFILE_TEXT_BYTES:
        fit, size = 0, 0
        for ch in rest:
            size += len(ch.encode(encoding))
            if size > SHAPEFILE_TEXT_BYTES:
                break
            fit += 1
        cut = fit
        while cut > 1 and (rest[cut - 1].isspace() or rest[cut].isspace()):
            cut -= 1
        cut = cut if cut > 1 else fit
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def continuation_field(field: str, part: int) -> str:
    """Name of the ``part``-th (2, 3, ...) continuation field of a long text ``field``."""
    return f"{field[:7]}_c{part}"


def split_long_text(
    frame: gpd.GeoDataFrame, field: str, encoding: str = "UTF-8"
) -> gpd.GeoDataFrame:
    """Spread text longer than a DBF field holds over continuation fields, never truncating."""
    values = [v if isinstance(v, str) else None for v in frame[field]]
    parts = [_chunks(v, encoding) if v else [v] for v in values]
    count = max(len(p) for p in parts) if parts else 1
    if count == 1:
        return frame
    frame = frame.copy()
    frame[field] = [p[0] for p in parts]
    position = list(frame.columns).index(field)
    for n in range(2, count + 1):
        position += 1
        frame.insert(
            position,
            continuation_field(field, n),
            pd.Series([p[n - 1] if len(p) >= n else None for p in parts], dtype=object),
        )
    return frame
