"""The shapefile writer and reader: DBF field names, encodings, long text, ``.qml`` and ``.qmd``."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.catalogue import Vocab
from geo.errors import ParameterError
from geo.export import _qgis_style as qs
from geo.export._dbf import check_dbf_record, continuation_field, split_long_text
from geo.export._layer import FIXED_TIMESTAMP, OGR_GEOMETRY_TYPES, Layer, restore_dtypes
from geo.export._layer_xml import layer_metadata_element, qml, xml_document
from geo.export._prepare import prepare_all, promote
from geo.export._staging import fixed_gdal_date, publish, staging

__all__ = [
    "GBK_SUBSTITUTES",
    "SHAPEFILE_DIR_NAME",
    "SHAPEFILE_ENCODINGS",
    "SHAPEFILE_FIELDS",
    "read_shapefile",
    "write_shapefiles",
]

logger = logging.getLogger(__name__)

SHAPEFILE_DIR_NAME = "shapefiles"
"""Folder of the shapefiles inside the output folder."""


SHAPEFILE_FIELDS: Mapping[str, str] = {
    "target_year": "target_yr",
    "coord_source": "coord_src",
    "source_file": "src_file",
    "length_in_hefei_km": "len_hf_km",
    "opened_source": "opened_src",
    "opened_by_source": "openby_src",
    "opened_after": "open_after",
    "opened_after_source": "opnaft_src",
    "widened_source": "widen_src",
    "realised_by": "realsd_by",
    "progress_zh": "progr_zh",
    "progress_en": "progr_en",
    "progress_year": "progr_yr",
    "progress_source": "progr_src",
}
"""Column -> shapefile field name for columns longer than a DBF's 10 characters.

Every other column keeps its name. Keep ``docs/shapefiles.md`` in step.
"""
_COLUMNS: Mapping[str, str] = {short: long for long, short in SHAPEFILE_FIELDS.items()}
"""Shapefile field name -> column, the inverse of :data:`SHAPEFILE_FIELDS`."""


GBK_SUBSTITUTES: Mapping[str, str] = {"©": "(c)", "²": "2"}
"""Characters GBK lacks that the data uses, written this way in GBK shapefiles (km² -> km2)."""


def _encodable(layer: Layer, encoding: str) -> gpd.GeoDataFrame:
    """Return the frame as ``encoding`` holds it; refuse text it cannot, naming where."""
    frame = layer.frame
    if encoding.upper().replace("-", "") == "UTF8":
        return frame
    table = str.maketrans(dict(GBK_SUBSTITUTES))
    frame = frame.copy()
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        if any(isinstance(v, str) for v in frame[column]):
            frame[column] = pd.Series(
                [v.translate(table) if isinstance(v, str) else v for v in frame[column]],
                index=frame.index,
                dtype=object,
            )
        for rid, value in zip(frame["id"], frame[column], strict=True):
            if not isinstance(value, str):
                continue
            try:
                value.encode(encoding)
            except UnicodeEncodeError as exc:
                bad = value[exc.start : exc.end]
                raise ParameterError(
                    f"shapefile_encoding={encoding!r} cannot hold {bad!r} in layer "
                    f"{layer.name!r}, record {rid!r}, field {column!r} ({value!r}); "
                    "use shapefile_encoding='UTF-8' (the default) or the GeoPackage"
                ) from None
        if isinstance(column, str):
            try:
                column.encode(encoding)
            except UnicodeEncodeError:
                raise ParameterError(
                    f"shapefile_encoding={encoding!r} cannot hold the field name {column!r} "
                    f"of layer {layer.name!r}; use UTF-8"
                ) from None
    return frame


def _shapefile_frame(layer: Layer, encoding: str = "UTF-8") -> gpd.GeoDataFrame:
    """Rename columns to DBF field names, refusing text a DBF field would truncate."""
    frame = _encodable(layer, encoding)
    names: dict[str, str] = {}
    seen: dict[str, str] = {}
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        field = SHAPEFILE_FIELDS.get(column, column)
        if len(field.encode("utf-8")) > 10:
            raise ParameterError(
                f"layers[{layer.name!r}] column {column!r} has no shapefile field name of at most "
                "10 characters; add it to geo.export.SHAPEFILE_FIELDS and docs/shapefiles.md"
            )
        if field.lower() in seen:
            raise ParameterError(
                f"layers[{layer.name!r}] columns {seen[field.lower()]!r} and {column!r} both "
                f"become shapefile field {field!r}; rename one of them"
            )
        seen[field.lower()] = column
        names[column] = field
    renamed = frame.rename(columns=names)
    for field in list(renamed.columns):
        if field != renamed.geometry.name and any(isinstance(v, str) for v in renamed[field]):
            renamed = split_long_text(renamed, field, encoding)
    return renamed


SHAPEFILE_ENCODINGS = ("UTF-8", "GBK")
"""Encodings :func:`write_shapefiles` writes (``--shapefile-encoding``)."""


def check_encoding_name(encoding: object) -> None:
    if encoding not in SHAPEFILE_ENCODINGS:
        raise ParameterError(
            f"shapefile_encoding={encoding!r} is not supported; use one of "
            f"{', '.join(SHAPEFILE_ENCODINGS)}"
        )


def _shapefile_qml(layer: Layer, shapefile_fields: Sequence[str]) -> str:
    """Render the layer's QML with aliases and value maps by the shapefile's field names."""
    style = layer.style
    by_name = {f.name: f for f in style.fields}
    configs = []
    for field in shapefile_fields:
        base, part = _continued(field, layer.frame.columns)
        column = _COLUMNS.get(base, base)
        if column not in by_name:
            continue
        config = by_name[column]
        alias = config.alias if part == 1 else f"{config.alias} ({part})"
        configs.append(qs.FieldConfig(field, alias, config.values if part == 1 else ()))
    return qml(layer, dataclasses.replace(style, fields=tuple(configs)))


def _continued(field: str, columns: Sequence[str]) -> tuple[str, int]:
    """``("note", 2)`` for the continuation field ``note_c2``; ``(field, 1)`` otherwise."""
    match = re.fullmatch(r"(.{1,7})_c(\d+)", field)
    if match:
        for column in columns:
            short = SHAPEFILE_FIELDS.get(column, column)
            if continuation_field(short, int(match.group(2))) == field:
                return short, int(match.group(2))
    return field, 1


def write_shapefile_files(layer: Layer, directory: Path, encoding: str = "UTF-8") -> list[Path]:
    frame = _shapefile_frame(layer, encoding)
    check_dbf_record(frame, layer=layer.name)
    shp = directory / f"{layer.name}.shp"
    with fixed_gdal_date():
        pyogrio.write_dataframe(
            frame,
            shp,
            driver="ESRI Shapefile",
            geometry_type=OGR_GEOMETRY_TYPES[layer.geometry],
            promote_to_multi=False,
            encoding=encoding,
            layer_options={"DBF_DATE_LAST_UPDATE": FIXED_TIMESTAMP[:10], "SPATIAL_INDEX": "NO"},
        )
    shp_fields = [c for c in frame.columns if c != frame.geometry.name]
    (directory / f"{layer.name}.qml").write_bytes(_shapefile_qml(layer, shp_fields).encode("utf-8"))
    # QGIS loads <layer>.qmd beside a file as the layer's metadata.
    qmd = layer_metadata_element(layer, tag="qgis")
    (directory / f"{layer.name}.qmd").write_bytes(xml_document(qmd).encode("utf-8"))
    files = sorted(p for p in directory.iterdir() if p.stem == layer.name)
    missing = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qml", ".qmd"} - {p.suffix for p in files}
    if missing:
        raise ParameterError(
            f"writing {shp.name} produced no {', '.join(sorted(missing))}; check the GDAL install"
        )
    return files


def write_shapefiles(
    layers: Mapping[str, gpd.GeoDataFrame],
    directory: str | os.PathLike[str],
    *,
    vocab: Vocab,
    encoding: str = "UTF-8",
) -> list[Path]:
    """Write each layer as ``<directory>/<layer>.shp`` with ``.prj``, ``.cpg``, ``.qml``, ``.qmd``.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As for :func:`write_geopackage`.
    directory : path-like
        Output folder, created if needed. Existing files of the same names are
        replaced; other files are left alone.
    vocab : Vocab
        The vocabularies.
    encoding : str
        Text encoding of the DBF files (``.cpg``): ``UTF-8`` (default) or, for
        older Chinese desktop GIS, ``GBK``. Text the encoding cannot hold is
        refused (:class:`ParameterError` naming the layer, record and field).

    Returns
    -------
    list of Path
        The ``.shp`` files, in the order of ``layers`` (then the orientation layers).

    Raises
    ------
    ParameterError, CRSError
        As for :func:`write_geopackage`, or for a column with no short name.

    Notes
    -----
    Text is UTF-8; columns longer than 10 characters are renamed by
    :data:`SHAPEFILE_FIELDS`; text longer than :data:`SHAPEFILE_TEXT_BYTES`
    bytes continues in fields named by :func:`continuation_field` (``note`` →
    ``note_c2``, ``note_c3``), which :func:`read_shapefile` joins back, so
    nothing is truncated; ``schematic`` is a DBF logical (``T``/``F``);
    polygons are written as polygon shapes (read back as MultiPolygon by
    :func:`read_shapefile`); empty text is stored as an empty DBF value.
    """
    target = Path(directory)
    prepared = prepare_all(layers, vocab)
    check_encoding_name(encoding)
    with staging(target.parent, target.name) as tmp:
        files = [f for layer in prepared for f in write_shapefile_files(layer, tmp, encoding)]
        publish([(f, target / f.name) for f in files])
    logger.info("wrote %d shapefiles into %s", len(prepared), target)
    return [target / f"{layer.name}.shp" for layer in prepared]


def read_shapefile(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Read an exported shapefile back with the original column names and types.

    Parameters
    ----------
    path : path-like
        A ``.shp`` written by :func:`write_shapefiles`.

    Returns
    -------
    geopandas.GeoDataFrame
        Fields renamed back through :data:`SHAPEFILE_FIELDS`, integers as
        nullable ``Int32``/``Int64``, empty text as NULL (``None``: a DBF cannot
        tell "" from missing, and the exports write no ""), polygons as
        MultiPolygon. The encoding is taken from the ``.cpg``.
    """
    info = pyogrio.read_info(path)
    gdf = restore_dtypes(
        pyogrio.read_dataframe(path),
        list(info["fields"]),
        [str(d) for d in info["dtypes"]],
        columns=_COLUMNS,
    )
    for field, dtype in zip(list(info["fields"]), list(info["dtypes"]), strict=True):
        if dtype == "object":
            gdf[field] = pd.Series(
                [v if isinstance(v, str) and v != "" else None for v in gdf[field]],
                index=gdf.index,
                dtype=object,
            )
    if info["geometry_type"] in ("Polygon", "MultiPolygon"):
        gdf = gdf.set_geometry(promote(gdf.geometry))
    for field in list(gdf.columns):
        extra: list[str] = []
        while continuation_field(field, len(extra) + 2) in gdf.columns:
            extra.append(continuation_field(field, len(extra) + 2))
        if extra:
            joined = gdf[[field, *extra]].fillna("").astype(str).agg("".join, axis=1)
            gdf[field] = pd.Series([v or None for v in joined], index=gdf.index, dtype=object)
            gdf = gdf.drop(columns=extra)
    return gdf.rename(columns=_COLUMNS)
