"""Interactive maps (geo.maps): files, offline self-containment, determinism, styling, data."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from conftest import ROOT, require_shared
from pyproj import Geod

import layers as layer_pkg
from geo import maps
from geo._paths import REFERENCE_DIR
from geo.admin import COUNTIES
from geo.chinadatum import wgs84_to_gcj02
from geo.datadict import value_map
from geo.errors import CRSError, InputFileError, ParameterError
from geo.maps._assets import APP_FILES, ASSETS, asset_text, head_html
from geo.measure import AREA_CRS
from geo.style import load_base_style, load_style

HOSTILE_ZH = "<script>alert(1)</script>"
HOSTILE_EN = '<img src=x onerror="window.__pwned=1">'
HOSTILE_NOTE = "</script><script>window.__pwned2=1</script>"


def make_density(scale: float = 1.0) -> dict[str, Any]:
    """A made-up density result shaped like geo.density's."""
    areas = {
        "340102": 222.8,
        "340103": 133.4,
        "340104": 668.5,
        "340111": 294.5,
        "340121": 1834.7,
        "340122": 2195.1,
        "340123": 1698.6,
        "340124": 2354.9,
        "340181": 2069.1,
    }

    def fig(zh: str, en: str, area: float, rail: float, expw: float) -> dict[str, Any]:
        return {
            "name_zh": zh,
            "name_en": en,
            "area_km2": area,
            "rail_km": rail,
            "rail_density_per_10k_km2": rail / area * 1e4,
            "expressway_km": expw,
            "expressway_density_per_100_km2": expw / area * 100,
            "rail_gap_km": max(0.0, 700 * area / 1e4 - rail),
            "expressway_gap_km": max(0.0, 5.65 * area / 100 - expw),
        }

    scenarios: dict[str, Any] = {}
    for key, factor in (
        ("2020", 0.8),
        ("2025", 1.0),
        ("today", 1.0),
        ("today+under_construction", 1.1),
        ("today+proposed", 1.6),
    ):
        f = factor * scale
        sc = {"hefei": fig("合肥市", "Hefei", 11445.0, 600 * f, 560 * f)}
        for i, (code, zh, en) in enumerate(COUNTIES):
            a = areas[code]
            sc[code] = fig(zh, en, a, a / 1e4 * (150 + 90 * i) * f, a / 100 * (3 + 0.4 * i) * f)
        scenarios[key] = sc
    return {
        "targets": {"rail_density_per_10k_km2": 700, "expressway_density_per_100_km2": 5.65},
        "scenarios": scenarios,
    }


def hostile_layers(mini_catalogue) -> dict[str, gpd.GeoDataFrame]:
    """The mini catalogue's layers plus one railway whose every text is an injection attempt."""
    every = layer_pkg.load_all(catalogue=mini_catalogue)
    rail = every["rail"]
    bad = rail.iloc[[0]].copy()
    bad["id"] = "rail_hostile"
    bad["name_zh"] = HOSTILE_ZH
    bad["name_en"] = HOSTILE_EN
    bad["quote"] = HOSTILE_ZH + " & <b>bold</b>"
    bad["clause"] = "(99)<i>x</i>"
    bad["note"] = HOSTILE_NOTE
    bad["via"] = "<svg onload=alert(2)>"
    bad["geometry"] = [shapely.LineString([(117.05, 31.60), (117.15, 31.45)])]
    every["rail"] = gpd.GeoDataFrame(pd.concat([rail, bad], ignore_index=True), crs=rail.crs)
    network = every["existing_network"]
    line = network[network["mode"] == "expressway"].iloc[[0]].copy()
    line["id"] = "net_hostile"
    line["name_zh"] = HOSTILE_ZH + "现状"
    line["name_en"] = HOSTILE_EN
    line["ref"] = "<b>G0</b>"
    line["source"] = HOSTILE_NOTE
    line["note"] = "<svg onload=alert(3)>"
    line["geometry"] = [shapely.LineString([(117.40, 31.95), (117.55, 31.80)])]
    every["existing_network"] = gpd.GeoDataFrame(
        pd.concat([network, line], ignore_index=True), crs=network.crs
    )
    return every


STATUSES = (
    "existing",
    "in_construction",
    "upgrade",
    "start_construction",
    "preparatory",
    "planning_study",
    "proposed",
)
BINHAI = (120.28, 34.28)
"""An LNG terminal on the Jiangsu coast: far outside Hefei, outside every opening view."""


def rich_layers(mini_catalogue) -> dict[str, gpd.GeoDataFrame]:
    """The hostile layers plus one railway per status (with progress since the plan, one
    indicative stub, an en-dash name), two airports at one position, a general-aviation
    airport whose name lacks 机场, and an airport far outside Hefei."""
    every = hostile_layers(mini_catalogue)
    rail = every["rail"]
    rows = []
    progress = {
        "existing": ("built", 2019),
        "in_construction": ("under_construction", 2023),
        "upgrade": ("built", 2022),
        "start_construction": ("not_started", None),
    }
    for i, status in enumerate(STATUSES):
        row = rail.iloc[[0]].copy()
        row["id"] = f"rail_status_{status}"
        row["status"] = status
        row["kind"] = "high_speed_rail"
        row["name_zh"] = f"测试{i}号线"
        row["name_en"] = f"Test line {i}"
        row["clause"] = f"({70 + i})"
        row["precision"] = "indicative" if status == "proposed" else "osm_alignment"
        row["schematic"] = status == "proposed"
        y = 31.55 + 0.07 * i
        row["geometry"] = [shapely.LineString([(116.95, y), (117.45, y + 0.02)])]
        prog, year = progress.get(status, ("unknown", None))
        row["progress"] = prog
        row["progress_year"] = pd.array([year], dtype="Int32")
        row["progress_source"] = f"test source {i}" if prog != "unknown" else None
        rows.append(row)
    xinyi = rail.iloc[[0]].copy()
    xinyi["id"] = "rail_hefei_xinyi"
    xinyi["name_zh"] = "合肥至新沂高铁"
    xinyi["name_en"] = "Hefei–Xinyi high-speed railway"
    xinyi["kind"] = "high_speed_rail"
    xinyi["geometry"] = [shapely.LineString([(117.3, 31.9), (117.6, 32.4)])]
    rows.append(xinyi)
    every["rail"] = gpd.GeoDataFrame(pd.concat([rail, *rows], ignore_index=True), crs=rail.crs)
    airport = every["airport"]
    same = airport.iloc[[0]].copy()
    same["id"] = "airport_same_place"
    same["name_zh"] = "新桥同址测试"
    same["name_en"] = "Co-located test airport"
    ga = airport.iloc[[0]].copy()
    ga["id"] = "airport_ga_bailong"
    ga["kind"] = "general_aviation"
    ga["name_zh"] = "肥东白龙通航"
    ga["name_en"] = "Feidong Bailong general aviation"
    ga["geometry"] = [shapely.Point(117.55, 31.95)]
    far = airport.iloc[[0]].copy()
    far["id"] = "airport_far_away"
    far["name_zh"] = "滨海测试"
    far["name_en"] = "Binhai test"
    far["geometry"] = [shapely.Point(*BINHAI)]
    every["airport"] = gpd.GeoDataFrame(
        pd.concat([airport, same, ga, far], ignore_index=True), crs=airport.crs
    )
    return every


def make_timeline_density() -> dict[str, Any]:
    """make_density() with a surplus (negative gap) and a target_timeline (CONTRACTS C)."""
    density = make_density()
    density["scenarios"]["today+proposed"]["hefei"]["rail_gap_km"] = -120.5
    density["target_timeline"] = {
        "scenarios": ["2020", "2025", "today"],
        "areas": {
            "340100": {
                "name_zh": "合肥市",
                "name_en": "Hefei",
                "rail": {
                    "target": 700.0,
                    "unit": "km per 10,000 km²",
                    "density": {"2020": 610.0, "2025": 720.0, "today": 731.0},
                    "met": {"2020": False, "2025": True, "today": True},
                    "first_met_year": 2023,
                    "undated_km": 12.5,
                },
                "expressway": {
                    "target": 5.65,
                    "unit": "km per 100 km²",
                    "density": {"2020": 4.9, "2025": 5.2, "today": 5.3},
                    "met": {"2020": False, "2025": False, "today": False},
                    "first_met_year": None,
                    "first_met_note": "not met yet",
                    "undated_km": 0.0,
                },
            }
        },
    }
    return density


def payload(html: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (cfg, data) JSON objects handed to HefeiMap.build in a rendered page."""
    match = re.search(r"HefeiMap\.build\(map_\w+, ", html)
    assert match, "HefeiMap.build call not found"
    decoder = json.JSONDecoder()
    cfg, end = decoder.raw_decode(html, match.end())
    assert html[end : end + 2] == ", "
    data, _ = decoder.raw_decode(html, end + 2)
    return cfg, data


@pytest.fixture(scope="module")
def mini_layers(mini_catalogue) -> dict[str, gpd.GeoDataFrame]:
    return hostile_layers(mini_catalogue)


@pytest.fixture(scope="module")
def rendered(mini_layers, mini_catalogue, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("maps")
    paths = maps.render_maps(
        mini_layers, vocab=mini_catalogue.vocab, density=make_density(), out_dir=out
    )
    return {p.name: p for p in paths if p.parent == out}


# ------------------------------------------------------------------ files


PAGES = [
    maps.MAIN_MAP,
    maps.GCJ02_MAP,
    "transport.html",
    "energy.html",
    "environment.html",
    maps.INDEX_PAGE,
]
"""Every page render_maps writes, in order."""


def test_render_maps_writes_every_page(rendered):
    assert list(rendered) == PAGES
    for path in rendered.values():
        assert path.stat().st_size > 0
    index = rendered[maps.INDEX_PAGE].read_text(encoding="utf-8")
    for name in list(rendered)[:-1]:
        assert f'href="{name}"' in index


def test_main_map_under_two_megabytes(rendered):
    assert rendered[maps.MAIN_MAP].stat().st_size < 2 * 1024 * 1024


def test_real_catalogue_map_under_two_megabytes(tmp_path):
    from geo.catalogue import load_catalogue

    catalogue = load_catalogue()
    if not catalogue.projects:
        pytest.skip("the real catalogue has no projects yet")
    every = layer_pkg.load_all(catalogue=catalogue)
    m = maps.build_map(every, vocab=catalogue.vocab, density=make_density())
    html = maps.map_html(m)
    assert len(html.encode("utf-8")) < 2 * 1024 * 1024
    _, data = payload(html)
    drawn = sum(len(fc["features"]) for fc in data["layers"].values())
    assert drawn == sum(len(g) for k, g in every.items() if k not in layer_pkg.BASE_LAYERS)
    assert len(data["network"]["features"]) == len(every["existing_network"])


@pytest.mark.parametrize("name", PAGES)
def test_offline_page_links_nothing(rendered, name):
    html = rendered[name].read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\shref\s*=", html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.I)
    for cdn in (
        "cdn.jsdelivr",
        "cdnjs",
        "code.jquery",
        "bootstrapcdn",
        "font-awesome",
        "fontawesome",
        "awesome-markers",
        "bootstrap.min",
    ):
        assert cdn not in html


def test_online_mode_links_pinned_assets_with_integrity():
    head = head_html(offline=False)
    links = re.findall(
        r'<(?:script src|link rel="stylesheet" href)="([^"]+)" integrity="sha256-', head
    )
    assert len(links) == len(ASSETS) == 6  # Leaflet, full screen, mini-map: JS and CSS
    assert all(u.startswith("https://cdn.jsdelivr.net/npm/") and "@" in u for u in links)
    assert "HefeiMap" in head  # the project's own code is always inlined


def test_renders_are_byte_identical(mini_layers, mini_catalogue, rendered, tmp_path):
    again = maps.render_maps(
        mini_layers, vocab=mini_catalogue.vocab, density=make_density(), out_dir=tmp_path
    )
    out = rendered[maps.MAIN_MAP].parent
    assert len(again) > len(PAGES)  # the pages, then the downloads
    for path in again:
        rel = path.relative_to(tmp_path)
        assert path.read_bytes() == (out / rel).read_bytes(), rel
    assert not re.search(
        r"[0-9a-f]{32}", rendered[maps.MAIN_MAP].read_text(encoding="utf-8")[:20000]
    )


# ------------------------------------------------------------------ content


def test_every_layer_is_in_the_control_config(rendered, mini_layers):
    cfg, data = payload(rendered[maps.MAIN_MAP].read_text(encoding="utf-8"))
    listed = [n for ch in cfg["chapters"] for n in ch["layers"]]
    catalogue_layers = [n for n in mini_layers if n not in layer_pkg.BASE_LAYERS]
    assert sorted(listed) == sorted(catalogue_layers)
    assert [ch["key"] for ch in cfg["chapters"]] == ["transport", "energy", "environment"]
    assert {"boundary", "counties", "orientation", "network"} <= set(data)
    assert "existing_network" not in data["layers"]
    assert len(data["counties"]["features"]) == 9
    assert all(f["properties"]["label"] for f in data["counties"]["features"])


def test_chapter_maps_hold_only_their_chapter(rendered, mini_catalogue):
    for chapter in ("transport", "energy", "environment"):
        cfg, data = payload(rendered[f"{chapter}.html"].read_text(encoding="utf-8"))
        assert [ch["key"] for ch in cfg["chapters"]] == [chapter]
        assert all(mini_catalogue.vocab.layers[n].chapter == chapter for n in data["layers"])


def test_coordinates_rounded_to_five_decimals(rendered):
    _, data = payload(rendered[maps.MAIN_MAP].read_text(encoding="utf-8"))
    text = json.dumps(
        [data["layers"], data["counties"], data["boundary"], data["orientation"], data["network"]]
    )
    decimals = [len(m) for m in re.findall(r"\d+\.(\d+)", text)]
    assert decimals and max(decimals) <= 5


def test_style_is_a_table_not_per_feature(mini_layers, mini_catalogue):
    """The page's size of styling does not grow with the number of features."""
    many = dict(mini_layers)
    rail = mini_layers["rail"]
    copies = [rail.assign(id=rail["id"] + f"_{i}") for i in range(30)]
    many["rail"] = gpd.GeoDataFrame(pd.concat(copies, ignore_index=True), crs=rail.crs)
    small = maps.map_html(maps.build_map(mini_layers, vocab=mini_catalogue.vocab))
    large = maps.map_html(maps.build_map(many, vocab=mini_catalogue.vocab))
    for token in ('"color"', "dashArray", "fillOpacity", "#8e44ad"):
        assert small.count(token) == large.count(token), token
    _, data = payload(large)
    assert len(data["layers"]["rail"]["features"]) == 60
    assert all("style" not in f["properties"] for f in data["layers"]["rail"]["features"])
    assert "switch(feature.id)" not in large and "_styler" not in large


def test_style_table_follows_the_vocabulary(rendered, mini_catalogue):
    cfg, _ = payload(rendered[maps.MAIN_MAP].read_text(encoding="utf-8"))
    vocab = mini_catalogue.vocab
    assert cfg["style"]["layers"]["rail"]["kinds"]["suburban_rail"]["colour"] == "#8e44ad"
    spec = load_style(vocab=vocab)
    statuses = cfg["style"]["statuses"]
    assert statuses["existing"]["dash"] == []
    assert statuses["preparatory"]["dash"] == list(spec.statuses["preparatory"].dash)
    assert statuses["upgrade"]["casing"] is True
    assert statuses["proposed"]["opacity"] == spec.statuses["proposed"].opacity
    assert statuses["proposed"]["fill"] == "none"
    assert cfg["style"]["precisions"]["corridor_schematic"]["schematic"] is True
    assert cfg["style"]["precisions"]["indicative"]["marking"] == "marker_line"


def test_legend_explains_colours_styles_and_counts(rendered):
    cfg, _ = payload(rendered[maps.MAIN_MAP].read_text(encoding="utf-8"))
    legend = cfg["legend"]
    assert "市域(郊)铁路" in legend and "#8e44ad" in legend
    assert re.search(r"suburban railway</span> <span class=\"hm-n\">2</span>", legend)
    assert "在建/加快建设" in legend and "schematic" in legend
    assert "巢湖" in legend and "县区界" in legend


@pytest.mark.parametrize(
    "name", [maps.MAIN_MAP, maps.GCJ02_MAP, "transport.html", "energy.html", "environment.html"]
)
def test_existing_network_is_on_every_map_with_its_attributes(rendered, mini_layers, name):
    network = mini_layers["existing_network"]
    cfg, data = payload(rendered[name].read_text(encoding="utf-8"))
    features = data["network"]["features"]
    assert [f["properties"]["id"] for f in features] == sorted(network["id"])
    assert cfg["network"]["count"] == len(network)
    assert set(cfg["network"]["modes"]) >= {"rail", "expressway"}
    assert {f["geometry"]["type"] for f in features} == {"LineString"}
    props = {f["properties"]["id"]: f["properties"] for f in features}
    row = network.set_index("id").loc["rail_huainan_railway"]
    huainan = props["rail_huainan_railway"]
    assert set(maps.NETWORK_PROPERTIES) <= set(huainan)
    for key in ("name_zh", "name_en", "ref", "mode", "precision", "source"):
        assert huainan[key] == row[key], key
    assert huainan["length_km"] == pytest.approx(row["length_km"], abs=1e-3)
    assert huainan["length_in_hefei_km"] == pytest.approx(row["length_in_hefei_km"], abs=1e-3)
    # muted context: greys only, the railway with white dashes
    ref = cfg["reference"]
    for key in ("network_rail", "network_expressway"):
        r, g, b = (ref[key]["color"][i : i + 2] for i in (1, 3, 5))
        assert r == g == b, key
    assert ref["network_rail_dash"]["color"] == "#ffffff" and ref["network_rail_dash"]["dashArray"]
    # thinner than the plan's railways and highways it is compared with
    spec = load_style()
    plan = min(k.weight_px for n in ("rail", "highway") for k in spec.kinds[n].values())
    assert max(ref["network_rail"]["weight"], ref["network_expressway"]["weight"]) < plan
    # shown as the context of the transport projects, listed but off elsewhere
    assert cfg["network"]["visible"] is (name not in ("energy.html", "environment.html"))


def test_legend_lists_the_existing_network_with_counts(rendered, mini_layers, mini_catalogue):
    cfg, _ = payload(rendered[maps.MAIN_MAP].read_text(encoding="utf-8"))
    network = mini_layers["existing_network"]
    modes = network["mode"].value_counts()
    legend = cfg["legend"]
    names = value_map("mode", mini_catalogue.vocab)  # the vocabulary's names of the modes
    for mode in ("rail", "expressway"):
        zh, en = names[mode]
        row = re.search(
            rf'{zh} <span class="hm-en">{en}</span> <span class="hm-n">{modes[mode]}</span>', legend
        )
        assert row, mode
        assert row.start() > legend.index("参考")  # in the Reference section
    assert 'stroke="#ffffff"' in legend  # the railway's white dashes


def test_existing_network_is_optional(mini_layers, mini_catalogue):
    without = {k: v for k, v in mini_layers.items() if k != "existing_network"}
    cfg, data = payload(maps.map_html(maps.build_map(without, vocab=mini_catalogue.vocab)))
    assert cfg["network"] is None and "network" not in data
    rail = load_base_style().drawing("existing_network", "rail")
    assert f'stroke="{rail.colour}"' not in cfg["legend"]


def test_hostile_text_never_reaches_the_page_raw(rendered):
    html = rendered[maps.MAIN_MAP].read_text(encoding="utf-8")
    assert (
        HOSTILE_ZH not in html
        and HOSTILE_EN not in html
        and "window.__pwned2" not in html.split("HefeiMap.build(")[0]
    )
    # the only closing script tags are the page's own
    assert html.lower().count("</script>") == html.lower().count("<script>")
    _, data = payload(html)
    names = [f["properties"]["name_zh"] for f in data["layers"]["rail"]["features"]]
    assert HOSTILE_ZH in names  # carried as data, escaped for HTML in the browser


def test_gcj02_map_shifts_every_overlay(rendered, mini_layers):
    _, wgs = payload(rendered[maps.MAIN_MAP].read_text(encoding="utf-8"))
    cfg, gcj = payload(rendered[maps.GCJ02_MAP].read_text(encoding="utf-8"))
    assert cfg["datum"] == "GCJ02" and "GCJ-02" in cfg["note"]["zh"]
    assert any("autonavi" in (b["url"] or "") and b.get("default") for b in cfg["bases"])
    lon, lat = wgs["layers"]["airport"]["features"][0]["geometry"]["coordinates"]
    glon, glat = gcj["layers"]["airport"]["features"][0]["geometry"]["coordinates"]
    elon, elat = wgs84_to_gcj02(lon, lat)
    assert abs(glon - elon) < 2e-5 and abs(glat - elat) < 2e-5
    shift_m = Geod(ellps="WGS84").inv(lon, lat, glon, glat)[2]
    assert 300 < shift_m < 900
    for key in ("boundary", "counties", "orientation", "network"):
        a = np.array(
            wgs[key]["features"][0]["geometry"]["coordinates"][0][0][0]
            if key not in ("orientation", "network")
            else wgs[key]["features"][0]["geometry"]["coordinates"][0]
        )
        b = np.array(
            gcj[key]["features"][0]["geometry"]["coordinates"][0][0][0]
            if key not in ("orientation", "network")
            else gcj[key]["features"][0]["geometry"]["coordinates"][0]
        )
        assert 0.003 < float(np.abs(a - b).max()) < 0.01, key
    # every vertex of the existing network converted like the other overlays
    for f_wgs, f_gcj in zip(wgs["network"]["features"], gcj["network"]["features"], strict=True):
        lon, lat = np.array(f_wgs["geometry"]["coordinates"]).T
        elon, elat = wgs84_to_gcj02(lon, lat)
        got = np.array(f_gcj["geometry"]["coordinates"]).T
        assert np.abs(got - np.array([elon, elat])).max() < 2e-5, f_wgs["properties"]["id"]


def test_density_is_optional(mini_layers, mini_catalogue):
    cfg, _ = payload(maps.map_html(maps.build_map(mini_layers, vocab=mini_catalogue.vocab)))
    assert cfg["density"] is None
    cfg, _ = payload(
        maps.map_html(
            maps.build_map(mini_layers, vocab=mini_catalogue.vocab, density=make_density())
        )
    )
    assert cfg["density"]["order"] == [
        "2020",
        "2025",
        "today",
        "today+under_construction",
        "today+proposed",
    ]
    assert cfg["density"]["targets"] == {
        "rail_density_per_10k_km2": 700.0,
        "expressway_density_per_100_km2": 5.65,
    }
    assert cfg["choropleth"]["scenario"] == "2025"


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"targets": {}, "scenarios": {}},
        [1, 2],
        {
            "targets": {"rail_density_per_10k_km2": 700, "expressway_density_per_100_km2": 5.65},
            "scenarios": {"existing": 3},
        },
    ],
)
def test_malformed_density_is_refused(mini_layers, mini_catalogue, bad):
    with pytest.raises(ParameterError, match="density"):
        maps.build_map(mini_layers, vocab=mini_catalogue.vocab, density=bad)


def test_bad_parameters_are_refused(mini_layers, mini_catalogue):
    with pytest.raises(ParameterError, match="datum"):
        maps.build_map(mini_layers, vocab=mini_catalogue.vocab, datum="BD09")
    with pytest.raises(ParameterError, match="chapters"):
        maps.build_map(mini_layers, vocab=mini_catalogue.vocab, chapters=["health"])
    no_crs = dict(mini_layers)
    no_crs["rail"] = gpd.GeoDataFrame(
        mini_layers["rail"].drop(columns="geometry"), geometry=list(mini_layers["rail"].geometry)
    )
    with pytest.raises(CRSError):
        maps.build_map(no_crs, vocab=mini_catalogue.vocab)
    with pytest.raises(InputFileError):
        maps.build_map(
            mini_layers, vocab=mini_catalogue.vocab, orientation=Path("/nonexistent.geojson")
        )


def test_layers_in_another_crs_are_converted(mini_layers, mini_catalogue):
    moved = dict(mini_layers)
    moved["airport"] = mini_layers["airport"].to_crs(3857)
    _, data = payload(maps.map_html(maps.build_map(moved, vocab=mini_catalogue.vocab)))
    lon, lat = data["layers"]["airport"]["features"][0]["geometry"]["coordinates"]
    assert abs(lon - 116.9769) < 1e-4 and abs(lat - 31.9887) < 1e-4


# ------------------------------------------------------------------ vendored assets


def test_vendored_assets_match_their_manifest():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "vendor_map_assets.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for licence in (
        "leaflet/LICENSE",
        "leaflet.control.layers.tree/LICENSE",
        "leaflet.fullscreen/LICENSE",
        "leaflet-minimap/LICENSE.txt",
    ):
        assert (ROOT / "geo" / "static" / "vendor" / licence).is_file()
    readme = (ROOT / "geo" / "static" / "README.md").read_text(encoding="utf-8")
    assert "1.9.4" in readme and "sha256" in readme


def test_every_own_script_is_inlined_once_in_load_order():
    app = ROOT / "geo" / "static" / "app"
    on_disk = {f"app/{p.name}" for p in app.iterdir() if p.suffix in (".js", ".css")}
    listed = [path for path, _ in APP_FILES]
    # a file left out of the manifest would silently drop its part of the map
    assert sorted(listed) == sorted(on_disk) and len(set(listed)) == len(listed)
    assert listed[listed.index("app/hefei-map.css") + 1] == "app/hefei-map.js"  # core first
    head = head_html(offline=True)
    starts = []
    for path in listed:
        text = (ROOT / "geo" / "static" / path).read_text(encoding="utf-8")
        assert head.count(text) == 1, path
        starts.append(head.index(text))
    assert starts == sorted(starts)
    readme = (ROOT / "geo" / "static" / "README.md").read_text(encoding="utf-8")
    assert all(f"- `{path}`: " in readme for path in listed)


def test_unlisted_asset_is_refused():
    with pytest.raises(InputFileError, match="manifest"):
        asset_text("leaflet", "dist/leaflet-src.js")


def test_css_images_are_inlined():
    head = head_html(offline=True)
    assert "url(images/" not in head and "icon-fullscreen.svg" not in head
    assert "data:image/png;base64," in head and "data:image/svg+xml;base64," in head


# ------------------------------------------------------------------ orientation layer


def _orientation() -> gpd.GeoDataFrame:
    return gpd.read_file(maps.ORIENTATION_FILE)


def test_orientation_layer_is_complete_and_documented():
    gdf = _orientation()
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert set(gdf["precision"]) == {"schematic"} and set(gdf["source"]) == {"own digitisation"}
    names = set(gdf["name_zh"])
    assert {
        "巢湖",
        "南淝河",
        "派河",
        "杭埠河",
        "兆河",
        "裕溪河",
        "十五里河",
        "柘皋河",
        "长江",
    } <= names
    lake = gdf[gdf["kind"] == "lake"].geometry.iloc[0]
    assert lake.is_valid and 30 <= len(lake.exterior.coords) - 1 <= 60
    assert shapely.LinearRing(lake.exterior.coords).is_ccw  # RFC 7946 winding
    doc = (REFERENCE_DIR / "ORIENTATION.md").read_text(encoding="utf-8")
    assert "orientation.geojson" in doc and "Natural Earth" in doc


def test_rivers_reach_the_lake():
    gdf = _orientation()
    lake = gdf[gdf["kind"] == "lake"].geometry.iloc[0]
    for name in ("南淝河", "派河", "杭埠河", "兆河", "十五里河", "柘皋河", "裕溪河"):
        line = gdf[gdf["name_zh"] == name].geometry.iloc[0]
        ends = [shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])]
        assert min(lake.exterior.distance(p) for p in ends) < 0.005, name


def test_chaohu_outline_matches_natural_earth():
    ne_path = require_shared("data", "naturalearth", "lakes_ne10m_hefei.geojson")
    ne = gpd.read_file(ne_path)
    ne_lake = ne[ne["name"].str.contains("Chaohu")].to_crs(AREA_CRS).geometry.iloc[0]
    gdf = _orientation()
    mine = gdf[gdf["kind"] == "lake"].to_crs(AREA_CRS).geometry.iloc[0]
    area = mine.area / 1e6
    assert abs(area - 780) / 780 <= 0.15, area
    iou = mine.intersection(ne_lake).area / mine.union(ne_lake).area
    assert iou >= 0.7, iou


def test_map_scenarios_are_the_density_scenarios():
    from geo import density

    # every scenario the density module computes has a label on the map
    assert set(density.SCENARIOS) <= set(maps.SCENARIOS)
