"""Tiny density inputs built in code, shared by the tests of geo.density's modules.

The OSM fixtures are tests/data/osm (see its README); the catalogue lines are made up
for the tests, placed relative to them.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo import density, network
from geo.measure import LENGTH_CRS

__all__ = [
    "BESIDE_NEW",
    "MX",
    "MY",
    "NO_PROJECTS",
    "OSM",
    "OX",
    "OY",
    "SHARED",
    "line_frame",
    "osm_network",
    "project_catalogue",
    "table_row",
]

OSM = Path(__file__).parent / "data" / "osm"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "osm"
NO_PROJECTS = gpd.GeoDataFrame(geometry=[], crs=4326)
# Changfeng County (rail fixture) and Lujiang County (motorway fixture), EPSG:4548 metres
OX, OY = 518457.0, 3567790.0
MX, MY = 528533.0, 3460110.0
BESIDE_NEW = 10.0 - 5.0 - np.sqrt(2.0**2 - 1.0**2)


def line_frame(coords_list, *, mode="rail", crs=LENGTH_CRS, ids=None):
    """Lines of one ``mode`` from coordinate lists (``crs`` default EPSG:4548 metres)."""
    ids = ids or [f"l{i}" for i in range(len(coords_list))]
    return gpd.GeoDataFrame(
        {"id": ids, "mode": mode, "kind": ""},
        geometry=[shapely.LineString(c) for c in coords_list],
        crs=crs,
    )


def osm_network() -> gpd.GeoDataFrame:
    """The rail tracks and the motorway pair of tests/data/osm, one network."""
    rail = network.load_network(OSM / "rail_tracks.osm")
    road = network.load_network(OSM / "motorway_pair.osm")
    return gpd.GeoDataFrame(pd.concat([rail, road], ignore_index=True), crs=4326)


def table_row(result: density.DensityResult, scenario: str, area_id: str) -> pd.Series:
    """The row of ``result.table`` of one scenario and area."""
    t = result.table
    return t[(t["scenario"] == scenario) & (t["area_id"] == area_id)].iloc[0]


def project_catalogue() -> gpd.GeoDataFrame:
    """Catalogue lines placed against the OSM fixtures, one per rule of the scenarios."""
    to_ll = pyproj.Transformer.from_crs(LENGTH_CRS, 4326, always_xy=True)

    def ll(points):
        return shapely.LineString([to_ll.transform(x, y) for x, y in points])

    rows = [
        # new corridor 10 km long, 15 km east of the fixture tracks, in construction
        (
            "new_far",
            "high_speed_rail",
            "in_construction",
            None,
            "",
            [(OX + 15000, OY - 5000), (OX + 15000, OY + 5000)],
        ),
        # widening of the motorway: no new length
        ("widen", "expressway", "upgrade", None, "way/2001", [(MX - 3000, MY), (MX + 3000, MY)]),
        # schematic line 1 km beside track 1001 for 5 km, then 5 km on; the corridor reaches
        # sqrt(2^2 - 1^2) = 1.732 km past the track's end: 3.268 km new
        (
            "beside",
            "intercity_rail",
            "start_construction",
            2025,
            "",
            [(OX - 2500, OY + 1000), (OX + 7500, OY + 1000)],
        ),
        # preparatory but due by 2025, crossing the tracks at right angles, > 2 km from any
        # parallel line: 6 km, all new
        (
            "cross",
            "suburban_rail",
            "preparatory",
            2025,
            "",
            [(OX + 2200, OY - 5000), (OX + 2200, OY + 1000)],
        ),
        # proposed: duplicates new_far (same corridor), adds nothing
        (
            "dup_far",
            "high_speed_rail",
            "proposed",
            None,
            "",
            [(OX + 15500, OY - 5000), (OX + 15500, OY + 5000)],
        ),
        # proposed expressway 4 km, new
        ("new_expr", "expressway", "proposed", 2030, "", [(MX, MY + 5000), (MX + 4000, MY + 5000)]),
        # an existing record: counted by the network, never added
        ("old", "high_speed_rail", "existing", None, "", [(OX - 9000, OY), (OX - 7000, OY)]),
        # trunk road in construction: its own class
        (
            "trunk",
            "trunk_road",
            "in_construction",
            None,
            "",
            [(MX, MY - 5000), (MX + 2000, MY - 5000)],
        ),
    ]
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "kind": [r[1] for r in rows],
            "status": [r[2] for r in rows],
            "target_year": pd.array([r[3] for r in rows], dtype="Int64"),
            "replaces": [r[4] for r in rows],
            "name_zh": [r[0] for r in rows],
            "name_en": [r[0] for r in rows],
        },
        geometry=[ll(r[5]) for r in rows],
        crs=4326,
    )
