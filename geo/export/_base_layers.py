"""The base layers (not in the catalogue): their titles, from data, and how QGIS draws them.

The names are :data:`layers.BASE_LAYERS` (made in :mod:`layers`) and
:data:`ORIENTATION_LAYERS` (Chaohu and the main rivers, added by the writers from
``geo/data/reference/orientation.geojson``). What is said of each (``title_zh``,
``title_en``, ``geometry``, ``summary``) is data: its ``[layer.<name>]`` table in
``geo/data/catalogue/metadata.toml``. How QGIS draws it (muted context under the
plan's layers) is :data:`_DRAWING` here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd

import layers
from geo._layer_names import ORIENTATION_LAYERS
from geo._paths import ORIENTATION
from geo.errors import CatalogueError, ParameterError
from geo.export import _qgis_style as qs
from geo.export._layer import METADATA
from geo.measure import to_storage_crs
from geo.metadata import METADATA_PATH

__all__ = ["BASE_LAYERS", "ORIENTATION_LAYERS", "BaseLayer", "base_style", "orientation_layers"]


@dataclass(frozen=True)
class _Drawing:
    """How QGIS draws a base layer: one category per value of ``categorize``."""

    categorize: str
    """Column the renderer categorizes on."""
    width_mm: float
    colour: str | None
    """Outline (water: outline and fill) colour; ``None``: by mode (:data:`_NETWORK_STYLE`)."""
    fill_alpha: float | None = None
    """Opacity of the fill; ``None`` draws the outline alone."""
    label_field: str | None = None
    label_size_pt: float = 9.0
    label_priority: int = 5
    """0..10, higher wins label collisions (district names 10)."""
    label_bold: bool = False
    kinds: tuple[tuple[str, str, float], ...] = ()
    """Categories drawn differently: value, legend label, width (mm)."""


_DRAWING: Mapping[str, _Drawing] = {
    # In drawing order, top first: all of them below the plan's layers.
    "existing_network": _Drawing("mode", 0.5, None),
    "boundary": _Drawing("kind", 1.0, "#333333"),
    "counties": _Drawing(
        "kind",
        0.3,
        "#7a7a7a",
        label_field="name_zh",
        label_size_pt=10.0,
        label_priority=10,
        label_bold=True,
    ),
    "orientation_rivers": _Drawing(
        "kind",
        0.5,
        "#5b9bd5",
        kinds=(("major_river", "长江 Yangtze (orientation)", 1.3), ("river", "", 0.45)),
    ),
    "orientation_water": _Drawing("kind", 0.3, "#a9d0ee", fill_alpha=0.8),
}
"""How each base layer is drawn, in drawing order (top first); ``""`` label: the title."""


@dataclass(frozen=True)
class BaseLayer:
    """A layer that is not in the catalogue: how it is titled, typed and drawn."""

    name: str
    zh: str
    en: str
    geometry: str
    summary: str
    """Short description (``gpkg_contents``, ``layer_styles``)."""
    rank: int
    """Drawing order among the base layers, top first."""
    drawing: _Drawing


def _base_layer(name: str) -> BaseLayer:
    """Read what ``metadata.toml`` says of base layer ``name`` and how it is drawn."""
    if name not in _DRAWING:
        raise ParameterError(
            f"base layer {name!r} has no QGIS drawing; add it to geo.export._base_layers._DRAWING"
        )
    spec = METADATA.layers.get(name, {})
    text: dict[str, str] = {}
    for key in ("title_zh", "title_en", "geometry", "summary"):
        value = spec.get(key)
        if not isinstance(value, str) or not value:
            raise CatalogueError(
                "missing or empty; a base layer says its title_zh, title_en, geometry and summary",
                file=METADATA_PATH,
                record=name,
                field=key,
            )
        text[key] = value
    if text["geometry"] not in qs.GEOMETRIES:
        raise CatalogueError(
            f"geometry={text['geometry']!r} is not one of {', '.join(qs.GEOMETRIES)}",
            file=METADATA_PATH,
            record=name,
            field="geometry",
        )
    return BaseLayer(
        name=name,
        zh=text["title_zh"],
        en=text["title_en"],
        geometry=text["geometry"],
        summary=text["summary"],
        rank=list(_DRAWING).index(name),
        drawing=_DRAWING[name],
    )


BASE_LAYERS: Mapping[str, BaseLayer] = {
    b.name: b
    for b in sorted(
        (_base_layer(name) for name in (*layers.BASE_LAYERS, *ORIENTATION_LAYERS)),
        key=lambda b: b.rank,
    )
}
"""Every base layer, in drawing order (top first)."""

_NETWORK_STYLE: Mapping[str, tuple[str, str, str, float, str | None]] = {
    # mode: zh, en, colour, width (mm), colour of the dashes drawn over the line
    "rail": ("现状铁路", "existing railway", "#4d4d4d", 0.55, "#ffffff"),
    "expressway": ("现状高速公路", "existing expressway", "#9a9a9a", 0.6, None),
    "road": ("现状道路", "existing road", "#c4c4c4", 0.35, None),
}
"""Muted greys: the existing network is context, drawn under the plan's colours."""


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


def base_style(
    name: str, frame: gpd.GeoDataFrame, geometry: str, configs: tuple[qs.FieldConfig, ...]
) -> qs.LayerStyle:
    """Return the QGIS style of base layer ``name``: muted context under the plan's layers."""
    base = BASE_LAYERS[name]
    if base.drawing.categorize not in frame.columns:
        raise ParameterError(
            f"layers[{name!r}] has no {base.drawing.categorize!r} column; pass the layer as "
            "layers.load() builds it"
        )
    drawing = base.drawing
    if drawing.colour is None:
        categories = _network_categories(name, frame)
    else:
        kinds = {value: (label, width) for value, label, width in drawing.kinds}
        title = f"{base.zh} {base.en}"
        categories = tuple(
            qs.Category(
                value=k,
                label=kinds[k][0] or title if k in kinds else title,
                colour=drawing.colour,
                width_mm=kinds[k][1] if k in kinds else None,
            )
            for k in sorted(set(frame[drawing.categorize]))
        )
    return qs.LayerStyle(
        geometry=geometry,
        expression=f'"{drawing.categorize}"',
        categories=categories,
        width_mm=drawing.width_mm,
        filled=drawing.fill_alpha is not None,
        fill_alpha=drawing.fill_alpha if drawing.fill_alpha is not None else 0.35,
        label_field=drawing.label_field,
        label_size_pt=drawing.label_size_pt,
        label_colour="#444444",
        label_priority=drawing.label_priority,
        label_bold=drawing.label_bold,
        fields=configs,
    )


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
