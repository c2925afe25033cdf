"""The embedded reference network's opening dates (geo/data/reference/README.md, CONTRACTS A)."""

from __future__ import annotations

import json

import pytest
import shapely

from geo._paths import REFERENCE_NETWORK

FEATURES = json.loads(REFERENCE_NETWORK.read_text(encoding="utf-8"))["features"]
BY_ID = {f["properties"]["id"]: f for f in FEATURES}


@pytest.mark.parametrize("feature", FEATURES, ids=lambda f: f["properties"]["id"])
def test_every_line_has_a_year_or_an_explicit_unknown(feature):
    p = feature["properties"]
    for key in (
        "opened",
        "opened_source",
        "opened_by",
        "opened_after",
        "widened",
        "widened_source",
    ):
        assert key in p, key
    assert isinstance(p["opened_source"], str) and p["opened_source"].strip()
    if p["opened"] is None:
        assert p["opened_source"].startswith("unknown: ")
    else:
        assert isinstance(p["opened"], int) and 1900 <= p["opened"] <= 2026
        assert not p["opened_source"].startswith("unknown")
        assert p["opened_by"] == p["opened"]
    if p["opened_by"] is not None:
        assert 1900 <= p["opened_by"] <= 2026 and p["opened_by_source"]
    if p["opened_after"] is not None:
        assert p["opened"] is None and p["opened_after_source"]
        assert p["opened_by"] is None or p["opened_after"] < p["opened_by"]
    if p["widened"] is not None:
        assert p["mode"] == "expressway"
        assert p["widened_source"] and not p["widened_source"].startswith("unknown")
        assert p["opened_by"] is None or p["widened"] > p["opened_by"]
    elif p["widened_source"] is not None:
        assert p["widened_source"].startswith("unknown: ")


@pytest.mark.parametrize(
    ("first", "second", "years"),
    [
        (
            "g3_g4001_hefei_east_ring__longxi_longtang",
            "g3_g4001_hefei_east_ring__longtang_xiaoxichong",
            (1991, 1995),
        ),
        (
            "g4221_lujiang_chaohu__mayan_shijian",
            "g4221_lujiang_chaohu__shijian_hanshannan",
            (2023, 2017),
        ),
        ("s09_mingguang_chaohu__north", "s09_mingguang_chaohu__suwan_xiage", (None, 2022)),
    ],
)
def test_lines_opened_in_stages_are_split_where_the_year_changes(first, second, years):
    a, b = BY_ID[first], BY_ID[second]
    assert (a["properties"]["opened"], b["properties"]["opened"]) == years
    # the two pieces meet at the interchange where the year changes, named in both `via`s
    assert a["geometry"]["coordinates"][-1] == b["geometry"]["coordinates"][0]
    assert a["properties"]["via"].split(" – ")[-1] == b["properties"]["via"].split(" – ")[0]
    assert not shapely.LineString(a["geometry"]["coordinates"]).overlaps(
        shapely.LineString(b["geometry"]["coordinates"])
    )


def test_ids_are_unique_and_sorted():
    ids = [f["properties"]["id"] for f in FEATURES]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
