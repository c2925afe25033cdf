"""Loading and validating the catalogue: good files load, bad ones are refused clearly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from geo._paths import CATALOGUE_DIR
from geo.catalogue import load_catalogue, load_gazetteer
from geo.errors import CatalogueError
from tests.conftest import MINI


def _load(directory: Path, **kwargs):
    return load_catalogue(directory, gazetteer=directory / "gazetteer.csv", **kwargs)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_catalogue_loads(mini_catalogue):
    ids = [p.id for p in mini_catalogue.projects]
    # catalogue order is kept: chapter files by name, records in file order
    in_files = [
        record["id"]
        for path in sorted(MINI.glob("*.toml"))
        if path.name != "vocab.toml"
        for record in tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    ]
    assert ids == in_files
    assert {"rail_hefei_chaohu", "hwy_hening", "airport_xinqiao", "wetland_sanhe"} <= set(ids)
    rail = next(p for p in mini_catalogue.projects if p.id == "rail_hefei_chaohu")
    assert rail.clause == ("(58)", "专栏8")
    assert rail.via == ("hefei", "chaohu")


def test_gazetteer_converts_gcj02_at_the_door(tmp_path):
    csv = tmp_path / "g.csv"
    # Hefei South station: WGS84 117.28488 31.80030; the same point in GCJ-02.
    csv.write_text(
        "id,name_zh,name_en,kind,lon,lat,datum,accuracy_m,source\n"
        "a,合肥南,Hefei South,station,117.28488,31.80030,WGS84,100,osm\n"
        "b,合肥南,Hefei South,station,117.29039872,31.79831774,GCJ02,100,amap\n",
        encoding="utf-8",
    )
    places = load_gazetteer(csv)
    assert places["b"].lon == pytest.approx(places["a"].lon, abs=1e-7)
    assert places["b"].lat == pytest.approx(places["a"].lat, abs=1e-7)
    assert places["b"].datum == "GCJ02"


# Each case: which file to edit, the text to replace, its replacement, and what the
# message must say (it always names the file, the record and the field).
BAD_RECORDS = [
    pytest.param(
        "transport.toml",
        'name_en = "Hefei–Chaohu suburban railway"\n',
        "",
        r"transport\.toml'.*record 'rail_hefei_chaohu', field 'name_en': missing",
        id="missing-field",
    ),
    pytest.param(
        "transport.toml",
        'via = ["hefei", "chaohu"]',
        'via = ["hefei", "chaohu_typo"]',
        r"record 'rail_hefei_chaohu', field 'via': unknown place 'chaohu_typo'",
        id="unknown-place",
    ),
    pytest.param(
        "transport.toml",
        'status = "upgrade"',
        'status = "done"',
        r"record 'hwy_hening', field 'status': 'done' is not known; use one of",
        id="unknown-status",
    ),
    pytest.param(
        "transport.toml",
        'layer = "airport"',
        'layer = "airports"',
        r"record 'airport_xinqiao', field 'layer': 'airports' is not known",
        id="unknown-layer",
    ),
    pytest.param(
        "transport.toml",
        'id = "hwy_hening"',
        'id = "rail_hefei_chaohu"',
        r"record 'rail_hefei_chaohu', field 'id': duplicate id",
        id="duplicate-id",
    ),
    pytest.param(
        "transport.toml",
        'replaces = "g40_hefei_nanjing"',
        'replaces = "g40_nowhere"',
        r"record 'hwy_hening', field 'replaces': 'g40_nowhere' is not an id of the reference",
        id="unknown-replaces",
    ),
    pytest.param(
        "transport.toml",
        'kind = "hub_airport"',
        'kind = "seaport"',
        r"record 'airport_xinqiao', field 'kind': 'seaport' is not known",
        id="unknown-kind",
    ),
    pytest.param(
        "transport.toml",
        'clause = ["(68)", "专栏11"]',
        'clause = ["68"]',
        r"record 'airport_xinqiao', field 'clause': '68' is not a clause",
        id="bad-clause",
    ),
    pytest.param(
        "transport.toml",
        'clause = ["(68)", "专栏11"]',
        'clause = "(68)"',
        r"record 'airport_xinqiao', field 'clause': expected a list of clauses",
        id="clause-not-a-list",
    ),
    pytest.param(
        "transport.toml",
        'quote = "加快机场二期建设"',
        'quote = "加快机场三期建设"',
        r"record 'airport_xinqiao', field 'quote': .* does not occur in the plan",
        id="quote-not-in-plan",
    ),
    pytest.param(
        "environment.toml",
        "area_km2 = 10.0",
        "area_km2 = -1",
        r"record 'wetland_sanhe', field 'area_km2'",
        id="bad-area",
    ),
    pytest.param(
        "environment.toml",
        "target_year = 2030",
        'target_year = "2030"',
        r"record 'wetland_sanhe', field 'target_year': expected a year",
        id="bad-year",
    ),
    pytest.param(
        "transport.toml",
        'id = "hwy_hening"',
        'id = "hwy_hening"\ncolour = "red"',
        r"record 'hwy_hening', field 'colour': unknown field",
        id="unknown-field",
    ),
    pytest.param(
        "transport.toml",
        '[[project]]\nid = "hwy_hening"',
        '[[project]\nid = "hwy_hening"',
        r"file '.*transport\.toml': malformed TOML",
        id="malformed-toml",
    ),
    pytest.param(
        "gazetteer.csv",
        "117.2430,31.5140",
        "31.5140,117.2430",
        r"gazetteer\.csv'.*record 'sanhe', field 'lon': lon=31\.514 is outside China",
        id="outside-china",
    ),
    pytest.param(
        "gazetteer.csv",
        "117.2430,31.5140,WGS84",
        "117.2430,31.5140,WGS-72",
        r"record 'sanhe', field 'datum': datum 'WGS-72' is not known",
        id="unknown-datum",
    ),
    pytest.param(
        "gazetteer.csv",
        "117.2430,31.5140",
        "117.2430,",
        r"record 'sanhe', field 'lat': empty value",
        id="empty-coordinate",
    ),
    pytest.param(
        "gazetteer.csv",
        "sanhe,",
        "hefei,",
        r"record 'hefei', field 'id': duplicate id",
        id="duplicate-place",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BAD_RECORDS)
def test_bad_catalogue_is_refused_naming_file_record_and_field(mini_dir, file, old, new, message):
    _edit(mini_dir / file, old, new)
    plan = _plan_or_skip() if "plan" in message else None
    with pytest.raises(CatalogueError, match=message) as info:
        _load(mini_dir, plan=plan)
    assert info.value.file is not None
    assert isinstance(info.value, ValueError)


def _plan_or_skip() -> Path:
    from tests.conftest import require_shared

    return require_shared("plan", "hefei-yrd-integration-plan.txt")


def test_long_quote_is_refused(mini_dir):
    _edit(mini_dir / "transport.toml", 'quote = "加快机场二期建设"', f'quote = "{"加" * 81}"')
    with pytest.raises(
        CatalogueError, match=r"field 'quote': 81 characters; shorten it to at most 80"
    ):
        _load(mini_dir)


def test_missing_catalogue_folder(tmp_path):
    with pytest.raises(CatalogueError, match=re.escape("catalogue folder not found")):
        load_catalogue(tmp_path / "nope", gazetteer=MINI / "gazetteer.csv")


def test_not_utf8_is_refused(mini_dir):
    (mini_dir / "transport.toml").write_bytes("name = '合肥'".encode("gb18030"))
    with pytest.raises(CatalogueError, match=r"transport\.toml'.*(not UTF-8|malformed)"):
        _load(mini_dir)


def test_test_fixture_uses_the_real_vocabulary():
    real = CATALOGUE_DIR / "vocab.toml"
    assert (MINI / "vocab.toml").read_bytes() == real.read_bytes(), (
        "cp geo/data/catalogue/vocab.toml tests/data/mini/"
    )


def test_vocab_colour_must_be_rrggbb(mini_dir):
    _edit(mini_dir / "vocab.toml", '"#c0392b"]', '"#c03"]')
    with pytest.raises(
        CatalogueError, match=r"vocab\.toml'.*record 'rail'.*'#c03' is not a colour"
    ):
        _load(mini_dir)
