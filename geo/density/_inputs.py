"""The density's inputs as frames it can measure: the network, the catalogue, the areas.

Each adapter checks its input and refuses a wrong one with a
:class:`geo.errors.ParameterError` that names the parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from geo.catalogue import INDICATIVE, Catalogue
from geo.density._params import DEDUP_TOLERANCE_M
from geo.density._rules import DensityRules, density_rules
from geo.density.scenarios import DATED_SCENARIOS, TODAY, change_years, opening_state
from geo.errors import ParameterError
from geo.measure import STORAGE_CRS, area_km2, require_crs, to_storage_crs
from geo.network import load_network

__all__ = [
    "CatalogueInput",
    "areas_frame",
    "catalogue_frame",
    "network_frame",
    "network_subsets",
    "rules_of",
    "subset_mask",
    "subset_names",
    "tolerance_mode",
]

CatalogueInput: TypeAlias = Catalogue | gpd.GeoDataFrame | None
"""What :func:`geo.density.compute` takes as ``catalogue``."""


def rules_of(catalogue: CatalogueInput) -> DensityRules:
    """Status tiers and kind classes from the catalogue's vocabulary (vocab.toml)."""
    return density_rules(catalogue.vocab if isinstance(catalogue, Catalogue) else None)


def tolerance_mode(cls: str) -> str:
    """Return the mode whose tolerances apply to a class: ``rail``, ``expressway`` or ``road``."""
    return cls if cls in ("rail", "expressway") else "road"


def network_frame(network: gpd.GeoDataFrame | None) -> tuple[gpd.GeoDataFrame, str]:
    if network is None:
        network = load_network()
    if not isinstance(network, gpd.GeoDataFrame):
        raise ParameterError(
            f"network={type(network).__name__!r} is not a GeoDataFrame; pass the result of "
            "geo.network.load_network()"
        )
    require_crs(network, name="network")
    if "mode" not in network.columns:
        raise ParameterError(
            f"network has no 'mode' column (columns: {list(network.columns)!r}); load it with "
            "geo.network.load_network(), which adds mode rail/expressway/road"
        )
    gdf = network.copy()
    if "kind" not in gdf.columns:
        gdf["kind"] = ""
    if "id" not in gdf.columns:
        gdf["id"] = [f"line/{i}" for i in range(len(gdf))]
    gdf["kind"] = gdf["kind"].fillna("").astype(str)
    gdf["id"] = gdf["id"].astype(str)
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    gdf = gdf[gdf.geom_type.isin(("LineString", "MultiLineString"))]
    bad = sorted(set(gdf["mode"].astype(str)) - set(DEDUP_TOLERANCE_M))
    if bad:
        raise ParameterError(f"network column 'mode' holds {bad!r}; use rail, expressway or road")
    mode, kind = gdf["mode"].to_numpy(dtype=object), gdf["kind"].to_numpy(dtype=object)
    # a road's class is its kind (or "road"), any other line's its mode; no loop over rows
    gdf["cls"] = np.where(mode == "road", np.where(kind != "", kind, "road"), mode)
    described = network.attrs.get("source")
    if not described:
        n_src = gdf["source"].nunique() if "source" in gdf else 0
        described = f"{len(gdf)} lines given by the caller ({n_src} distinct 'source' values)"
    return gdf.reset_index(drop=True), str(described)


def subset_names(years: Iterable[int]) -> list[str]:
    """Name the line subsets measured, for the network's change ``years``.

    ``today`` (all lines), ``open:<year>`` and ``undated:<year>`` for the dated
    scenarios and every year in ``years``, and ``undated`` (no opening year).
    """
    names = [TODAY]
    for year in sorted(set(years) | set(DATED_SCENARIOS.values())):
        names += [f"open:{year}", f"undated:{year}"]
    return [*names, "undated"]


def subset_mask(net: pd.DataFrame, name: str) -> NDArray[np.bool_]:
    """Return which lines of ``net`` are in the subset ``name`` (:func:`subset_names`)."""
    if name == TODAY:
        return np.ones(len(net), dtype=bool)
    if name == "undated":
        opened = net["opened"] if "opened" in net.columns else pd.Series(np.nan, index=net.index)
        values = pd.to_numeric(opened, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        return np.isnan(values)
    kind, year = name.split(":")
    is_open, undated = opening_state(net, int(year))
    return is_open if kind == "open" else undated


def network_subsets(
    net: gpd.GeoDataFrame,
) -> tuple[list[tuple[str, NDArray[np.bool_]]], list[int]]:
    """Return the line subsets measured and the years the network changes (ascending).

    Subsets: :func:`subset_names` of those years, each with its mask (:func:`subset_mask`).
    """
    years = change_years(net, until=10_000)
    return [(name, subset_mask(net, name)) for name in subset_names(years)], years


def catalogue_frame(catalogue: CatalogueInput) -> gpd.GeoDataFrame:
    """Catalogue rail + highway lines with ``mode`` and ``cls`` columns, EPSG:4326."""
    import layers

    rules = rules_of(catalogue)
    if catalogue is None or isinstance(catalogue, Catalogue):
        frames = [layers.load(name, catalogue=catalogue) for name in rules.layers]
        cat = pd.concat(frames, ignore_index=True)
        cat = gpd.GeoDataFrame(cat, geometry="geometry", crs=STORAGE_CRS)
    elif isinstance(catalogue, gpd.GeoDataFrame):
        cat = to_storage_crs(catalogue, name="catalogue").copy()
    else:
        raise ParameterError(
            f"catalogue={type(catalogue).__name__!r} is not a Catalogue or GeoDataFrame; pass "
            "geo.catalogue.load_catalogue(), a frame of catalogue lines, or None for the default"
        )
    if "precision" in cat.columns:
        # An indicative line shows where a project is, not its route: it adds no length.
        cat = cat[cat["precision"].astype(str) != INDICATIVE].reset_index(drop=True)
    if cat.empty:
        cols = [
            "id",
            "status",
            "kind",
            "replaces",
            "name_zh",
            "name_en",
            "target_year",
            "realised_by",
            "mode",
            "cls",
        ]
        return gpd.GeoDataFrame({c: [] for c in cols}, geometry=[], crs=STORAGE_CRS)
    for col in ("id", "status", "kind"):
        if col not in cat.columns:
            raise ParameterError(
                f"catalogue has no {col!r} column (columns: {list(cat.columns)!r}); pass "
                "layers.load('rail') / layers.load('highway') frames"
            )
    for col in ("replaces", "name_zh", "name_en"):
        if col not in cat.columns:
            cat[col] = ""
        cat[col] = cat[col].fillna("").astype(str)
    # realised_by (CONTRACTS B): existing-network ids joined by "; ", or a list; absent = none
    if "realised_by" not in cat.columns:
        cat["realised_by"] = ""
    cat["realised_by"] = [
        "; ".join(str(i) for i in v)
        if isinstance(v, list | tuple)
        else ("" if pd.isna(v) else str(v))
        for v in cat["realised_by"]
    ]
    if "target_year" not in cat.columns:
        cat["target_year"] = pd.array([pd.NA] * len(cat), dtype="Int64")
    mode_cls = [rules.mode_class(kind) for kind in cat["kind"].astype(str)]
    cat["mode"], cat["cls"] = [m for m, _ in mode_cls], [c for _, c in mode_cls]
    keep = (cat["cls"] != "") & cat.geom_type.isin(("LineString", "MultiLineString"))
    return cat[keep].reset_index(drop=True)


def areas_frame(areas: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    from geo import admin

    if areas is None:
        areas = pd.concat([admin.boundary(), admin.counties()], ignore_index=True)
        areas = gpd.GeoDataFrame(areas, geometry="geometry", crs=STORAGE_CRS)
    if not isinstance(areas, gpd.GeoDataFrame):
        raise ParameterError(f"areas={type(areas).__name__!r} is not a GeoDataFrame of polygons")
    require_crs(areas, name="areas")
    if areas.empty:
        raise ParameterError("areas is empty; pass at least one polygon, or None for Hefei")
    ok = areas.geom_type.isin(("Polygon", "MultiPolygon"))
    if not ok.all():
        bad = sorted(set(areas.geom_type[~ok].astype(str)))
        raise ParameterError(f"areas holds {bad!r} geometries; every area must be a (Multi)Polygon")
    out = gpd.GeoDataFrame(geometry=areas.geometry.values, crs=areas.crs)
    if "adcode" in areas.columns:
        out["area_id"] = areas["adcode"].astype(str).to_numpy()
    elif "id" in areas.columns:
        out["area_id"] = areas["id"].astype(str).to_numpy()
    else:
        out["area_id"] = [str(i) for i in areas.index]
    for col in ("name_zh", "name_en"):
        out[col] = areas[col].fillna("").astype(str).to_numpy() if col in areas else out["area_id"]
    if out["area_id"].duplicated().any():
        raise ParameterError(
            f"areas ids are not unique: {sorted(out['area_id'][out['area_id'].duplicated()])!r}; "
            "give each area its own 'id'"
        )
    valid = shapely.make_valid(out.geometry.values)
    out = out.set_geometry(gpd.GeoSeries(valid, crs=areas.crs))
    out["area_km2"] = area_km2(out.geometry)
    return out
