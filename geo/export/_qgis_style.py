"""QGIS 3.22 style XML (QML) for the exported layers, generated as plain XML.

The public entry points are in :mod:`geo.export`; this module only knows
QGIS' XML: a categorized renderer whose categories each carry one symbol
(:class:`Category`), and simple labelling on one field. Every element and
attribute is written in a fixed order, so the same :class:`LayerStyle` always
gives the same bytes.

Symbols follow the plan's vocabulary (``geo/data/catalogue/vocab.toml``): the
colour is the kind's colour, the line (or outline) style is the status' dash
(``solid``, ``dash``, ``dot``) and the symbol's opacity is the status' opacity,
so a proposed project is drawn fainter than one in construction.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from geo.errors import ParameterError

__all__ = [
    "DASHES",
    "LABEL_FONTS",
    "MARKER_SHAPES",
    "MARKING_KINDS",
    "OVERLAY_DASH_MM",
    "QGIS_VERSION",
    "Category",
    "FieldConfig",
    "LayerStyle",
    "Marking",
    "fields_elements",
    "maplayer_elements",
    "qml_document",
]

QGIS_VERSION = "3.22.0-Białowieża"
"""The QGIS version written into QML and project files (the oldest we target)."""

DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"

DASHES: Mapping[str, str] = {"solid": "solid", "dash": "dash", "dot": "dot"}
"""Status ``dash`` in ``vocab.toml`` -> QGIS pen style name."""

MARKER_SHAPES: tuple[str, ...] = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "pentagon",
    "star",
    "hexagon",
    "cross_fill",
)
"""Marker shapes handed out to a point layer's kinds, in ``vocab.toml`` order."""

LABEL_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)
"""Label fonts able to draw Chinese: the first, then QGIS' fallbacks in order."""

GEOMETRIES = ("Point", "LineString", "Polygon")
MARKING_KINDS = ("halo", "marker_line", "underlay", "ticks")

OVERLAY_DASH_MM = "2;2"
"""Dash and gap (mm) of a category's ``overlay`` line, e.g. a railway's white dashes."""

_LAYER_GEOMETRY_TYPE = {"Point": "0", "LineString": "1", "Polygon": "2"}
_SYMBOL_TYPE = {"Point": "marker", "LineString": "line", "Polygon": "fill"}
_COLOUR_RE = re.compile(r"^#([0-9a-fA-F]{6})$")
_UNIT_SCALE = "3x:0,0,0,0,0,0"
_TEXT_COLOUR = "40,40,40,255"
_WHITE = "255,255,255,255"


@dataclass(frozen=True)
class Category:
    """One legend entry of a categorized renderer and its symbol.

    Parameters
    ----------
    value : str
        The value of the renderer's expression this category matches.
    label : str
        Legend text.
    colour : str
        ``#rrggbb``.
    dash : str
        ``solid``, ``dash`` or ``dot``: the pen of point outlines (and of lines
        and polygon outlines without ``custom_dash``).
    custom_dash : str
        Lines and polygon outlines: QGIS custom dash ``"dash;gap;..."`` in mm,
        ``""`` for the plain ``dash`` pen.
    opacity : float
        Symbol opacity, 0..1.
    shape : str
        Marker shape (points only), one of QGIS' simple marker names.
    width_mm : float or None
        Line or outline width of this category; ``None`` takes the layer's.
    overlay : str or None
        Lines only: ``#rrggbb`` of thin dashes drawn along the middle of the
        line (a railway's white dashes); ``None`` for a plain line.
    casing : bool
        Lines only: draw a doubled line (dark casing, light core): a widening.
    fill_alpha : float
        Points only: opacity of the marker's fill (1 full, 0.45 half, 0 hollow).
    ring : bool
        Points only: an outer ring round the marker (upgrade).
    """

    value: str
    label: str
    colour: str
    dash: str = "solid"
    custom_dash: str = ""
    opacity: float = 1.0
    shape: str = "circle"
    width_mm: float | None = None
    overlay: str | None = None
    casing: bool = False
    fill_alpha: float = 1.0
    ring: bool = False


@dataclass(frozen=True)
class Marking:
    """A symbol layer drawn only for the features an expression selects.

    ``kind`` is ``halo`` (a pale band ``width`` line widths wide under the
    symbol), ``marker_line`` (arrows every ``spacing`` line widths along a line),
    ``underlay`` (a thin dark core line, or a dot in a point symbol) or ``ticks``
    (cross ticks every ``spacing`` line widths). ``colour`` ``None`` takes the
    category's colour. ``expression`` is the QGIS expression that enables it.
    """

    kind: str
    expression: str
    width: float = 3.0
    opacity: float = 0.22
    spacing: float = 4.0
    colour: str | None = None


@dataclass(frozen=True)
class FieldConfig:
    """A field's alias and, for a vocabulary, its value map (value -> legend text)."""

    name: str
    alias: str
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn and labelled.

    Parameters
    ----------
    geometry : str
        ``Point``, ``LineString`` or ``Polygon`` (multi-geometries included).
    expression : str
        QGIS expression the renderer categorizes on, e.g. ``"kind" || '|' || "status"``.
    categories : tuple of Category
        Legend entries, top to bottom.
    width_mm : float
        Line width (lines) or outline width (polygons, points), millimetres.
    filled : bool
        Polygons only: ``False`` draws the outline alone (administrative boundaries).
    fill_alpha : float
        Polygons only: opacity of the fill relative to the symbol's opacity.
    marker_size_mm : float
        Points only: marker size.
    label_field : str or None
        Field holding the label text; ``None`` for no labels.
    label_size_pt : float
        Label font size in points.
    label_colour : str
        ``#rrggbb`` of the label text.
    label_priority : int
        0..10, higher wins label collisions (district names 10).
    label_max_scale : float
        Labels are drawn only at scales larger than 1:``label_max_scale``
        (0: at every scale).
    label_bold : bool
        Bold label text.
    markings : tuple of Marking
        Symbol layers drawn for the features their expression selects
        (precision and progress markings), in every category's symbol.
    fields : tuple of FieldConfig
        Field aliases and value maps, in the layer's field order.
    """

    geometry: str
    expression: str
    categories: tuple[Category, ...]
    width_mm: float = 0.8
    filled: bool = True
    fill_alpha: float = 0.35
    marker_size_mm: float = 3.6
    label_field: str | None = "name_zh"
    label_size_pt: float = 8.0
    label_colour: str = "#282828"
    label_priority: int = 5
    label_max_scale: float = 0.0
    label_bold: bool = False
    markings: tuple[Marking, ...] = ()
    fields: tuple[FieldConfig, ...] = ()

    def __post_init__(self) -> None:
        if self.geometry not in GEOMETRIES:
            raise ParameterError(
                f"geometry={self.geometry!r} is not supported; use one of {', '.join(GEOMETRIES)}"
            )
        for cat in self.categories:
            if cat.dash not in DASHES:
                raise ParameterError(
                    f"dash={cat.dash!r} (category {cat.value!r}) is not a line style; "
                    f"use one of {', '.join(DASHES)}"
                )
            if not 0.0 <= cat.opacity <= 1.0:
                raise ParameterError(
                    f"opacity={cat.opacity!r} (category {cat.value!r}) must be within 0..1; "
                    "fix it in style.toml"
                )
            _rgba(cat.colour, 1.0)
            if cat.overlay is not None:
                if self.geometry != "LineString":
                    raise ParameterError(
                        f"overlay={cat.overlay!r} (category {cat.value!r}) is for lines only; "
                        f"this layer is {self.geometry}"
                    )
                _rgba(cat.overlay, 1.0)
            if cat.width_mm is not None and not cat.width_mm > 0:
                raise ParameterError(
                    f"width_mm={cat.width_mm!r} (category {cat.value!r}) must be positive"
                )
        for marking in self.markings:
            if marking.kind not in MARKING_KINDS:
                raise ParameterError(
                    f"marking kind={marking.kind!r} is not one of {', '.join(MARKING_KINDS)}"
                )


def _num(value: float) -> str:
    """Format a number the short way QGIS does (``1``, ``0.35``)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _rgba(colour: str, alpha: float) -> str:
    match = _COLOUR_RE.match(colour)
    if match is None:
        raise ParameterError(f"colour={colour!r} is not '#rrggbb'; fix it in vocab.toml")
    h = match.group(1)
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(alpha * 255)}"


def _darker(colour: str, factor: float = 0.7) -> str:
    h = colour.lstrip("#")
    r, g, b = (round(int(h[i : i + 2], 16) * factor) for i in (0, 2, 4))
    return f"#{r:02x}{g:02x}{b:02x}"


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
        "customdash_map_unit_scale": _UNIT_SCALE,
        "customdash_unit": "MM",
        "joinstyle": "round",
        "line_color": _rgba(colour, alpha),
        "line_style": "solid" if custom else dash,
        "line_width": _num(width_mm),
        "line_width_unit": "MM",
        "offset": "0",
        "offset_unit": "MM",
        "use_custom_dash": "1" if custom else "0",
        "width_map_unit_scale": _UNIT_SCALE,
    }


def _marker(
    shape: str,
    colour: str,
    size_mm: float,
    *,
    fill_alpha: float,
    outline: str,
    dash: str,
    width: float,
) -> dict[str, str]:
    """Properties of a SimpleMarker symbol layer."""
    return {
        "angle": "0",
        "color": _rgba(colour, fill_alpha),
        "horizontal_anchor_point": "1",
        "joinstyle": "round",
        "name": shape,
        "offset": "0,0",
        "offset_unit": "MM",
        "outline_color": _rgba(outline, 1.0),
        "outline_style": dash,
        "outline_width": _num(width),
        "outline_width_unit": "MM",
        "scale_method": "diameter",
        "size": _num(size_mm),
        "size_unit": "MM",
        "vertical_anchor_point": "1",
    }


def _marker_line(
    parent: ET.Element,
    name: str,
    *,
    shape: str,
    colour: str,
    size_mm: float,
    interval_mm: float,
    enabled_by: str,
) -> None:
    """Add a MarkerLine symbol layer: ``shape`` every ``interval_mm`` along the line."""
    layer = _symbol_layer(
        parent,
        "MarkerLine",
        {
            "interval": _num(interval_mm),
            "interval_unit": "MM",
            "offset": "0",
            "offset_along_line": _num(interval_mm / 2),
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
    _symbol_layer(
        sub,
        "SimpleMarker",
        _marker(
            shape,
            colour,
            size_mm,
            fill_alpha=1.0,
            outline=colour,
            dash="solid",
            width=0.25 if shape in ("line", "arrowhead") else 0.0,
        ),
    )


def _markings_under(symbol: ET.Element, style: LayerStyle, cat: Category, width: float) -> None:
    """Halos: pale bands under the symbol, for the features their expression selects."""
    for m in style.markings:
        if m.kind not in ("halo", "marker_line"):
            continue
        colour = m.colour or cat.colour
        if style.geometry == "LineString":
            _symbol_layer(
                symbol,
                "SimpleLine",
                _line(colour, width * m.width, alpha=m.opacity, cap="round"),
                enabled_by=m.expression,
            )
        elif style.geometry == "Polygon":
            _symbol_layer(
                symbol,
                "SimpleLine",
                _line(colour, max(width, 0.5) * m.width, alpha=m.opacity, cap="round"),
                enabled_by=m.expression,
            )
        else:
            _symbol_layer(
                symbol,
                "SimpleMarker",
                _marker(
                    "circle",
                    colour,
                    style.marker_size_mm * 1.9,
                    fill_alpha=m.opacity,
                    outline=colour,
                    dash="dash",
                    width=0.3,
                ),
                enabled_by=m.expression,
            )


def _markings_over(symbol: ET.Element, style: LayerStyle, cat: Category, width: float) -> None:
    """Marker lines, core lines and ticks over the symbol."""
    for i, m in enumerate(style.markings):
        colour = m.colour or _darker(cat.colour)
        if m.kind == "marker_line" and style.geometry == "LineString":
            _marker_line(
                symbol,
                f"@{cat.value}@m{i}",
                shape="arrowhead",
                colour=_darker(cat.colour),
                size_mm=max(width * 2.4, 1.6),
                interval_mm=max(width * m.spacing * 2, 3.0),
                enabled_by=m.expression,
            )
        elif m.kind == "underlay":
            if style.geometry == "Point":
                _symbol_layer(
                    symbol,
                    "SimpleMarker",
                    _marker(
                        "circle",
                        colour,
                        style.marker_size_mm * 0.35,
                        fill_alpha=1.0,
                        outline="#ffffff",
                        dash="solid",
                        width=0.2,
                    ),
                    enabled_by=m.expression,
                )
            else:
                _symbol_layer(
                    symbol,
                    "SimpleLine",
                    _line(colour, max(width * m.width, 0.2)),
                    enabled_by=m.expression,
                )
        elif m.kind == "ticks" and style.geometry != "Point":
            _marker_line(
                symbol,
                f"@{cat.value}@t{i}",
                shape="line",
                colour=colour,
                size_mm=max(width * 2.2, 1.5),
                interval_mm=max(width * m.spacing, 2.0),
                enabled_by=m.expression,
            )


def _symbol(style: LayerStyle, cat: Category, name: str) -> ET.Element:
    symbol = ET.Element(
        "symbol",
        {
            "type": _SYMBOL_TYPE[style.geometry],
            "name": name,
            "alpha": _num(cat.opacity),
            "clip_to_extent": "1",
            "force_rhr": "0",
        },
    )
    width_mm = cat.width_mm if cat.width_mm is not None else style.width_mm
    width = _num(width_mm)
    dash = DASHES[cat.dash]
    _markings_under(symbol, style, cat, width_mm)
    if style.geometry == "LineString":
        if cat.casing:
            # A widening: dark casing with a light core, i.e. a doubled line.
            _symbol_layer(symbol, "SimpleLine", _line(_darker(cat.colour, 0.8), width_mm * 1.5))
            _symbol_layer(
                symbol, "SimpleLine", _line("#ffffff", width_mm * 0.55, custom=cat.custom_dash)
            )
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
                "color": _rgba(cat.colour, style.fill_alpha if style.filled else 0.0),
                "joinstyle": "round",
                "offset": "0,0",
                "offset_unit": "MM",
                "outline_color": _rgba(cat.colour, 1.0),
                "outline_style": dash if not cat.custom_dash else "no",
                "outline_width": width,
                "outline_width_unit": "MM",
                "style": "solid" if style.filled else "no",
            },
        )
        if cat.custom_dash:
            # The status' dash pattern along the outline.
            _symbol_layer(symbol, "SimpleLine", _line(cat.colour, width_mm, custom=cat.custom_dash))
        if cat.casing:
            # An upgrade: a doubled outline (dark casing, light core), as for lines.
            _symbol_layer(symbol, "SimpleLine", _line(_darker(cat.colour, 0.8), width_mm * 2.4))
            _symbol_layer(symbol, "SimpleLine", _line("#ffffff", width_mm * 0.8))
    else:
        if cat.ring:
            _symbol_layer(
                symbol,
                "SimpleMarker",
                _marker(
                    cat.shape,
                    cat.colour,
                    style.marker_size_mm * 1.55,
                    fill_alpha=0.0,
                    outline=cat.colour,
                    dash="solid",
                    width=width_mm,
                ),
            )
        hollow = cat.fill_alpha < 1.0
        _symbol_layer(
            symbol,
            "SimpleMarker",
            _marker(
                cat.shape,
                cat.colour,
                style.marker_size_mm,
                fill_alpha=cat.fill_alpha,
                outline=_darker(cat.colour) if hollow else "#ffffff",
                dash=dash,
                width=width_mm * (1.6 if hollow else 1.0),
            ),
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


def labeling_element(style: LayerStyle) -> ET.Element | None:
    """Build the ``<labeling type="simple">`` element (``None`` when the layer has no labels)."""
    if style.label_field is None:
        return None
    labeling = ET.Element("labeling", {"type": "simple"})
    settings = ET.SubElement(labeling, "settings", {"calloutType": "simple"})
    text = ET.SubElement(
        settings,
        "text-style",
        {
            "fieldName": style.label_field,
            "isExpression": "0",
            "fontFamily": LABEL_FONTS[0],
            "namedStyle": "",
            "fontSize": _num(style.label_size_pt),
            "fontSizeUnit": "Point",
            "fontWeight": "75" if style.label_bold else "50",
            "fontItalic": "0",
            "textColor": _rgba(style.label_colour, 1.0),
            "textOpacity": "1",
            "multilineHeight": "1",
            "allowHtml": "0",
        },
    )
    families = ET.SubElement(text, "families")
    for family in LABEL_FONTS:
        ET.SubElement(families, "family", {"name": family})
    ET.SubElement(
        text,
        "text-buffer",
        {
            "bufferDraw": "1",
            "bufferSize": "0.7",
            "bufferSizeUnits": "MM",
            "bufferColor": _WHITE,
            "bufferOpacity": "0.9",
            "bufferNoFill": "1",
            "bufferJoinStyle": "128",
            "bufferBlendMode": "0",
        },
    )
    ET.SubElement(
        text, "text-format", {"multilineAlign": "3", "wrapChar": "", "autoWrapLength": "0"}
    )
    if style.geometry == "Point":
        # Around the point (0), 1.2 mm away.
        placement = {"placement": "0", "dist": "1.2", "distUnits": "MM", "placementFlags": "10"}
    elif style.geometry == "LineString":
        # Parallel to the line (2), above it, upright (flags 2 | 8).
        placement = {"placement": "2", "dist": "0.5", "distUnits": "MM", "placementFlags": "10"}
    else:
        # Over the polygon's centroid (1), kept inside it.
        placement = {
            "placement": "1",
            "dist": "0",
            "distUnits": "MM",
            "centroidInside": "1",
            "centroidWhole": "0",
            "fitInPolygonOnly": "0",
            "placementFlags": "10",
        }
    placement.update(
        {
            "priority": str(style.label_priority),
            "offsetType": "0",
            "quadOffset": "4",
            "xOffset": "0",
            "yOffset": "0",
            "rotationAngle": "0",
            "repeatDistance": "0",
        }
    )
    ET.SubElement(settings, "placement", placement)
    ET.SubElement(
        settings,
        "rendering",
        {
            "drawLabels": "1",
            "obstacle": "1",
            "obstacleFactor": "1",
            "obstacleType": "1",
            "displayAll": "0",
            "mergeLines": "1" if style.geometry == "LineString" else "0",
            "labelPerPart": "0",
            "scaleVisibility": "1" if style.label_max_scale else "0",
            # QGIS' legacy names: scaleMax holds the minimum scale (most zoomed out).
            "scaleMax": _num(style.label_max_scale),
            "scaleMin": "0",
            "upsidedownLabels": "0",
            "zIndex": _num(style.label_priority),
        },
    )
    return labeling


def fields_elements(fields: tuple[FieldConfig, ...]) -> list[ET.Element]:
    """``<fieldConfiguration>`` (value maps) and ``<aliases>`` of a layer's fields."""
    if not fields:
        return []
    configuration = ET.Element("fieldConfiguration")
    aliases = ET.Element("aliases")
    for index, f in enumerate(fields):
        field = ET.SubElement(
            configuration, "field", {"name": f.name, "configurationFlags": "None"}
        )
        widget = ET.SubElement(field, "editWidget", {"type": "ValueMap" if f.values else ""})
        config = ET.SubElement(widget, "config")
        options = ET.SubElement(config, "Option", {"type": "Map"} if f.values else {})
        if f.values:
            entries = ET.SubElement(options, "Option", {"type": "List", "name": "map"})
            for value, label in f.values:
                entry = ET.SubElement(entries, "Option", {"type": "Map"})
                ET.SubElement(entry, "Option", {"type": "QString", "name": label, "value": value})
        ET.SubElement(aliases, "alias", {"field": f.name, "index": str(index), "name": f.alias})
    return [configuration, aliases]


def maplayer_elements(style: LayerStyle) -> list[ET.Element]:
    """Style elements as they appear inside a ``<qgis>`` QML root or a project's ``<maplayer>``."""
    elements = [renderer_element(style)]
    labeling = labeling_element(style)
    if labeling is not None:
        elements.append(labeling)
    for tag, value in (("blendMode", "0"), ("featureBlendMode", "0")):
        element = ET.Element(tag)
        element.text = value
        elements.append(element)
    elements.extend(fields_elements(style.fields))
    return elements


def qml_document(style: LayerStyle, *, metadata: ET.Element | None = None) -> str:
    """Render a complete QML style document (symbology, labels, fields) for QGIS 3.22 or newer.

    Parameters
    ----------
    style : LayerStyle
    metadata : Element, optional
        The layer's ``<resourceMetadata>`` (kept in the file for the reader;
        QGIS itself loads layer metadata from the ``.qmd`` beside a shapefile).

    Returns
    -------
    str
        The QML text, starting with QGIS' ``<!DOCTYPE qgis ...>`` line.
    """
    root = ET.Element(
        "qgis",
        {
            "version": QGIS_VERSION,
            "styleCategories": "Symbology|Labeling|Fields|Forms",
            "labelsEnabled": "1" if style.label_field else "0",
        },
    )
    root.extend(maplayer_elements(style))
    if metadata is not None:
        root.append(metadata)
    geometry_type = ET.SubElement(root, "layerGeometryType")
    geometry_type.text = _LAYER_GEOMETRY_TYPE[style.geometry]
    ET.indent(root, space="  ")
    return f"{DOCTYPE}\n{ET.tostring(root, encoding='unicode')}\n"
