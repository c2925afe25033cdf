"""QGIS 3.22 symbol layers as XML: simple lines, simple markers and marker lines.

The building blocks :mod:`geo.export._qgis_symbols` draws each symbol with, every
property written both as ``<Option>`` (QGIS 3.22) and ``<prop>`` (older), in sorted
order, so the same call gives the same bytes. Sizes are in millimetres.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from geo.export._qgis_style import UNIT_SCALE, num, rgba

__all__ = ["line_props", "marker", "marker_line", "symbol_layer"]


def symbol_layer(
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


def line_props(
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


def marker(
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
    """Add a SimpleMarker symbol layer (``enabled_by``: see :func:`symbol_layer`).

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
    symbol_layer(parent, "SimpleMarker", props, enabled_by=enabled_by)


def marker_line(
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
    layer = symbol_layer(
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
    marker(
        sub,
        shape,
        colour,
        size_mm,
        fill_alpha=1.0,
        outline=colour,
        dash="solid",
        width=line_mm,
    )
