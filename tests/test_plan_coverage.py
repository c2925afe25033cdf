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
    ("新桥机场", "airport", BUILD),
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


def test_every_layer_builds_with_one_geometry_type(catalogue):
    built = layers.load_all(catalogue=catalogue)
    for name, ldef in catalogue.vocab.layers.items():
        assert len(built[name]) > 0, name
        assert set(built[name].geom_type) == {ldef.geometry}, name
