"""Write the plan's layers as a styled GeoPackage, shapefiles and a QGIS project.

:func:`write_all` (used by ``infra-map build``) writes, under ``data/``:

``hefei_plan.gpkg``
    GeoPackage **1.2** (QGIS 3.22 warns about the 1.4 files recent GDAL writes
    by default) with every layer, one declared geometry type per layer
    (``Point``, ``LineString`` or ``MultiPolygon``: polygons, including the
    schematic circles, are promoted to MultiPolygon so that they share a type
    with the administrative boundaries), the layer's bilingual title and a
    description in ``gpkg_contents``, and a QGIS style per layer in the
    ``layer_styles`` table (``useAsDefault = 1``), so QGIS opens them styled.
``shapefiles/<layer>.shp``
    With ``.shx``, ``.dbf``, ``.prj``, ``.cpg`` (``UTF-8``) and a ``.qml``
    style QGIS loads by default. Field names longer than 10 characters are
    renamed by the fixed mapping :data:`SHAPEFILE_FIELDS` (documented in
    ``data/shapefiles/README.md``); :func:`read_shapefile` maps them back.
``hefei_plan.qgs``
    A QGIS project opening every GeoPackage layer (relative paths, EPSG:4326),
    grouped by chapter and drawn points over lines over polygons over the
    base layers: the existing network, then the administrative boundaries.

Styles follow ``geo/data/catalogue/vocab.toml``: colour by kind, line style
(solid, dashed, dotted) and opacity by status, marker shape by kind, polygons
filled semi-transparently, labels from ``name_zh`` in a CJK font. The base
layers are context: boundaries as outlines only, the existing network
(``existing_network``) in unlabelled greys, railways dark grey with white
dashes, expressways mid grey.

Every writer is atomic and deterministic: files are written into a temporary
folder beside the target and renamed into place only when all of them are
complete, so a failure leaves the previous outputs untouched; rows are sorted
by ``id`` and every timestamp (``gpkg_contents.last_change``,
``layer_styles.update_time``, the DBF header date) is the fixed
:data:`FIXED_TIMESTAMP`, so the same layers always give byte-identical files.
"""

from __future__ import annotations

import contextlib
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
import shapely

from geo import _qgis_style as qs
from geo._paths import DATA_DIR
from geo.catalogue import Vocab
from geo.errors import CRSError, ParameterError
from geo.measure import STORAGE_CRS, require_crs

__all__ = [
    "FIXED_TIMESTAMP",
    "GEOPACKAGE_NAME",
    "GEOPACKAGE_VERSION",
    "QGIS_PROJECT_NAME",
    "SHAPEFILE_DIR_NAME",
    "SHAPEFILE_FIELDS",
    "SHAPEFILE_TEXT_BYTES",
    "continuation_field",
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

GEOPACKAGE_VERSION = "1.2"
"""GeoPackage version written (``PRAGMA user_version`` = 10200); QGIS 3.22 warns on 1.4."""

FIXED_TIMESTAMP = "2000-01-01T00:00:00.000Z"
"""The one timestamp written wherever a format wants the current time (reproducible output)."""

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

Every other column keeps its name. Keep ``data/shapefiles/README.md`` in step.
"""

SHAPEFILE_TEXT_BYTES = 254
"""Longest text a DBF field holds, in bytes (UTF-8: 3 bytes per Chinese character)."""

PROJECT_TITLE = "合肥市推动长三角地区更高质量一体化发展重点工作推进方案 Hefei YRD integration plan"


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
}
_BASE_COLOUR: Mapping[str, str] = {"boundary": "#333333", "counties": "#7a7a7a"}
"""Outline colour of the administrative base layers."""

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
_OGR_TYPE = {"Point": "Point", "LineString": "LineString", "Polygon": "MultiPolygon"}
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
    def render_rank(self) -> tuple[int, int, int]:
        """Sort key, top of the map first: points, lines, polygons, then the base layers."""
        if self.chapter == "base":
            return (3, list(_BASE_LAYERS).index(self.name), 0)
        rank = {"Point": 0, "LineString": 1, "Polygon": 2}[self.geometry]
        return (rank, list(_CHAPTERS).index(self.chapter), self.position)


# ---------------------------------------------------------------- preparing


def _categories(name: str, frame: gpd.GeoDataFrame, vocab: Vocab) -> tuple[qs.Category, ...]:
    """One category per kind x status present in the layer, in vocab order."""
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
    categories = []
    for index, (kind, kdef) in enumerate(ldef.kinds.items()):
        for status, sdef in vocab.statuses.items():
            if (kind, status) not in present:
                continue
            status_label = f"{sdef.get('zh', status)} {sdef.get('en', '')}".strip()
            categories.append(
                qs.Category(
                    value=f"{kind}|{status}",
                    label=f"{kdef.zh} {kdef.en} – {status_label}",
                    colour=kdef.colour,
                    dash=str(sdef.get("dash", "solid")),
                    opacity=float(sdef.get("opacity", 1.0)),
                    shape=qs.MARKER_SHAPES[index % len(qs.MARKER_SHAPES)],
                )
            )
    return tuple(categories)


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


def _style(name: str, frame: gpd.GeoDataFrame, geometry: str, vocab: Vocab) -> qs.LayerStyle:
    if name in _BASE_LAYERS:
        base = _BASE_LAYERS[name]
        if base.categorize not in frame.columns:
            raise ParameterError(
                f"layers[{name!r}] has no {base.categorize!r} column; pass the layer as "
                "layers.load() builds it"
            )
        if geometry == "LineString":
            categories = _network_categories(name, frame)
        else:
            categories = tuple(
                qs.Category(value=k, label=f"{base.zh} {base.en}", colour=_BASE_COLOUR[name])
                for k in sorted(set(frame[base.categorize]))
            )
        return qs.LayerStyle(
            geometry=geometry,
            expression=f'"{base.categorize}"',
            categories=categories,
            width_mm=base.width_mm,
            filled=False,
            label_field=base.label_field,
            label_size_pt=9.0,
            label_colour="#555555",
        )
    return qs.LayerStyle(
        geometry=geometry,
        expression='"kind" || \'|\' || "status"',
        categories=_categories(name, frame, vocab),
        width_mm={"Point": 0.4, "LineString": 0.8, "Polygon": 0.5}[geometry],
    )


def _promote(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Polygons to one-part MultiPolygons; everything else unchanged."""
    values = [
        shapely.MultiPolygon([g]) if isinstance(g, shapely.Polygon) else g for g in geoms.values
    ]
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs)


def _prepare(name: object, gdf: object, vocab: Vocab, position: int) -> _Layer:
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
    crs = require_crs(gdf, name=f"layers[{name!r}]")
    if not crs.equals(STORAGE_CRS):
        raise CRSError(
            f"layers[{name!r}] is in {crs.to_string()!r}; layers are stored in EPSG:4326, "
            "reproject with .to_crs('EPSG:4326') first"
        )
    if "id" not in gdf.columns:
        raise ParameterError(f"layers[{name!r}] has no 'id' column; every layer needs unique ids")
    ids = gdf["id"]
    if ids.isna().any() or ids.duplicated().any():
        bad = ids[ids.isna() | ids.duplicated()].iloc[0]
        raise ParameterError(
            f"layers[{name!r}] has a missing or duplicate id {bad!r}; ids must be unique"
        )
    allowed = _ALLOWED_TYPES[geometry]
    for rid, geom in zip(ids, gdf.geometry.values, strict=True):
        if geom is not None and not geom.is_empty and geom.geom_type not in allowed:
            raise ParameterError(
                f"layers[{name!r}] record {rid!r} is a {geom.geom_type}; the layer is declared "
                f"{geometry} in vocab.toml, so only {', '.join(sorted(allowed))} fit"
            )
    frame = gdf.sort_values("id", kind="mergesort").reset_index(drop=True)
    if geometry == "Polygon":
        frame = frame.set_geometry(_promote(frame.geometry))
    return _Layer(
        name=name,
        zh=zh,
        en=en,
        chapter=chapter,
        geometry=geometry,
        frame=frame,
        style=_style(name, frame, geometry, vocab),
        position=position,
    )


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
    return [_prepare(name, gdf, vocab, i) for i, (name, gdf) in enumerate(layers.items())]


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


def _write_geopackage(prepared: Sequence[_Layer], path: Path) -> None:
    styles = []
    with _fixed_gdal_date():
        for i, layer in enumerate(prepared):
            pyogrio.write_dataframe(
                layer.frame,
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
                    "DESCRIPTION": layer.description,
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
                    "styleQML": qs.qml_document(layer.style),
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
        If a layer is not in EPSG:4326.
    """
    target = Path(path)
    prepared = _prepare_all(layers, vocab)
    with _staging(target.parent, target.name) as tmp:
        staged = tmp / target.name
        _write_geopackage(prepared, staged)
        _publish([(staged, target)])
    logger.info("wrote %s (%d layers)", target, len(prepared))
    return target


def _restore_dtypes(gdf: gpd.GeoDataFrame, info: Mapping[str, Any]) -> gpd.GeoDataFrame:
    for field, dtype in zip(list(info["fields"]), list(info["dtypes"]), strict=True):
        if field in gdf.columns and str(dtype).startswith("int"):
            gdf[field] = gdf[field].astype("Int64")
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


def _shapefile_frame(layer: _Layer) -> gpd.GeoDataFrame:
    """Rename columns to DBF field names, refusing text a DBF field would truncate."""
    frame = layer.frame
    names: dict[str, str] = {}
    seen: dict[str, str] = {}
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        field = SHAPEFILE_FIELDS.get(column, column)
        if len(field.encode("utf-8")) > 10:
            raise ParameterError(
                f"layers[{layer.name!r}] column {column!r} has no shapefile field name of at most "
                "10 characters; add it to geo.export.SHAPEFILE_FIELDS and data/shapefiles/README.md"
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
            renamed = _split_long_text(renamed, field)
    return renamed


def _chunks(text: str) -> list[str]:
    """Split ``text`` into pieces of at most :data:`SHAPEFILE_TEXT_BYTES` UTF-8 bytes.

    DBF readers (GDAL among them) trim blanks at both ends of a field, so a
    piece never starts or ends with whitespace: the cut moves back to fall
    between two non-blank characters (a hard cut only if there is none).
    """
    pieces: list[str] = []
    rest = text
    while len(rest.encode("utf-8")) > SHAPEFILE_TEXT_BYTES:
        fit, size = 0, 0
        for ch in rest:
            size += len(ch.encode("utf-8"))
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


def _split_long_text(frame: gpd.GeoDataFrame, field: str) -> gpd.GeoDataFrame:
    """Spread text longer than a DBF field holds over continuation fields, never truncating."""
    values = [v if isinstance(v, str) else None for v in frame[field]]
    parts = [_chunks(v) if v else [v] for v in values]
    count = max(len(p) for p in parts) if parts else 1
    if count == 1:
        return frame
    frame = frame.copy()
    frame[field] = [p[0] for p in parts]
    position = list(frame.columns).index(field)
    for n in range(2, count + 1):
        position += 1
        frame.insert(
            position, continuation_field(field, n), [p[n - 1] if len(p) >= n else "" for p in parts]
        )
    return frame


def _write_shapefile(layer: _Layer, directory: Path) -> list[Path]:
    frame = _shapefile_frame(layer)
    shp = directory / f"{layer.name}.shp"
    with _fixed_gdal_date():
        pyogrio.write_dataframe(
            frame,
            shp,
            driver="ESRI Shapefile",
            geometry_type=_OGR_TYPE[layer.geometry],
            promote_to_multi=False,
            encoding="UTF-8",
            layer_options={"DBF_DATE_LAST_UPDATE": _DBF_DATE, "SPATIAL_INDEX": "NO"},
        )
    qml = directory / f"{layer.name}.qml"
    qml.write_bytes(qs.qml_document(layer.style).encode("utf-8"))
    files = sorted(p for p in directory.iterdir() if p.stem == layer.name)
    missing = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qml"} - {p.suffix for p in files}
    if missing:
        raise ParameterError(
            f"writing {shp.name} produced no {', '.join(sorted(missing))}; check the GDAL install"
        )
    return files


def write_shapefiles(
    layers: Mapping[str, gpd.GeoDataFrame], directory: str | os.PathLike[str], *, vocab: Vocab
) -> list[Path]:
    """Write each layer as ``<directory>/<layer>.shp`` with ``.prj``, ``.cpg`` and ``.qml``.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As for :func:`write_geopackage`.
    directory : path-like
        Output folder, created if needed. Existing files of the same names are
        replaced; other files are left alone.
    vocab : Vocab
        The vocabularies.

    Returns
    -------
    list of Path
        The ``.shp`` files, in the order of ``layers``.

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
    with _staging(target.parent, target.name) as tmp:
        files = [f for layer in prepared for f in _write_shapefile(layer, tmp)]
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
        nullable ``Int64``, empty text as ``""`` (a DBF cannot tell it from
        missing), polygons as MultiPolygon.
    """
    info = pyogrio.read_info(path)
    gdf = _restore_dtypes(pyogrio.read_dataframe(path), info)
    for field, dtype in zip(list(info["fields"]), list(info["dtypes"]), strict=True):
        if dtype == "object":
            gdf[field] = gdf[field].fillna("").astype("str")
    if info["geometry_type"] in ("Polygon", "MultiPolygon"):
        gdf = gdf.set_geometry(_promote(gdf.geometry))
    for field in list(gdf.columns):
        extra: list[str] = []
        while continuation_field(field, len(extra) + 2) in gdf.columns:
            extra.append(continuation_field(field, len(extra) + 2))
        if extra:
            gdf[field] = gdf[[field, *extra]].fillna("").astype(str).agg("".join, axis=1)
            gdf = gdf.drop(columns=extra)
    inverse = {short: long for long, short in SHAPEFILE_FIELDS.items()}
    return gdf.rename(columns=inverse)


# ---------------------------------------------------------------- QGIS project


def _text(parent: ET.Element, tag: str, text: str, attrib: Mapping[str, str] | None = None) -> None:
    element = ET.SubElement(parent, tag, dict(attrib or {}))
    element.text = text


def _srs(parent: ET.Element) -> None:
    srs = ET.SubElement(parent, "spatialrefsys")
    _text(srs, "wkt", STORAGE_CRS.to_wkt())
    _text(srs, "proj4", "+proj=longlat +datum=WGS84 +no_defs")
    _text(srs, "srsid", "3452")
    _text(srs, "srid", "4326")
    _text(srs, "authid", "EPSG:4326")
    _text(srs, "description", "WGS 84")
    _text(srs, "projectionacronym", "longlat")
    _text(srs, "ellipsoidacronym", "EPSG:7030")
    _text(srs, "geographicflag", "true")


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


def _project_document(prepared: Sequence[_Layer], datasource: str, *, absolute: bool) -> str:
    order = sorted(prepared, key=lambda la: la.render_rank)
    root = ET.Element("qgis", {"version": qs.QGIS_VERSION, "projectname": PROJECT_TITLE})
    ET.SubElement(root, "homePath", {"path": ""})
    _text(root, "title", PROJECT_TITLE)
    _srs(ET.SubElement(root, "projectCrs"))

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
        _text(maplayer, "provider", "ogr", {"encoding": "UTF-8"})
        maplayer.extend(qs.maplayer_elements(la.style))

    layerorder = ET.SubElement(root, "layerorder")
    for la in order:
        ET.SubElement(layerorder, "layer", {"id": _layer_id(la)})

    canvas = ET.SubElement(root, "mapcanvas", {"name": "theMapCanvas", "annotationsVisible": "1"})
    _text(canvas, "units", "degrees")
    extent = ET.SubElement(canvas, "extent")
    for tag, value in zip(("xmin", "ymin", "xmax", "ymax"), _extent(prepared), strict=True):
        _text(extent, tag, f"{value:.6f}")
    _text(canvas, "rotation", "0")
    _srs(ET.SubElement(canvas, "destinationsrs"))

    properties = ET.SubElement(root, "properties")
    # The current label placement engine (QGIS reads a missing entry as the legacy one).
    _text(ET.SubElement(properties, "PAL"), "PlacementEngineVersion", "1", {"type": "int"})
    paths = ET.SubElement(properties, "Paths")
    _text(paths, "Absolute", "true" if absolute else "false", {"type": "bool"})
    # Without this QGIS ignores <projectCrs> and takes the first layer's CRS.
    srs_props = ET.SubElement(properties, "SpatialRefSys")
    _text(srs_props, "ProjectionsEnabled", "1", {"type": "int"})

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
) -> list[Path]:
    """Write the GeoPackage, the shapefiles and the QGIS project.

    Everything is first written into one temporary folder inside ``out_dir``;
    only when all of it is complete are the files renamed into place, so an
    error (bad record, full disk) leaves the previous outputs untouched.

    Parameters
    ----------
    layers : mapping of str to GeoDataFrame
        As :func:`layers.load_all` returns.
    vocab : Vocab
        The vocabularies.
    out_dir : path-like, optional
        Output folder (default ``data/``): receives :data:`GEOPACKAGE_NAME`,
        :data:`QGIS_PROJECT_NAME` and :data:`SHAPEFILE_DIR_NAME`/.

    Returns
    -------
    list of Path
        Every file written: the GeoPackage, each shapefile's files and
        ``.qml``, then the project.

    Raises
    ------
    ParameterError, CRSError
        As :func:`write_geopackage` and :func:`write_shapefiles`; nothing is
        replaced then.
    """
    out = Path(out_dir) if out_dir is not None else DATA_DIR
    prepared = _prepare_all(layers, vocab)
    gpkg = out / GEOPACKAGE_NAME
    qgs = out / QGIS_PROJECT_NAME
    shapefiles = out / SHAPEFILE_DIR_NAME
    datasource, absolute = _datasource(gpkg, qgs)
    with _staging(out, Path(GEOPACKAGE_NAME).stem) as tmp:
        _write_geopackage(prepared, tmp / GEOPACKAGE_NAME)
        (tmp / SHAPEFILE_DIR_NAME).mkdir()
        shp_files = [f for la in prepared for f in _write_shapefile(la, tmp / SHAPEFILE_DIR_NAME)]
        (tmp / QGIS_PROJECT_NAME).write_bytes(
            _project_document(prepared, datasource, absolute=absolute).encode()
        )
        moves = [
            (tmp / GEOPACKAGE_NAME, gpkg),
            *((f, shapefiles / f.name) for f in shp_files),
            (tmp / QGIS_PROJECT_NAME, qgs),
        ]
        _publish(moves)
    logger.info("wrote %s, %s and %d shapefiles", gpkg, qgs, len(prepared))
    return [target for _, target in moves]
