"""Open the exports in Debian's QGIS and report, as JSON, what QGIS sees.

Run by ``tests/test_export_qgis.py`` with the system Python that has ``python3-qgis``::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_check.py SPEC.json

``SPEC.json`` holds ``{"geopackages": {path: [layer names]}, "shapefiles":
[paths], "project": path, "renders": [{"out": png, "center": [lon, lat],
"scale": denominator, "size": [w, h]}], "files": [other paths to open]}``.
The script prints one JSON object on stdout and ends with ``os._exit(0)``:
QGIS may crash while tearing down after the work is done, which must not lose
the result. It asserts nothing itself; the test does.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def _enabled_expression(sl: Any) -> str | None:
    from qgis.core import QgsSymbolLayer

    prop = sl.dataDefinedProperties().property(QgsSymbolLayer.PropertyLayerEnabled)
    return prop.expressionString() if prop and prop.isActive() else None


def _symbol_info(symbol: Any) -> dict[str, Any]:
    # The first symbol layer drawn for every feature (markings are data-defined).
    layers = [symbol.symbolLayer(i) for i in range(symbol.symbolLayerCount())]
    plain = [sl for sl in layers if _enabled_expression(sl) is None] or layers
    layer = plain[0]
    props = layer.properties()
    return {
        "dump": symbol.dump(),
        "type": symbol.type(),
        "class": layer.layerType(),
        "opacity": round(symbol.opacity(), 3),
        "colour": symbol.color().name(),
        "line_style": props.get("line_style"),
        "outline_style": props.get("outline_style"),
        "style": props.get("style"),
        "shape": props.get("name"),
        "layers": [
            {
                "class": sl.layerType(),
                "colour": sl.color().name(),
                "width": sl.properties().get("line_width"),
                "use_custom_dash": sl.properties().get("use_custom_dash"),
                "customdash": sl.properties().get("customdash"),
                "line_style": sl.properties().get("line_style"),
                "outline_style": sl.properties().get("outline_style"),
                "fill": sl.properties().get("color"),
                "shape": sl.properties().get("name"),
                "enabled_by": _enabled_expression(sl),
                "props": {k: str(v) for k, v in sorted(sl.properties().items())},
            }
            for sl in (symbol.symbolLayer(i) for i in range(symbol.symbolLayerCount()))
        ],
    }


def _renderer_info(layer: Any) -> dict[str, Any]:
    renderer = layer.renderer()
    info: dict[str, Any] = {"renderer": renderer.type() if renderer else None, "categories": []}
    if renderer is not None and renderer.type() == "categorizedSymbol":
        info["expression"] = renderer.classAttribute()
        info["categories"] = [
            {"value": str(cat.value()), "label": cat.label(), **_symbol_info(cat.symbol())}
            for cat in renderer.categories()
        ]
    labeling = layer.labeling()
    info["labels_enabled"] = bool(layer.labelsEnabled())
    if labeling is not None and hasattr(labeling, "settings"):
        settings = labeling.settings()
        info["label_field"] = settings.fieldName
        info["label_font"] = settings.format().font().family()
        info["label_priority"] = settings.priority
        info["label_scale_visibility"] = bool(settings.scaleVisibility)
        info["label_min_scale"] = settings.minimumScale
    info.update(_layer_docs(layer))
    return info


def _layer_docs(layer: Any) -> dict[str, Any]:
    """Metadata, aliases and value maps, as an analyst sees them in the layer properties."""
    meta = layer.metadata()
    fields = layer.fields()
    value_maps = {}
    for i in range(fields.count()):
        setup = layer.editorWidgetSetup(i)
        if setup.type() == "ValueMap":
            entries = setup.config().get("map", [])
            value_maps[fields.at(i).name()] = {
                v: k for entry in entries for k, v in dict(entry).items()
            }
    return {
        "abstract": meta.abstract(),
        "title_md": meta.title(),
        "keywords": [k for ks in meta.keywords().values() for k in ks],
        "licenses": list(meta.licenses()),
        "rights": list(meta.rights()),
        "history": list(meta.history()),
        "constraints": [c.constraint for c in meta.constraints()],
        "attribution": layer.attribution(),
        "layer_abstract": layer.abstract(),
        "aliases": {fields.at(i).name(): fields.at(i).alias() for i in range(fields.count())},
        "value_maps": value_maps,
    }


def _open(
    uri: str, name: str, messages: list[str], *, default_metadata: bool = False
) -> dict[str, Any]:
    from qgis.core import QgsVectorLayer

    del messages[:]
    layer = QgsVectorLayer(uri, name, "ogr")
    if default_metadata and layer.isValid():
        # As QGIS Desktop does when a file is added: read <layer>.qmd beside it.
        layer.loadDefaultMetadata()
    info: dict[str, Any] = {"uri": uri, "valid": layer.isValid()}
    if layer.isValid():
        fields = layer.fields().names()
        info.update(
            {
                "crs": layer.crs().authid(),
                "feature_count": layer.featureCount(),
                "fields": fields,
                "field_types": [f.typeName() for f in layer.fields()],
                "null_text": _null_text(layer),
                "wkb_type": layer.wkbType(),
                "name_zh": sorted(str(f["name_zh"]) for f in layer.getFeatures())
                if "name_zh" in fields
                else [],
                "provider_error": layer.dataProvider().error().message()
                if not layer.dataProvider().error().isEmpty()
                else "",
                **_renderer_info(layer),
            }
        )
    info["layer_error"] = layer.error().message() if not layer.error().isEmpty() else ""
    info["messages"] = list(messages)
    return info


def _null_text(layer: Any) -> dict[str, int]:
    """Per text field, how many features hold an empty string (should be none: NULL instead)."""
    from qgis.PyQt.QtCore import QVariant

    text = [f.name() for f in layer.fields() if f.type() == QVariant.String]
    counts = dict.fromkeys(text, 0)
    for feature in layer.getFeatures():
        for name in text:
            if feature[name] == "":
                counts[name] += 1
    return {k: v for k, v in counts.items() if v}


def _measure(project: Any) -> list[dict[str, Any]]:
    """Measure every line and polygon with the project's own QgsDistanceArea settings."""
    from qgis.core import QgsDistanceArea, QgsUnitTypes

    out = []
    for layer in project.mapLayers().values():
        if not layer.isValid():
            continue
        names = layer.fields().names()
        column = (
            "length_km" if "length_km" in names else "area_km2" if "area_km2" in names else None
        )
        if column is None:
            continue
        da = QgsDistanceArea()
        da.setSourceCrs(layer.crs(), project.transformContext())
        da.setEllipsoid(project.ellipsoid())
        for feature in layer.getFeatures():
            stored = feature[column]
            if stored is None or str(stored) == "NULL":
                continue
            geom = feature.geometry()
            if column == "length_km":
                measured = da.convertLengthMeasurement(
                    da.measureLength(geom), project.distanceUnits()
                )
                unit = QgsUnitTypes.toString(project.distanceUnits())
            else:
                measured = da.convertAreaMeasurement(da.measureArea(geom), project.areaUnits())
                unit = QgsUnitTypes.toString(project.areaUnits())
            out.append(
                {
                    "layer": layer.name(),
                    "id": feature["id"],
                    "column": column,
                    "stored": float(stored),
                    "measured": measured,
                    "unit": unit,
                }
            )
    return out


def _render(project: Any, spec: dict[str, Any]) -> dict[str, Any]:
    """Render the project's visible layers to a PNG; report which labels were placed."""
    from qgis.core import (
        QgsCoordinateTransform,
        QgsMapRendererParallelJob,
        QgsMapSettings,
        QgsPointXY,
        QgsRectangle,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    root = project.layerTreeRoot()
    visible = [n.layer() for n in root.findLayers() if n.isVisible() and n.layer() is not None]
    order = [la for la in root.layerOrder() if la in visible]
    settings = QgsMapSettings()
    settings.setLayers(order)
    settings.setDestinationCrs(project.crs())
    settings.setTransformContext(project.transformContext())
    settings.setEllipsoid(project.ellipsoid())
    settings.setBackgroundColor(QColor(255, 255, 255))
    width, height = spec.get("size", [1600, 1400])
    settings.setOutputSize(QSize(width, height))
    settings.setOutputDpi(96)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    from qgis.core import QgsCoordinateReferenceSystem

    to_project = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), project.crs(), project.transformContext()
    )
    centre = to_project.transform(QgsPointXY(*spec["center"]))
    # Extent for the requested scale at 96 dpi: metres per pixel = scale * 0.0254 / 96.
    mpp = spec["scale"] * 0.0254 / 96
    half_w, half_h = width * mpp / 2, height * mpp / 2
    settings.setExtent(
        QgsRectangle(
            centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h
        )
    )
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    saved = image.save(spec["out"], "PNG")
    results = job.takeLabelingResults()
    labels = []
    if results is not None:
        for label in results.allLabels():
            labels.append({"layer": label.layerID, "text": label.labelText})
    return {
        "out": spec["out"],
        "saved": bool(saved),
        "scale": settings.scale(),
        "labels": labels,
        "errors": [e.message for e in job.errors()],
    }


def _project(path: str, messages: list[str], renders: list[dict[str, Any]]) -> dict[str, Any]:
    from qgis.core import QgsProject, QgsUnitTypes

    del messages[:]
    project = QgsProject.instance()
    ok = project.read(path)
    root = project.layerTreeRoot()
    meta = project.metadata()
    return {
        "read": bool(ok),
        "error": project.error(),
        "crs": project.crs().authid(),
        "ellipsoid": project.ellipsoid(),
        "distance_units": QgsUnitTypes.encodeUnit(project.distanceUnits()),
        "area_units": QgsUnitTypes.encodeUnit(project.areaUnits()),
        "author": meta.author(),
        "abstract": meta.abstract(),
        "md_title": meta.title(),
        "measurements": _measure(project),
        "renders": [_render(project, r) for r in renders],
        "layer_ids": {la.id(): la.name() for la in project.mapLayers().values()},
        "title": project.title(),
        "groups": [g.name() for g in root.findGroups()],
        "group_layers": {
            g.name(): [n.layer().name() for n in g.findLayers() if n.layer() is not None]
            for g in root.findGroups()
        },
        "custom_order": bool(root.hasCustomLayerOrder()),
        "render_order": [la.name() for la in root.layerOrder()],
        "layers": [
            {
                "name": la.name(),
                "valid": la.isValid(),
                "source": la.source(),
                "crs": la.crs().authid(),
                "feature_count": la.featureCount() if la.isValid() else None,
                **(_renderer_info(la) if la.isValid() else {}),
            }
            for la in project.mapLayers().values()
        ],
        "messages": list(messages),
    }


def main() -> dict[str, Any]:
    with open(sys.argv[1], encoding="utf-8") as fh:
        spec = json.load(fh)
    from qgis.core import Qgis, QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    messages: list[str] = []

    def collect(message: str, tag: str, level: Any) -> None:
        if level >= Qgis.Warning:
            messages.append(f"[{tag}] {message}")

    QgsApplication.messageLog().messageReceived.connect(collect)
    try:  # GDAL's own warnings (e.g. on an unsupported GeoPackage version) bypass QGIS' log
        from osgeo import gdal

        def gdal_handler(err_class: int, err_no: int, message: str) -> None:
            if err_class >= gdal.CE_Warning:
                messages.append(f"[GDAL {err_class}/{err_no}] {message}")

        gdal.PushErrorHandler(gdal_handler)
        gdal_version = gdal.__version__
    except ImportError:  # python3-gdal comes with python3-qgis; stderr is checked as well
        gdal_version = None
    result: dict[str, Any] = {
        "qgis": Qgis.QGIS_VERSION,
        "gdal": gdal_version,
        "geopackages": {},
        "shapefiles": {},
    }
    for gpkg, names in spec["geopackages"].items():
        result["geopackages"][gpkg] = {
            name: _open(f"{gpkg}|layername={name}", name, messages) for name in names
        }
    for path in spec["shapefiles"]:
        name = os.path.splitext(os.path.basename(path))[0]
        result["shapefiles"][name] = _open(path, name, messages, default_metadata=True)

    result["files"] = {}
    for path in spec.get("files", []):
        result["files"][path] = _open(path, os.path.basename(path), messages)
    if spec.get("project"):
        result["project"] = _project(spec["project"], messages, spec.get("renders", []))
    return result


if __name__ == "__main__":
    try:
        out = main()
    except Exception as exc:  # report, so that the test shows what went wrong
        import traceback

        out = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    os._exit(0)
