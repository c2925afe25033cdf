"""Every rule of the gazetteer reader (geo/catalogue/_gazetteer.py), one bad row each.

The gazetteer is a tiny CSV written in code to ``tmp_path`` (made-up places near
Hefei); each refusal must name the file, the place (or its line) and the column.
The file-level rules (BOM, header, rows, number syntax) are geo/_strict.py's and
tested in tests/test_strict.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from errmatch import refused

from geo.catalogue import load_gazetteer

HEADER = "id,name_zh,name_en,kind,lon,lat,datum,accuracy_m,source\n"
ROW_A = "a,合肥南,Hefei South,station,117.28488,31.80030,WGS84,100,osm\n"
ROW_B = "b,巢湖,Chaohu,station,117.88539,31.61674,WGS84,100,osm\n"


def _write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "gaz.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _row(**changes: str) -> str:
    values = dict(zip(HEADER.strip().split(","), ROW_B.strip().split(","), strict=True))
    values.update(changes)
    return ",".join(values.values()) + "\n"


BAD = [
    pytest.param(_row(lat=""), "b", "lat", "empty value on line 3; fill it in", id="empty-lat"),
    pytest.param(_row(source=" "), "b", "source", "empty value on line 3", id="blank-source"),
    pytest.param(_row(name_zh=""), "b", "name_zh", "empty value on line 3", id="empty-name"),
    pytest.param(_row(id=""), "line 3", "id", "empty value on line 3", id="empty-id"),
    pytest.param(_row(id="B-1"), "B-1", "id", r"id 'B-1' must match \[a-z0-9_\]\+", id="id-unsafe"),
    pytest.param(
        _row(id="a"),
        "a",
        "id",
        r"duplicate id 'a' \(line 3\); ids must be unique",
        id="duplicate-id",
    ),
    pytest.param(
        _row(datum="WGS-72"),
        "b",
        "datum",
        r"'WGS-72' is not a known datum \(case and '-' do not matter\); "
        "use one of WGS84, GCJ02, BD09$",
        id="datum-unknown",
    ),
    pytest.param(_row(lon="117.9.1"), "b", "lon", "expected a number", id="lon-not-a-number"),
    pytest.param(
        _row(lat="3_1.6"),
        "b",
        "lat",
        "expected a number, got '3_1.6'; remove the '_'",
        id="lat-underscore",
    ),
    pytest.param(
        _row(accuracy_m="100m"),
        "b",
        "accuracy_m",
        "expected a number, got '100m'",
        id="accuracy-not-a-number",
    ),
    pytest.param(
        _row(lon="31.6", lat="117.9"),
        "b",
        "lon",
        r"lon=31\.6 is outside China \(73\.0\.\.135\.5\); check for swapped lon/lat",
        id="lon-lat-swapped",
    ),
    pytest.param(
        _row(lon="136.0"), "b", "lon", "lon=136.0 is outside China", id="lon-east-of-china"
    ),
    pytest.param(
        _row(lat="17.9"),
        "b",
        "lat",
        r"lat=17\.9 is outside China \(18\.0\.\.53\.6\)",
        id="lat-south-of-china",
    ),
    pytest.param(
        _row(lat="53.7"), "b", "lat", "lat=53.7 is outside China", id="lat-north-of-china"
    ),
    pytest.param(
        _row(accuracy_m="-5"),
        "b",
        "accuracy_m",
        "accuracy_m=-5.0; give the position's uncertainty in metres, "
        "more than 0 and at most 100000",
        id="accuracy-negative",
    ),
    pytest.param(_row(accuracy_m="0"), "b", "accuracy_m", "accuracy_m=0.0", id="accuracy-0"),
    pytest.param(
        _row(accuracy_m="100001"),
        "b",
        "accuracy_m",
        "accuracy_m=100001.0",
        id="accuracy-over-100-km",
    ),
]


@pytest.mark.parametrize(("row", "record", "field", "message"), BAD)
def test_bad_place_refused_naming_file_place_and_column(tmp_path, row, record, field, message):
    path = _write(tmp_path, ROW_A, row)
    with refused("gaz.csv", record, field, message):
        load_gazetteer(path)


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(_row(accuracy_m="100000"), id="accuracy-100-km"),
        pytest.param(_row(lon="73.0", lat="18.0"), id="south-west-corner"),
        pytest.param(_row(lon="135.5", lat="53.6"), id="north-east-corner"),
        pytest.param(_row(datum="wgs-84"), id="datum-spelt-loosely"),
    ],
)
def test_places_at_the_limits_load(tmp_path, row):
    assert set(load_gazetteer(_write(tmp_path, ROW_A, row))) == {"a", "b"}


def test_gcj02_and_bd09_are_converted_at_the_door(tmp_path):
    # Hefei South station: WGS84 117.28488 31.80030; the same point in GCJ-02 and BD-09.
    path = _write(
        tmp_path,
        ROW_A,
        "g,合肥南,Hefei South,station,117.29039872,31.79831774,GCJ-02,100,amap\n",
        "d,合肥南,Hefei South,station,117.29692,31.80419,bd09,100,baidu\n",
    )
    places = load_gazetteer(path)
    assert places["g"].lon == pytest.approx(places["a"].lon, abs=1e-7)
    assert places["g"].lat == pytest.approx(places["a"].lat, abs=1e-7)
    assert places["g"].datum == "GCJ02"
    assert places["d"].datum == "BD09"
    assert places["d"].lon == pytest.approx(places["a"].lon, abs=2e-4)
    assert places["d"].lat == pytest.approx(places["a"].lat, abs=2e-4)
    assert places["a"].accuracy_m == 100.0
    assert places["a"].source == "osm"
