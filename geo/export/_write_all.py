"""Write every deliverable at once, atomically: :func:`write_all`."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd

from geo._paths import DATA_DIR
from geo.catalogue import Vocab
from geo.datadict import FIELDS_CSV_NAME, fields_csv, load_fields
from geo.export import _formats
from geo.export._layer import METADATA, OGR_GEOMETRY_TYPES
from geo.export._prepare import prepare_all
from geo.export._qgis_legend import legend_style
from geo.export._staging import publish, staging
from geo.export.gpkg import (
    CGCS2000,
    CGCS2000_GEOPACKAGE_NAME,
    GEOPACKAGE_NAME,
    write_geopackage_file,
)
from geo.export.qgis_project import QGIS_PROJECT_NAME, project_datasource, project_document
from geo.export.shapefile import SHAPEFILE_DIR_NAME, check_encoding_name, write_shapefile_files
from geo.metadata import (
    DATA_LICENCE_NAME,
    data_licence_text,
)
from geo.style import load_style

__all__ = ["write_all"]

logger = logging.getLogger(__name__)


def write_all(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    vocab: Vocab,
    out_dir: str | os.PathLike[str] | None = None,
    shapefile_encoding: str = "UTF-8",
) -> list[Path]:
    """Write every deliverable: GeoPackages, shapefiles, GeoJSON, FlatGeobuf, project, dictionary.

    Everything is first written into one temporary folder inside ``out_dir``;
    only when all of it is complete are the files renamed into place, so an
    error (bad record, full disk) leaves the previous outputs untouched.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As :func:`layers.load_all` returns (the orientation layers are added).
    vocab : Vocab
        The vocabularies.
    out_dir : path-like, optional
        Output folder (default ``data/``): receives :data:`GEOPACKAGE_NAME`,
        :data:`CGCS2000_GEOPACKAGE_NAME`, :data:`QGIS_PROJECT_NAME`,
        :data:`SHAPEFILE_DIR_NAME`/, ``geojson/``, ``flatgeobuf/``,
        ``fields.csv`` and ``DATA_LICENSE.md``.
    shapefile_encoding : str
        ``UTF-8`` (default) or ``GBK`` for the shapefiles' DBF text.

    Returns
    -------
    list of Path
        Every file written: the GeoPackages, each shapefile's files, the
        GeoJSON and FlatGeobuf files, the dictionary and licence, then the project.

    Raises
    ------
    ParameterError, CRSError
        As :func:`write_geopackage` and :func:`write_shapefiles` (also for text
        ``shapefile_encoding`` cannot hold); nothing is replaced then.
    """
    out = Path(out_dir) if out_dir is not None else DATA_DIR
    check_encoding_name(shapefile_encoding)
    spec = load_style(vocab=vocab)
    prepared = prepare_all(layers, vocab, spec=spec)
    gpkg = out / GEOPACKAGE_NAME
    qgs = out / QGIS_PROJECT_NAME
    datasource, absolute = project_datasource(gpkg, qgs)
    with staging(out, Path(GEOPACKAGE_NAME).stem) as tmp:
        write_geopackage_file(prepared, tmp / GEOPACKAGE_NAME, vocab)
        write_geopackage_file(prepared, tmp / CGCS2000_GEOPACKAGE_NAME, vocab, crs=CGCS2000)
        staged = [tmp / GEOPACKAGE_NAME, tmp / CGCS2000_GEOPACKAGE_NAME]
        (tmp / SHAPEFILE_DIR_NAME).mkdir()
        staged += [
            f
            for la in prepared
            for f in write_shapefile_files(la, tmp / SHAPEFILE_DIR_NAME, shapefile_encoding)
        ]
        for folder, writer, suffix in (
            (_formats.GEOJSON_DIR_NAME, _formats.write_geojson, ".geojson"),
            (_formats.FLATGEOBUF_DIR_NAME, _formats.write_flatgeobuf, ".fgb"),
        ):
            (tmp / folder).mkdir()
            for la in prepared:
                staged.append(
                    writer(
                        la.frame,
                        tmp / folder / f"{la.name}{suffix}",
                        name=la.name,
                        geometry_type=OGR_GEOMETRY_TYPES[la.geometry],
                    )
                )
        (tmp / FIELDS_CSV_NAME).write_bytes(
            fields_csv([(la.name, la.columns) for la in prepared], load_fields()).encode("utf-8")
        )
        licence = data_licence_text(METADATA, {la.name: la.meta for la in prepared})
        (tmp / DATA_LICENCE_NAME).write_bytes(licence.encode("utf-8"))
        legend = legend_style(spec, vocab)
        (tmp / QGIS_PROJECT_NAME).write_bytes(
            project_document(prepared, datasource, absolute=absolute, legend=legend).encode()
        )
        staged += [tmp / FIELDS_CSV_NAME, tmp / DATA_LICENCE_NAME, tmp / QGIS_PROJECT_NAME]
        moves = [(f, out / f.relative_to(tmp)) for f in staged]
        publish(moves)
    logger.info("wrote %s, %s and %d layers in every format", gpkg, qgs, len(prepared))
    return [target for _, target in moves]
