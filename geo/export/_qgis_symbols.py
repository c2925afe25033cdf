"""QGIS 3.22 symbols of a categorized renderer: one symbol per :class:`Category`.

Lines, polygon fills and simple markers with the status' dash, casing, fill and ring,
and the markings (halos, beads, core lines, ticks) each enabled by an expression (the
layer's markings) or always drawn (a category's own, as in the legend layer).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from geo.errors import ParameterError
from geo.export._qgis_layers import line_props, marker, marker_line, symbol_layer
from geo.export._qgis_style import DASHES, Category, LayerStyle, num, rgba
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

_SYMBOL_TYPE = {"Point": "marker", "LineString": "line", "Polygon": "fill"}


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
    marker(
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
            line = line_props(colour, _mm(style, mark.width), alpha=mark.opacity, cap="round")
            symbol_layer(symbol, "SimpleLine", line, enabled_by=expression)
        elif isinstance(mark, Disc) and not mark.corner:
            _disc(symbol, style, mark, expression)


def _markings_over(symbol: ET.Element, style: LayerStyle, cat: Category, width_mm: float) -> None:
    """Beads, core lines, ticks and point badges over the symbol."""
    for expression, name, mark in _marks(style, cat, width_mm):
        if isinstance(mark, Beads):
            marker_line(
                symbol,
                name,
                shape="circle",
                colour=mark.colour,
                size_mm=_mm(style, mark.size),
                interval_mm=_mm(style, mark.spacing),
                enabled_by=expression,
            )
        elif isinstance(mark, Band) and mark.over:
            line = line_props(mark.colour or cat.colour, _mm(style, mark.width), alpha=mark.opacity)
            symbol_layer(symbol, "SimpleLine", line, enabled_by=expression)
        elif isinstance(mark, Ticks):
            marker_line(
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
    band = line_props(
        shade(cat.colour, casing.shade), width_mm * casing.width, custom=cat.custom_dash
    )
    symbol_layer(symbol, "SimpleLine", band)
    core = line_props("#ffffff", width_mm * casing.core, custom=cat.custom_dash)
    symbol_layer(symbol, "SimpleLine", core)


def _point(symbol: ET.Element, style: LayerStyle, cat: Category, width_mm: float) -> None:
    """Draw the spec's ``[point]`` symbol as the map does (:func:`geo.maps._symbols.pin_svg`).

    An upgrade's outer ring; a white disc; the fill disc (full, pale or none);
    the outline ring in the status' pen; the kind's marker shape as the glyph.
    """
    point = _spec(style).point

    def disc(diameter: float, colour: str, alpha: float, *, pen: str = "no") -> None:
        width = width_mm if pen != "no" else 0.0
        marker(
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
    marker(
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
            symbol_layer(
                symbol,
                "SimpleLine",
                line_props(cat.colour, width_mm, dash=dash, custom=cat.custom_dash),
            )
        if cat.overlay is not None:
            # A railway's dashes: a thinner line with a custom dash pattern on top.
            symbol_layer(
                symbol,
                "SimpleLine",
                line_props(
                    cat.overlay,
                    cat.overlay_width_mm or 0.0,  # LayerStyle requires it with an overlay
                    custom=cat.overlay_dash,
                    cap="flat",
                ),
            )
    elif style.geometry == "Polygon":
        symbol_layer(
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
            symbol_layer(
                symbol, "SimpleLine", line_props(cat.colour, width_mm, custom=cat.custom_dash)
            )
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
