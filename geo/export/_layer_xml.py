"""XML documents of the exports: a layer's QML and QGIS metadata, the file's metadata."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pyproj

from geo.export import _qgis_style as qs
from geo.export._layer import METADATA, Layer
from geo.export._qgis_qml import qml_document
from geo.measure import STORAGE_CRS
from geo.metadata import (
    qgis_metadata_element,
)

__all__ = ["layer_metadata_element", "project_metadata_document", "qml", "xml_document"]


def qml(layer: Layer, style: qs.LayerStyle | None = None) -> str:
    """Render the layer's QML with its metadata (``style``: instead of the layer's own)."""
    return qml_document(style or layer.style, metadata=layer_metadata_element(layer))


def layer_metadata_element(
    layer: Layer, *, tag: str = "resourceMetadata", crs: pyproj.CRS = STORAGE_CRS
) -> ET.Element:
    frame = layer.frame
    extent = tuple(float(v) for v in frame.total_bounds) if len(frame) else None
    return qgis_metadata_element(
        layer.meta,
        tag=tag,
        crs_wkt=crs.to_wkt(),
        author=METADATA.author,
        extent=extent,  # type: ignore[arg-type]
    )


def xml_document(element: ET.Element) -> str:
    ET.indent(element, space="  ")
    return f"{qs.DOCTYPE}\n{ET.tostring(element, encoding='unicode')}\n"


def project_metadata_document() -> str:
    root = ET.Element("qgis", {"version": "1.0"})
    for tag, text in (
        ("identifier", "hefei_plan"),
        ("type", "dataset"),
        ("title", METADATA.title),
        ("abstract", METADATA.abstract),
        ("author", METADATA.author),
    ):
        ET.SubElement(root, tag).text = text
    keywords = ET.SubElement(root, "keywords", {"vocabulary": "gmd:topicCategory"})
    for keyword in METADATA.keywords:
        ET.SubElement(keywords, "keyword").text = keyword
    ET.SubElement(root, "rights").text = "; ".join(
        lic.attribution for lic in METADATA.licences.values()
    )
    return xml_document(root)
