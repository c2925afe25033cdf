"""The base layers (not in the catalogue): their titles and how QGIS draws them as context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd

from geo._paths import ORIENTATION
from geo.errors import ParameterError
from geo.export import _qgis_style as qs
from geo.measure import to_storage_crs

__all__ = ["BASE_LAYERS", "ORIENTATION_LAYERS", "BaseLayer", "base_style", "orientation_layers"]


@dataclass(frozen=True)
class BaseLayer:
    """A layer that is not in the catalogue: how it is titled, typed and drawn."""

    zh: str
    en: str
    geometry: str
    what: str
    categorize: str
    """Column the QGIS renderer categorizes on."""
    width_mm: float
    label_field: str | None


BASE_LAYERS: Mapping[str, BaseLayer] = {
    # In drawing order, top first: all of them below the plan's layers.
    "existing_network": BaseLayer(
        "现状路网",
        "Existing network",
        "LineString",
        "railways and expressways open today (embedded reference network), context for the plan",
        "mode",
        0.5,
        None,
    ),
    "boundary": BaseLayer(
        "合肥市界", "Hefei city boundary", "Polygon", "administrative base layer", "kind", 1.0, None
    ),
    "counties": BaseLayer(
        "县(市、区)",
        "Counties and districts",
        "Polygon",
        "administrative base layer",
        "kind",
        0.3,
        "name_zh",
    ),
    "orientation_rivers": BaseLayer(
        "主要河流",
        "Main rivers (orientation)",
        "LineString",
        "the main rivers round Chaohu and the Yangtze, coarse own digitisation for orientation",
        "kind",
        0.5,
        None,
    ),
    "orientation_water": BaseLayer(
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
_COUNTY_LABEL_PRIORITY = 10


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
