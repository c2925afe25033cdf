"""QGIS 3.22 symbols of a categorized renderer: one symbol per :class:`Category`.

Lines, polygon fills and simple markers with the status' dash, casing, fill and ring,
and the markings (halos, beads, core lines, ticks) each enabled by an expression (the
layer's markings) or always drawn (a category's own, as in the legend layer).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from geo.errors import ParameterError
from geo.export._qgis_style import (
    DASHES,
    UNIT_SCALE,
    Category,
    LayerStyle,
    num,
    rgba,
)
from geo.style import (
    Band,
    Beads,
    Disc,
    Mark,
    StyleSpec,
    Ticks,
    line_marks,
    point_marks,
    shade,
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
    offset: str = "0,0",
) -> None:
    """Add a SimpleMarker symbol layer (``enabled_by``: see :func:`_symbol_layer`).

    ``dash`` is the outline's pen (``no``: none); ``offset`` ``"x,y"`` in mm.
    """
    props = {
        "angle": "0",
        "color": rgba(colour, fill_alpha),
        "horizontal_anchor_point": "1",
        "joinstyle": "round",
        "name": shape,
        "offset": offset,
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
    line_mm: float = 0.0,
) -> None:
    """Add a MarkerLine symbol layer: ``shape`` every ``interval_mm`` along the line.

    ``line_mm``: the outline width of the marker (a ``line`` tick's thickness).
    """
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
        width=line_mm,
    )


def _mm(style: LayerStyle, px: float) -> float:
    """Return a size in px (the spec's unit) in millimetres (``[units] mm_per_px``)."""
    return round(px * _spec(style).mm_per_px, 3)


def _spec(style: LayerStyle) -> StyleSpec:
    if style.spec is None:
        raise ParameterError("a layer style with markings or points needs spec=load_style()")
    return style.spec


def _marks(style: LayerStyle, cat: Category, width_mm: float) -> list[tuple[str | None, str, Mark]]:
    """Every marking's primitives (geo.style._marks): (expression, symbol name, mark)."""
    markings = (*style.markings, *cat.markings)
    if not markings:
        return []
    spec = _spec(style)
    out: list[tuple[str | None, str, Mark]] = []
    for i, m in enumerate(markings):
        if style.geometry == "Point":
            marks: tuple[Mark, ...] = point_marks(spec, m.spec, colour=cat.colour)
        else:
            weight = width_mm / spec.mm_per_px
            marks = line_marks(spec, m.spec, colour=cat.colour, weight=weight)
        out.extend((m.expression or None, f"@{cat.value}@m{i}", mark) for mark in marks)
    return out


def _disc(symbol: ET.Element, style: LayerStyle, disc: Disc, enabled_by: str | None) -> None:
    d = _mm(style, disc.diameter)
    r = _mm(style, _spec(style).point.size) / 2 * 0.7071
    offset = f"{num(r)},{num(-r)}" if disc.corner else "0,0"
    _marker(
        symbol,
        "circle",
        disc.colour,
        d,
        fill_alpha=disc.opacity,
        outline=disc.colour if disc.dashed else "#ffffff",
        dash="dash" if disc.dashed else "solid",
        width=_mm(style, disc.outline),
        enabled_by=enabled_by,
        offset=offset,
    )


def _markings_under(symbol: ET.Element, style: LayerStyle, cat: Category, width_mm: float) -> None:
    """Halos: pale bands (points: discs) under the symbol, for the features they mark."""
    for expression, _, mark in _marks(style, cat, width_mm):
        if isinstance(mark, Band) and not mark.over:
            colour = mark.colour or cat.colour
            line = _line(colour, _mm(style, mark.width), alpha=mark.opacity, cap="round")
            _symbol_layer(symbol, "SimpleLine", line, enabled_by=expression)
        elif isinstance(mark, Disc) and not mark.corner:
            _disc(symbol, style, mark, expression)


def _markings_over(symbol: ET.Element, style: LayerStyle, cat: Category, width_mm: float) -> None:
    """Beads, core lines, ticks and point badges over the symbol."""
    for expression, name, mark in _marks(style, cat, width_mm):
        if isinstance(mark, Beads):
            _marker_line(
                symbol,
                name,
                shape="circle",
                colour=mark.colour,
                size_mm=_mm(style, mark.size),
                interval_mm=_mm(style, mark.spacing),
                enabled_by=expression,
            )
        elif isinstance(mark, Band) and mark.over:
            line = _line(mark.colour or cat.colour, _mm(style, mark.width), alpha=mark.opacity)
            _symbol_layer(symbol, "SimpleLine", line, enabled_by=expression)
        elif isinstance(mark, Ticks):
            _marker_line(
                symbol,
                name.replace("@m", "@t"),
                shape="line",
                colour=mark.colour,
                size_mm=_mm(style, mark.length),
                interval_mm=_mm(style, mark.spacing),
                enabled_by=expression,
                line_mm=_mm(style, mark.width),
            )
        elif isinstance(mark, Disc) and mark.corner:
            _disc(symbol, style, mark, expression)


def _casing(symbol: ET.Element, style: LayerStyle, cat: Category, width_mm: float) -> None:
    """Draw a widening: the spec's doubled line (dark band, white core), the status' dash."""
    casing = style.casing
    if casing is None:  # LayerStyle refuses this when made; a style changed since is refused here
        raise ParameterError(f"category {cat.value!r} has casing but the layer style none")
    band = _line(shade(cat.colour, casing.shade), width_mm * casing.width, custom=cat.custom_dash)
    _symbol_layer(symbol, "SimpleLine", band)
    core = _line("#ffffff", width_mm * casing.core, custom=cat.custom_dash)
    _symbol_layer(symbol, "SimpleLine", core)


def _point(symbol: ET.Element, style: LayerStyle, cat: Category, width_mm: float) -> None:
    """Draw the spec's ``[point]`` symbol as the map does (:func:`geo.maps._symbols.pin_svg`).

    An upgrade's outer ring; a white disc; the fill disc (full, pale or none);
    the outline ring in the status' pen; the kind's marker shape as the glyph.
    """
    point = _spec(style).point

    def disc(diameter: float, colour: str, alpha: float, *, pen: str = "no") -> None:
        width = width_mm if pen != "no" else 0.0
        _marker(
            symbol,
            "circle",
            colour,
            _mm(style, diameter),
            fill_alpha=alpha,
            outline=cat.colour,
            dash=pen,
            width=width,
        )

    if cat.ring:
        disc(point.size * point.ring, cat.colour, 0.0, pen="solid")
    disc(point.size, "#ffffff", 1.0)
    if cat.fill_alpha > 0:
        disc(point.size * point.fill, cat.colour, cat.fill_alpha)
    disc(point.size, cat.colour, 0.0, pen=cat.dash)
    _marker(
        symbol,
        cat.shape,
        cat.glyph_colour,
        _mm(style, point.size * point.glyph),
        fill_alpha=1.0,
        outline=cat.glyph_colour,
        dash="no",
        width=0.0,
    )


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
                _line(
                    cat.overlay,
                    cat.overlay_width_mm or 0.0,  # LayerStyle requires it with an overlay
                    custom=cat.overlay_dash,
                    cap="flat",
                ),
            )
    elif style.geometry == "Polygon":
        _symbol_layer(
            symbol,
            "SimpleFill",
            {
                "color": rgba(
                    cat.fill_colour or cat.colour,
                    style.fill_alpha * cat.area_fill if style.filled else 0.0,
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
        _point(symbol, style, cat, width_mm)
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
