"""Validate and prepare the layers for writing: names, ids, geometry types, CRS, column types."""

from __future__ import annotations

import re
from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
import shapely

from geo.catalogue import Vocab
from geo.datadict import Field, check_columns, load_fields
from geo.errors import ParameterError
from geo.export._base_layers import BASE_LAYERS, orientation_layers
from geo.export._layer import GEOMETRY_COLUMN, METADATA, STYLES_TABLE, YEAR_COLUMNS, Layer
from geo.export._layer_style import layer_style
from geo.measure import to_storage_crs
from geo.style import StyleSpec, load_style

__all__ = ["prepare_all", "promote"]

_ALLOWED_TYPES = {
    "Point": {"Point"},
    "LineString": {"LineString"},
    "Polygon": {"Polygon", "MultiPolygon"},
}
_QGIS_GEOMETRY = {"Point": "Point", "LineString": "Line", "Polygon": "Polygon"}
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def promote(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
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


def _prepare(
    name: object,
    gdf: object,
    vocab: Vocab,
    position: int,
    spec: StyleSpec,
    fields: Mapping[str, Field],
) -> Layer:
    if not isinstance(name, str) or not _NAME_RE.match(name) or name == STYLES_TABLE:
        raise ParameterError(
            f"layers has a layer named {name!r}; names must match [a-z][a-z0-9_]* "
            f"(and not be {STYLES_TABLE!r}) as they become table and file names"
        )
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise ParameterError(
            f"layers[{name!r}] is a {type(gdf).__name__}; pass a GeoDataFrame (layers.load_all())"
        )
    if name in BASE_LAYERS:
        base = BASE_LAYERS[name]
        zh, en, chapter, geometry = base.zh, base.en, "base", base.geometry
        position, summary = base.rank, base.summary
    elif name in vocab.layers:
        ldef = vocab.layers[name]
        zh, en, chapter, geometry = ldef.zh, ldef.en, ldef.chapter, ldef.geometry
        summary = ""
    else:
        raise ParameterError(
            f"layers has a layer {name!r} that is neither a base layer "
            f"({', '.join(BASE_LAYERS)}) nor in vocab.toml ({', '.join(vocab.layers)}); "
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
        frame = frame.set_geometry(promote(frame.geometry))
    if frame.geometry.name != GEOMETRY_COLUMN:
        frame = frame.rename_geometry(GEOMETRY_COLUMN)
    title = f"{zh} {en}"
    columns = ["fid", *(c for c in frame.columns if c != frame.geometry.name), GEOMETRY_COLUMN]
    layer_fields = tuple(check_columns(name, columns, fields, strict=False))
    return Layer(
        name=name,
        zh=zh,
        en=en,
        chapter=chapter,
        geometry=geometry,
        frame=frame,
        style=layer_style(name, frame, geometry, vocab, spec, layer_fields),
        position=position,
        meta=METADATA.layer(name, title=title, catalogue=chapter != "base", lenient=True),
        fields=layer_fields,
        summary=summary,
    )


def prepare_all(
    layers: Mapping[str, gpd.GeoDataFrame], vocab: Vocab, *, spec: StyleSpec | None = None
) -> list[Layer]:
    """Return every layer to write (the catalogue's and the orientation layers), styled.

    ``spec`` is the style spec (default :func:`geo.style.load_style` of ``vocab``);
    a writer that also draws a legend passes the one it loaded.
    """
    if not isinstance(layers, Mapping) or not layers:
        raise ParameterError(
            f"layers={type(layers).__name__} with no layers; pass layers.load_all()'s dict "
            "of name -> GeoDataFrame"
        )
    if not isinstance(vocab, Vocab):
        raise ParameterError(
            f"vocab={vocab!r} is not a Vocab; pass geo.catalogue.load_vocab() or catalogue.vocab"
        )
    spec = spec if spec is not None else load_style(vocab=vocab)
    fields = load_fields()
    every = dict(layers)
    for name, gdf in orientation_layers().items():
        every.setdefault(name, gdf)
    return [
        _prepare(name, gdf, vocab, i, spec, fields) for i, (name, gdf) in enumerate(every.items())
    ]
