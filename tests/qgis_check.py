"""Open the exports in Debian's QGIS and report, as JSON, what QGIS sees.

Run by ``tests/test_qgis.py`` with the system Python that has ``python3-qgis``::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_check.py SPEC.json

``SPEC.json`` holds ``{"geopackages": {path: [layer names]}, "shapefiles":
[paths], "project": path}``. The script prints one JSON object on stdout and
ends with ``os._exit(0)``: QGIS may crash while tearing down after the work is
done, which must not lose the result. It asserts nothing itself; the test does.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def _symbol_info(symbol: Any) -> dict[str, Any]:
    layer = symbol.symbolLayer(0)
    props = layer.properties()
    return {
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
    return info


def _open(uri: str, name: str, messages: list[str]) -> dict[str, Any]:
    from qgis.core import QgsVectorLayer

    del messages[:]
    layer = QgsVectorLayer(uri, name, "ogr")
    info: dict[str, Any] = {"uri": uri, "valid": layer.isValid()}
    if layer.isValid():
        fields = layer.fields().names()
        info.update(
            {
                "crs": layer.crs().authid(),
                "feature_count": layer.featureCount(),
                "fields": fields,
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


def _project(path: str, messages: list[str]) -> dict[str, Any]:
    from qgis.core import QgsProject

    del messages[:]
    project = QgsProject.instance()
    ok = project.read(path)
    root = project.layerTreeRoot()
    return {
        "read": bool(ok),
        "error": project.error(),
        "crs": project.crs().authid(),
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
        result["shapefiles"][name] = _open(path, name, messages)

    if spec.get("project"):
        result["project"] = _project(spec["project"], messages)
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
