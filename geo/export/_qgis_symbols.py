"""QGIS 3.22 symbols of a categorized renderer: one symbol per :class:`Category`.

Lines, polygon fills and simple markers with the status' dash, casing, fill and ring,
and the markings (halos, beads, core lines, ticks) each enabled by an expression (the
layer's markings) or always drawn (a category's own, as in the legend layer).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from geo.export._qgis_style import (
    DASHES,
    OVERLAY_DASH_MM,
    UNIT_SCALE,
    Category,
    LayerStyle,
    darker,
    num,
    rgba,
)

__all__ = ["renderer_element"]

_LAYER_GEOMETRY_TYPE = {"Point": "0", "LineString": "1", "Polygon": "2"}
_SYMBOL_TYPE = {"Point": "marker", "LineString": "line", "Polygon": "fill"}


def _symbol_layer(
    parent: ET.Element, cls: str, props: Mapping[str, str], *, enabled_by: str | None = None
) -> ET.Element:
    """Add a symbol layer, its properties both as ``<Option>`` (3.22) and ``<prop>`` (older).

    ``enabled_by`` is a QGIS expression: the layer is drawn only for the
    features it is true for (data-defined ``enabled``).
    """
    layer = ET.SubElement(
        parent, "layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"}
    )
    options = ET.SubElement(layer, "Option", {"type": "Map"})
    for key in sorted(props):
        ET.SubElement(options, "Option", {"type": "QString", "name": key, "value": props[key]})
    for key in sorted(props):
        ET.SubElement(layer, "prop", {"k": key, "v": props[key]})
    if enabled_by is not None:
        ddp = ET.SubElement(layer, "data_defined_properties")
        outer = ET.SubElement(ddp, "Option", {"type": "Map"})
        ET.SubElement(outer, "Option", {"type": "QString", "name": "name", "value": ""})
        properties = ET.SubElement(outer, "Option", {"type": "Map", "name": "properties"})
        enabled = ET.SubElement(properties, "Option", {"type": "Map", "name": "enabled"})
        ET.SubElement(enabled, "Option", {"type": "bool", "name": "active", "value": "true"})
        ET.SubElement(
            enabled, "Option", {"type": "QString", "name": "expression", "value": enabled_by}
        )
        ET.SubElement(enabled, "Option", {"type": "int", "name": "type", "value": "3"})
        ET.SubElement(outer, "Option", {"type": "QString", "name": "type", "value": "collection"})
    return layer


def _line(
    colour: str,
    width_mm: float,
    *,
    alpha: float = 1.0,
    dash: str = "solid",
    custom: str = "",
    cap: str = "",
) -> dict[str, str]:
    """Properties of a SimpleLine symbol layer."""
    return {
        "capstyle": cap or ("round" if custom or dash != "solid" else "square"),
        "customdash": custom or "5;2",
        "customdash_map_unit_scale": UNIT_SCALE,
        "customdash_unit": "MM",
        "joinstyle": "round",
        "line_color": rgba(colour, alpha),
        "line_style": "solid" if custom else dash,
        "line_width": num(width_mm),
        "line_width_unit": "MM",
        "offset": "0",
        "offset_unit": "MM",
        "use_custom_dash": "1" if custom else "0",
        "width_map_unit_scale": UNIT_SCALE,
    }


def _marker(
    parent: ET.Element,
    shape: str,
    colour: str,
    size_mm: float,
    *,
    fill_alpha: float,
    outline: str,
    dash: str,
    width: float,
    enabled_by: str | None = None,
) -> None:
    """Add a SimpleMarker symbol layer (``enabled_by``: see :func:`_symbol_layer`)."""
    props = {
        "angle": "0",
        "color": rgba(colour, fill_alpha),
        "horizontal_anchor_point": "1",
        "joinstyle": "round",
        "name": shape,
        "offset": "0,0",
        "offset_unit": "MM",
        "outline_color": rgba(outline, 1.0),
        "outline_style": dash,
        "outline_width": num(width),
        "outline_width_unit": "MM",
        "scale_method": "diameter",
        "size": num(size_mm),
        "size_unit": "MM",
        "vertical_anchor_point": "1",
    }
    _symbol_layer(parent, "SimpleMarker", props, enabled_by=enabled_by)


def _marker_line(
    parent: ET.Element,
    name: str,
    *,
    shape: str,
    colour: str,
    size_mm: float,
    interval_mm: float,
    enabled_by: str | None,
) -> None:
    """Add a MarkerLine symbol layer: ``shape`` every ``interval_mm`` along the line."""
    layer = _symbol_layer(
        parent,
        "MarkerLine",
        {
            "interval": num(interval_mm),
            "interval_unit": "MM",
            "offset": "0",
            "offset_along_line": num(interval_mm / 2),
            "offset_along_line_unit": "MM",
            "offset_unit": "MM",
            "placement": "interval",
            "rotate": "1",
        },
        enabled_by=enabled_by,
    )
    sub = ET.SubElement(
        layer,
        "symbol",
        {"type": "marker", "name": name, "alpha": "1", "clip_to_extent": "1", "force_rhr": "0"},
    )
    _marker(
        sub,
        shape,
        colour,
        size_mm,
        fill_alpha=1.0,
        outline=colour,
        dash="solid",
        width=0.25 if shape == "line" else 0.0,
    )


def _markings_under(symbol: ET.Element, style: LayerStyle, cat: Category, width: float) -> None:
    """Halos: pale bands under the symbol, for the features their expression selects."""
    for m in (*style.markings, *cat.markings):
        if m.spec.marking != "halo":  # a marker line comes with its own halo (marking_rows)
            continue
        colour = m.spec.colour or cat.colour
        if style.geometry == "LineString":
            _symbol_layer(
                symbol,
                "SimpleLine",
                _line(colour, width * m.spec.width, alpha=m.spec.opacity, cap="round"),
                enabled_by=m.expression or None,
            )
        elif style.geometry == "Polygon":
            _symbol_layer(
                symbol,
                "SimpleLine",
                _line(colour, max(width, 0.5) * m.spec.width, alpha=m.spec.opacity, cap="round"),
                enabled_by=m.expression or None,
            )
        else:
            _marker(
                symbol,
                "circle",
                colour,
                style.marker_size_mm * 1.9,
                fill_alpha=m.spec.opacity,
                outline=colour,
                dash="dash",
                width=0.3,
                enabled_by=m.expression or None,
            )


def _markings_over(symbol: ET.Element, style: LayerStyle, cat: Category, width: float) -> None:
    """Marker lines, core lines and ticks over the symbol."""
    for i, m in enumerate((*style.markings, *cat.markings)):
        colour = m.spec.colour or darker(cat.colour)
        if m.spec.marking == "marker_line" and style.geometry == "LineString":
            # beads of the spec's colour and size, as on the map (geo.maps._symbols.bead_stroke)
            _marker_line(
                symbol,
                f"@{cat.value}@m{i}",
                shape="circle",
                colour=colour,
                size_mm=width * m.spec.size,
                interval_mm=width * m.spec.spacing,
                enabled_by=m.expression or None,
            )
        elif m.spec.marking == "underlay":
            if style.geometry == "Point":
                _marker(
                    symbol,
                    "circle",
                    colour,
                    style.marker_size_mm * 0.35,
                    fill_alpha=1.0,
                    outline="#ffffff",
                    dash="solid",
                    width=0.2,
                    enabled_by=m.expression or None,
                )
            else:
                _symbol_layer(
                    symbol,
                    "SimpleLine",
                    _line(colour, max(width * m.spec.width, 0.2)),
                    enabled_by=m.expression or None,
                )
        elif m.spec.marking == "ticks" and style.geometry != "Point":
            _marker_line(
                symbol,
                f"@{cat.value}@t{i}",
                shape="line",
                colour=colour,
                size_mm=max(width * 2.2, 1.5),
                interval_mm=max(width * m.spec.spacing, 2.0),
                enabled_by=m.expression or None,
            )


def _casing(symbol: ET.Element, style: LayerStyle, cat: Category, width_mm: float) -> None:
    """Draw a widening: the spec's doubled line (dark band, white core), the status' dash."""
    casing = style.casing
    assert casing is not None  # checked by LayerStyle
    band = _line(darker(cat.colour, casing.shade), width_mm * casing.width, custom=cat.custom_dash)
    _symbol_layer(symbol, "SimpleLine", band)
    core = _line("#ffffff", width_mm * casing.core, custom=cat.custom_dash)
    _symbol_layer(symbol, "SimpleLine", core)


def _symbol(style: LayerStyle, cat: Category, name: str) -> ET.Element:
    symbol = ET.Element(
        "symbol",
        {
            "type": _SYMBOL_TYPE[style.geometry],
            "name": name,
            "alpha": num(cat.opacity),
            "clip_to_extent": "1",
            "force_rhr": "0",
        },
    )
    width_mm = cat.width_mm if cat.width_mm is not None else style.width_mm
    width = num(width_mm)
    dash = DASHES[cat.dash]
    _markings_under(symbol, style, cat, width_mm)
    if style.geometry == "LineString":
        if cat.casing:
            _casing(symbol, style, cat, width_mm)
        else:
            _symbol_layer(
                symbol, "SimpleLine", _line(cat.colour, width_mm, dash=dash, custom=cat.custom_dash)
            )
        if cat.overlay is not None:
            # A railway's dashes: a thinner line with a custom dash pattern on top.
            _symbol_layer(
                symbol,
                "SimpleLine",
                _line(cat.overlay, round(width_mm * 0.45, 2), custom=OVERLAY_DASH_MM, cap="flat"),
            )
    elif style.geometry == "Polygon":
        _symbol_layer(
            symbol,
            "SimpleFill",
            {
                "color": rgba(
                    cat.colour, style.fill_alpha * cat.area_fill if style.filled else 0.0
                ),
                "joinstyle": "round",
                "offset": "0,0",
                "offset_unit": "MM",
                "outline_color": rgba(cat.colour, 1.0),
                "outline_style": dash if not cat.custom_dash else "no",
                "outline_width": width,
                "outline_width_unit": "MM",
                "style": "solid" if style.filled else "no",
            },
        )
        if cat.custom_dash:
            # The status' dash pattern along the outline.
            _symbol_layer(symbol, "SimpleLine", _line(cat.colour, width_mm, custom=cat.custom_dash))
        if cat.casing:  # an upgrade: a doubled outline, as for lines
            _casing(symbol, style, cat, width_mm)
    else:
        if cat.ring:
            _marker(
                symbol,
                cat.shape,
                cat.colour,
                style.marker_size_mm * 1.55,
                fill_alpha=0.0,
                outline=cat.colour,
                dash="solid",
                width=width_mm,
            )
        hollow = cat.fill_alpha < 1.0
        _marker(
            symbol,
            cat.shape,
            cat.colour,
            style.marker_size_mm,
            fill_alpha=cat.fill_alpha,
            outline=darker(cat.colour) if hollow else "#ffffff",
            dash=dash,
            width=width_mm * (1.6 if hollow else 1.0),
        )
    _markings_over(symbol, style, cat, width_mm)
    return symbol


def renderer_element(style: LayerStyle) -> ET.Element:
    """Build the layer's ``<renderer-v2 type="categorizedSymbol">`` element."""
    renderer = ET.Element(
        "renderer-v2",
        {
            "type": "categorizedSymbol",
            "attr": style.expression,
            "enableorderby": "0",
            "forceraster": "0",
            "referencescale": "-1",
            "symbollevels": "0",
        },
    )
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for i, cat in enumerate(style.categories):
        ET.SubElement(
            categories,
            "category",
            {"value": cat.value, "label": cat.label, "symbol": str(i), "render": "true"},
        )
        symbols.append(_symbol(style, cat, str(i)))
    ET.SubElement(renderer, "rotation")
    ET.SubElement(renderer, "sizescale")
    return renderer
