"""Write the plan's layers as GIS deliverables: GeoPackages, shapefiles, downloads, QGIS project.

:func:`write_all` (used by ``infra-map build``) writes, under ``data/``:

``hefei_plan.gpkg``
    GeoPackage **1.2** (QGIS 3.22 warns about the 1.4 files recent GDAL writes
    by default) with every layer, one declared geometry type per layer
    (``Point``, ``LineString`` or ``MultiPolygon``: polygons, including the
    schematic circles, are promoted to MultiPolygon so that they share a type
    with the administrative boundaries), the layer's bilingual title and a
    description in ``gpkg_contents``, a QGIS style per layer in the
    ``layer_styles`` table (``useAsDefault = 1``), so QGIS opens them styled,
    QGIS layer metadata in ``gpkg_metadata`` and the data dictionary in
    ``gpkg_data_columns`` / ``gpkg_data_column_constraints`` (:mod:`geo._gpkg_extras`).
``hefei_plan_cgcs2000.gpkg``
    The same, labelled CGCS2000 (EPSG:4490): the datum change is the identity
    at this accuracy (:data:`CGCS2000_GEOPACKAGE_NAME`).
``shapefiles/<layer>.shp``
    With ``.shx``, ``.dbf``, ``.prj``, ``.cpg`` (``UTF-8``, or ``GBK``), a
    ``.qml`` style QGIS loads by default and a ``.qmd`` with the layer's
    metadata. Field names longer than 10 characters are renamed by the fixed
    mapping :data:`SHAPEFILE_FIELDS` (documented in
    ``docs/shapefiles.md``); :func:`read_shapefile` maps them back.
``geojson/<layer>.geojson``, ``flatgeobuf/<layer>.fgb``
    Every layer as RFC 7946 GeoJSON and as FlatGeobuf (:mod:`geo._formats`).
``fields.csv``, ``DATA_LICENSE.md``
    The data dictionary (:mod:`geo.datadict`) and the data licences and
    attribution (:mod:`geo.metadata`).
``hefei_plan.qgs``
    A QGIS project opening every GeoPackage layer (relative paths; layers in
    EPSG:4326, the project in EPSG:4548, measuring on the WGS 84 ellipsoid in
    km and km²), grouped by chapter and drawn points over lines over polygons
    over the base layers: the existing network, the administrative boundaries,
    then Chaohu and the main rivers for orientation.

Styles follow the shared spec :mod:`geo.style` (``style.toml`` + ``vocab.toml``):
colour, marker shape and weight by kind, dash pattern, casing, point fill and
opacity by status, a halo for schematic and arrows for indicative geometry, a
core line or ticks for progress; labels from ``name_zh`` in a CJK font, district
names first (priority 10), the plan's labels at scales above 1:600,000. The base
layers are context: boundaries as outlines only, the existing network
(``existing_network``) in unlabelled greys, railways dark grey with white
dashes, expressways mid grey.

Every writer is atomic and deterministic: files are written into a temporary
folder beside the target and renamed into place only when all of them are
complete, so a failure leaves the previous outputs untouched; rows are sorted
by ``id`` and every timestamp (``gpkg_contents.last_change``,
``layer_styles.update_time``, the DBF header date, the metadata dates) is
:data:`FIXED_TIMESTAMP`, the date of the data, so the same layers always give
byte-identical files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import shapely

from geo import _formats
from geo import _gpkg_extras as gx
from geo import _qgis_style as qs
from geo._dbf_limits import check_dbf_record
from geo._paths import DATA_DIR, ORIENTATION
from geo.catalogue import Vocab
from geo.datadict import FIELDS_CSV_NAME, Field, check_columns, fields_csv, load_fields, value_map
from geo.errors import ParameterError
from geo.measure import STORAGE_CRS, to_storage_crs
from geo.metadata import (
    DATA_LICENCE_NAME,
    LayerMetadata,
    data_licence_text,
    load_metadata,
    qgis_metadata_element,
)
from geo.style import StyleSpec, load_style

__all__ = [
    "CGCS2000",
    "CGCS2000_GEOPACKAGE_NAME",
    "FIXED_TIMESTAMP",
    "GBK_SUBSTITUTES",
    "GEOPACKAGE_NAME",
    "GEOPACKAGE_VERSION",
    "OGR_GEOMETRY_TYPES",
    "ORIENTATION_LAYERS",
    "PROJECT_CRS",
    "PROJECT_ELLIPSOID",
    "QGIS_PROJECT_NAME",
    "SHAPEFILE_DIR_NAME",
    "SHAPEFILE_ENCODINGS",
    "SHAPEFILE_FIELDS",
    "SHAPEFILE_TEXT_BYTES",
    "continuation_field",
    "orientation_layers",
    "read_geopackage",
    "read_shapefile",
    "write_all",
    "write_geopackage",
    "write_qgis_project",
    "write_shapefiles",
]

logger = logging.getLogger(__name__)

GEOPACKAGE_NAME = "hefei_plan.gpkg"
"""File name of the GeoPackage inside the output folder."""

QGIS_PROJECT_NAME = "hefei_plan.qgs"
"""File name of the QGIS project inside the output folder."""

SHAPEFILE_DIR_NAME = "shapefiles"
"""Folder of the shapefiles inside the output folder."""

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

FIXED_TIMESTAMP = f"{load_metadata().data_date}T00:00:00.000Z"
"""The one timestamp written wherever a format wants the current time: the date of the data.

``data_date`` of ``geo/data/catalogue/metadata.toml``, so the output is reproducible.
"""

YEAR_COLUMNS = ("target_year", "opened", "opened_by", "opened_after", "widened", "progress_year")
"""Columns holding years, written as 32-bit integers (NULL when unknown)."""

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

SHAPEFILE_TEXT_BYTES = 254
"""Longest text a DBF field holds, in bytes (UTF-8: 3 bytes per Chinese character)."""


@dataclass(frozen=True)
class _BaseLayer:
    """A layer that is not in the catalogue: how it is titled, typed and drawn."""

    zh: str
    en: str
    geometry: str
    what: str
    categorize: str
    """Column the QGIS renderer categorizes on."""
    width_mm: float
    label_field: str | None


_BASE_LAYERS: Mapping[str, _BaseLayer] = {
    # In drawing order, top first: all of them below the plan's layers.
    "existing_network": _BaseLayer(
        "现状路网",
        "Existing network",
        "LineString",
        "railways and expressways open today (embedded reference network), context for the plan",
        "mode",
        0.5,
        None,
    ),
    "boundary": _BaseLayer(
        "合肥市界", "Hefei city boundary", "Polygon", "administrative base layer", "kind", 1.0, None
    ),
    "counties": _BaseLayer(
        "县(市、区)",
        "Counties and districts",
        "Polygon",
        "administrative base layer",
        "kind",
        0.3,
        "name_zh",
    ),
    "orientation_rivers": _BaseLayer(
        "主要河流",
        "Main rivers (orientation)",
        "LineString",
        "the main rivers round Chaohu and the Yangtze, coarse own digitisation for orientation",
        "kind",
        0.5,
        None,
    ),
    "orientation_water": _BaseLayer(
        "巢湖",
        "Chaohu (orientation)",
        "Polygon",
        "Chaohu, coarse own digitisation for orientation",
        "kind",
        0.3,
        None,
    ),
}
ORIENTATION_LAYERS = ("orientation_rivers", "orientation_water")
"""Base layers made from ``geo/data/reference/orientation.geojson`` (added by the writers)."""

_BASE_COLOUR: Mapping[str, str] = {
    "boundary": "#333333",
    "counties": "#7a7a7a",
    "orientation_water": "#a9d0ee",
    "orientation_rivers": "#5b9bd5",
}
"""Outline (water: outline and fill) colour of the base layers."""
_RIVER_WIDTH_MM: Mapping[str, float] = {"major_river": 1.3, "river": 0.45}

_NETWORK_STYLE: Mapping[str, tuple[str, str, str, float, str | None]] = {
    # mode: zh, en, colour, width (mm), colour of the dashes drawn over the line
    "rail": ("现状铁路", "existing railway", "#4d4d4d", 0.55, "#ffffff"),
    "expressway": ("现状高速公路", "existing expressway", "#9a9a9a", 0.6, None),
    "road": ("现状道路", "existing road", "#c4c4c4", 0.35, None),
}
"""Muted greys: the existing network is context, drawn under the plan's colours."""
_CHAPTERS: Mapping[str, str] = {
    "transport": "交通 Transport",
    "energy": "能源 Energy",
    "environment": "环境 Environment",
    "base": "行政区划与参考 Administrative divisions and reference",
}
_COUNTY_LABEL_PRIORITY = 10
_PLAN_LABEL_SCALE = 600_000.0
"""Plan layers are labelled at scales larger than 1:600,000; district names at every scale."""
OGR_GEOMETRY_TYPES: Mapping[str, str] = {
    "Point": "Point",
    "LineString": "LineString",
    "Polygon": "MultiPolygon",
}
"""Declared layer geometry (vocab.toml) -> geometry type written (polygons are MultiPolygon)."""
_OGR_TYPE = OGR_GEOMETRY_TYPES
_ALLOWED_TYPES = {
    "Point": {"Point"},
    "LineString": {"LineString"},
    "Polygon": {"Polygon", "MultiPolygon"},
}
_QGIS_GEOMETRY = {"Point": "Point", "LineString": "Line", "Polygon": "Polygon"}
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_GEOMETRY_COLUMN = "geom"
_STYLES_TABLE = "layer_styles"
_DBF_DATE = FIXED_TIMESTAMP[:10]


@dataclass(frozen=True)
class _Layer:
    """One layer ready to write: its frame (sorted, promoted) and how to present it."""

    name: str
    zh: str
    en: str
    chapter: str
    geometry: str
    frame: gpd.GeoDataFrame
    style: qs.LayerStyle
    position: int
    meta: LayerMetadata
    fields: tuple[Field, ...]

    @property
    def title(self) -> str:
        return f"{self.zh} {self.en}"

    @property
    def description(self) -> str:
        if self.chapter == "base":
            return f"{self.title}: {_BASE_LAYERS[self.name].what}, EPSG:4326"
        return (
            f"{self.title}: the plan's {_CHAPTERS[self.chapter]} projects, one row per project, "
            "EPSG:4326; fields in docs/catalogue.md"
        )

    @property
    def columns(self) -> list[str]:
        """The columns as written to the GeoPackage: ``fid``, attributes, ``geom``."""
        attrs = [c for c in self.frame.columns if c != self.frame.geometry.name]
        return ["fid", *attrs, _GEOMETRY_COLUMN]

    @property
    def render_rank(self) -> tuple[int, int, int]:
        """Sort key, top of the map first: points, lines, polygons, then the base layers."""
        if self.chapter == "base":
            return (3, list(_BASE_LAYERS).index(self.name), 0)
        rank = {"Point": 0, "LineString": 1, "Polygon": 2}[self.geometry]
        return (rank, list(_CHAPTERS).index(self.chapter), self.position)


# ---------------------------------------------------------------- preparing


def _present(name: str, frame: gpd.GeoDataFrame, vocab: Vocab) -> set[tuple[str, str]]:
    ldef = vocab.layers[name]
    for column in ("kind", "status"):
        if column not in frame.columns:
            raise ParameterError(
                f"layers[{name!r}] has no {column!r} column; pass the layer as "
                "layers.load() builds it"
            )
    present = set(zip(frame["kind"], frame["status"], strict=True))
    for kind, status in sorted(present):
        if kind not in ldef.kinds or status not in vocab.statuses:
            rid = frame.loc[(frame["kind"] == kind) & (frame["status"] == status), "id"].iloc[0]
            raise ParameterError(
                f"layers[{name!r}] record {rid!r}: kind={kind!r}, status={status!r} is not in "
                "vocab.toml; add it there or fix the record"
            )
    return present


def _categories(
    name: str, frame: gpd.GeoDataFrame, vocab: Vocab, spec: StyleSpec
) -> tuple[qs.Category, ...]:
    """One category per kind x status present in the layer, in vocab order (geo.style)."""
    present = _present(name, frame, vocab)
    categories = []
    for kind in vocab.layers[name].kinds:
        for status in vocab.statuses:
            if (kind, status) not in present:
                continue
            sym = spec.symbol(name, kind, status)
            st = sym.status
            outline = st.point_outline if vocab.layers[name].geometry == "Point" else st.dash
            categories.append(
                qs.Category(
                    value=f"{kind}|{status}",
                    label=spec.legend_label(name, kind, status),
                    colour=sym.colour,
                    dash=_pen(outline),
                    custom_dash=sym.dash_mm(),
                    opacity=st.opacity,
                    shape=_ICON_SHAPES.get(sym.kind.icon, "circle"),
                    width_mm=sym.weight_mm if vocab.layers[name].geometry == "LineString" else None,
                    casing=st.casing,
                    fill_alpha={"full": 1.0, "half": 0.45, "none": 0.0}[st.point_fill],
                    ring=st.point_ring,
                )
            )
    return tuple(categories)


def _pen(dash: tuple[float, ...]) -> str:
    """QGIS pen for a dash array where only pens fit (marker outlines): solid, dash, dot."""
    if not dash:
        return "solid"
    return "dash" if dash[0] >= 2 else "dot"


_ICON_SHAPES: Mapping[str, str] = {
    "train": "square",
    "plane": "triangle",
    "anchor": "circle",
    "crane": "square",
    "lock": "diamond",
    "wheel": "pentagon",
    "containers": "hexagon",
    "flame": "diamond",
    "drop": "circle",
    "dot": "circle",
}
"""The map's icon glyph -> QGIS simple-marker shape (kinds of one layer get distinct ones)."""


def _quoted(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _markings(frame: gpd.GeoDataFrame, spec: StyleSpec, vocab: Vocab) -> tuple[qs.Marking, ...]:
    """Precision and progress markings, each enabled by an expression on the feature."""
    out: list[qs.Marking] = []
    groups: dict[str, list[str]] = {}
    for precision in vocab.precisions:
        marking = spec.precision_marking(precision)
        if marking.marking != "none":
            groups.setdefault(marking.marking, []).append(precision)
    for kind in ("halo", "marker_line"):
        if kind in groups:
            first = spec.precision_marking(groups[kind][0])
            out.append(
                qs.Marking(
                    kind="halo",
                    expression=f'"precision" IN ({_quoted(groups[kind])})',
                    width=first.width or 3.0,
                    opacity=first.opacity,
                )
            )
    if "marker_line" in groups:
        first = spec.precision_marking(groups["marker_line"][0])
        out.append(
            qs.Marking(
                kind="marker_line",
                expression=f'"precision" IN ({_quoted(groups["marker_line"])})',
                spacing=first.spacing or 4.0,
            )
        )
    if "progress" in frame.columns:  # i7cat's column; absent before that lands
        for key, marking in spec.progress.items():
            if marking.marking == "none":
                continue
            out.append(
                qs.Marking(
                    kind=marking.marking,
                    expression=f"\"progress\" = '{key}'",
                    width=marking.width or 0.3,
                    opacity=1.0,
                    spacing=marking.spacing or 6.0,
                    colour=marking.colour,
                )
            )
    return tuple(out)


def _network_categories(name: str, frame: gpd.GeoDataFrame) -> tuple[qs.Category, ...]:
    """One grey category per network mode present: rail dark with white dashes, roads lighter."""
    modes = set(frame["mode"])
    unknown = sorted(modes - set(_NETWORK_STYLE))
    if unknown:
        raise ParameterError(
            f"layers[{name!r}] has mode {unknown[0]!r}; use one of {', '.join(_NETWORK_STYLE)}"
        )
    return tuple(
        qs.Category(value=mode, label=f"{zh} {en}", colour=colour, width_mm=width, overlay=dashes)
        for mode, (zh, en, colour, width, dashes) in _NETWORK_STYLE.items()
        if mode in modes
    )


def _field_configs(
    name: str, fields: Sequence[Field], vocab: Vocab, spec: StyleSpec
) -> tuple[qs.FieldConfig, ...]:
    """Aliases of every attribute field and value maps of the vocabulary fields."""
    configs = []
    for f in fields:
        if f.type == "geometry":
            continue
        values: tuple[tuple[str, str], ...] = ()
        if f.constraint and name in vocab.layers:
            vmap = value_map(f.constraint, vocab, layer=name)
            if f.constraint == "status":
                values = tuple((k, spec.status_label(k)) for k in vmap)
            else:
                values = tuple(
                    (k, f"{zh} {en}" if zh != en else zh) for k, (zh, en) in vmap.items()
                )
        elif f.constraint == "mode":
            values = tuple((k, f"{zh} {en}") for k, (zh, en) in value_map("mode", vocab).items())
        configs.append(qs.FieldConfig(name=f.name, alias=f.alias, values=values))
    return tuple(configs)


def _style(
    name: str,
    frame: gpd.GeoDataFrame,
    geometry: str,
    vocab: Vocab,
    spec: StyleSpec,
    fields: Sequence[Field],
) -> qs.LayerStyle:
    configs = _field_configs(name, fields, vocab, spec)
    if name in _BASE_LAYERS:
        base = _BASE_LAYERS[name]
        if base.categorize not in frame.columns:
            raise ParameterError(
                f"layers[{name!r}] has no {base.categorize!r} column; pass the layer as "
                "layers.load() builds it"
            )
        if name == "existing_network":
            categories = _network_categories(name, frame)
        elif name == "orientation_rivers":
            categories = tuple(
                qs.Category(
                    value=k,
                    label=f"{base.zh} {base.en}" if k == "river" else "长江 Yangtze (orientation)",
                    colour=_BASE_COLOUR[name],
                    width_mm=_RIVER_WIDTH_MM.get(k, 0.45),
                )
                for k in sorted(set(frame[base.categorize]))
            )
        else:
            categories = tuple(
                qs.Category(value=k, label=f"{base.zh} {base.en}", colour=_BASE_COLOUR[name])
                for k in sorted(set(frame[base.categorize]))
            )
        water = name == "orientation_water"
        return qs.LayerStyle(
            geometry=geometry,
            expression=f'"{base.categorize}"',
            categories=categories,
            width_mm=base.width_mm,
            filled=water,
            fill_alpha=0.8 if water else 0.35,
            label_field=base.label_field,
            label_size_pt=10.0 if name == "counties" else 9.0,
            label_colour="#444444",
            label_priority=_COUNTY_LABEL_PRIORITY if name == "counties" else 5,
            label_bold=name == "counties",
            fields=configs,
        )
    return qs.LayerStyle(
        geometry=geometry,
        expression='"kind" || \'|\' || "status"',
        categories=_categories(name, frame, vocab, spec),
        width_mm={"Point": 0.4, "LineString": 0.8, "Polygon": 0.5}[geometry],
        label_priority={"Point": 6, "LineString": 4, "Polygon": 3}[geometry],
        label_max_scale=_PLAN_LABEL_SCALE,
        markings=_markings(frame, spec, vocab),
        filled=geometry != "Polygon" or spec.polygon_fill(name) > 0,
        fill_alpha=spec.polygon_fill(name) if geometry == "Polygon" else 0.35,
        fields=configs,
    )


def _promote(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Polygons to one-part MultiPolygons; everything else unchanged."""
    values = [
        shapely.MultiPolygon([g]) if isinstance(g, shapely.Polygon) else g for g in geoms.values
    ]
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs)


def _normalise(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Years as nullable Int32; text that does not apply as NULL (never "")."""
    frame = frame.copy()
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        if column in YEAR_COLUMNS:
            frame[column] = pd.array(
                [None if pd.isna(v) else int(v) for v in frame[column]], dtype="Int32"
            )
        elif frame[column].dtype == object or str(frame[column].dtype) in ("str", "string"):
            values = [None if (v is None or v == "" or v is pd.NA) else v for v in frame[column]]
            if all(v is None or isinstance(v, str) for v in values):
                frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def orientation_layers() -> dict[str, gpd.GeoDataFrame]:
    """Chaohu and the main rivers (``orientation.geojson``) as two base layers, EPSG:4326."""
    gdf = gpd.read_file(ORIENTATION)
    gdf = to_storage_crs(gdf, name=str(ORIENTATION))
    gdf.insert(0, "id", [f"orientation_{i:02d}" for i in range(1, len(gdf) + 1)])
    polygon = gdf.geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    return {
        "orientation_rivers": gdf[~polygon].reset_index(drop=True),
        "orientation_water": gdf[polygon].reset_index(drop=True),
    }


def _prepare(
    name: object,
    gdf: object,
    vocab: Vocab,
    position: int,
    spec: StyleSpec,
    fields: Mapping[str, Field],
) -> _Layer:
    if not isinstance(name, str) or not _NAME_RE.match(name) or name == _STYLES_TABLE:
        raise ParameterError(
            f"layers has a layer named {name!r}; names must match [a-z][a-z0-9_]* "
            f"(and not be {_STYLES_TABLE!r}) as they become table and file names"
        )
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise ParameterError(
            f"layers[{name!r}] is a {type(gdf).__name__}; pass a GeoDataFrame (layers.load_all())"
        )
    if name in _BASE_LAYERS:
        base = _BASE_LAYERS[name]
        zh, en, chapter, geometry = base.zh, base.en, "base", base.geometry
    elif name in vocab.layers:
        ldef = vocab.layers[name]
        zh, en, chapter, geometry = ldef.zh, ldef.en, ldef.chapter, ldef.geometry
    else:
        raise ParameterError(
            f"layers has a layer {name!r} that is neither a base layer "
            f"({', '.join(_BASE_LAYERS)}) nor in vocab.toml ({', '.join(vocab.layers)}); "
            "add it to geo/data/catalogue/vocab.toml or leave it out"
        )
    lonlat = to_storage_crs(gdf, name=f"layers[{name!r}]")
    if "id" not in lonlat.columns:
        raise ParameterError(f"layers[{name!r}] has no 'id' column; every layer needs unique ids")
    ids = lonlat["id"]
    if ids.isna().any() or ids.duplicated().any():
        bad = ids[ids.isna() | ids.duplicated()].iloc[0]
        raise ParameterError(
            f"layers[{name!r}] has a missing or duplicate id {bad!r}; ids must be unique"
        )
    allowed = _ALLOWED_TYPES[geometry]
    for rid, geom in zip(ids, lonlat.geometry.values, strict=True):
        if geom is not None and not geom.is_empty and geom.geom_type not in allowed:
            raise ParameterError(
                f"layers[{name!r}] record {rid!r} is a {geom.geom_type}; the layer is declared "
                f"{geometry} in vocab.toml, so only {', '.join(sorted(allowed))} fit"
            )
    frame = _normalise(lonlat.sort_values("id", kind="mergesort").reset_index(drop=True))
    if geometry == "Polygon":
        frame = frame.set_geometry(_promote(frame.geometry))
    if frame.geometry.name != _GEOMETRY_COLUMN:
        frame = frame.rename_geometry(_GEOMETRY_COLUMN)
    title = f"{zh} {en}"
    columns = ["fid", *(c for c in frame.columns if c != frame.geometry.name), _GEOMETRY_COLUMN]
    layer_fields = tuple(check_columns(name, columns, fields, strict=False))
    return _Layer(
        name=name,
        zh=zh,
        en=en,
        chapter=chapter,
        geometry=geometry,
        frame=frame,
        style=_style(name, frame, geometry, vocab, spec, layer_fields),
        position=position,
        meta=_METADATA.layer(name, title=title, catalogue=chapter != "base", lenient=True),
        fields=layer_fields,
    )


_METADATA = load_metadata()


def _prepare_all(layers: Mapping[str, gpd.GeoDataFrame], vocab: Vocab) -> list[_Layer]:
    if not isinstance(layers, Mapping) or not layers:
        raise ParameterError(
            f"layers={type(layers).__name__} with no layers; pass layers.load_all()'s dict "
            "of name -> GeoDataFrame"
        )
    if not isinstance(vocab, Vocab):
        raise ParameterError(
            f"vocab={vocab!r} is not a Vocab; pass geo.catalogue.load_vocab() or catalogue.vocab"
        )
    spec = load_style(vocab=vocab)
    fields = load_fields()
    every = dict(layers)
    for name, gdf in orientation_layers().items():
        every.setdefault(name, gdf)
    return [
        _prepare(name, gdf, vocab, i, spec, fields) for i, (name, gdf) in enumerate(every.items())
    ]


# ---------------------------------------------------------------- atomic files


@contextlib.contextmanager
def _staging(parent: Path, name: str) -> Iterator[Path]:
    """Yield a temporary folder beside the target, removed whatever happens."""
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=parent))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _publish(moves: Sequence[tuple[Path, Path]]) -> None:
    """Rename finished files into place (each rename is atomic on one file system)."""
    for source, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        logger.debug("wrote %s", target)


@contextlib.contextmanager
def _fixed_gdal_date() -> Iterator[None]:
    """Make GDAL write :data:`FIXED_TIMESTAMP` wherever it would write "now"."""
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_TIMESTAMP})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


# ---------------------------------------------------------------- GeoPackage


def _style_description(layer: _Layer) -> str:
    if layer.name in _BASE_LAYERS:
        return f"{layer.title}: {_BASE_LAYERS[layer.name].what}, drawn as context"
    return (
        f"{layer.title}: colour by kind, line style and opacity by status "
        "(geo/data/catalogue/vocab.toml)"
    )


def _qml(layer: _Layer, shapefile_fields: Sequence[str] | None = None) -> str:
    """Render the layer's QML (``shapefile_fields``: aliases by the shapefile's names)."""
    style = layer.style
    if shapefile_fields is not None:
        by_name = {f.name: f for f in style.fields}
        inverse = {short: long for long, short in SHAPEFILE_FIELDS.items()}
        configs = []
        for field in shapefile_fields:
            base, part = _continued(field, layer.frame.columns)
            column = inverse.get(base, base)
            if column not in by_name:
                continue
            config = by_name[column]
            alias = config.alias if part == 1 else f"{config.alias} ({part})"
            configs.append(qs.FieldConfig(field, alias, config.values if part == 1 else ()))
        style = dataclasses.replace(style, fields=tuple(configs))
    return qs.qml_document(style, metadata=_layer_metadata_element(layer))


def _continued(field: str, columns: Sequence[str]) -> tuple[str, int]:
    """``("note", 2)`` for the continuation field ``note_c2``; ``(field, 1)`` otherwise."""
    match = re.fullmatch(r"(.{1,7})_c(\d+)", field)
    if match:
        for column in columns:
            short = SHAPEFILE_FIELDS.get(column, column)
            if continuation_field(short, int(match.group(2))) == field:
                return short, int(match.group(2))
    return field, 1


def _layer_metadata_element(
    layer: _Layer, *, tag: str = "resourceMetadata", crs: pyproj.CRS = STORAGE_CRS
) -> ET.Element:
    frame = layer.frame
    extent = tuple(float(v) for v in frame.total_bounds) if len(frame) else None
    return qgis_metadata_element(
        layer.meta,
        tag=tag,
        crs_wkt=crs.to_wkt(),
        author=_METADATA.author,
        extent=extent,  # type: ignore[arg-type]
    )


def _xml(element: ET.Element) -> str:
    ET.indent(element, space="  ")
    return f"{qs.DOCTYPE}\n{ET.tostring(element, encoding='unicode')}\n"


def _project_metadata_document() -> str:
    root = ET.Element("qgis", {"version": "1.0"})
    for tag, text in (
        ("identifier", "hefei_plan"),
        ("type", "dataset"),
        ("title", _METADATA.title),
        ("abstract", _METADATA.abstract),
        ("author", _METADATA.author),
    ):
        ET.SubElement(root, tag).text = text
    keywords = ET.SubElement(root, "keywords", {"vocabulary": "gmd:topicCategory"})
    for keyword in _METADATA.keywords:
        ET.SubElement(keywords, "keyword").text = keyword
    ET.SubElement(root, "rights").text = "; ".join(
        lic.attribution for lic in _METADATA.licences.values()
    )
    return _xml(root)


def _constraint_name(field: Field, layer: _Layer, vocab: Vocab) -> str | None:
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
    prepared: Sequence[_Layer], vocab: Vocab
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


def _write_geopackage(
    prepared: Sequence[_Layer], path: Path, vocab: Vocab, *, crs: pyproj.CRS = STORAGE_CRS
) -> None:
    styles = []
    with _fixed_gdal_date():
        for i, layer in enumerate(prepared):
            frame = layer.frame if crs.equals(STORAGE_CRS) else _relabel(layer.frame, crs)
            pyogrio.write_dataframe(
                frame,
                path,
                layer=layer.name,
                driver="GPKG",
                geometry_type=_OGR_TYPE[layer.geometry],
                promote_to_multi=False,
                dataset_options={"VERSION": GEOPACKAGE_VERSION} if i == 0 else None,
                layer_options={
                    "GEOMETRY_NAME": _GEOMETRY_COLUMN,
                    "FID": "fid",
                    "IDENTIFIER": layer.title,
                    "DESCRIPTION": layer.description.replace("EPSG:4326", _authid(crs)),
                    "SPATIAL_INDEX": "YES",
                },
            )
            styles.append(
                {
                    "f_table_catalog": "",
                    "f_table_schema": "",
                    "f_table_name": layer.name,
                    "f_geometry_column": _GEOMETRY_COLUMN,
                    "styleName": layer.name,
                    "styleQML": _qml(layer),
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
            layer=_STYLES_TABLE,
            driver="GPKG",
            layer_options={"FID": "id", "DESCRIPTION": "QGIS layer styles"},
        )
    columns, constraints = _schema_rows(prepared, vocab)
    metadata = [gx.MetadataRow(None, _project_metadata_document())] + [
        gx.MetadataRow(layer.name, _xml(_layer_metadata_element(layer, tag="qgis", crs=crs)))
        for layer in prepared
    ]
    gx.add_schema_and_metadata(
        path,
        columns=columns,
        constraints=constraints,
        metadata=metadata,
        timestamp=FIXED_TIMESTAMP,
    )


def _authid(crs: pyproj.CRS) -> str:
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else crs.name


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
    prepared = _prepare_all(layers, vocab)
    with _staging(target.parent, target.name) as tmp:
        staged = tmp / target.name
        _write_geopackage(prepared, staged, vocab)
        _publish([(staged, target)])
    logger.info("wrote %s (%d layers)", target, len(prepared))
    return target


def _restore_dtypes(gdf: gpd.GeoDataFrame, info: Mapping[str, Any]) -> gpd.GeoDataFrame:
    inverse = {short: long for long, short in SHAPEFILE_FIELDS.items()}
    for field, dtype in zip(list(info["fields"]), list(info["dtypes"]), strict=True):
        if field in gdf.columns and str(dtype).startswith("int"):
            years = inverse.get(field, field) in YEAR_COLUMNS or str(dtype) == "int32"
            gdf[field] = gdf[field].astype("Int32" if years else "Int64")
    return gdf


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
    return _restore_dtypes(gdf, info)


# ---------------------------------------------------------------- shapefiles


GBK_SUBSTITUTES: Mapping[str, str] = {"©": "(c)", "²": "2"}
"""Characters GBK lacks that the data uses, written this way in GBK shapefiles (km² -> km2)."""


def _encodable(layer: _Layer, encoding: str) -> gpd.GeoDataFrame:
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


def _shapefile_frame(layer: _Layer, encoding: str = "UTF-8") -> gpd.GeoDataFrame:
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
            renamed = _split_long_text(renamed, field, encoding)
    return renamed


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


def _split_long_text(
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


SHAPEFILE_ENCODINGS = ("UTF-8", "GBK")
"""Encodings :func:`write_shapefiles` writes (``--shapefile-encoding``)."""


def _check_encoding_name(encoding: object) -> None:
    if encoding not in SHAPEFILE_ENCODINGS:
        raise ParameterError(
            f"shapefile_encoding={encoding!r} is not supported; use one of "
            f"{', '.join(SHAPEFILE_ENCODINGS)}"
        )


def _write_shapefile(layer: _Layer, directory: Path, encoding: str = "UTF-8") -> list[Path]:
    frame = _shapefile_frame(layer, encoding)
    check_dbf_record(frame, layer=layer.name)
    shp = directory / f"{layer.name}.shp"
    with _fixed_gdal_date():
        pyogrio.write_dataframe(
            frame,
            shp,
            driver="ESRI Shapefile",
            geometry_type=_OGR_TYPE[layer.geometry],
            promote_to_multi=False,
            encoding=encoding,
            layer_options={"DBF_DATE_LAST_UPDATE": _DBF_DATE, "SPATIAL_INDEX": "NO"},
        )
    shp_fields = [c for c in frame.columns if c != frame.geometry.name]
    (directory / f"{layer.name}.qml").write_bytes(_qml(layer, shp_fields).encode("utf-8"))
    # QGIS loads <layer>.qmd beside a file as the layer's metadata.
    qmd = _layer_metadata_element(layer, tag="qgis")
    (directory / f"{layer.name}.qmd").write_bytes(_xml(qmd).encode("utf-8"))
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
    prepared = _prepare_all(layers, vocab)
    _check_encoding_name(encoding)
    with _staging(target.parent, target.name) as tmp:
        files = [f for layer in prepared for f in _write_shapefile(layer, tmp, encoding)]
        _publish([(f, target / f.name) for f in files])
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
    gdf = _restore_dtypes(pyogrio.read_dataframe(path), info)
    for field, dtype in zip(list(info["fields"]), list(info["dtypes"]), strict=True):
        if dtype == "object":
            gdf[field] = pd.Series(
                [v if isinstance(v, str) and v != "" else None for v in gdf[field]],
                index=gdf.index,
                dtype=object,
            )
    if info["geometry_type"] in ("Polygon", "MultiPolygon"):
        gdf = gdf.set_geometry(_promote(gdf.geometry))
    for field in list(gdf.columns):
        extra: list[str] = []
        while continuation_field(field, len(extra) + 2) in gdf.columns:
            extra.append(continuation_field(field, len(extra) + 2))
        if extra:
            joined = gdf[[field, *extra]].fillna("").astype(str).agg("".join, axis=1)
            gdf[field] = pd.Series([v or None for v in joined], index=gdf.index, dtype=object)
            gdf = gdf.drop(columns=extra)
    inverse = {short: long for long, short in SHAPEFILE_FIELDS.items()}
    return gdf.rename(columns=inverse)


# ---------------------------------------------------------------- QGIS project


def _text(parent: ET.Element, tag: str, text: str, attrib: Mapping[str, str] | None = None) -> None:
    element = ET.SubElement(parent, tag, dict(attrib or {}))
    element.text = text


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
    _text(srs, "proj4", _PROJ4[_authid(crs)])
    _text(srs, "srsid", "3452" if crs.equals(STORAGE_CRS) else "0")
    _text(srs, "srid", _authid(crs).split(":")[1])
    _text(srs, "authid", _authid(crs))
    _text(srs, "description", crs.name)
    _text(srs, "projectionacronym", "longlat" if geographic else "tmerc")
    _text(srs, "ellipsoidacronym", "EPSG:7030" if crs.equals(STORAGE_CRS) else "EPSG:1024")
    _text(srs, "geographicflag", "true" if geographic else "false")


def _layer_id(layer: _Layer) -> str:
    return f"hefei_plan_{layer.name}"


def _extent(prepared: Sequence[_Layer]) -> tuple[float, float, float, float]:
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


def _projected_extent(prepared: Sequence[_Layer]) -> tuple[float, float, float, float]:
    """Return the extent in :data:`PROJECT_CRS` (easting, northing in metres)."""
    to_gk = pyproj.Transformer.from_crs(STORAGE_CRS, PROJECT_CRS, always_xy=True)
    xmin, ymin, xmax, ymax = to_gk.transform_bounds(*_extent(prepared))
    return (xmin, ymin, xmax, ymax)


def _layer_extras(maplayer: ET.Element, la: _Layer) -> None:
    """Server-style abstract, keywords and attribution, and the layer metadata."""
    _text(maplayer, "abstract", la.meta.abstract)
    keywords = ET.SubElement(maplayer, "keywordList")
    for keyword in la.meta.keywords:
        _text(keywords, "value", keyword)
    url = next((lic.url for lic in la.meta.licences if lic.url.startswith("http")), "")
    _text(maplayer, "attribution", la.meta.attribution, {"href": url})
    maplayer.append(_layer_metadata_element(la))


def _project_metadata(root: ET.Element) -> None:
    meta = ET.SubElement(root, "projectMetadata")
    for tag, text in (
        ("identifier", "hefei_plan"),
        ("parentidentifier", ""),
        ("language", "zho"),
        ("type", "dataset"),
        ("title", _METADATA.title),
        ("abstract", _METADATA.abstract),
    ):
        _text(meta, tag, text)
    keywords = ET.SubElement(meta, "keywords", {"vocabulary": "gmd:topicCategory"})
    for keyword in _METADATA.keywords:
        _text(keywords, "keyword", keyword)
    contact = ET.SubElement(meta, "contact")
    _text(contact, "name", _METADATA.author)
    _text(contact, "role", "author")
    ET.SubElement(meta, "links")
    _text(meta, "author", _METADATA.author)
    _text(meta, "creation", f"{_METADATA.data_date}T00:00:00")


def _project_document(prepared: Sequence[_Layer], datasource: str, *, absolute: bool) -> str:
    order = sorted(prepared, key=lambda la: la.render_rank)
    root = ET.Element("qgis", {"version": qs.QGIS_VERSION, "projectname": _METADATA.title})
    ET.SubElement(root, "homePath", {"path": ""})
    _text(root, "title", _METADATA.title)
    _text(root, "ellipsoid", PROJECT_ELLIPSOID)
    _srs(ET.SubElement(root, "projectCrs"), PROJECT_CRS)

    tree = ET.SubElement(root, "layer-tree-group")
    for chapter, group_name in _CHAPTERS.items():
        members = [la for la in order if la.chapter == chapter]
        if not members:
            continue
        group = ET.SubElement(
            tree,
            "layer-tree-group",
            {"name": group_name, "checked": "Qt::Checked", "expanded": "1"},
        )
        for la in members:
            ET.SubElement(
                group,
                "layer-tree-layer",
                {
                    "id": _layer_id(la),
                    "name": la.title,
                    "source": f"{datasource}|layername={la.name}",
                    "providerKey": "ogr",
                    "checked": "Qt::Checked",
                    "expanded": "0",
                },
            )
    # Drawing order across groups: points, lines, polygons, then the boundaries.
    custom = ET.SubElement(tree, "custom-order", {"enabled": "1"})
    for la in order:
        _text(custom, "item", _layer_id(la))

    layers_element = ET.SubElement(root, "projectlayers")
    for la in order:
        maplayer = ET.SubElement(
            layers_element,
            "maplayer",
            {
                "type": "vector",
                "geometry": _QGIS_GEOMETRY[la.geometry],
                "wkbType": _OGR_TYPE[la.geometry],
                "labelsEnabled": "1" if la.style.label_field else "0",
                "hasScaleBasedVisibilityFlag": "0",
                "minScale": "100000000",
                "maxScale": "0",
                "readOnly": "0",
                "styleCategories": "AllStyleCategories",
            },
        )
        _text(maplayer, "id", _layer_id(la))
        _text(maplayer, "datasource", f"{datasource}|layername={la.name}")
        _text(maplayer, "layername", la.title)
        _srs(ET.SubElement(maplayer, "srs"))
        _layer_extras(maplayer, la)
        _text(maplayer, "provider", "ogr", {"encoding": "UTF-8"})
        maplayer.extend(qs.maplayer_elements(la.style))

    layerorder = ET.SubElement(root, "layerorder")
    for la in order:
        ET.SubElement(layerorder, "layer", {"id": _layer_id(la)})

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


def _datasource(geopackage: Path, project: Path) -> tuple[str, bool]:
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
    prepared = _prepare_all(layers, vocab)
    datasource, absolute = _datasource(Path(geopackage), target)
    with _staging(target.parent, target.name) as tmp:
        staged = tmp / target.name
        staged.write_bytes(_project_document(prepared, datasource, absolute=absolute).encode())
        _publish([(staged, target)])
    logger.info("wrote %s", target)
    return target


# ---------------------------------------------------------------- everything


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
    _check_encoding_name(shapefile_encoding)
    prepared = _prepare_all(layers, vocab)
    gpkg = out / GEOPACKAGE_NAME
    qgs = out / QGIS_PROJECT_NAME
    datasource, absolute = _datasource(gpkg, qgs)
    with _staging(out, Path(GEOPACKAGE_NAME).stem) as tmp:
        _write_geopackage(prepared, tmp / GEOPACKAGE_NAME, vocab)
        _write_geopackage(prepared, tmp / CGCS2000_GEOPACKAGE_NAME, vocab, crs=CGCS2000)
        staged = [tmp / GEOPACKAGE_NAME, tmp / CGCS2000_GEOPACKAGE_NAME]
        (tmp / SHAPEFILE_DIR_NAME).mkdir()
        staged += [
            f
            for la in prepared
            for f in _write_shapefile(la, tmp / SHAPEFILE_DIR_NAME, shapefile_encoding)
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
                        geometry_type=_OGR_TYPE[la.geometry],
                    )
                )
        (tmp / FIELDS_CSV_NAME).write_bytes(
            fields_csv([(la.name, la.columns) for la in prepared], load_fields()).encode("utf-8")
        )
        licence = data_licence_text(_METADATA, {la.name: la.meta for la in prepared})
        (tmp / DATA_LICENCE_NAME).write_bytes(licence.encode("utf-8"))
        (tmp / QGIS_PROJECT_NAME).write_bytes(
            _project_document(prepared, datasource, absolute=absolute).encode()
        )
        staged += [tmp / FIELDS_CSV_NAME, tmp / DATA_LICENCE_NAME, tmp / QGIS_PROJECT_NAME]
        moves = [(f, out / f.relative_to(tmp)) for f in staged]
        _publish(moves)
    logger.info("wrote %s, %s and %d layers in every format", gpkg, qgs, len(prepared))
    return [target for _, target in moves]
