"""The data behind the maps, written beside them so that every map can link it.

:func:`write_downloads` writes into ``<maps folder>/downloads/``:

* ``<map>.geojson``: the layers of one map in one GeoJSON file (RFC 7946:
  WGS84, lon/lat), each feature with its ``layer``, and the same properties
  as the popups;
* ``<layer>.geojson``: every catalogue layer and the existing network alone;
* ``hefei_plan.gpkg``: a copy of the GeoPackage (every layer, styled), and
* ``density.csv``: a copy of the density table,

the last two copied from the data folder the build wrote (``data_dir``) when
they are there. Files are written atomically and deterministically (same input,
same bytes). :func:`links` names the files a map of some layers links to.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from geo._io import write_atomic

__all__ = ["DENSITY_CSV", "DOWNLOADS_DIR", "GEOPACKAGE", "links", "write_downloads"]

logger = logging.getLogger(__name__)

DOWNLOADS_DIR = "downloads"
"""Sub-folder of the maps folder holding the downloads."""

GEOPACKAGE = "hefei_plan.gpkg"
"""File name of the GeoPackage (as :mod:`geo.export` writes it)."""

DENSITY_CSV = "density.csv"
"""File name of the density table (as :mod:`geo.density` writes it)."""


def _geojson_text(collection: Mapping[str, Any], name: str) -> str:
    doc = {"type": "FeatureCollection", "name": name, "features": collection["features"]}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_downloads(
    out_dir: Path,
    collections: Mapping[str, Mapping[str, Any]],
    *,
    maps: Mapping[str, Sequence[str]] | None = None,
    data_dir: Path | None = None,
) -> list[Path]:
    """Write the downloads into ``out_dir / "downloads"``.

    Parameters
    ----------
    out_dir : Path
        The maps folder.
    collections : mapping of str to GeoJSON FeatureCollection
        Layer name → features in WGS84 (lon, lat), as prepared for the main map.
    maps : mapping of str to sequence of str, optional
        File stem of a map → the layers it draws; one combined file each.
    data_dir : Path, optional
        Folder holding ``hefei_plan.gpkg`` and ``density.csv`` (the build's
        data folder); each is copied when present, skipped with a warning when not.

    Returns
    -------
    list of Path
        The files written: the maps' GeoJSON, the layers' GeoJSON, the copies.
    """
    folder = Path(out_dir) / DOWNLOADS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, names in (maps or {}).items():
        features = [
            {**f, "properties": {"layer": name, **f["properties"]}}
            for name in names
            if name in collections
            for f in collections[name]["features"]
        ]
        written.append(
            write_atomic(folder / f"{stem}.geojson", _geojson_text({"features": features}, stem))
        )
    written += [
        write_atomic(folder / f"{name}.geojson", _geojson_text(fc, name))
        for name, fc in collections.items()
    ]
    if data_dir is not None:
        for filename in (GEOPACKAGE, DENSITY_CSV):
            source = Path(data_dir) / filename
            if source.is_file():
                written.append(write_atomic(folder / filename, source.read_bytes()))
            else:
                logger.warning("%s not found; the maps will not link it", source)
    return written


def links(
    layer_names: Sequence[str],
    labels: Mapping[str, tuple[str, str]],
    available: Sequence[str],
    *,
    map_file: str | None = None,
) -> list[dict[str, str]]:
    """Return the downloads a map of ``layer_names`` links to, relative to the page.

    Parameters
    ----------
    layer_names : sequence of str
        Layers drawn on the map, in drawing order.
    labels : mapping of str to (str, str)
        Layer name → (Chinese, English) label.
    available : sequence of str
        File names present in the downloads folder.
    map_file : str, optional
        The map's combined GeoJSON file, listed first.

    Returns
    -------
    list of dict
        ``href``, ``zh``, ``en``, ``format`` per file; the main ones (the
        map's GeoJSON, the GeoPackage, the density CSV) also ``main`` and a
        ``short`` label.
    """
    out = []
    if map_file and map_file in available:
        out.append(
            {
                "href": f"{DOWNLOADS_DIR}/{map_file}",
                "zh": "本图全部图层",
                "en": "this map's layers (WGS84)",
                "format": "GeoJSON",
                "main": "1",
                "short": "this map's layers",
            }
        )
    for name in layer_names:
        filename = f"{name}.geojson"
        if filename in available:
            zh, en = labels.get(name, (name, name))
            out.append(
                {"href": f"{DOWNLOADS_DIR}/{filename}", "zh": zh, "en": en, "format": "GeoJSON"}
            )
    if GEOPACKAGE in available:
        out.append(
            {
                "href": f"{DOWNLOADS_DIR}/{GEOPACKAGE}",
                "zh": "全部图层",
                "en": "every layer, styled for QGIS",
                "format": "GeoPackage",
                "main": "1",
                "short": "every layer",
            }
        )
    if DENSITY_CSV in available:
        out.append(
            {
                "href": f"{DOWNLOADS_DIR}/{DENSITY_CSV}",
                "zh": "路网密度",
                "en": "network density per area and scenario",
                "format": "CSV",
                "main": "1",
                "short": "density",
            }
        )
    return out
