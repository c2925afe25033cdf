"""The real catalogue covers every project the three chapters name, as its own feature.

The checklist below is written independently of the catalogue, from the plan's
text (chapters 四, 五, 十一 and 专栏13): each entry is a fragment of the name as the
plan writes it, the layer it belongs to, and the statuses the plan's wording allows.
"""

from __future__ import annotations

import pytest

import layers
from geo.catalogue import load_catalogue
from tests.conftest import require_shared

BUILD = ("in_construction",)
START = ("start_construction",)
PREP = ("preparatory", "planning_study")
UPGRADE = ("upgrade",)
PROPOSED = ("proposed",)

CHECKLIST: list[tuple[str, str, tuple[str, ...]]] = [
    # 专栏8 / (55)-(58) railways and stations
    ("商合杭铁路", "rail", BUILD),
    ("合安九铁路", "rail", BUILD),
    ("合新高铁", "rail", START),
    ("巢马城际", "rail", START),
    ("新合肥西站", "rail_station", START),
    ("沿江高铁武汉-合肥-南京段", "rail", PREP),
    ("安康(西安)-襄阳-合肥-南京(北)-南通-上海", "rail", PREP),
    ("合肥-新桥机场-六安", "rail", PREP),
    ("合肥-芜湖-宣城-杭州", "rail", PREP),
    ("合肥-池州-温州", "rail", PREP),
    ("S1线", "rail", BUILD),
    ("合肥-巢湖", "rail", BUILD),
    ("合肥-淮南", "rail", BUILD),
    # 专栏9 / (60)-(62) highways
    ("合宁", "highway", UPGRADE),
    ("合巢芜", "highway", UPGRADE),
    ("合安", "highway", UPGRADE),
    ("合六叶", "highway", UPGRADE),
    ("明巢高速", "highway", BUILD),
    ("德上高速合纵段", "highway", BUILD),
    ("岳武高速东延无岳段", "highway", BUILD),
    ("宣商高速", "highway", BUILD),
    ("沪陕高速复线", "highway", PROPOSED),
    ("沪蓉高速复线", "highway", PROPOSED),
    ("京台合肥西绕线", "highway", PROPOSED),
    ("合芜宣杭高速复线", "highway", PROPOSED),
    ("外绕城高速", "highway", PROPOSED),
    ("明巢高速南延段", "highway", PROPOSED),
    ("G329", "highway", BUILD),
    ("G312", "highway", BUILD),
    ("G206", "highway", BUILD),
    ("S103", "highway", BUILD),
    ("S351", "highway", BUILD),
    ("S329", "highway", BUILD),
    ("S327", "highway", BUILD),
    ("S227", "highway", BUILD),
    ("S105", "highway", UPGRADE),
    # 专栏10 / (64)-(65), 专栏13 ports and channels
    ("兆西河通江一级航道", "waterway", BUILD),
    ("合裕线", "waterway", UPGRADE),
    ("巢湖一线船闸", "port", UPGRADE),
    ("裕溪河一线船闸", "port", UPGRADE),
    ("凤凰颈枢纽", "port", (*BUILD, *UPGRADE)),
    ("中派作业区", "port", BUILD),
    ("危化品码头", "port", BUILD),
    ("派河港", "port", BUILD),
    ("国际陆港", "port", BUILD),
    # 专栏11 / (68)-(71) airports
    ("新桥机场", "airport", UPGRADE),  # 二期 expands an existing airport
    ("肥东白龙", "airport", BUILD),
    ("肥西官亭", "airport", BUILD),
    ("合肥滨湖", "airport", BUILD),
    ("庐江", "airport", PROPOSED),
    ("巢湖", "airport", PROPOSED),
    ("长丰", "airport", PROPOSED),
    # 专栏12 / (75)-(78) energy
    ("滨海LNG配套管线合肥段", "pipeline", BUILD),
    ("中俄东线", "pipeline", PROPOSED),
    ("苏皖天然气", "pipeline", PROPOSED),
    ("皖浙油气合肥联络线", "pipeline", PROPOSED),
    ("巢湖至芜湖LNG接收站", "pipeline", BUILD),
    ("宿州—黄山天然气干线", "pipeline", BUILD),
    ("白鹤滩—江苏特高压直流输电合肥段", "powerline", BUILD),
    ("蒙电入皖合肥段", "powerline", PROPOSED),  # 重点推进: no construction verb
    # 专栏16 / (158) the ten wetlands, and the water-environment projects
    ("十八联圩", "wetland", BUILD),
    ("玉带河", "wetland", BUILD),
    ("三河", "wetland", BUILD),
    ("包河湖滨", "wetland", BUILD),
    ("派河口", "wetland", BUILD),
    ("巢湖半岛", "wetland", BUILD),
    ("槐林", "wetland", BUILD),
    ("柘皋河", "wetland", BUILD),
    ("马尾河", "wetland", BUILD),
    ("栖风洲", "wetland", BUILD),
    ("裕溪河治理工程", "water_project", BUILD),
    ("滁河治理工程", "water_project", BUILD),
    ("江水西调生态补水工程", "water_project", BUILD),
    ("白石天河", "water_project", BUILD),
    ("兆西河综合治理", "water_project", BUILD),
    ("环巢湖综合治理", "water_project", BUILD),
    ("巢湖生态保护与应急处置能力建设", "eco_area", BUILD),  # a capacity programme, not a line
    ("环巢湖生态示范区", "eco_area", BUILD),
    ("市域小流域综合治理工程", "eco_area", BUILD),
    # (64), (69), (70) and 专栏13: the channel the plan relies on, air logistics, bonded zones
    ("引江济淮工程", "waterway", BUILD),
    ("国际航空货运集散中心", "airport", BUILD),
    ("合肥空港经济示范区", "airport", BUILD),
    ("国际冷鲜港", "airport", BUILD),
    ("空港保税物流中心(B型)", "airport", BUILD),
    ("合肥经开综保区", "port", BUILD),
]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.mark.parametrize(
    ("fragment", "layer", "statuses"), CHECKLIST, ids=[c[0] for c in CHECKLIST]
)
def test_named_project_is_its_own_feature(catalogue, fragment, layer, statuses):
    hits = [p for p in catalogue.projects if p.layer == layer and fragment in p.name_zh]
    assert hits, f"no {layer} record whose name_zh contains {fragment!r}"
    assert any(p.status in statuses for p in hits), [(p.id, p.status) for p in hits]


def test_every_quote_and_name_occurs_in_the_plan():
    plan = require_shared("plan", "hefei-yrd-integration-plan.txt")
    text = plan.read_text(encoding="utf-8")
    catalogue = load_catalogue(plan=plan)
    for p in catalogue.projects:
        assert p.quote in text, p.id
        # a section the plan does not name may follow in parentheses: 商合杭铁路(合肥至湖州段)
        stem = p.name_zh.split("(")[0] if p.name_zh.endswith("段)") else p.name_zh
        assert stem in text, p.id
        assert p.clause, p.id


def test_clauses_belong_to_the_three_chapters(catalogue):
    items = set(range(55, 84)) | set(range(155, 167))
    columns = {8, 9, 10, 11, 12, 13, 16}
    for p in catalogue.projects:
        for c in p.clause:
            number = int(c.strip("()").removeprefix("专栏"))
            assert number in (columns if c.startswith("专栏") else items), (p.id, c)


def test_distinct_sites_are_not_drawn_on_one_point(catalogue):
    # 派河港 and 中派作业区 are distinct sites in the plan
    at = {p.id: p.at for p in catalogue.projects}
    assert at["port_paihe"] != at["term_zhongpai"]


def test_no_two_water_projects_share_one_geometry(catalogue):
    water = layers.load("water_project", catalogue=catalogue)
    wkb = water.geometry.to_wkb()
    assert not wkb.duplicated().any(), water.loc[wkb.duplicated(keep=False), "id"].tolist()


def test_clauses_of_the_northern_section_and_the_wetlands(catalogue):
    by_id = {p.id: p for p in catalogue.projects}
    assert by_id["shanghehang_north"].clause == ("(55)",)
    wetlands = [p for p in catalogue.projects if p.layer == "wetland" and p.kind == "wetland"]
    assert [p.id for p in wetlands if "(158)" in p.clause] == ["wl_shibalianwei"]
    assert all("专栏16" in p.clause for p in wetlands)


def test_every_layer_builds_with_one_geometry_type(catalogue):
    built = layers.load_all(catalogue=catalogue)
    for name, ldef in catalogue.vocab.layers.items():
        assert len(built[name]) > 0, name
        assert set(built[name].geom_type) == {ldef.geometry}, name
