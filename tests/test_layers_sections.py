"""Built projects on their real lines, planned lines along corridors, progress fields.

Covers ``realised_by`` / ``along`` / ``progress*`` validation in :mod:`geo.catalogue`,
the section cutting of :mod:`layers._sections` and the columns of
:mod:`layers._catalogue`; the last tests check the real catalogue against OpenStreetMap
(skipped without ``../shared``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point

import layers
from geo import admin
from geo.catalogue import load_catalogue, reference_network_ids
from geo.errors import CatalogueError
from layers._catalogue import CATALOGUE_COLUMNS, catalogue_layer
from layers._sections import network_section, reference_lines
from tests.conftest import require_shared

HEFEI_CENTRE = (117.28083, 31.86389)
"""GeoNames 1808722, the centre point of Hefei (no railway, road or pipeline passes it)."""

_REALISED = """
[[project]]
id = "rail_two_lines"
name_zh = "商合杭铁路(合肥至湖州段)"
name_en = "Test: realised by two lines"
layer = "rail"
kind = "high_speed_rail"
status = "in_construction"
clause = ["(55)", "专栏8"]
quote = "加快建设商合杭铁路、合安九铁路等项目"
precision = "network_section"
via = ["feidong", "chaohu_east"]
realised_by = ["rail_hefei_hangzhou_hsr_feidong_chaohu", "rail_hefei_fuzhou_hsr"]
progress = "built"
progress_year = 2020
progress_source = "Xinhua 2020-06-28"
"""

_ALONG = """
[[project]]
id = "rail_beside"
name_zh = "合肥-淮南"
name_en = "Test: planned beside an existing corridor"
layer = "rail"
kind = "suburban_rail"
status = "in_construction"
clause = ["(58)", "专栏8"]
quote = "加快推进合肥新桥机场S1线、合肥-巢湖、合肥-淮南等市域(郊)铁路项目建设"
precision = "along_corridor"
via = ["feidong", "chaohu_east"]
along = ["rail_hefei_fuzhou_hsr"]
"""

_PLACES = (
    "feidong,肥东站,Feidong,station,117.479907,31.864086,WGS84,300,osm\n"
    "chaohu_east,巢湖东站,Chaohu East,station,117.920455,31.620212,WGS84,100,osm\n"
)


def _with(mini_dir: Path, record: str) -> Path:
    with (mini_dir / "transport.toml").open("a", encoding="utf-8") as fh:
        fh.write(record)
    with (mini_dir / "gazetteer.csv").open("a", encoding="utf-8") as fh:
        fh.write(_PLACES)
    return mini_dir


def _load(directory: Path):
    return load_catalogue(directory, gazetteer=directory / "gazetteer.csv")


def _metres(geom: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs="EPSG:4326").to_crs("EPSG:4548").iloc[0]


# ---------------------------------------------------------------- cutting sections


def test_section_follows_two_lines_and_is_cut_at_the_ends():
    a = LineString([(117.0, 31.0), (117.1, 31.0), (117.2, 31.0)])
    b = LineString([(117.2, 31.0), (117.2, 31.1), (117.2, 31.2)])
    got = network_section([a, b], (117.05, 31.01), (117.21, 31.15))
    assert got.coords[0] == pytest.approx((117.05, 31.0), abs=1e-4)  # within ~10 m
    assert got.coords[-1] == pytest.approx((117.2, 31.15), abs=1e-4)
    # through the junction, not a short cut
    assert _metres(got).distance(_metres(Point(117.2, 31.0))) < 1.0


def test_section_runs_against_a_line_drawn_the_other_way():
    a = LineString([(117.2, 31.0), (117.1, 31.0), (117.0, 31.0)])  # drawn east to west
    b = LineString([(117.2, 31.0), (117.2, 31.2)])
    got = network_section([a, b], (117.0, 31.0), (117.2, 31.2))
    assert [round(x, 6) for x, _ in got.coords][:3] == [117.0, 117.1, 117.2]


def test_place_beyond_the_network_cuts_at_the_line_end():
    a = LineString([(117.0, 31.0), (117.2, 31.0)])
    got = network_section([a], (115.0, 31.0), (117.1, 31.0))
    assert got.coords[0] == pytest.approx((117.0, 31.0))


def test_lines_that_do_not_meet_are_refused():
    a = LineString([(117.0, 31.0), (117.1, 31.0)])
    b = LineString([(117.2, 31.0), (117.3, 31.0)])
    with pytest.raises(ValueError, match=r"'a' and 'b' do not meet \(\d+ m apart"):
        network_section([a, b], (117.0, 31.0), (117.3, 31.0), names=["a", "b"])


# ---------------------------------------------------------------- validation


def test_project_realised_by_two_existing_lines(mini_dir):
    cat = _load(_with(mini_dir, _REALISED))
    gdf = catalogue_layer("rail", catalogue=cat)
    row = gdf.set_index("id").loc["rail_two_lines"]
    assert row["realised_by"] == "rail_hefei_hangzhou_hsr_feidong_chaohu; rail_hefei_fuzhou_hsr"
    assert (row["progress"], row["progress_en"], row["progress_year"]) == ("built", "built", 2020)
    assert row["precision"] == "network_section" and not row["schematic"]
    assert "reference network" in row["coord_source"]
    # its geometry lies on the two reference lines, all the way
    net = reference_lines()
    both = _metres(
        shapely.union(net["rail_hefei_hangzhou_hsr_feidong_chaohu"], net["rail_hefei_fuzhou_hsr"])
    )
    geom = _metres(row.geometry)
    assert geom.difference(both.buffer(5)).length < 1.0
    # and from 肥东 to 巢湖东: about 50 km, not the lines' full length
    assert 45_000 < geom.length < 60_000


def test_planned_project_beside_an_existing_corridor(mini_dir):
    cat = _load(_with(mini_dir, _ALONG))
    row = catalogue_layer("rail", catalogue=cat).set_index("id").loc["rail_beside"]
    assert row["precision"] == "along_corridor" and row["schematic"]
    assert row["realised_by"] is None or row["realised_by"] != row["realised_by"]  # NULL
    assert row["progress"] == "unknown" and row["progress_source"] is None
    corridor = _metres(reference_lines()["rail_hefei_fuzhou_hsr"])
    assert _metres(row.geometry).difference(corridor.buffer(5)).length < 1.0


REFUSED = [
    pytest.param(
        'realised_by = ["rail_hefei_hangzhou_hsr_feidong_chaohu", "rail_hefei_fuzhou_hsr"]',
        'realised_by = ["rail_hefei_hangzhou_hsr_feidong_chaohu", "rail_nowhere"]',
        r"transport\.toml'.*record 'rail_two_lines', field 'realised_by': 'rail_nowhere' is not an"
        r" id of the reference network",
        id="unknown-realised-by",
    ),
    pytest.param(
        'precision = "network_section"',
        'precision = "station_to_station"',
        r"record 'rail_two_lines', field 'precision': a line with 'realised_by' must have "
        r"precision 'network_section'",
        id="realised-needs-network-section",
    ),
    pytest.param(
        'progress = "built"',
        'progress = "under_construction"',
        r"record 'rail_two_lines', field 'progress': .*must have progress 'built'",
        id="realised-must-be-built",
    ),
    pytest.param(
        'progress = "built"',
        'progress = "finished"',
        r"record 'rail_two_lines', field 'progress': 'finished' is not known; use one of built",
        id="unknown-progress",
    ),
    pytest.param(
        'progress_source = "Xinhua 2020-06-28"\n',
        "",
        r"record 'rail_two_lines', field 'progress_source': progress 'built' needs a source",
        id="progress-without-source",
    ),
    pytest.param(
        "progress_year = 2020",
        'progress_year = "2020"',
        r"record 'rail_two_lines', field 'progress_year': expected a year",
        id="progress-year-not-int",
    ),
    pytest.param(
        'realised_by = ["rail_hefei_hangzhou_hsr_feidong_chaohu", "rail_hefei_fuzhou_hsr"]',
        'realised_by = "rail_hefei_fuzhou_hsr"',
        r"record 'rail_two_lines', field 'realised_by': expected a list of existing-network ids",
        id="realised-by-not-a-list",
    ),
    pytest.param(
        'realised_by = ["rail_hefei_hangzhou_hsr_feidong_chaohu", "rail_hefei_fuzhou_hsr"]\n',
        "",
        r"record 'rail_two_lines', field 'realised_by': precision 'network_section' draws",
        id="network-section-needs-realised-by",
    ),
    pytest.param(
        'realised_by = ["rail_hefei_hangzhou_hsr_feidong_chaohu", "rail_hefei_fuzhou_hsr"]',
        'realised_by = ["rail_hefei_hangzhou_hsr_chaohu_hanshan", "rail_shangqiu_hefei_hsr"]',
        r"record 'rail_two_lines', field 'realised_by': lines 'rail_hefei_hangzhou_hsr_chaohu_"
        r"hanshan' and 'rail_shangqiu_hefei_hsr' do not meet",
        id="lines-do-not-join",
    ),
]


@pytest.mark.parametrize(("old", "new", "match"), REFUSED)
def test_bad_realisation_is_refused(mini_dir, old, new, match):
    _with(mini_dir, _REALISED)
    path = mini_dir / "transport.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=match):
        cat = _load(mini_dir)
        catalogue_layer("rail", catalogue=cat)


def test_validate_cli_refuses_an_unknown_realised_by_in_one_line(mini_dir):
    _with(mini_dir, _REALISED.replace('"rail_hefei_fuzhou_hsr"]', '"rail_nowhere"]'))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "validate",
            "--catalogue",
            str(mini_dir),
            "--gazetteer",
            str(mini_dir / "gazetteer.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "error" in ln]
    assert len(lines) == 1, proc.stderr
    assert "transport.toml" in lines[0]
    assert "record 'rail_two_lines'" in lines[0] and "field 'realised_by'" in lines[0]
    assert "'rail_nowhere'" in lines[0]


def test_columns_follow_replaces_in_the_contract_order():
    i = CATALOGUE_COLUMNS.index("replaces")
    assert CATALOGUE_COLUMNS[i + 1 : i + 7] == (
        "realised_by",
        "progress",
        "progress_zh",
        "progress_en",
        "progress_year",
        "progress_source",
    )


# ---------------------------------------------------------------- the real catalogue


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_every_realised_link_names_an_existing_id(catalogue):
    known = reference_network_ids()
    realised = [p for p in catalogue.projects if p.realised_by]
    assert {"shanghehang_north", "shanghehang_south", "he_an_jiu_rail", "hw_mingchao"} <= {
        p.id for p in realised
    }
    for p in catalogue.projects:
        assert set(p.realised_by) <= known, p.id
        assert set(p.along) <= known, p.id
        assert bool(p.realised_by) == (p.precision == "network_section"), p.id
        if p.progress != "unknown":
            assert p.progress_source, p.id


def test_plan_status_is_kept_for_built_projects(catalogue):
    by_id = {p.id: p for p in catalogue.projects}
    # The plan (2020) wrote these as being built; what happened since is in progress.
    for pid in ("shanghehang_north", "shanghehang_south", "he_an_jiu_rail", "hw_mingchao"):
        assert by_id[pid].status == "in_construction", pid
        assert by_id[pid].progress == "built", pid
    assert by_id["shanghehang_north"].progress_year == 2019
    assert by_id["shanghehang_south"].progress_year == 2020


def test_widening_is_drawn_along_its_corridor(catalogue):
    rows = layers.load("highway", catalogue=catalogue).set_index("id")
    net = reference_lines()
    for pid in ("hw_hening_widening", "hw_hechaowu_widening", "hw_hean_widening"):
        project = next(p for p in catalogue.projects if p.id == pid)
        assert project.replaces in project.along, pid
        corridor = _metres(shapely.union_all([net[i] for i in project.along]))
        geom = _metres(rows.loc[pid].geometry)
        assert geom.length > 10_000, pid
        assert geom.difference(corridor.buffer(5)).length < 1.0, pid


def test_section_name_does_not_claim_the_whole_line(catalogue):
    south = next(p for p in catalogue.projects if p.id == "shanghehang_south")
    assert south.name_zh != "商合杭铁路" and south.name_zh.startswith("商合杭铁路")


def _share_near_osm_rail(geom: shapely.Geometry, osm: shapely.Geometry, city) -> float:
    inside = geom.intersection(city)
    return inside.intersection(osm.buffer(1000)).length / inside.length


@pytest.mark.parametrize("pid", ["shanghehang_north", "shanghehang_south", "he_an_jiu_rail"])
def test_realised_railway_lies_on_the_real_railway_inside_hefei(catalogue, pid):
    rail_path = require_shared("data", "osm", "rail_osm_dp500_hefei_region.geojson")
    osm = shapely.union_all(gpd.read_file(rail_path).to_crs("EPSG:4548").geometry.values)
    city = admin.boundary().to_crs("EPSG:4548").geometry.iloc[0]
    rail = layers.load("rail", catalogue=catalogue).set_index("id").to_crs("EPSG:4548")
    assert _share_near_osm_rail(rail.loc[pid].geometry, osm, city) >= 0.95


def test_at_most_two_catalogue_lines_pass_the_city_centre_point(catalogue):
    centre = _metres(Point(*HEFEI_CENTRE))
    near = []
    for name, ldef in catalogue.vocab.layers.items():
        if ldef.geometry != "LineString":
            continue
        gdf = layers.load(name, catalogue=catalogue).to_crs("EPSG:4548")
        near += [
            i for i, g in zip(gdf["id"], gdf.geometry, strict=True) if g.distance(centre) < 200
        ]
    assert len(near) <= 2, near


# ---------------------------------------------------------------- programme extents, names

EXTENTS = [
    pytest.param(
        'precision = "schematic_area"\nat = "sanhe"\narea_km2 = 10.0',
        'precision = "schematic_area"\nadcode = "340100"',
        r"record 'wetland_sanhe', field 'adcode': an area drawn as an administrative unit must "
        r"have precision 'programme_extent'",
        id="adcode-needs-programme-extent",
    ),
    pytest.param(
        'precision = "schematic_area"\nat = "sanhe"\narea_km2 = 10.0',
        'precision = "programme_extent"\nadcode = "34010"',
        r"record 'wetland_sanhe', field 'adcode': expected a 6-digit adcode",
        id="adcode-not-6-digits",
    ),
]


@pytest.mark.parametrize(("old", "new", "match"), EXTENTS)
def test_bad_programme_extent_is_refused(mini_dir, old, new, match):
    path = mini_dir / "environment.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=match):
        _load(mini_dir)


def test_programme_extent_of_a_county_is_its_boundary(mini_dir):
    path = mini_dir / "environment.toml"
    text = path.read_text(encoding="utf-8")
    old = 'precision = "schematic_area"\nat = "sanhe"\narea_km2 = 10.0'
    path.write_text(text.replace(old, 'precision = "programme_extent"\nadcode = "340123"'))
    row = catalogue_layer("wetland", catalogue=_load(mini_dir)).set_index("id").loc["wetland_sanhe"]
    feixi = admin.counties().set_index("adcode").loc["340123"]
    assert row.geometry.geom_type == "Polygon"
    assert row["area_km2"] == pytest.approx(feixi["area_km2"], rel=0.01)
    assert "340123" in row["coord_source"]


def test_a_section_qualifier_may_follow_the_plan_name(mini_dir):
    plan = require_shared("plan", "hefei-yrd-integration-plan.txt")
    cat = load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv", plan=plan)
    assert any(p.name_zh == "合肥-巢湖" for p in cat.projects)
    path = mini_dir / "transport.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('name_zh = "合肥-巢湖"', 'name_zh = "合肥-巢湖(合肥段)"', 1))
    load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv", plan=plan)
    path.write_text(text.replace('name_zh = "合肥-巢湖"', 'name_zh = "合肥-巢湖合肥段"', 1))
    with pytest.raises(CatalogueError, match=r"field 'name_zh': .* does not occur in the plan"):
        load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv", plan=plan)
