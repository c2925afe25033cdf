"""Layers as GeoDataFrames: one geometry type each, the documented columns, honest measures."""

import pytest

import layers
from geo.measure import STORAGE_CRS
from layers import CATALOGUE_COLUMNS


def test_every_layer_has_one_geometry_type_and_the_columns(mini_catalogue):
    built = layers.load_all(catalogue=mini_catalogue)
    assert list(built)[:2] == ["boundary", "counties"]
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
