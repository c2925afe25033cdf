"""The density result: its JSON document, text table and frame (geo.density._result)."""

from __future__ import annotations

import json

from geo import density


def test_json_and_table(scenario_result):
    doc = scenario_result.to_json_dict()
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
    assert json.loads(text) == doc
    assert set(doc["scenarios"]) == set(density.SCENARIOS)
    for s in density.SCENARIOS:
        areas = doc["scenarios"][s]["areas"]
        assert len(areas) == 10 and "340100" in areas
        for fig in areas.values():
            for key in (
                "area_km2",
                "rail_km",
                "rail_density_per_10k_km2",
                "rail_target_per_10k_km2",
                "expressway_km",
                "expressway_density_per_100_km2",
                "expressway_target_per_100_km2",
            ):
                assert isinstance(fig[key], float)
    assert doc["targets"]["rail_density_per_10k_km2"] == 700.0
    assert doc["targets"]["expressway_density_per_100_km2"] == 5.65
    table = scenario_result.format_table()
    assert "Changfeng County" in table and "700" in table and "5.65" in table
    assert "长丰县" in scenario_result.format_table(names="zh")
    frame = scenario_result.to_frame()
    assert len(frame) == 10 * len(density.SCENARIOS)
