"""Layers as GeoDataFrames: one geometry type each, the documented columns, honest measures."""

import numpy as np
import pyproj
import pytest
import shapely

import layers
from geo.admin import boundary
from geo.measure import STORAGE_CRS
from geo.network import NETWORK_COLUMNS, load_network
from layers import CATALOGUE_COLUMNS


def test_every_layer_has_one_geometry_type_and_the_columns(mini_catalogue):
    built = layers.load_all(catalogue=mini_catalogue)
    assert list(built)[:3] == ["boundary", "counties", "existing_network"]
    assert list(built)[3:] == list(mini_catalogue.vocab.layers)
    for name, ldef in mini_catalogue.vocab.layers.items():
        gdf = built[name]
        assert gdf.crs == STORAGE_CRS
        assert list(gdf.columns[: len(CATALOGUE_COLUMNS)]) == list(CATALOGUE_COLUMNS)
        if len(gdf):
            assert set(gdf.geom_type) == {ldef.geometry}, name
        if ldef.geometry == "LineString":
            assert {"length_km", "length_in_hefei_km"} <= set(gdf.columns)
        if ldef.geometry == "Polygon":
            assert "area_km2" in gdf.columns


def test_line_lengths_total_and_inside_hefei(mini_catalogue):
    hwy = layers.load("highway", catalogue=mini_catalogue).set_index("id")
    row = hwy.loc["hwy_hening"]
    # Hefei South to Nanjing: ~144 km great-circle, of which roughly 60-65 km inside Hefei.
    assert row.length_km == pytest.approx(144.1, abs=0.5)
    assert 55 < row.length_in_hefei_km < 70
    rail = layers.load("rail", catalogue=mini_catalogue).set_index("id")
    assert rail.loc["rail_hefei_chaohu"].length_in_hefei_km == pytest.approx(
        rail.loc["rail_hefei_chaohu"].length_km
    )


def test_attributes_trace_to_the_clause(mini_catalogue):
    air = layers.load("airport", catalogue=mini_catalogue).iloc[0]
    assert air.clause == "(68); 专栏11"
    assert air.quote == "加快机场二期建设"
    assert air.status_en == "in construction"
    assert not air.schematic
    assert "test fixture" in air.coord_source


def test_unknown_layer_is_refused(mini_catalogue):
    with pytest.raises(ValueError, match=r"name='railways' is not a layer; use one of boundary"):
        layers.load("railways", catalogue=mini_catalogue)


def test_indicative_line_is_a_stub_without_length(mini_dir):
    from geo.catalogue import load_catalogue

    with (mini_dir / "transport.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[[project]]\nid = "road_s227"\nname_zh = "S227肥东段"\nname_en = "S227"\n'
            'layer = "highway"\nkind = "trunk_road"\nstatus = "in_construction"\n'
            'clause = ["(62)"]\nquote = "S329合六南通道、S327合肥段、S227肥东段等建设"\n'
            'precision = "indicative"\nat = "hefei"\n'
        )
    cat = load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv")
    row = layers.load("highway", catalogue=cat).set_index("id").loc["road_s227"]
    assert row.geometry.geom_type == "LineString"
    assert _geodesic_km(row.geometry) == pytest.approx(4.0, rel=1e-6)  # a 4 km stub
    assert row.geometry.centroid.equals_exact(
        shapely.Point(cat.places["hefei"].lon, cat.places["hefei"].lat), 1e-9
    )
    assert row.length_km != row.length_km  # NaN: not an alignment
    assert row.schematic


def test_stub_needs_indicative_precision(mini_dir):
    from geo.catalogue import load_catalogue
    from geo.errors import CatalogueError

    with (mini_dir / "transport.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[[project]]\nid = "road_x"\nname_zh = "S227肥东段"\nname_en = "S227"\n'
            'layer = "highway"\nkind = "trunk_road"\nstatus = "in_construction"\n'
            'clause = ["(62)"]\nquote = "S329合六南通道、S327合肥段、S227肥东段等建设"\n'
            'precision = "corridor_schematic"\nat = "hefei"\n'
        )
    with pytest.raises(
        CatalogueError, match=r"record 'road_x', field 'at': .*precision 'indicative'"
    ):
        load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv")


def _geodesic_km(geom) -> float:
    """Length on the WGS84 ellipsoid, part by part, with pyproj.Geod directly."""
    geod = pyproj.Geod(ellps="WGS84")
    parts = getattr(geom, "geoms", [geom])
    total = 0.0
    for part in parts:
        if part.is_empty or part.geom_type not in ("LineString", "LinearRing"):
            continue
        lon, lat = zip(*part.coords, strict=True)
        total += float(np.sum(geod.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])[2]))
    return total / 1000.0


def test_existing_network_layer_columns_crs_and_lengths(mini_catalogue):
    net = layers.load("existing_network", catalogue=mini_catalogue)
    reference = load_network()  # the embedded file, whatever --network says elsewhere
    assert net.crs == STORAGE_CRS
    assert set(net.geom_type) == {"LineString"}
    columns = list(net.columns)
    assert columns[: len(NETWORK_COLUMNS) - 1] == list(NETWORK_COLUMNS[:-1])
    assert columns[-3:] == ["length_km", "length_in_hefei_km", "geometry"]
    dates = {"opened", "opened_source", "opened_by", "widened", "widened_source"}
    assert dates | {"via", "note"} <= set(columns)
    for column in ("opened", "opened_by", "widened"):
        assert str(net[column].dtype) == "Int32", column
    assert list(net["id"]) == list(reference["id"]) and net["id"].is_unique
    assert set(net["mode"]) == {"rail", "expressway"}
    assert len(net) == len(reference) > 40
    for column in ("name_zh", "name_en", "ref", "precision", "source"):
        assert list(net[column]) == list(reference[column]), column

    city = boundary().geometry.iloc[0]
    for row in net.itertuples():
        total = _geodesic_km(row.geometry)
        inside = _geodesic_km(shapely.intersection(row.geometry, city))
        assert row.length_km == pytest.approx(total, abs=0.002), row.id
        assert row.length_in_hefei_km == pytest.approx(inside, abs=0.002), row.id
        assert 0 <= row.length_in_hefei_km <= row.length_km + 1e-9, row.id
    by_id = net.set_index("id")
    # geo/data/reference/README.md: 淮南铁路 177.1 km in all, 144.4 km in Hefei (EPSG:4547 there)
    huainan = by_id.loc["rail_huainan_railway"]
    assert huainan["length_km"] == pytest.approx(177.1, rel=0.005)
    assert huainan["length_in_hefei_km"] == pytest.approx(144.4, rel=0.005)
    # a section wholly outside the city measures nothing inside it
    assert by_id.loc["rail_hefei_hangzhou_hsr_chaohu_hanshan", "length_in_hefei_km"] == 0


def test_existing_network_layer_module_matches_the_registry():
    from layers import existing_network

    assert existing_network.NAME in layers.BASE_LAYERS
    assert list(existing_network.load()["id"]) == list(layers.load("existing_network")["id"])
    assert list(existing_network.load()["id"]) == list(layers.load("existing_network")["id"])


_TRAM_LAYER = """
[layer.tram]
geometry = "LineString"
chapter = "transport"
zh = "有轨电车"
en = "Trams"
[layer.tram.kinds]
tram = ["有轨电车", "tram", "#ff7f00"]
"""

_TRAM_PROJECT = """
[[project]]
id = "tram_hefei_chaohu"
name_zh = "合肥-巢湖"
name_en = "Hefei–Chaohu tram"
layer = "tram"
kind = "tram"
status = "planning_study"
clause = ["(58)"]
quote = "加快推进合肥新桥机场S1线、合肥-巢湖、合肥-淮南等市域(郊)铁路项目建设"
precision = "corridor_schematic"
via = ["hefei", "chaohu"]
"""


def test_a_new_layer_is_one_vocab_entry_and_needs_no_module(mini_dir):
    import importlib.util

    from geo.catalogue import load_catalogue

    with (mini_dir / "vocab.toml").open("a", encoding="utf-8") as fh:
        fh.write(_TRAM_LAYER)
    with (mini_dir / "transport.toml").open("a", encoding="utf-8") as fh:
        fh.write(_TRAM_PROJECT)
    cat = load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv")
    assert importlib.util.find_spec("layers.tram") is None  # no module for the layer
    assert layers.layer_names(catalogue=cat)[-1] == "tram"
    tram = layers.load("tram", catalogue=cat)
    assert tram.crs == STORAGE_CRS
    assert list(tram.columns) == [
        *CATALOGUE_COLUMNS,
        "geometry",
        "length_km",
        "length_in_hefei_km",
    ]
    row = tram.iloc[0]
    assert (row.id, row.layer, row.kind_en, row.status_en) == (
        "tram_hefei_chaohu",
        "tram",
        "tram",
        "planning study",
    )
    assert row.via == "合肥站 – 巢湖站"
    expected = _geodesic_km(row.geometry)
    assert expected > 50
    assert row.length_km == pytest.approx(expected, abs=0.002)
    assert "tram" in layers.load_all(catalogue=cat)


def test_every_module_of_layers_is_used_by_load_all():
    """No stubs: loading every layer imports every module of the package, and only those."""
    import pathlib
    import subprocess
    import sys

    package = pathlib.Path(layers.__file__).parent
    modules = {
        "layers",
        *(f"layers.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"),
    }
    code = (
        "import sys, layers\n"
        "from tests.conftest import MINI\n"
        "from geo.catalogue import load_catalogue\n"
        "layers.load_all(catalogue=load_catalogue(MINI, gazetteer=MINI / 'gazetteer.csv'))\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'layers')))\n"
    )
    root = package.parent
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert set(out.stdout.split()) == modules


def test_base_layers_are_one_list():
    from layers import base

    assert layers.BASE_LAYERS == base.BASE_LAYERS == ("boundary", "counties", "existing_network")
    with pytest.raises(ValueError, match=r"name='rail' is not a base layer; use one of boundary"):
        base.load_base("rail")
