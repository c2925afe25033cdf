"""Network structure with osmnx: graphs from lines, from OSM XML, from a (mocked) download."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import networkx as nx
import pandas as pd
import pytest
import shapely

from geo import admin, netstats, network
from geo._paths import REFERENCE_NETWORK
from geo.errors import CRSError, NetworkSourceError, ParameterError
from geo.measure import LENGTH_CRS

OSM = Path(__file__).parent / "data" / "osm"
OX, OY = 518457.0, 3567790.0


def _stats_row(stats: netstats.NetworkStats, cls: str) -> dict:
    t = stats.table.set_index("network_class")
    return t.loc[cls].to_dict()


def test_graph_from_lines_fixture_counts():
    rail = network.load_network(OSM / "rail_tracks.osm")
    stats = netstats.network_stats(rail)
    r = _stats_row(stats, "rail")
    # ends: track A (= duplicate 1003) 2, track B 2, HSR 2, branch 2; the HSR crosses the
    # tracks on a bridge (no shared node), so nothing joins: 4 components
    assert r["nodes"] == 8
    assert r["edges"] == 5
    assert r["components"] == 4
    assert r["dead_ends"] == 6  # A/1003 ends have two edges each
    assert r["length_km"] == pytest.approx(22.0, abs=0.001)  # raw graph length, not de-duplicated
    assert r["largest_component_length_share"] == pytest.approx(10 / 22, abs=1e-4)
    area = admin.boundary()["area_km2"].iloc[0]
    assert r["area_km2"] == pytest.approx(area, abs=1e-3)
    # osmnx reports metres per km²: converted to km per km² here
    assert r["edge_density_km_per_km2"] == pytest.approx(22.0 / area, rel=1e-6)
    assert r["node_density_per_km2"] == pytest.approx(8 / area, rel=1e-6)
    graph = stats.graphs["rail"]
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.graph["crs"] is not None
    assert all("street_count" in d for _, d in graph.nodes(data=True))


def test_t_junction_splits_the_through_line():
    lines = gpd.GeoDataFrame(
        {"id": ["main", "branch"], "mode": ["rail", "rail"], "kind": ["main", "branch"]},
        geometry=[
            shapely.LineString([(OX, OY), (OX + 1000, OY)]),
            shapely.LineString([(OX + 400, OY + 0.5), (OX + 400, OY + 800)]),
        ],
        crs=LENGTH_CRS,
    )
    graph = netstats.graph_from_lines(lines, snap_m=1.0)
    assert len(graph) == 4
    assert graph.number_of_edges() == 6  # three undirected edges, both ways
    stats = netstats.network_stats(lines)
    r = _stats_row(stats, "rail")
    assert (r["nodes"], r["edges"], r["components"], r["junctions"], r["dead_ends"]) == (
        4,
        3,
        1,
        1,
        3,
    )
    assert r["length_km"] == pytest.approx(1.7995, abs=1e-3)
    # with a tolerance below the gap the branch stays apart
    assert nx.number_weakly_connected_components(netstats.graph_from_lines(lines, snap_m=0.1)) == 2


def test_graph_from_osm_xml():
    graph = netstats.graph_from_osm(OSM / "rail_tracks.osm")
    assert {d["mode"] for _, _, d in graph.edges(data=True)} == {"rail"}
    assert {
        d["osmid"] for _, _, d in graph.edges(data=True) if not isinstance(d["osmid"], list)
    } <= {
        1001,
        1002,
        1003,
        1005,
        1006,
    }
    r = _stats_row(netstats.network_stats(graph), "rail")
    # osmnx keeps every node shared by the two ways 1001/1003: 11 + 2 + 2 + 2 nodes
    assert (r["nodes"], r["edges"], r["components"]) == (17, 23, 4)
    assert r["length_km"] == pytest.approx(22.0, rel=0.005)  # osmnx: great-circle lengths


def test_graph_from_osm_motorway_classes():
    stats = netstats.network_stats(netstats.graph_from_osm(OSM / "motorway_pair.osm"))
    assert list(stats.table["network_class"]) == ["expressway", "trunk", "primary"]
    e = _stats_row(stats, "expressway")
    assert (e["nodes"], e["edges"], e["components"]) == (4, 2, 2)
    assert e["length_km"] == pytest.approx(12.0, rel=0.005)  # both carriageways: raw graph
    doc = stats.to_json_dict()
    assert doc["trunk"]["edges"] == 1
    assert "expressway" in stats.format_table()


def test_graph_from_osm_download_is_mocked(monkeypatch):
    import osmnx as ox

    seen = {}

    def fake(polygon, **kwargs):
        seen.update(kwargs)
        return ox.graph_from_xml(OSM / "motorway_pair.osm", simplify=False, retain_all=True)

    monkeypatch.setattr(ox, "graph_from_polygon", fake)
    graph = netstats.graph_from_osm(None, road_classes=("motorway", "trunk"))
    assert seen["custom_filter"] == ['["railway"="rail"]', '["highway"~"^(motorway|trunk)$"]']
    assert seen["retain_all"] is True
    classes = {d["kind"] for _, _, d in graph.edges(data=True)}
    assert classes == {"motorway", "trunk"}


def test_errors():
    with pytest.raises(NetworkSourceError, match=r"corrupt\.osm"):
        netstats.graph_from_osm(OSM / "corrupt.osm")
    with pytest.raises(NetworkSourceError, match="no railway=rail"):
        netstats.graph_from_osm(OSM / "no_network.osm")
    with pytest.raises(ParameterError, match="neither lines"):
        netstats.network_stats("rail.gpkg")  # type: ignore[arg-type]
    # a single string would become the Overpass filter ^(t|r|u|n|k)$: refused
    with pytest.raises(ParameterError, match=r"road_classes='trunk' is a single string"):
        netstats.graph_from_osm(OSM / "motorway_pair.osm", road_classes="trunk")


@pytest.mark.parametrize("snap_m", [0, -1.0, float("nan")])
def test_snap_tolerance_must_be_positive(snap_m):
    lines = network.load_network(OSM / "rail_tracks.osm")
    with pytest.raises(ParameterError, match=r"snap_m=.* must be positive \(metres\)"):
        netstats.graph_from_lines(lines, snap_m=snap_m)


def test_unclipped_stats_keep_lines_outside():
    outside = network.load_network(OSM / "outside_hefei.osm")
    r = _stats_row(netstats.network_stats(outside, clip=False), "rail")
    assert (r["nodes"], r["edges"], r["components"]) == (2, 1, 1)
    assert r["length_km"] == pytest.approx(2.0, rel=1e-3)


def test_network_outside_gives_empty_table():
    outside = network.load_network(OSM / "outside_hefei.osm")
    stats = netstats.network_stats(outside)
    assert stats.table.empty


@pytest.mark.skipif(
    not REFERENCE_NETWORK.exists(), reason="embedded reference network not written yet"
)
def test_embedded_default_structure():
    stats = netstats.network_stats()
    t = stats.table.set_index("network_class")
    assert {"rail", "expressway"} <= set(t.index)
    assert (t["nodes"] > 0).all() and (t["edges"] > 0).all()
    assert pd.api.types.is_integer_dtype(t["components"])


def test_network_stats_needs_a_crs_and_may_be_in_any():
    rail = network.load_network(OSM / "rail_tracks.osm")
    no_crs = gpd.GeoDataFrame(rail.drop(columns="geometry"), geometry=list(rail.geometry))
    with pytest.raises(CRSError, match=r"'network' has no coordinate reference system"):
        netstats.network_stats(no_crs)
    want = netstats.network_stats(rail).table
    got = netstats.network_stats(rail.to_crs(4548)).table
    pd.testing.assert_frame_equal(got, want, rtol=1e-9)
