"""The base layers (not in the catalogue): their titles, from data, and how QGIS draws them.

The names are :data:`layers.BASE_LAYERS` (made in :mod:`layers`) and
:data:`ORIENTATION_LAYERS` (Chaohu and the main rivers, added by the writers from
``geo/data/reference/orientation.geojson``). What is said of each (``title_zh``,
``title_en``, ``geometry``, ``summary``) is data: its ``[layer.<name>]`` table in
``geo/data/catalogue/metadata.toml``. How it is drawn (colours, widths, fills,
dashes: muted context under the plan's layers) is the shared style spec's
``[base.*]`` tables (:func:`geo.style.load_base_style`), as on the map; the
QGIS-only facts (the column categorized on, labels, drawing order) are
:data:`_DRAWING` here, and the network modes' names the vocabulary's ``mode``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd

import layers
from geo._layer_names import ORIENTATION_LAYERS, orientation_layer
from geo._paths import ORIENTATION
from geo.catalogue import Vocab
from geo.datadict import value_map
from geo.errors import CatalogueError, ParameterError
from geo.export import _qgis_style as qs
from geo.export._layer import METADATA
from geo.measure import to_storage_crs
from geo.metadata import METADATA_PATH
from geo.style import BaseDrawing, load_base_style

__all__ = ["BASE_LAYERS", "ORIENTATION_LAYERS", "BaseLayer", "base_style", "orientation_layers"]


@dataclass(frozen=True)
class _Drawing:
    """What only QGIS says of a base layer: one category per value of ``categorize``."""

    categorize: str
    """Column the renderer categorizes on (``[base.<layer>.<value>]`` draws a value)."""
    label_field: str | None = None
    label_size_pt: float = 9.0
    label_priority: int = 5
    """0..10, higher wins label collisions (district names 10)."""
    label_bold: bool = False
    labels: tuple[tuple[str, str], ...] = ()
    """Legend labels of categories that are not the layer's title: value, label."""
    vocabulary: str | None = None
    """The vocabulary (``value_map``) whose values alone the column holds, named and
    ordered as it says (the network's ``mode``)."""


_DRAWING: Mapping[str, _Drawing] = {
    # In drawing order, top first: all of them below the plan's layers.
    "existing_network": _Drawing("mode", vocabulary="mode"),
    "boundary": _Drawing("kind"),
    "counties": _Drawing(
        "kind",
        label_field="name_zh",
        label_size_pt=10.0,
        label_priority=10,
        label_bold=True,
    ),
    "orientation_rivers": _Drawing("kind", labels=(("major_river", "长江 Yangtze (orientation)"),)),
    "orientation_water": _Drawing("kind"),
}
"""What QGIS says of each base layer, in drawing order (top first)."""


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


def _category(value: str, label: str, drawing: BaseDrawing) -> qs.Category:
    """Return the QGIS category of ``value``, drawn as ``style.toml``'s ``[base.*]`` says."""
    overlay = drawing.overlay
    return qs.Category(
        value=value,
        label=label,
        colour=drawing.colour,
        custom_dash=drawing.dash_mm(),
        opacity=drawing.opacity,
        width_mm=round(drawing.weight_mm, 6),
        overlay=overlay.colour if overlay is not None else None,
        overlay_width_mm=round(overlay.weight_mm, 6) if overlay is not None else None,
        overlay_dash=overlay.dash_mm() if overlay is not None else "",
        fill_colour=drawing.fill,
        area_fill=drawing.fill_opacity if drawing.fill is not None else 0.0,
    )


def base_style(
    name: str,
    frame: gpd.GeoDataFrame,
    geometry: str,
    configs: tuple[qs.FieldConfig, ...],
    *,
    vocab: Vocab,
) -> qs.LayerStyle:
    """Return the QGIS style of base layer ``name``: muted context under the plan's layers.

    Drawn as ``style.toml``'s ``[base.<name>]`` says; the network's modes are named
    as the vocabulary's ``mode`` (``vocab``).
    """
    base = BASE_LAYERS[name]
    if base.drawing.categorize not in frame.columns:
        raise ParameterError(
            f"layers[{name!r}] has no {base.drawing.categorize!r} column; pass the layer as "
            "layers.load() builds it"
        )
    drawing = base.drawing
    spec = load_base_style(vocab.style_path)
    labels = dict(drawing.labels)
    values = set(frame[drawing.categorize].astype(str))
    if drawing.vocabulary is not None:  # the vocabulary's values, in its order
        named = value_map(drawing.vocabulary, vocab)
        labels = {value: f"{zh} {en}" for value, (zh, en) in named.items()}
        unknown = sorted(values - set(labels))
        if unknown:
            raise ParameterError(
                f"layers[{name!r}] has {drawing.categorize} {unknown[0]!r}; use one of "
                f"{', '.join(labels)}"
            )
        values_in_order = [mode for mode in labels if mode in values]
    else:
        values_in_order = sorted(values)
    title = f"{base.zh} {base.en}"
    categories = tuple(
        _category(value, labels.get(value, title), spec.drawing(name, value))
        for value in values_in_order
    )
    layer = spec.drawing(name)
    return qs.LayerStyle(
        geometry=geometry,
        expression=f'"{drawing.categorize}"',
        categories=categories,
        width_mm=round(layer.weight_mm, 6),
        filled=any(c.area_fill > 0 for c in categories),
        fill_alpha=1.0,
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
    layer = gdf.geometry.geom_type.map(orientation_layer)
    return {name: gdf[layer == name].reset_index(drop=True) for name in ORIENTATION_LAYERS}
