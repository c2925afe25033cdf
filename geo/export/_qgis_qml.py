"""QGIS 3.22 QML: labelling, field aliases and value maps, the complete style document."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from geo.export._qgis_style import (
    DOCTYPE,
    LABEL_FONTS,
    QGIS_VERSION,
    WHITE,
    FieldConfig,
    LayerStyle,
    num,
    rgba,
)
from geo.export._qgis_symbols import renderer_element

__all__ = ["fields_elements", "labeling_element", "maplayer_elements", "qml_document"]

_LAYER_GEOMETRY_TYPE = {"Point": "0", "LineString": "1", "Polygon": "2"}


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
            "fontSize": num(style.label_size_pt),
            "fontSizeUnit": "Point",
            "fontWeight": "75" if style.label_bold else "50",
            "fontItalic": "0",
            "textColor": rgba(style.label_colour, 1.0),
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
            "bufferColor": WHITE,
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
            "scaleMax": num(style.label_max_scale),
            "scaleMin": "0",
            "upsidedownLabels": "0",
            "zIndex": num(style.label_priority),
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
