"""The interactive maps in headless Chromium: offline, layer control, popups, search, escaping.

Every page is opened from a file:// URL with every other request aborted and recorded.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod
from test_maps import HOSTILE_ZH, hostile_layers, make_density

from geo import maps
from geo.chinadatum import wgs84_to_gcj02

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)


@dataclass
class Opened:
    """A loaded map page and what it did."""

    page: Any
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def rendered(mini_catalogue, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("maps_browser")
    paths = maps.render_maps(
        hostile_layers(mini_catalogue),
        vocab=mini_catalogue.vocab,
        density=make_density(),
        out_dir=out,
    )
    return {p.name: p for p in paths}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_map(browser: Any, path: Path, *, wait_ready: bool = True) -> Opened:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    opened = Opened(page)

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            opened.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None
    )
    page.on("pageerror", lambda e: opened.page_errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    if wait_ready:
        page.wait_for_function("window.HefeiMap && HefeiMap.maps.length && HefeiMap.maps[0].ready")
        page.wait_for_timeout(300)
    return opened


@pytest.fixture
def main_map(browser, rendered) -> Iterator[Opened]:
    opened = open_map(browser, rendered[maps.MAIN_MAP])
    yield opened
    opened.page.close()


def count(page: Any, selector: str) -> int:
    return int(page.locator(selector).count())


def toggle_layer(page: Any, name: str) -> None:
    page.locator(f'.leaflet-control-layers label:has([data-layer="{name}"]) input').first.click()
    page.wait_for_timeout(150)


# ------------------------------------------------------------------ offline


@pytest.mark.parametrize(
    "name", [maps.MAIN_MAP, "transport.html", "energy.html", "environment.html"]
)
def test_offline_page_requests_nothing_and_logs_no_error(browser, rendered, name, tmp_path):
    opened = open_map(browser, rendered[name])
    try:
        assert opened.external == []
        assert opened.console_errors == []
        assert opened.page_errors == []
        assert count(opened.page, ".hm-county") == 9
        assert count(opened.page, ".hm-water") >= 9
        opened.page.screenshot(path=str(tmp_path / f"{name}.png"))
        assert (tmp_path / f"{name}.png").stat().st_size > 20_000
    finally:
        opened.page.close()


def test_index_page_is_offline(browser, rendered):
    opened = open_map(browser, rendered[maps.INDEX_PAGE], wait_ready=False)
    try:
        assert opened.external == [] and opened.console_errors == [] and opened.page_errors == []
        assert count(opened.page, "a[href$='.html']") == 5
    finally:
        opened.page.close()


def test_gcj02_map_requests_only_amap_tiles(browser, rendered):
    opened = open_map(browser, rendered[maps.GCJ02_MAP])
    try:
        assert opened.external, "the Amap basemap should be on by default"
        assert all(".is.autonavi.com/appmaptile" in u for u in opened.external)
        assert opened.page_errors == []
        assert all("Failed to load resource" in e for e in opened.console_errors)
        assert "GCJ-02" in opened.page.locator(".hm-datum").inner_text()
    finally:
        opened.page.close()


# ------------------------------------------------------------------ controls


def test_layer_control_lists_every_layer(main_map, mini_catalogue):
    page = main_map.page
    for name in [
        *mini_catalogue.vocab.layers,
        "existing_network",
        "boundary",
        "counties",
        "orientation",
    ]:
        assert count(page, f'.leaflet-control-layers [data-layer="{name}"]') == 1, name
    text = page.locator(".leaflet-control-layers").inner_text()
    for heading in ("交通", "能源", "环境", "底图"):
        assert heading in text


def test_switching_a_layer_off_removes_its_features(main_map):
    page = main_map.page
    rail_paths = "path.hm-l-rail"
    airports = ".leaflet-marker-icon.hm-l-airport"
    before = count(page, rail_paths)
    assert before >= 2 and count(page, airports) == 1
    toggle_layer(page, "rail")
    assert count(page, rail_paths) == 0
    assert count(page, airports) == 1  # other layers untouched
    toggle_layer(page, "airport")
    assert count(page, airports) == 0
    toggle_layer(page, "rail")
    assert count(page, rail_paths) == before


def _reference_group(page: Any) -> str:
    return str(
        page.locator(".leaflet-control-layers label:has([data-layer='existing_network'])")
        .locator("xpath=ancestor::div[contains(@class,'leaflet-layerstree-node')][2]")
        .first.inner_text()
    )


def test_existing_network_is_drawn_under_the_plan_and_can_be_switched_off(main_map, rendered):
    page = main_map.page
    lines, dashes = "path.hm-net", "path.hm-net-dash"
    n_lines, n_dashes = count(page, lines), count(page, dashes)
    n_rail = count(page, "path.hm-net-rail")
    assert n_lines >= 40 and n_dashes == n_rail > 10  # each railway gets its white dashes
    assert count(page, "path.hm-net-expressway") == n_lines - n_rail
    label = page.locator('.leaflet-control-layers [data-layer="existing_network"]').inner_text()
    assert "现状路网" in label and "Existing network" in label and str(n_lines) in label
    assert "参考" in _reference_group(page)
    # in its own pane, under the plan's lines and areas, over the boundaries
    z = page.evaluate("""() => { const m = HefeiMap.maps[0].map;
        return ['hm-refline', 'hm-network', 'hm-poly', 'hm-lines']
            .map(p => +m.getPane(p).style.zIndex); }""")
    assert z == sorted(z) and len(set(z)) == 4
    assert count(page, ".leaflet-hm-network-pane path.hm-net") == n_lines
    plan_rail = count(page, "path.hm-l-rail")
    toggle_layer(page, "existing_network")
    assert count(page, lines) == 0 and count(page, dashes) == 0
    assert count(page, "path.hm-l-rail") == plan_rail  # the plan is untouched
    toggle_layer(page, "existing_network")
    assert count(page, lines) == n_lines and count(page, dashes) == n_dashes


def test_existing_network_popup_and_search(main_map):
    page = main_map.page
    page.locator(".hm-search-input").fill("淮南铁路")
    items = page.locator(".hm-search-item")
    assert "existing network" in items.first.inner_text()
    items.first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "淮南铁路" in text and "现状路网" in text and "Existing network" in text
    assert "km" in text and "合肥境内" in text and "OpenStreetMap" in text
    assert "现状铁路" in text and "rail_huainan_railway" in text
    # search turns the layer back on when it was switched off
    page.keyboard.press("Escape")
    toggle_layer(page, "existing_network")
    assert count(page, "path.hm-net") == 0
    page.locator(".hm-search-input").fill("G5011")
    page.locator(".hm-search-item").first.click()
    page.locator(".leaflet-popup-content").wait_for()
    assert count(page, "path.hm-net") > 0
    assert "G5011" in page.locator(".leaflet-popup-content").inner_text()


def test_existing_network_tooltip_and_popup_escape_hostile_text(main_map):
    page = main_map.page
    page.evaluate("""() => { const s = HefeiMap.maps[0];
        const e = s.index.find(x => x.id === 'net_hostile');
        s.map.fitBounds(e.layer.getBounds(), {maxZoom: 12}); }""")
    page.wait_for_timeout(400)
    hostile = page.evaluate("""() => { const s = HefeiMap.maps[0];
        const e = s.index.find(x => x.id === 'net_hostile');
        e.layer.fire('mouseover'); e.layer.openTooltip(); e.layer.openPopup();
        return [document.querySelector('.leaflet-tooltip').innerText,
                document.querySelector('.leaflet-popup-content').innerText]; }""")
    tooltip, popup = hostile
    assert HOSTILE_ZH in tooltip and "<b>G0</b>" in tooltip
    assert HOSTILE_ZH in popup and "</script><script>" in popup and "onload" in popup
    assert (
        count(
            page,
            ".leaflet-popup-content script, .leaflet-popup-content img, "
            ".leaflet-popup-content svg, .leaflet-tooltip img, .leaflet-tooltip .hm-sub b",
        )
        == 0
    )
    assert page.evaluate("window.__pwned === undefined && window.__pwned2 === undefined")
    assert main_map.dialogs == [] and main_map.page_errors == []


def test_controls_are_present(main_map):
    page = main_map.page
    assert count(page, ".leaflet-control-zoom-fullscreen") == 1
    assert count(page, ".leaflet-control-minimap") == 1
    assert count(page, ".leaflet-control-scale") == 1
    assert count(page, ".hm-search-input") == 1
    assert count(page, ".hm-legend") == 1
    assert count(page, ".leaflet-control-layers input[type=radio]") == 3  # plain, OSM, CartoDB


def test_clicking_a_feature_opens_its_popup(main_map):
    page = main_map.page
    page.locator(".leaflet-marker-icon.hm-l-airport").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "(68)" in text and "专栏11" in text and "加快机场二期建设" in text
    assert "Hefei Xinqiao International Airport" in text and "site_point" not in text


def test_clicking_a_line_opens_its_popup_with_lengths(main_map):
    page = main_map.page
    page.evaluate(
        """() => { const s = HefeiMap.maps[0];
        const e = s.index.find(x => x.id === 'rail_hefei_chaohu');
        s.map.fitBounds(e.layer.getBounds()); }"""
    )
    page.wait_for_timeout(400)
    page.locator("path.hm-f.hm-l-rail:not(.hm-casing)").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "(58)" in text and "km" in text and "示意 schematic" in text


def test_search_finds_a_project_by_chinese_name(main_map):
    page = main_map.page
    page.locator(".hm-search-input").fill("新桥机场")
    page.locator(".hm-search-item").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "合肥新桥机场" in popup.inner_text()
    page.locator(".hm-search-input").fill("nanjing")
    assert "合宁" in page.locator(".hm-search-list").inner_text()


def test_hostile_names_render_as_text(main_map):
    page = main_map.page
    page.locator(".hm-search-input").fill("alert(1)")
    item = page.locator(".hm-search-item").first
    assert HOSTILE_ZH in item.inner_text()
    item.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert HOSTILE_ZH in text and "onerror" in text and "</script><script>" in text
    assert (
        count(
            page,
            ".leaflet-popup-content script, .leaflet-popup-content img, "
            ".leaflet-popup-content svg[onload], .leaflet-popup-content i",
        )
        == 0
    )
    # hover the line so that its tooltip is built too
    page.locator("path.hm-f.hm-l-rail:not(.hm-casing)").last.hover()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned === undefined && window.__pwned2 === undefined")
    assert main_map.dialogs == []
    assert main_map.page_errors == []


def test_density_panel_shows_city_then_clicked_unit(main_map):
    page = main_map.page
    body = page.locator(".hm-dens-body")
    assert body.get_attribute("data-area") == "hefei"
    text = body.inner_text()
    assert "700" in text and "5.65" in text and "合肥市" in text
    for label in ("2020年底", "2025年底", "今天+在建", "今天+谋划"):
        assert label in text
    # click inside Feixi County, away from every project
    xy = page.evaluate("""() => { const s = HefeiMap.maps[0]; let p = null;
        s.countyLayer.eachLayer(l => {
            if (l.feature.properties.adcode === '340123') p = l.feature.properties.label; });
        s.map.setView(p, 10, {animate: false});
        const c = s.map.latLngToContainerPoint(p); return [c.x, c.y]; }""")
    page.wait_for_timeout(300)
    page.mouse.click(xy[0], xy[1])
    page.wait_for_timeout(200)
    assert body.get_attribute("data-area") == "340123"
    assert "肥西县" in body.inner_text()
    fills = page.evaluate("""() => Array.from(document.querySelectorAll('path.hm-county'))
        .map(p => p.getAttribute('fill'))""")
    assert len(set(fills)) >= 2  # shaded by rail-density shortfall


def test_measuring_a_distance(main_map):
    page = main_map.page
    page.locator(".hm-measure-btn").click()
    page.mouse.click(500, 600)
    page.mouse.click(700, 600)
    out = page.locator(".hm-measure-out").inner_text()
    km = float(out.split(" km")[0].replace(",", ""))
    expected, a, b = page.evaluate("""() => { const m = HefeiMap.maps[0].map;
        const a = m.containerPointToLatLng([500, 600]), b = m.containerPointToLatLng([700, 600]);
        return [m.distance(a, b) / 1000, [a.lat, a.lng], [b.lat, b.lng]]; }""")
    assert km == pytest.approx(expected, abs=0.01) and km > 1
    # independently: the WGS84 geodesic between the two clicks (Leaflet measures on a
    # sphere, within 0.5 % of the ellipsoid; never in Web Mercator metres, 18 % long here)
    geodesic_km = Geod(ellps="WGS84").inv(a[1], a[0], b[1], b[0])[2] / 1000
    assert km == pytest.approx(geodesic_km, rel=0.005)


def _latlng(page: Any, feature_id: str) -> tuple[float, float]:
    lat, lng = page.evaluate(
        """(id) => { const e = HefeiMap.maps[0].index.find(x => x.id === id);
            const ll = e.layer.getLatLng ? e.layer.getLatLng() : e.layer.getLatLngs()[0];
            return [ll.lat, ll.lng]; }""",
        feature_id,
    )
    return float(lat), float(lng)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6_371_008.8 * math.hypot(dlat, dlon)


def test_gcj02_overlays_are_shifted_about_500_m(browser, rendered):
    wgs_page = open_map(browser, rendered[maps.MAIN_MAP])
    gcj_page = open_map(browser, rendered[maps.GCJ02_MAP])
    try:
        for feature_id in ("airport_xinqiao", "rail_hefei_chaohu"):
            wgs = _latlng(wgs_page.page, feature_id)
            gcj = _latlng(gcj_page.page, feature_id)
            elon, elat = wgs84_to_gcj02(wgs[1], wgs[0])
            assert _metres(gcj, (float(elat), float(elon))) < 2.0, feature_id
            assert 400 < _metres(wgs, gcj) < 800, feature_id
    finally:
        wgs_page.page.close()
        gcj_page.page.close()


def test_screenshot(main_map, tmp_path):
    """Save a screenshot for review: to $INFRA_MAP_SCREENSHOTS when set (CI), else tmp_path."""
    folder = Path(os.environ.get("INFRA_MAP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "hefei_plan.png"
    main_map.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # a drawn map, not a blank page
