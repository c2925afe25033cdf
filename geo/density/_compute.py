"""Rail and expressway density per scenario and area: :func:`compute`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from numpy.typing import NDArray

from geo.density._inputs import (
    CatalogueInput,
    areas_frame,
    catalogue_frame,
    network_frame,
    network_subsets,
    rules_of,
    tolerance_mode,
)
from geo.density._kernel import lengths_in_polygons
from geo.density._params import (
    CATALOGUE_STEP_M,
    CORRIDOR_TOLERANCE_M,
    DEDUP_STEP_M,
    DEDUP_TOLERANCE_M,
    PARALLEL_ANGLE_DEG,
)
from geo.density._projects import project_rows
from geo.density._result import DensityResult, rounded
from geo.density._routes import cut_pieces, explode, novel_pieces, ranked_route_pieces, seg_length
from geo.density._tables import scenario_rows
from geo.density.scenarios import (
    DATED_SCENARIOS,
    SCENARIOS,
    TIERS,
    TODAY,
    YearDensity,
    first_year_key,
    target_timeline,
)
from geo.errors import ParameterError
from geo.measure import LENGTH_CRS, STORAGE_CRS
from geo.network import class_order
from geo.targets import HEFEI_PLAN, Targets

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["compute"]

logger = logging.getLogger(__name__)


def compute(
    network: gpd.GeoDataFrame | str | Path | None = None,
    *,
    catalogue: CatalogueInput = None,
    areas: gpd.GeoDataFrame | None = None,
    targets: Targets | None = None,
    length_crs: pyproj.CRS | None = None,
    engine: str = "local",
    client: Client | None = None,
) -> DensityResult:
    """Rail and expressway density per scenario and area, against the plan's targets.

    Parameters
    ----------
    network : GeoDataFrame, optional
        The existing network from :func:`geo.network.load_network` (lines
        with a CRS and a ``mode`` column); default: the embedded reference.
        Optional year columns ``opened``, ``opened_by``, ``opened_after`` date the
        lines for the ``2020``/``2025`` scenarios (:func:`geo.density.scenarios.opening_state`);
        without them every line is undated there. An empty frame gives zeros and a note.
    catalogue : Catalogue or GeoDataFrame, optional
        The plan's projects: a :class:`geo.catalogue.Catalogue`, or a frame of
        catalogue lines with ``id``, ``kind``, ``status``, ``target_year``,
        ``replaces`` and optional ``realised_by`` (existing-network ids joined by
        ``"; "``: the record is part of today's network and adds nothing), as from
        ``layers.load("rail")``/``layers.load("highway")``; default:
        ``geo/data/catalogue``. An empty frame means "no projects". Lines of
        precision ``indicative`` (route unknown) are left out.
    areas : GeoDataFrame, optional
        Polygons with a CRS, with ``adcode`` or ``id`` and optional ``name_zh``,
        ``name_en``; default Hefei and its nine county-level units. Areas may
        overlap: each gets the full length inside it.
    targets : geo.targets.Targets, optional
        Density targets; default Hefei's plan (:data:`geo.targets.HEFEI_PLAN`).
    length_crs : pyproj.CRS, optional
        Projected CRS (metres) lengths are measured in; default EPSG:4548 (CM 117°E).
        For areas far from 117°E pass :func:`geo.areas.length_crs_for` of them.
    engine : {"local", "dask"}
        ``"dask"`` de-duplicates and measures the existing network on Dask, in row
        partitions and spatial tiles (``geo.density._dask``; extra ``dask``); the
        network may then also be the path of a vector file with a ``mode`` column,
        read in partitions. Same totals as ``"local"``.
    client : distributed.Client, optional
        With ``engine="dask"``: the cluster to run on; default Dask's local threads.

    Returns
    -------
    DensityResult
        Lengths in km (``length_crs``), areas in km² (equal-area).
    """
    tg = HEFEI_PLAN if targets is None else targets
    lcrs = LENGTH_CRS if length_crs is None else pyproj.CRS.from_user_input(length_crs)
    if engine not in ("local", "dask"):
        raise ParameterError(f"engine={engine!r} is not known; use 'local' or 'dask'")
    dask_net = None
    if engine == "dask" and network is not None:
        net, source = gpd.GeoDataFrame({"id": [], "cls": []}, geometry=[], crs=STORAGE_CRS), ""
    else:
        net, source = network_frame(network)
    rules = rules_of(catalogue)
    cat = catalogue_frame(catalogue)
    area = areas_frame(areas)
    notes: list[str] = []

    area_m = area.to_crs(lcrs)
    polys = list(area_m.geometry.values)
    xmin, ymin, xmax, ymax = area_m.total_bounds
    pad = max(CORRIDOR_TOLERANCE_M.values()) + 1000.0

    net_m = net.to_crs(lcrs)
    if engine == "dask" and network is not None:
        from geo.density._dask import measure_network

        cat_b = cat.to_crs(lcrs).total_bounds if len(cat) else None
        cpad = max(CORRIDOR_TOLERANCE_M.values()) + 1000.0
        dask_net = measure_network(
            network,
            polys=polys,
            bounds=(xmin - pad, ymin - pad, xmax + pad, ymax + pad),
            length_crs=lcrs,
            tolerance=dict(DEDUP_TOLERANCE_M),
            step=DEDUP_STEP_M,
            max_angle_deg=PARALLEL_ANGLE_DEG,
            near=None if cat_b is None else (*(cat_b[:2] - cpad), *(cat_b[2:] + cpad)),
            wanted_ids=frozenset(
                str(i).strip()
                for col in ("replaces", "realised_by")
                if col in cat
                for v in cat[col].dropna()
                for i in str(v).split(";")
            ),
            client=client,
        )
        net, net_m, source = dask_net.near, dask_net.near, dask_net.source
    if len(net_m):
        b = net_m.geometry.bounds
        near = (
            (b.minx <= xmax + pad)
            & (b.maxx >= xmin - pad)
            & (b.miny <= ymax + pad)
            & (b.maxy >= ymin - pad)
        )
        net_m = net_m[near.to_numpy()].reset_index(drop=True)

    net_cls = set(net_m["cls"]) if dask_net is None else set(dask_net.classes)
    classes = sorted(net_cls | set(cat["cls"]) | {"rail", "expressway"}, key=class_order)
    cls_index = {c: i for i, c in enumerate(classes)}

    all_seg: list[NDArray[np.float64]] = []
    all_grp: list[NDArray[np.int64]] = []
    # 1. existing network, de-duplicated per class once, earliest-opened lines ranked first,
    # and measured per line: every dated subset (geo.density.scenarios) is then a sum of lines
    subsets, years = network_subsets(net_m)
    n_lines = len(net_m)
    rank_year = first_year_key(net_m)
    for c in classes if dask_net is None else ():
        sel = (net_m["cls"] == c).to_numpy()
        lines = net_m[sel]
        pieces, part_row = ranked_route_pieces(
            lines, rank_year[sel], tol=DEDUP_TOLERANCE_M[tolerance_mode(c)]
        )
        all_seg.append(pieces.seg)
        all_grp.append(np.flatnonzero(sel)[part_row[pieces.part]].astype(np.int64))
        if len(lines):
            logger.info(
                "%s: %.1f km of lines, %.1f km of route",
                c,
                float(shapely.length(lines.geometry.values).sum()) / 1000,
                seg_length(pieces.seg).sum() / 1000,
            )
    set_index = {name: mask for name, mask in subsets}
    line_cls = np.array([cls_index[c] for c in net_m["cls"]], dtype=np.int64)
    n_cls = len(classes)

    # 2. catalogue lines: new route length beyond the existing corridors
    cat_m = cat.to_crs(lcrs) if len(cat) else cat
    net_ids = set(net["id"]) if dask_net is None else dask_net.ids
    prows, steps, cat_notes = project_rows(cat_m, rules, net_ids=net_ids)
    notes.extend(cat_notes)
    n_rec = len(prows)
    base = n_lines
    if n_rec:
        cat_parts, cat_row = explode(cat_m)
        cp = cut_pieces(cat_parts, CATALOGUE_STEP_M)
        all_seg.append(cp.seg)
        all_grp.append(base + cat_row[cp.part])
    for c in classes:
        idx = [k for k in range(n_rec) if prows[k]["road_class"] == c and steps[k] is not None]
        if not idx:
            continue
        novel, pieces, owner = novel_pieces(
            cat_m.iloc[idx],
            [int(steps[k] or 0) for k in idx],
            net_m[net_m["cls"] == c],
            tol=CORRIDOR_TOLERANCE_M[tolerance_mode(c)],
        )
        rec_of = np.asarray(idx, dtype=np.int64)[owner]
        all_seg.append(pieces.seg[novel])
        all_grp.append(base + n_rec + rec_of[novel])

    # 3. lengths inside each area, all groups in one pass
    seg = np.concatenate(all_seg) if all_seg else np.empty((0, 4))
    grp = np.concatenate(all_grp) if all_grp else np.empty(0, dtype=np.int64)
    km = lengths_in_polygons(seg, polys, groups=grp, n_groups=base + 2 * n_rec) / 1000.0

    per_line = km[:, :n_lines]

    def net_set(name: str) -> NDArray[np.float64]:
        """Route km per area (rows) and class (columns) of one subset of the network."""
        out = np.zeros((len(area), n_cls))
        if dask_net is not None:
            for c, v in dask_net.sums[name].items():
                out[:, cls_index[c]] = v / 1000.0
            return out
        mask = set_index[name]
        for ci in range(n_cls):
            out[:, ci] = per_line[:, mask & (line_cls == ci)].sum(axis=1)
        return out

    net_km = net_set(TODAY)
    rec_len = km[:, base : base + n_rec]
    rec_new = km[:, base + n_rec :]

    for k, row in enumerate(prows):
        row["length_in_area_km"] = rounded(rec_len[0, k])
        row["new_route_km"] = rounded(rec_new[0, k])
    if net.empty if dask_net is None else dask_net.n_lines == 0:
        notes.append("the network is empty: every existing length is 0")
    for c in ("rail", "expressway"):
        if c not in (set(net["cls"]) if dask_net is None else net_cls):
            notes.append(f"the network has no {c} lines: existing {c} length is 0")
        elif net_km[:, cls_index[c]].sum() == 0:
            notes.append(
                f"none of the network's {c} lines lies inside any area: existing {c} length is 0"
            )
    if dask_net is not None:
        years = dask_net.years
    if (len(net_m) if dask_net is None else dask_net.n_lines) and not years:
        notes.append(
            "the network has no opening years ('opened'/'opened_by'): the dated scenarios "
            f"({', '.join(DATED_SCENARIOS)}) count no line and report every line as undated"
        )

    # 4. scenario tables
    rec_step = np.array([s if s is not None else 99 for s in steps], dtype=np.int64)
    rec_cls = np.array([cls_index[r["road_class"]] for r in prows], dtype=np.int64)
    trows: list[dict[str, object]] = []
    rrows: list[dict[str, object]] = []
    zero = np.zeros_like(net_km)
    for s in SCENARIOS:
        if s in DATED_SCENARIOS:
            by_cls = net_set(f"open:{DATED_SCENARIOS[s]}").copy()
            undated = net_set(f"undated:{DATED_SCENARIOS[s]}")
        else:
            by_cls, undated = net_km.copy(), zero
            if s != TODAY:
                tier = TIERS.index(s)
                for kk in np.flatnonzero(rec_step <= tier):
                    by_cls[:, rec_cls[kk]] += rec_new[:, kk]
        t_rows, r_rows = scenario_rows(
            s, by_cls, undated, area=area, classes=classes, cls_index=cls_index, targets=tg
        )
        trows += t_rows
        rrows += r_rows

    # 5. did the city and each unit reach the targets, and from which year
    history: dict[tuple[str, str], list[YearDensity]] = {}
    never: dict[tuple[str, str], float] = {}
    for a in range(len(area)):
        aid = str(area["area_id"].iloc[a])
        for c in ("rail", "expressway"):
            ci = cls_index[c]
            history[(aid, c)] = [
                YearDensity(
                    year=y,
                    open_km=float(net_set(f"open:{y}")[a, ci]),
                    undated_km=float(net_set(f"undated:{y}")[a, ci]),
                )
                for y in years
            ]
            never[(aid, c)] = float(net_set("undated")[a, ci])
    table = pd.DataFrame(trows)
    timeline = target_timeline(
        table,
        history,
        targets={"rail": tg.rail_per_10k_km2, "expressway": tg.expressway_per_100_km2},
        no_year_km=never,
    )
    for n in notes:
        logger.warning("%s", n)
    params = {
        "length_crs": f"EPSG:{lcrs.to_epsg()} ({lcrs.name})",
        "area_crs": "Albers equal-area, standard parallels 25N/47N, CM 117E (GRS80)",
        "dedup_step_m": DEDUP_STEP_M,
        "dedup_tolerance_m": dict(DEDUP_TOLERANCE_M),
        "parallel_angle_deg": PARALLEL_ANGLE_DEG,
        "corridor_tolerance_m": dict(CORRIDOR_TOLERANCE_M),
        "gap": "target km minus actual km; positive is a shortfall",
    }
    return DensityResult(
        table=table,
        road_classes=pd.DataFrame(rrows),
        projects=pd.DataFrame(
            prows,
            columns=[
                "id",
                "name_zh",
                "name_en",
                "mode",
                "road_class",
                "status",
                "target_year",
                "scenario",
                "role",
                "replaces",
                "realised_by",
                "length_in_area_km",
                "new_route_km",
            ],
        ),
        network_source=source,
        notes=tuple(notes),
        parameters=params,
        timeline=timeline,
        targets=tg,
    )
