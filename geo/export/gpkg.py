"""The GeoPackage 1.2 writer and reader (styles in ``layer_styles``, schema and metadata tables)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj

from geo.catalogue import Vocab
from geo.datadict import Field, value_map
from geo.export import _gpkg_extras as gx
from geo.export._layer import (
    FIXED_TIMESTAMP,
    GEOMETRY_COLUMN,
    OGR_GEOMETRY_TYPES,
    STYLES_TABLE,
    Layer,
    authid,
    restore_dtypes,
)
from geo.export._layer_xml import (
    layer_metadata_element,
    project_metadata_document,
    qml,
    xml_document,
)
from geo.export._prepare import prepare_all
from geo.export._staging import fixed_gdal_date, publish, staging
from geo.measure import STORAGE_CRS

__all__ = [
    "CGCS2000",
    "CGCS2000_GEOPACKAGE_NAME",
    "GEOPACKAGE_NAME",
    "GEOPACKAGE_VERSION",
    "read_geopackage",
    "write_geopackage",
]

logger = logging.getLogger(__name__)

GEOPACKAGE_NAME = "hefei_plan.gpkg"
"""File name of the GeoPackage inside the output folder."""


CGCS2000_GEOPACKAGE_NAME = "hefei_plan_cgcs2000.gpkg"
"""File name of the CGCS2000 (EPSG:4490) GeoPackage inside the output folder.

The same coordinates as :data:`GEOPACKAGE_NAME` labelled EPSG:4490: WGS 84 and
CGCS2000 differ by a few centimetres (both geocentric, ITRF-aligned), far below
the metre-to-kilometre precision of these layers, so the datum change is the
identity at this accuracy (tested coordinate by coordinate).
"""

CGCS2000 = pyproj.CRS.from_epsg(4490)
"""China Geodetic Coordinate System 2000, geographic 2D."""

GEOPACKAGE_VERSION = "1.2"
"""GeoPackage version written (``PRAGMA user_version`` = 10200); QGIS 3.22 warns on 1.4."""


def _style_description(layer: Layer) -> str:
    if layer.chapter == "base":
        return f"{layer.title}: {layer.summary}, drawn as context"
    return (
        f"{layer.title}: colour by kind, line style and opacity by status "
        "(geo/data/catalogue/vocab.toml)"
    )


def _constraint_name(field: Field, layer: Layer, vocab: Vocab) -> str | None:
    """Return the vocabulary a column takes its values from, if all do (else ``None``)."""
    if not field.constraint:
        return None
    values = value_map(field.constraint, vocab, layer=layer.name)
    if not values or field.name not in layer.frame.columns:
        return None
    present = {v for v in layer.frame[field.name] if isinstance(v, str)}
    if not present <= set(values):
        return None
    return f"kind_{layer.name}" if field.constraint == "kind" else field.constraint


def _schema_rows(
    prepared: Sequence[Layer], vocab: Vocab
) -> tuple[list[gx.ColumnRow], list[gx.ConstraintRow]]:
    columns: list[gx.ColumnRow] = []
    constraints: dict[tuple[str, str], gx.ConstraintRow] = {}
    for layer in prepared:
        for f in layer.fields:
            cname = _constraint_name(f, layer, vocab)
            columns.append(
                gx.ColumnRow(
                    table_name=layer.name,
                    column_name=f.name,
                    name=f.alias,
                    title=f"{f.title_zh} {f.title_en}",
                    description=f.description + (f" [{f.unit}]" if f.unit else ""),
                    constraint_name=cname,
                )
            )
            if cname is None:
                continue
            for value, (zh, en) in value_map(f.constraint, vocab, layer=layer.name).items():
                constraints.setdefault(
                    (cname, value), gx.ConstraintRow(cname, value, f"{zh} / {en}")
                )
    return columns, list(constraints.values())


def write_geopackage_file(
    prepared: Sequence[Layer], path: Path, vocab: Vocab, *, crs: pyproj.CRS = STORAGE_CRS
) -> None:
    styles = []
    with fixed_gdal_date():
        for i, layer in enumerate(prepared):
            frame = layer.frame if crs.equals(STORAGE_CRS) else _relabel(layer.frame, crs)
            pyogrio.write_dataframe(
                frame,
                path,
                layer=layer.name,
                driver="GPKG",
                geometry_type=OGR_GEOMETRY_TYPES[layer.geometry],
                promote_to_multi=False,
                dataset_options={"VERSION": GEOPACKAGE_VERSION} if i == 0 else None,
                layer_options={
                    "GEOMETRY_NAME": GEOMETRY_COLUMN,
                    "FID": "fid",
                    "IDENTIFIER": layer.title,
                    "DESCRIPTION": layer.description.replace("EPSG:4326", authid(crs)),
                    "SPATIAL_INDEX": "YES",
                },
            )
            styles.append(
                {
                    "f_table_catalog": "",
                    "f_table_schema": "",
                    "f_table_name": layer.name,
                    "f_geometry_column": GEOMETRY_COLUMN,
                    "styleName": layer.name,
                    "styleQML": qml(layer),
                    "styleSLD": "",
                    "useAsDefault": True,
                    "description": _style_description(layer),
                    "owner": "",
                    "ui": None,
                    "update_time": pd.Timestamp(FIXED_TIMESTAMP),
                }
            )
        # The QGIS convention (QgsOgrProviderMetadata::saveStyle): FID "id", these columns.
        pyogrio.write_dataframe(
            pd.DataFrame(styles),
            path,
            layer=STYLES_TABLE,
            driver="GPKG",
            layer_options={"FID": "id", "DESCRIPTION": "QGIS layer styles"},
        )
    columns, constraints = _schema_rows(prepared, vocab)
    metadata = [gx.MetadataRow(None, project_metadata_document())] + [
        gx.MetadataRow(layer.name, xml_document(layer_metadata_element(layer, tag="qgis", crs=crs)))
        for layer in prepared
    ]
    gx.add_schema_and_metadata(
        path,
        columns=columns,
        constraints=constraints,
        metadata=metadata,
        timestamp=FIXED_TIMESTAMP,
    )


def _relabel(frame: gpd.GeoDataFrame, crs: pyproj.CRS) -> gpd.GeoDataFrame:
    """Relabel the same coordinates with another geographic CRS (WGS84 -> CGCS2000)."""
    return frame.set_crs(crs, allow_override=True)


def write_geopackage(
    layers: Mapping[str, gpd.GeoDataFrame], path: str | os.PathLike[str], *, vocab: Vocab
) -> Path:
    """Write every layer, styled, into one GeoPackage 1.2.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        Layer name -> layer in EPSG:4326, as :func:`layers.load_all` returns
        (``boundary``, ``counties`` and the layers of ``vocab``).
    path : path-like
        The ``.gpkg`` to write; replaced atomically if it exists.
    vocab : Vocab
        The vocabularies (titles, geometry types, kind colours, status dashes).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ParameterError
        On an unknown layer, a missing or duplicate ``id``, or a geometry that
        does not fit the layer's declared type.
    CRSError
        If a layer has no CRS (a layer in another CRS is reprojected to EPSG:4326).
    """
    target = Path(path)
    prepared = prepare_all(layers, vocab)
    with staging(target.parent, target.name) as tmp:
        staged = tmp / target.name
        write_geopackage_file(prepared, staged, vocab)
        publish([(staged, target)])
    logger.info("wrote %s (%d layers)", target, len(prepared))
    return target


def read_geopackage(path: str | os.PathLike[str], layer: str) -> gpd.GeoDataFrame:
    """Read one layer of an exported GeoPackage back, with its column types.

    Parameters
    ----------
    path : path-like
        A GeoPackage written by :func:`write_geopackage`.
    layer : str
        The layer's name.

    Returns
    -------
    geopandas.GeoDataFrame
        Integer fields as pandas' nullable ``Int64`` (so a missing
        ``target_year`` stays missing), booleans as ``bool``, rows sorted by id.
    """
    info = pyogrio.read_info(path, layer=layer)
    gdf = pyogrio.read_dataframe(path, layer=layer)
    return restore_dtypes(gdf, list(info["fields"]), [str(d) for d in info["dtypes"]])
