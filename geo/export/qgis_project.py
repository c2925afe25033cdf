"""The QGIS project (``.qgs``): every GeoPackage layer, styled, grouped by chapter, in EPSG:4548.

Above the groups, a legend-only layer explains the precision and progress markings
(:mod:`geo.export._qgis_legend`).
"""

from __future__ import annotations

import functools
import logging
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pyproj

from geo.catalogue import Vocab
from geo.export import _qgis_style as qs
from geo.export._layer import CHAPTERS, METADATA, OGR_GEOMETRY_TYPES, Layer, authid
from geo.export._layer_xml import layer_metadata_element
from geo.export._prepare import prepare_all
from geo.export._qgis_legend import LEGEND_DATASOURCE, LEGEND_LAYER_ID, LEGEND_TITLE, legend_style
from geo.export._qgis_qml import maplayer_elements
from geo.export._staging import publish, staging
from geo.measure import STORAGE_CRS
from geo.style import load_style

__all__ = ["PROJECT_CRS", "PROJECT_ELLIPSOID", "QGIS_PROJECT_NAME", "write_qgis_project"]

logger = logging.getLogger(__name__)

QGIS_PROJECT_NAME = "hefei_plan.qgs"
"""File name of the QGIS project inside the output folder."""


def _text(parent: ET.Element, tag: str, text: str, attrib: Mapping[str, str] | None = None) -> None:
    element = ET.SubElement(parent, tag, dict(attrib or {}))
    element.text = text


_QGIS_GEOMETRY = {"Point": "Point", "LineString": "Line", "Polygon": "Polygon"}

PROJECT_CRS = pyproj.CRS.from_epsg(4548)
"""CRS of the QGIS project (display and measurement): CGCS2000 / 3-degree GK CM 117E."""

_PROJ4 = {
    "EPSG:4326": "+proj=longlat +datum=WGS84 +no_defs",
    "EPSG:4548": "+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 "
    "+units=m +no_defs",
}

PROJECT_ELLIPSOID = "EPSG:7030"
"""Ellipsoid the QGIS project measures on (WGS 84)."""


def _srs(parent: ET.Element, crs: pyproj.CRS = STORAGE_CRS) -> None:
    srs = ET.SubElement(parent, "spatialrefsys")
    geographic = crs.is_geographic
    _text(srs, "wkt", crs.to_wkt())
    _text(srs, "proj4", _PROJ4[authid(crs)])
    _text(srs, "srsid", "3452" if crs.equals(STORAGE_CRS) else "0")
    _text(srs, "srid", authid(crs).split(":")[1])
    _text(srs, "authid", authid(crs))
    _text(srs, "description", crs.name)
    _text(srs, "projectionacronym", "longlat" if geographic else "tmerc")
    _text(srs, "ellipsoidacronym", "EPSG:7030" if crs.equals(STORAGE_CRS) else "EPSG:1024")
    _text(srs, "geographicflag", "true" if geographic else "false")


def _layer_id(layer: Layer) -> str:
    return f"hefei_plan_{layer.name}"


def _extent(prepared: Sequence[Layer]) -> tuple[float, float, float, float]:
    chosen = [la for la in prepared if la.name == "boundary" and len(la.frame)] or [
        la for la in prepared if len(la.frame)
    ]
    if not chosen:
        return (116.6, 30.9, 118.0, 32.6)  # Hefei
    bounds = [la.frame.total_bounds for la in chosen]
    xmin, ymin = min(b[0] for b in bounds), min(b[1] for b in bounds)
    xmax, ymax = max(b[2] for b in bounds), max(b[3] for b in bounds)
    pad = 0.03 * max(xmax - xmin, ymax - ymin, 0.1)
    return (xmin - pad, ymin - pad, xmax + pad, ymax + pad)


def _projected_extent(prepared: Sequence[Layer]) -> tuple[float, float, float, float]:
    """Return the extent in :data:`PROJECT_CRS` (easting, northing in metres)."""
    to_gk = pyproj.Transformer.from_crs(STORAGE_CRS, PROJECT_CRS, always_xy=True)
    xmin, ymin, xmax, ymax = to_gk.transform_bounds(*_extent(prepared))
    return (xmin, ymin, xmax, ymax)


def _layer_extras(maplayer: ET.Element, la: Layer) -> None:
    """Server-style abstract, keywords and attribution, and the layer metadata."""
    _text(maplayer, "abstract", la.meta.abstract)
    keywords = ET.SubElement(maplayer, "keywordList")
    for keyword in la.meta.keywords:
        _text(keywords, "value", keyword)
    url = next((lic.url for lic in la.meta.licences if lic.url.startswith("http")), "")
    _text(maplayer, "attribution", la.meta.attribution, {"href": url})
    maplayer.append(layer_metadata_element(la))


def _project_metadata(root: ET.Element) -> None:
    meta = ET.SubElement(root, "projectMetadata")
    for tag, text in (
        ("identifier", "hefei_plan"),
        ("parentidentifier", ""),
        ("language", "zho"),
        ("type", "dataset"),
        ("title", METADATA.title),
        ("abstract", METADATA.abstract),
    ):
        _text(meta, tag, text)
    keywords = ET.SubElement(meta, "keywords", {"vocabulary": "gmd:topicCategory"})
    for keyword in METADATA.keywords:
        _text(keywords, "keyword", keyword)
    contact = ET.SubElement(meta, "contact")
    _text(contact, "name", METADATA.author)
    _text(contact, "role", "author")
    ET.SubElement(meta, "links")
    _text(meta, "author", METADATA.author)
    _text(meta, "creation", f"{METADATA.data_date}T00:00:00")


@dataclass(frozen=True)
class _Entry:
    """One layer of the project: its line in the layer tree and its ``<maplayer>``."""

    id: str
    title: str
    source: str
    provider: str
    geometry: str
    style: qs.LayerStyle
    describe: Callable[[ET.Element], None]
    """Writes what stands between ``<srs>`` and ``<provider>`` (abstract, metadata)."""
    labels: bool = False
    read_only: bool = False
    expanded: bool = False


def _layer_entry(la: Layer, datasource: str) -> _Entry:
    return _Entry(
        id=_layer_id(la),
        title=la.title,
        source=f"{datasource}|layername={la.name}",
        provider="ogr",
        geometry=la.geometry,
        style=la.style,
        describe=functools.partial(_layer_extras, la=la),
        labels=bool(la.style.label_field),
    )


def _legend_entry(legend: qs.LayerStyle) -> _Entry:
    """Describe the legend-only scratch layer of the markings (:mod:`geo.export._qgis_legend`)."""
    return _Entry(
        id=LEGEND_LAYER_ID,
        title=LEGEND_TITLE,
        source=LEGEND_DATASOURCE,
        provider="memory",
        geometry=legend.geometry,
        style=legend,
        describe=functools.partial(
            _text, tag="abstract", text="Legend only, no features: " + LEGEND_TITLE
        ),
        read_only=True,
        expanded=True,
    )


def _tree_layer(parent: ET.Element, entry: _Entry) -> None:
    ET.SubElement(
        parent,
        "layer-tree-layer",
        {
            "id": entry.id,
            "name": entry.title,
            "source": entry.source,
            "providerKey": entry.provider,
            "checked": "Qt::Checked",
            "expanded": "1" if entry.expanded else "0",
        },
    )


def _maplayer(parent: ET.Element, entry: _Entry) -> None:
    maplayer = ET.SubElement(
        parent,
        "maplayer",
        {
            "type": "vector",
            "geometry": _QGIS_GEOMETRY[entry.geometry],
            "wkbType": OGR_GEOMETRY_TYPES[entry.geometry],
            "labelsEnabled": "1" if entry.labels else "0",
            "hasScaleBasedVisibilityFlag": "0",
            "minScale": "100000000",
            "maxScale": "0",
            "readOnly": "1" if entry.read_only else "0",
            "styleCategories": "AllStyleCategories",
        },
    )
    _text(maplayer, "id", entry.id)
    _text(maplayer, "datasource", entry.source)
    _text(maplayer, "layername", entry.title)
    _srs(ET.SubElement(maplayer, "srs"))
    entry.describe(maplayer)
    _text(maplayer, "provider", entry.provider, {"encoding": "UTF-8"})
    maplayer.extend(maplayer_elements(entry.style))


def project_document(
    prepared: Sequence[Layer],
    datasource: str,
    *,
    absolute: bool,
    legend: qs.LayerStyle | None = None,
) -> str:
    """Return the project XML; ``legend`` adds the legend layer of the markings at the top."""
    order = sorted(prepared, key=lambda la: la.render_rank)
    entries = {la.name: _layer_entry(la, datasource) for la in order}
    top = [_legend_entry(legend)] if legend is not None else []
    root = ET.Element("qgis", {"version": qs.QGIS_VERSION, "projectname": METADATA.title})
    ET.SubElement(root, "homePath", {"path": ""})
    _text(root, "title", METADATA.title)
    _text(root, "ellipsoid", PROJECT_ELLIPSOID)
    _srs(ET.SubElement(root, "projectCrs"), PROJECT_CRS)

    tree = ET.SubElement(root, "layer-tree-group")
    for entry in top:
        _tree_layer(tree, entry)
    for chapter, group_name in CHAPTERS.items():
        members = [la for la in order if la.chapter == chapter]
        if not members:
            continue
        group = ET.SubElement(
            tree,
            "layer-tree-group",
            {"name": group_name, "checked": "Qt::Checked", "expanded": "1"},
        )
        for la in members:
            _tree_layer(group, entries[la.name])
    # Drawing order across groups: the legend, points, lines, polygons, then the boundaries.
    drawn = [*top, *entries.values()]
    custom = ET.SubElement(tree, "custom-order", {"enabled": "1"})
    for entry in drawn:
        _text(custom, "item", entry.id)

    layers_element = ET.SubElement(root, "projectlayers")
    for entry in [*entries.values(), *top]:
        _maplayer(layers_element, entry)

    layerorder = ET.SubElement(root, "layerorder")
    for entry in drawn:
        ET.SubElement(layerorder, "layer", {"id": entry.id})

    canvas = ET.SubElement(root, "mapcanvas", {"name": "theMapCanvas", "annotationsVisible": "1"})
    _text(canvas, "units", "meters")
    extent = ET.SubElement(canvas, "extent")
    bounds = _projected_extent(prepared)
    for tag, value in zip(("xmin", "ymin", "xmax", "ymax"), bounds, strict=True):
        _text(extent, tag, f"{value:.3f}")
    _text(canvas, "rotation", "0")
    _srs(ET.SubElement(canvas, "destinationsrs"), PROJECT_CRS)
    _project_metadata(root)

    properties = ET.SubElement(root, "properties")
    # The current label placement engine (QGIS reads a missing entry as the legacy one).
    _text(ET.SubElement(properties, "PAL"), "PlacementEngineVersion", "1", {"type": "int"})
    paths = ET.SubElement(properties, "Paths")
    _text(paths, "Absolute", "true" if absolute else "false", {"type": "bool"})
    # Without this QGIS ignores <projectCrs> and takes the first layer's CRS.
    srs_props = ET.SubElement(properties, "SpatialRefSys")
    _text(srs_props, "ProjectionsEnabled", "1", {"type": "int"})
    # Measure on the WGS 84 ellipsoid, in km and km² (the units of length_km, area_km2).
    _text(ET.SubElement(properties, "Measure"), "Ellipsoid", PROJECT_ELLIPSOID, {"type": "QString"})
    units = ET.SubElement(properties, "Measurement")
    _text(units, "DistanceUnits", "km", {"type": "QString"})
    _text(units, "AreaUnits", "km2", {"type": "QString"})

    ET.indent(root, space="  ")
    return f"{qs.DOCTYPE}\n{ET.tostring(root, encoding='unicode')}\n"


def project_datasource(geopackage: Path, project: Path) -> tuple[str, bool]:
    """Name the GeoPackage as the project should: ``./x.gpkg`` when possible."""
    try:
        rel = Path(os.path.relpath(geopackage.resolve(), project.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return geopackage.resolve().as_posix(), True
    return (rel if rel.startswith("../") else f"./{rel}"), False


def write_qgis_project(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: str | os.PathLike[str],
    *,
    vocab: Vocab,
    geopackage: str | os.PathLike[str],
) -> Path:
    """Write a QGIS project opening the GeoPackage's layers, styled and grouped by chapter.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        The layers written to ``geopackage`` (used for names, types and styles).
    path : path-like
        The ``.qgs`` to write; replaced atomically.
    vocab : Vocab
        The vocabularies.
    geopackage : path-like
        The GeoPackage the project refers to, stored relative to ``path`` so
        the folder can be moved.

    Returns
    -------
    Path
        ``path``.
    """
    target = Path(path)
    spec = load_style(vocab=vocab)
    prepared = prepare_all(layers, vocab, spec=spec)
    datasource, absolute = project_datasource(Path(geopackage), target)
    with staging(target.parent, target.name) as tmp:
        staged = tmp / target.name
        legend = legend_style(spec, vocab)
        document = project_document(prepared, datasource, absolute=absolute, legend=legend)
        staged.write_bytes(document.encode())
        publish([(staged, target)])
    logger.info("wrote %s", target)
    return target
