"""A catalogue layer: one row per catalogue record, the columns :data:`CATALOGUE_COLUMNS`.

The geometry comes from :mod:`layers._geometry`, the measures from :mod:`layers._measure`.
A layer is an entry of ``vocab.toml``; no module is needed per layer.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.catalogue import Catalogue, load_catalogue
from geo.errors import ParameterError
from geo.measure import STORAGE_CRS
from layers._geometry import coord_source, project_geometry
from layers._measure import add_measures
from layers._sections import reference_lines

__all__ = ["CATALOGUE_COLUMNS", "catalogue_layer"]

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
                "coord_source": coord_source(p, places),
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
    add_measures(gdf, geometry_type=geometry_type)
    return gdf
