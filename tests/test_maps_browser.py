"""The interactive maps in headless Chromium, on a desktop (1440x900) and a phone (390x844, touch).

Every page is opened from a file:// URL with every other request aborted and
recorded. axe-core (npm, ``tools/npm``) is injected for the accessibility checks.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod
from test_maps import (
    BINHAI,
    HOSTILE_ZH,
    STATUSES,
    make_density,
    make_timeline_density,
    rich_layers,
)

from geo import maps
from geo._chromium import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from geo.chinadatum import wgs84_to_gcj02

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tools" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
DEVICES = {"desktop": DESKTOP, "phone": PHONE}
WGS_MAPS = [maps.MAIN_MAP, "transport.html", "energy.html", "environment.html"]

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
    data = tmp_path_factory.mktemp("data")
    (data / "hefei_plan.gpkg").write_bytes(b"SQLite format 3\x00 stand-in")
    (data / "density.csv").write_text("area,scenario\n", encoding="utf-8")
    paths = maps.render_maps(
        rich_layers(mini_catalogue),
        vocab=mini_catalogue.vocab,
        density=make_timeline_density(),
        out_dir=out,
        data_dir=data,
    )
    return {p.name: p for p in paths if p.parent == out}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        yield b
        b.close()


def open_map(
    browser: Any, path: Path, *, device: str = "desktop", wait_ready: bool = True, hash: str = ""
) -> Opened:
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
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
    page.goto(path.resolve().as_uri() + hash)
    if wait_ready:
        page.wait_for_function("window.HefeiMap && HefeiMap.maps.length && HefeiMap.maps[0].ready")
        page.wait_for_timeout(250)
    return opened


def close(opened: Opened) -> None:
    opened.page.context.close()


@pytest.fixture(params=list(DEVICES))
def device(request) -> str:
    return str(request.param)


@pytest.fixture
def main_map(browser, rendered, device) -> Iterator[Opened]:
    opened = open_map(browser, rendered[maps.MAIN_MAP], device=device)
    yield opened
    close(opened)


@pytest.fixture
def desktop_map(browser, rendered) -> Iterator[Opened]:
    opened = open_map(browser, rendered[maps.MAIN_MAP])
    yield opened
    close(opened)


def count(page: Any, selector: str) -> int:
    return int(page.locator(selector).count())


def open_panel(page: Any, key: str) -> None:
    """Open a panel (a no-op where it is open already)."""
    button = page.locator(f"#hm-t-{key}")
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    page.wait_for_timeout(100)


def toggle_layer(page: Any, name: str) -> None:
    open_panel(page, "layers")
    page.locator(f'input[data-layer="{name}"]').click()
    page.wait_for_timeout(100)


def state_eval(page: Any, body: str, arg: Any = None) -> Any:
    return page.evaluate(f"(arg) => {{ const s = HefeiMap.maps[0]; {body} }}", arg)


def search(page: Any, text: str) -> Any:
    state_eval(page, "s.map.closePopup();")  # a popup lies above every panel, even its button
    open_panel(page, "search")
    box = page.locator(".hm-search-input")
    box.fill(text)
    return page.locator(".hm-search-item")


def popup_text(page: Any) -> str:
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    return str(popup.inner_text())


# ------------------------------------------------------------------ offline, index, tiles


@pytest.mark.parametrize("name", WGS_MAPS)
def test_offline_page_requests_nothing_and_logs_no_error(browser, rendered, name, device):
    opened = open_map(browser, rendered[name], device=device)
    try:
        assert opened.external == []
        assert opened.console_errors == []
        assert opened.page_errors == []
        assert count(opened.page, ".hm-county") == 9
        assert count(opened.page, ".hm-water") >= 9
    finally:
        close(opened)


def test_index_page_is_offline_and_truthful(browser, rendered):
    opened = open_map(browser, rendered[maps.INDEX_PAGE], wait_ready=False)
    try:
        page = opened.page
        assert opened.external == [] and opened.console_errors == [] and opened.page_errors == []
        assert count(page, "main > ul > li > a[href$='.html']") == 5
        items = {
            page.locator("main > ul > li").nth(i).locator("a").get_attribute("href"): page.locator(
                "main > ul > li"
            )
            .nth(i)
            .inner_text()
            for i in range(5)
        }
        assert "needs the network" in items[maps.GCJ02_MAP]
        for name in WGS_MAPS:
            assert "works offline" in items[name] and "needs the network" not in items[name]
        assert count(page, "a[href='downloads/hefei_plan.gpkg']") == 1
    finally:
        close(opened)


def test_gcj02_map_requests_only_amap_tiles_and_says_when_they_fail(browser, rendered, device):
    opened = open_map(browser, rendered[maps.GCJ02_MAP], device=device)
    try:
        page = opened.page
        assert opened.external, "the Amap basemap should be on by default"
        assert all(".is.autonavi.com/appmaptile" in u for u in opened.external)
        assert opened.page_errors == []
        assert all("Failed to load resource" in e for e in opened.console_errors)
        notice = page.locator(".hm-notice-tiles")
        notice.wait_for()
        assert notice.is_visible() and "failed to load" in notice.text_content()
        notice.locator("button", has_text="Plain basemap").click()
        assert count(page, ".hm-notice-tiles") == 0
        assert state_eval(page, "return s.base;") == "plain"
        if device == "desktop":
            assert "GCJ-02" in page.locator(".hm-datum").inner_text()
    finally:
        close(opened)


def test_picking_an_online_basemap_offline_shows_a_notice(main_map):
    page = main_map.page
    open_panel(page, "layers")
    page.locator("#hm-base-osm").check()
    page.locator(".hm-notice-tiles").wait_for()
    assert "tile.openstreetmap.org" in main_map.external[0]
    assert "#" in page.url and "base=osm" in page.url


# ------------------------------------------------------------------ layers and filters


def test_layer_panel_lists_every_layer_and_folds_without_switching_off(main_map, mini_catalogue):
    page = main_map.page
    open_panel(page, "layers")
    for name in [
        *[n for n in mini_catalogue.vocab.layers],
        "existing_network",
        "boundary",
        "counties",
        "orientation",
    ]:
        assert count(page, f'input[data-layer="{name}"]') == 1, name
    text = page.locator(".hm-p-layers").inner_text()
    for heading in ("交通", "能源", "环境", "底图", "参考"):
        assert heading in text
    before = count(page, "path.hm-l-rail")
    fold = page.locator('.hm-chapter[data-chapter="transport"] .hm-fold')
    fold.click()
    assert fold.get_attribute("aria-expanded") == "false"
    assert not page.locator('input[data-layer="rail"]').is_visible()
    assert count(page, "path.hm-l-rail") == before  # folded, not switched off
    fold.click()
    assert page.locator('input[data-layer="rail"]').is_visible()


def test_switching_a_layer_off_removes_its_features(main_map):
    page = main_map.page
    rail_paths = "path.hm-f.hm-l-rail"
    airports = ".leaflet-marker-icon.hm-l-airport"
    before = count(page, rail_paths)
    assert before >= 9 and count(page, airports) == 4
    toggle_layer(page, "rail")
    assert count(page, rail_paths) == 0
    assert count(page, airports) == 4  # other layers untouched
    assert "layers=" in page.url and "rail," not in page.url.split("layers=")[1]
    toggle_layer(page, "rail")
    assert count(page, rail_paths) == before


def test_filters_by_status_and_progress_with_counts(main_map):
    page = main_map.page
    open_panel(page, "layers")
    proposed = page.locator('input[data-status="proposed"]')
    label = page.locator("label[for='hm-status-proposed']")
    assert label.locator(".hm-n").inner_text() == "1"
    before = count(page, "path.hm-f.hm-l-rail")
    proposed.click()
    assert count(page, "path.hm-f.hm-l-rail") == before - 1
    assert "status%3Aproposed" in page.url or "status:proposed" in page.url
    built = page.locator('input[data-progress="built"]')
    assert page.locator("label[for='hm-progress-built'] .hm-n").inner_text() == "2"
    built.click()
    assert count(page, "path.hm-f.hm-l-rail") == before - 3
    # the counts of the other facet follow
    assert page.locator("label[for='hm-status-existing'] .hm-n").inner_text() == "0"
    page.locator(".hm-reset").click()
    assert count(page, "path.hm-f.hm-l-rail") == before


def test_timeline_shows_network_and_plan_as_of_a_year(main_map):
    page = main_map.page
    open_panel(page, "layers")
    n_net = count(page, "path.hm-net")
    n_plan = count(page, "path.hm-f.hm-l-rail")
    opened = state_eval(
        page,
        "return s.index.filter(e => e.network).map(e => HefeiMap.openedYear(e.props));",
    )
    slider = page.locator("#hm-year")
    slider.fill("2015")
    page.wait_for_timeout(100)
    expected = sum(1 for y in opened if y is not None and y <= 2015)
    assert count(page, "path.hm-net") == expected < n_net
    assert count(page, "path.hm-f.hm-l-rail") == 0  # the plan dates from 2020
    assert "2020" in page.locator(".hm-year-out").inner_text()
    assert "year=2015" in page.url
    slider.fill("2021")
    page.wait_for_timeout(100)
    assert count(page, "path.hm-f.hm-l-rail") == n_plan
    # built in 2022: not yet marked built in 2021
    assert count(page, "path.hm-progress-built") == 1
    slider.fill("2022")
    page.wait_for_timeout(100)
    assert count(page, "path.hm-progress-built") == 2
    page.locator(".hm-year-all").click()
    assert count(page, "path.hm-net") == n_net and "year=" not in page.url


# ------------------------------------------------------------------ symbols


def test_every_status_is_visibly_distinct_on_the_map_and_in_the_legend(desktop_map):
    page = desktop_map.page
    looks = page.evaluate(
        """(statuses) => statuses.map(st => {
            const id = 'rail_status_' + st, e = HefeiMap.maps[0].byId[id];
            return e.parts.filter(p => p.getLayers).flatMap(p => p.getLayers())
              .filter(l => l.getElement && l.getElement()
                && !l.getElement().classList.contains('hm-casing')
                && !l.getElement().classList.contains('hm-progress'))
              .map(l => { const el = l.getElement();
                return [el.getAttribute('stroke-dasharray'), el.getAttribute('stroke-width'),
                        el.getAttribute('stroke'), el.getAttribute('stroke-opacity')].join('|'); })
              .join(' + '); })""",
        list(STATUSES),
    )
    assert len(set(looks)) == len(STATUSES), looks
    cfg_pins = state_eval(
        page,
        "const k = s.cfg.style.layers.airport.kinds.hub_airport.symbols;"
        "return Object.keys(s.cfg.style.statuses).map(st => s.cfg.style.statuses[st]);",
    )
    assert len({json.dumps(p, sort_keys=True) for p in cfg_pins}) == len(STATUSES)
    legend = page.locator(".hm-legend-body")
    for st in STATUSES:
        spec = state_eval(page, "return s.cfg.style.statuses[arg].zh;", st)
        assert spec in legend.inner_text()
    swatches = page.evaluate(
        """() => Array.from(document.querySelectorAll('.hm-legend-body .hm-lg-row'))
            .filter(r => /Test|已建成|在建|改扩建|开工|前期|规划研究|谋划/.test(r.innerText))
            .map(r => r.querySelector('svg').innerHTML)"""
    )
    assert len(set(swatches)) >= len(STATUSES)


def test_schematic_and_indicative_geometry_is_marked_on_the_map(desktop_map):
    page = desktop_map.page
    halos = state_eval(
        page,
        "return ['rail_hefei_chaohu', 'rail_status_proposed', 'rail_status_existing'].map(id =>"
        " s.byId[id].parts.some(p => p.getLayers && p.getLayers().some(l => l.getElement() &&"
        " l.getElement().classList.contains('hm-casing'))));",
    )
    assert halos == [True, True, False]
    assert count(page, "path.hm-indicative") == 1  # beads along the indicative stub
    beads = page.evaluate(
        """() => { const el = document.querySelector('path.hm-indicative');
            return [el.getAttribute('stroke'), el.getAttribute('stroke-width'),
                    el.getAttribute('stroke-dasharray')]; }"""
    )
    spec = state_eval(
        page,
        "const e = s.plan.find(x => x.props.precision === 'indicative');"
        "const k = s.cfg.style.layers[e.name].kinds[e.props.kind];"
        "return [s.cfg.style.precisions.indicative, k.weight];",
    )
    marking, weight = spec
    # the spec's beads (style.toml [precision.indicative]), as QGIS draws them
    assert beads[0] == marking["colour"], beads
    assert float(beads[1]) == pytest.approx(weight * marking["size"], abs=0.01), beads
    period = sum(float(d) for d in beads[2].split())  # a dot every `spacing` line widths
    assert period == pytest.approx(weight * marking["spacing"], abs=0.01), beads
    assert count(page, ".hm-legend-body") == 1
    assert "indicative" in page.locator(".hm-legend-body").inner_text()


def test_markers_at_the_same_position_are_spread(main_map):
    page = main_map.page
    boxes = [
        page.locator(f'.leaflet-marker-icon[title^="{t}"]').bounding_box()
        for t in ("合肥新桥机场", "新桥同址测试")
    ]
    a, b = boxes
    assert a and b
    overlap_x = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    overlap_y = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    assert overlap_x <= 0 or overlap_y <= 0, (a, b)


def test_opening_view_says_which_features_are_off_screen(main_map):
    page = main_map.page
    notice = page.locator(".hm-notice-offscreen")
    assert notice.is_visible()
    assert "outside this view" in notice.text_content()
    assert state_eval(page, "return s.offscreen;") == ["airport_far_away"]
    notice.locator("button").first.click()  # show all
    page.wait_for_timeout(300)
    inside = state_eval(
        page, "return s.map.getBounds().contains(s.byId['airport_far_away'].layer.getLatLng());"
    )
    assert inside


# ------------------------------------------------------------------ popups, focus


def _popup_on_top(page: Any) -> None:
    page.wait_for_timeout(300)  # the map pans the popup into view
    page.wait_for_function(
        "() => { const m = HefeiMap.maps[0].map; return !(m._panAnim && m._panAnim._inProgress); }"
    )
    page.wait_for_timeout(100)
    box = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= vw and box["y"] + box["height"] <= vh, box
    for fx, fy in ((0.5, 0.15), (0.5, 0.5), (0.1, 0.9), (0.9, 0.9), (0.9, 0.1)):
        x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
        inside = page.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y).closest('.leaflet-popup')", [x, y]
        )
        assert inside, (fx, fy)


def test_clicking_a_feature_opens_its_popup_on_top(main_map):
    page = main_map.page
    page.locator('.leaflet-marker-icon[title^="合肥新桥机场"]').click()
    text = popup_text(page)
    assert "(68)" in text and "专栏11" in text and "加快机场二期建设" in text
    assert "Hefei Xinqiao International Airport" in text
    _popup_on_top(page)
    assert "feature=airport_xinqiao" in page.url


@pytest.mark.parametrize("query", ["Hefei-Xinyi", "hefei – xinyi", "合肥新桥", "(72)"])
def test_search_results_popup_is_on_top_and_fully_visible(main_map, query):
    page = main_map.page
    items = search(page, query)
    items.first.click()
    popup_text(page)
    page.wait_for_timeout(300)
    _popup_on_top(page)


def test_the_overview_map_draws_the_minimap_table(desktop_map):
    page = desktop_map.page
    toggle = page.locator(".leaflet-control-minimap-toggle-display")
    assert toggle.get_attribute("role") == "button"
    assert toggle.get_attribute("aria-expanded") == "false"  # it opens minimised
    assert toggle.get_attribute("aria-label") == "显示小地图 Show mini-map"
    toggle.click()
    page.wait_for_timeout(300)
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.get_attribute("aria-label") == "隐藏小地图 Hide mini-map"
    cfg = state_eval(page, "return s.cfg;")
    land = page.locator(".leaflet-control-minimap path").first
    assert land.get_attribute("fill") == cfg["minimap"]["land"]
    line = cfg["reference"]["county"]
    assert land.get_attribute("stroke") == line["color"]
    width = float(land.get_attribute("stroke-width"))
    assert width == pytest.approx(line["weight"] * cfg["minimap"]["scale"])
    view = cfg["minimap"]["view"]  # the rectangle of the main map's view
    assert count(page, f".leaflet-control-minimap path[stroke='{view}']") == 1


def test_no_focus_box_on_click_but_a_ring_for_the_keyboard(desktop_map):
    page = desktop_map.page
    state_eval(page, "s.map.fitBounds(s.byId['rail_hefei_chaohu'].layer.getBounds());")
    page.wait_for_timeout(300)
    page.locator("path.hm-f.hm-l-rail").first.click()
    popup_text(page)
    outline = page.evaluate(
        """() => { const el = document.activeElement;
            const st = getComputedStyle(el);
            return [el.tagName, st.outlineStyle, st.outlineWidth]; }"""
    )
    assert outline[0].lower() == "path" or outline[1] == "none" or outline[2] == "0px", outline
    page.keyboard.press("Escape")
    page.locator(".hm-search-input").focus()
    page.keyboard.press("Tab")
    ring = page.evaluate(
        """() => { const st = getComputedStyle(document.activeElement);
            return [st.outlineStyle, parseFloat(st.outlineWidth)]; }"""
    )
    assert ring[0] == "solid" and ring[1] >= 2


def test_controls_come_before_features_in_tab_order(main_map):
    page = main_map.page
    page.locator("body").focus()
    seen = []
    for _ in range(6):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "() => { const a = document.activeElement;"
                " return a.classList.contains('leaflet-container')"
                " || !!a.closest('.leaflet-control-container'); }"
            )
        )
    assert all(seen), seen


# ------------------------------------------------------------------ list, search, permalinks


def test_project_list_is_searchable_sortable_and_opens_popups(main_map):
    page = main_map.page
    open_panel(page, "list")
    rows = page.locator(".hm-table tbody tr")
    n = state_eval(page, "return s.plan.length;")
    assert rows.count() == n
    page.locator(".hm-list-filter").fill("test line")
    assert rows.count() == len(STATUSES)
    page.locator(".hm-list-sort select").select_option("name")
    first = rows.first.locator("a.hm-open").inner_text()
    if main_map.page.viewport_size["width"] >= 800:
        page.locator('.hm-sort[data-key="name"]').click()  # again: descending
        assert rows.first.locator("a.hm-open").inner_text() != first
        assert page.locator('th[data-key="name"]').get_attribute("aria-sort") == "descending"
    row = rows.filter(has_text="Test line 3")
    href = row.locator("a.hm-open").get_attribute("href")
    assert "feature=rail_status_start_construction" in href
    row.locator("button.hm-zoom").click()
    text = popup_text(page)
    assert "Test line 3" in text
    _popup_on_top(page)
    if page.viewport_size["width"] < 800:
        assert page.locator("#hm-t-list").get_attribute("aria-expanded") == "false"


def test_search_forgives_dashes_kinds_and_clauses(main_map):
    page = main_map.page
    for query in ("Hefei-Xinyi", "hefei — xinyi", "HEFEI–XINYI"):
        items = search(page, query)
        assert "合肥至新沂高铁" in items.first.inner_text(), query
    names = search(page, "机场").all_inner_texts()
    assert any("肥东白龙通航" in t for t in names)  # a general-aviation airport without 机场
    assert len(search(page, "airport").all_inner_texts()) >= 4
    assert "Test line 2" in search(page, "(72)").first.inner_text()
    assert "Test line 2" in search(page, "72").first.inner_text()
    wet = search(page, "湿地").all_inner_texts()
    assert any("三河" in t for t in wet)
    # every result, in a scrollable list
    every = search(page, "line")
    assert every.count() > 12 or every.count() == state_eval(
        page, "return HefeiMap.search(s, 'line').length;"
    )
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.hm-search-list')).overflowY"
    ) in ("auto", "scroll", "visible")


def test_search_works_from_the_keyboard(main_map):
    page = main_map.page
    items = search(page, "test line")
    assert items.count() == len(STATUSES)
    box = page.locator(".hm-search-input")
    box.press("ArrowDown")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == items.nth(1).get_attribute("id")
    assert items.nth(1).get_attribute("aria-selected") == "true"
    box.press("Enter")
    text = popup_text(page)
    assert items.count() == 0 or True
    assert "测试" in text
    items = search(page, "test line")
    box.press("Escape")
    assert count(page, ".hm-search-item") == 0


def test_view_layers_and_feature_are_kept_in_the_url(browser, rendered, device):
    opened = open_map(browser, rendered[maps.MAIN_MAP], device=device)
    try:
        page = opened.page
        state_eval(page, "s.map.setView([31.7, 117.2], 11, {animate: false});")
        page.wait_for_timeout(200)
        assert "map=11/31.7" in page.url
        toggle_layer(page, "highway")
        page.locator("body").press("Escape")
        state_eval(page, "HefeiMap.zoomTo(s, s.byId['airport_xinqiao'], true);")
        page.wait_for_timeout(200)
        url = page.url
        assert "feature=airport_xinqiao" in url and "highway" not in url.split("layers=")[1]
    finally:
        close(opened)
    hash_ = url[url.index("#") :]
    again = open_map(browser, rendered[maps.MAIN_MAP], device=device, hash=hash_)
    try:
        page = again.page
        assert not state_eval(page, "return HefeiMap.layerOn(s, 'highway');")
        assert state_eval(page, "return HefeiMap.layerOn(s, 'rail');")
        assert "合肥新桥机场" in popup_text(page)
        zoom = state_eval(page, "return s.map.getZoom();")
        assert zoom >= 11
    finally:
        close(again)


# ------------------------------------------------------------------ downloads, print, navigation


def test_every_map_links_the_data_behind_it(browser, rendered, device):
    for name in [*WGS_MAPS, maps.GCJ02_MAP]:
        opened = open_map(browser, rendered[name], device=device)
        try:
            page = opened.page
            hrefs = page.eval_on_selector_all("a[download]", "els => els.map(e => e.href)")
            assert any(h.endswith(".geojson") for h in hrefs), name
            assert any(h.endswith("downloads/hefei_plan.gpkg") for h in hrefs), name
            assert any(h.endswith("downloads/density.csv") for h in hrefs), name
            for h in hrefs:
                path = Path(h.replace("file://", ""))
                assert path.is_file(), h
            geojson = next(h for h in hrefs if h.endswith(".geojson"))
            doc = json.loads(Path(geojson.replace("file://", "")).read_text(encoding="utf-8"))
            assert doc["type"] == "FeatureCollection" and doc["features"]
        finally:
            close(opened)


def test_every_map_links_to_the_index_and_the_others(browser, rendered, device):
    for name in [*WGS_MAPS, maps.GCJ02_MAP]:
        opened = open_map(browser, rendered[name], device=device)
        try:
            hrefs = set(
                opened.page.eval_on_selector_all(
                    "a[href$='.html']", "els => els.map(e => e.getAttribute('href'))"
                )
            )
            assert {maps.INDEX_PAGE, *WGS_MAPS, maps.GCJ02_MAP} - {name} <= hrefs, name
        finally:
            close(opened)


def test_print_view_is_a_clean_a4_landscape_map(browser, rendered, device, tmp_path):
    opened = open_map(browser, rendered[maps.MAIN_MAP], device=device)
    try:
        page = opened.page
        page.emulate_media(media="print")
        page.evaluate("HefeiMap.preparePrint && HefeiMap.preparePrint()")
        page.wait_for_timeout(200)
        visible = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                '.leaflet-control-container .leaflet-control'))
                .filter(c => getComputedStyle(c).display !== 'none').map(c => c.className)"""
        )
        assert all("hm-p-legend" in c or "attribution" in c or "scale" in c for c in visible), (
            visible
        )
        assert page.locator(".hm-title").is_visible()
        assert page.locator(".hm-legend-body").is_visible()
        assert page.locator(".leaflet-control-attribution").is_visible()
        assert not page.locator(".leaflet-control-zoom").is_visible()
        pdf = tmp_path / "map.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        head = pdf.read_bytes()
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", head)
        assert boxes, "no page in the PDF"
        w, h = (float(v) for v in boxes[0])
        assert abs(w - 841.89) < 2 and abs(h - 595.28) < 2, (w, h)  # A4 landscape, points
        assert len(boxes) == 1, "one page"
    finally:
        close(opened)


# ------------------------------------------------------------------ density panel


@pytest.mark.parametrize(
    ("name", "has_panel"),
    [
        (maps.MAIN_MAP, True),
        ("transport.html", True),
        (maps.GCJ02_MAP, True),
        ("energy.html", False),
        ("environment.html", False),
    ],
)
def test_density_panel_only_where_it_belongs(browser, rendered, name, has_panel):
    opened = open_map(browser, rendered[name])
    try:
        assert count(opened.page, ".hm-density-panel") == int(has_panel)
    finally:
        close(opened)


def test_density_panel_answers_did_hefei_reach_its_targets(main_map):
    page = main_map.page
    open_panel(page, "density")
    body = page.locator(".hm-dens-body")
    assert body.get_attribute("data-area") == "hefei"
    answer = page.locator(".hm-answer").inner_text()
    for word in ("2020", "2025", "today", "met", "not met", "2023", "not yet"):
        assert word in answer, word
    text = body.inner_text()
    assert "target exceeded by 120.5 km" in text
    assert "-120" not in text and "−120" not in text
    for label in ("2020年底", "2025年底", "今天+在建", "今天+谋划"):
        assert label in text


def test_density_panel_shows_city_then_clicked_unit(desktop_map):
    page = desktop_map.page
    body = page.locator(".hm-dens-body")
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


# ------------------------------------------------------------------ phone


def _control_boxes(page: Any) -> list[dict[str, float]]:
    return list(
        page.evaluate(
            """() => Array.from(document.querySelectorAll(
                '.leaflet-control-container .leaflet-control, .hm-title, .hm-notice'))
                .filter(e => getComputedStyle(e).display !== 'none' && e.offsetParent !== null)
                .map(e => { const r = e.getBoundingClientRect();
                    return {x: r.x, y: r.y, width: r.width, height: r.height,
                            cls: e.className}; })"""
        )
    )


@pytest.mark.parametrize("name", [*WGS_MAPS, maps.GCJ02_MAP])
def test_phone_map_is_mostly_map_at_first_load(browser, rendered, name):
    opened = open_map(browser, rendered[name], device="phone")
    try:
        page = opened.page
        for key in ("layers", "legend", "list", "links", "search"):
            button = page.locator(f"#hm-t-{key}")
            assert button.get_attribute("aria-expanded") == "false", key
        boxes = _control_boxes(page)
        covered = sum(b["width"] * b["height"] for b in boxes)
        assert covered / (390 * 844) <= 0.2, (covered / (390 * 844), boxes)
        viewport = page.evaluate("document.querySelector('meta[name=viewport]').content")
        assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
    finally:
        close(opened)


def test_phone_tap_targets_are_44_px_and_do_not_overlap(browser, rendered):
    opened = open_map(browser, rendered[maps.MAIN_MAP], device="phone")
    try:
        page = opened.page
        targets = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                '.leaflet-control-container a, .leaflet-control-container button,'
                + ' .leaflet-control-container input, .leaflet-control-container select'))
                .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
                .filter(e => !e.closest('.leaflet-control-attribution'))
                .map(e => { const r = e.getBoundingClientRect();
                    return {x: r.x, y: r.y, w: r.width, h: r.height,
                            t: e.outerHTML.slice(0, 60)}; })"""
        )
        assert len(targets) >= 8
        for t in targets:
            assert t["w"] >= 44 and t["h"] >= 44, t
        for i, a in enumerate(targets):
            for b in targets[i + 1 :]:
                ox = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
                oy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
                assert ox <= 0 or oy <= 0, (a, b)
        # an open sheet's controls are 44 px too
        page.locator("#hm-t-layers").tap()
        page.wait_for_timeout(150)
        rows = page.evaluate(
            """() => Array.from(document.querySelectorAll('.hm-p-layers .hm-check'))
                .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height)"""
        )
        assert rows and min(rows) >= 44
        page.locator("#hm-t-layers").tap()
    finally:
        close(opened)


def test_phone_touch_opens_a_popup_and_panels_one_at_a_time(browser, rendered):
    opened = open_map(browser, rendered[maps.MAIN_MAP], device="phone")
    try:
        page = opened.page
        page.locator('.leaflet-marker-icon[title^="合肥新桥机场"]').tap()
        assert "合肥新桥机场" in popup_text(page)
        _popup_on_top(page)
        page.locator("#hm-t-legend").tap()
        page.locator("#hm-t-layers").tap()
        assert page.locator("#hm-t-legend").get_attribute("aria-expanded") == "false"
        assert page.locator("#hm-t-layers").get_attribute("aria-expanded") == "true"
        sheet = page.locator("#hm-b-layers").bounding_box()
        assert sheet["width"] >= 370 and sheet["y"] + sheet["height"] <= 844
        _popup_on_top(page)  # still above the sheet
    finally:
        close(opened)


# ------------------------------------------------------------------ accessibility


def _axe(page: Any) -> list[dict[str, Any]]:
    if not AXE.exists():
        pytest.skip(f"{AXE} not found (npm install --prefix tools/npm)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


@pytest.mark.parametrize("name", [*WGS_MAPS, maps.GCJ02_MAP, maps.INDEX_PAGE])
def test_axe_finds_no_critical_or_serious_violation(browser, rendered, name, device):
    opened = open_map(browser, rendered[name], device=device, wait_ready=name != maps.INDEX_PAGE)
    try:
        assert _axe(opened.page) == []
        if name == maps.MAIN_MAP:
            open_panel(opened.page, "list")
            open_panel(opened.page, "layers")
            assert _axe(opened.page) == []
    finally:
        close(opened)


def test_markers_and_lines_are_named_and_the_legend_scrolls_by_keyboard(main_map):
    page = main_map.page
    unnamed = page.evaluate(
        """() => Array.from(document.querySelectorAll('.leaflet-marker-icon.leaflet-interactive,'
            + ' path.hm-f')).filter(e => !(e.getAttribute('aria-label') || '').trim()).length"""
    )
    assert unnamed == 0
    open_panel(page, "legend")
    legend = page.locator(".hm-legend-body")
    assert legend.get_attribute("tabindex") == "0"
    if page.evaluate("(e) => e.scrollHeight > e.clientHeight", legend.element_handle()):
        legend.focus()
        page.keyboard.press("PageDown")
        page.wait_for_timeout(100)
        assert page.evaluate("(e) => e.scrollTop > 0", legend.element_handle())


def test_english_text_is_at_least_12_px(main_map):
    page = main_map.page
    for key in ("layers", "legend", "density"):
        open_panel(page, key)
    small = page.evaluate(
        r"""() => { const out = [];
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) { const n = walk.currentNode, el = n.parentElement;
              if (!/[A-Za-z]{2,}/.test(n.textContent) || !el) continue;
              if (el.closest('script,style')) continue;
              if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
              const size = parseFloat(getComputedStyle(el).fontSize);
              if (size < 12) out.push([n.textContent.trim().slice(0, 30), size]); }
            return out; }"""
    )
    assert small == []


# ------------------------------------------------------------------ earlier behaviour kept


def test_existing_network_is_drawn_under_the_plan_and_can_be_switched_off(desktop_map):
    page = desktop_map.page
    lines, dashes = "path.hm-net", "path.hm-net-dash"
    n_lines, n_dashes = count(page, lines), count(page, dashes)
    n_rail = count(page, "path.hm-net-rail")
    assert n_lines >= 40 and n_dashes == n_rail > 10  # each railway gets its white dashes
    assert count(page, "path.hm-net-expressway") == n_lines - n_rail
    z = page.evaluate("""() => { const m = HefeiMap.maps[0].map;
        return ['hm-refline', 'hm-network', 'hm-poly', 'hm-lines']
            .map(p => +m.getPane(p).style.zIndex); }""")
    assert z == sorted(z) and len(set(z)) == 4
    plan_rail = count(page, "path.hm-f.hm-l-rail")
    toggle_layer(page, "existing_network")
    assert count(page, lines) == 0 and count(page, dashes) == 0
    assert count(page, "path.hm-f.hm-l-rail") == plan_rail  # the plan is untouched
    toggle_layer(page, "existing_network")
    assert count(page, lines) == n_lines and count(page, dashes) == n_dashes


def test_existing_network_popup_and_search(desktop_map):
    page = desktop_map.page
    items = search(page, "淮南铁路")
    assert "existing network" in items.first.inner_text()
    items.first.click()
    text = popup_text(page)
    assert "淮南铁路" in text and "现状路网" in text and "Existing network" in text
    assert "km" in text and "合肥境内" in text and "OpenStreetMap" in text
    page.keyboard.press("Escape")
    toggle_layer(page, "existing_network")
    assert count(page, "path.hm-net") == 0
    search(page, "G5011").first.click()
    popup_text(page)
    assert count(page, "path.hm-net") > 0  # search turns the layer back on
    assert "G5011" in page.locator(".leaflet-popup-content").inner_text()


def test_hostile_names_render_as_text(desktop_map):
    page = desktop_map.page
    item = search(page, "alert(1)").first
    assert HOSTILE_ZH in item.inner_text()
    item.click()
    text = popup_text(page)
    assert HOSTILE_ZH in text and "onerror" in text and "</script><script>" in text
    assert (
        count(
            page,
            ".leaflet-popup-content script, .leaflet-popup-content img, "
            ".leaflet-popup-content svg[onload], .leaflet-popup-content i",
        )
        == 0
    )
    hostile = page.evaluate("""() => { const s = HefeiMap.maps[0];
        const e = s.byId['net_hostile'];
        e.layer.fire('mouseover'); e.layer.openTooltip();
        return e.layer.getTooltip().getElement().innerText; }""")
    assert HOSTILE_ZH in hostile and "<b>G0</b>" in hostile
    assert page.evaluate("window.__pwned === undefined && window.__pwned2 === undefined")
    assert desktop_map.dialogs == [] and desktop_map.page_errors == []


def test_measuring_a_distance(desktop_map):
    page = desktop_map.page
    page.locator(".hm-measure-btn").click()
    page.mouse.click(600, 600)
    page.mouse.click(800, 600)
    out = page.locator(".hm-measure-out").inner_text()
    km = float(out.split(" km")[0].replace(",", ""))
    expected, a, b = page.evaluate("""() => { const m = HefeiMap.maps[0].map;
        const a = m.containerPointToLatLng([600, 600]), b = m.containerPointToLatLng([800, 600]);
        return [m.distance(a, b) / 1000, [a.lat, a.lng], [b.lat, b.lng]]; }""")
    assert km == pytest.approx(expected, abs=0.01) and km > 1
    geodesic_km = Geod(ellps="WGS84").inv(a[1], a[0], b[1], b[0])[2] / 1000
    assert km == pytest.approx(geodesic_km, rel=0.005)


def _latlng(page: Any, feature_id: str) -> tuple[float, float]:
    lat, lng = state_eval(
        page,
        "const e = s.byId[arg]; const ll = e.layer.getLatLng ? e.layer.getLatLng()"
        " : e.layer.getLatLngs()[0]; return [ll.lat, ll.lng];",
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
        close(wgs_page)
        close(gcj_page)


def test_binhai_fixture_is_far_outside_hefei():
    assert BINHAI[0] > 119.5  # so that the off-screen notice is tested for real


def test_density_fixture_without_timeline_still_renders(browser, tmp_path, mini_catalogue):
    paths = maps.render_maps(
        rich_layers(mini_catalogue),
        vocab=mini_catalogue.vocab,
        density=make_density(),
        out_dir=tmp_path,
    )
    opened = open_map(browser, paths[0])
    try:
        assert count(opened.page, ".hm-density-panel") == 1
        assert count(opened.page, ".hm-answer") == 0
        assert opened.page_errors == []
    finally:
        close(opened)


def test_screenshots(browser, rendered, tmp_path):
    """Keep a desktop and a phone screenshot: in $INFRA_MAP_SCREENSHOTS when set (CI)."""
    folder = Path(os.environ.get("INFRA_MAP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for device, name in (("desktop", "hefei_plan.png"), ("phone", "hefei_plan_phone.png")):
        opened = open_map(browser, rendered[maps.MAIN_MAP], device=device)
        try:
            shot = folder / name
            opened.page.screenshot(path=str(shot))
            assert shot.stat().st_size > 20_000  # a drawn map, not a blank page
        finally:
            close(opened)
