"""The catalogue's lines as density projects: role, scenario, notes (geo.density._projects)."""

from __future__ import annotations

import pytest

from geo import density
from geo.errors import ParameterError
from tests.densitylib import (
    BESIDE_NEW,
    project_catalogue,
)


def test_projects_table(scenario_result):
    p = scenario_result.projects.set_index("id")
    assert p.loc["widen", "role"] == "widening" and p.loc["widen", "new_route_km"] == 0
    assert p.loc["widen", "scenario"] == "today+under_construction"
    assert p.loc["old", "role"] == "existing" and p.loc["old", "new_route_km"] == 0
    assert p.loc["old", "scenario"] == "today"
    assert p.loc["beside", "scenario"] == "today+start_construction"
    assert p.loc["cross", "scenario"] == "today+preparatory"  # tiers follow the plan's status
    assert p.loc["dup_far", "scenario"] == "today+proposed"
    assert p.loc["dup_far", "new_route_km"] == pytest.approx(0, abs=0.15)
    assert p.loc["new_far", "new_route_km"] == pytest.approx(10.0, abs=0.01)
    assert p.loc["cross", "new_route_km"] == pytest.approx(6.0, abs=0.01)
    assert p.loc["beside", "length_in_area_km"] == pytest.approx(10.0, abs=0.01)
    assert p.loc["beside", "new_route_km"] == pytest.approx(BESIDE_NEW, abs=0.1)


def test_unknown_replaces_is_noted(fixture_network):
    cat = project_catalogue()
    cat.loc[cat["id"] == "widen", "replaces"] = "no_such_line"
    res = density.compute(fixture_network, catalogue=cat)
    assert any("'no_such_line'" in n for n in res.notes)


def test_unknown_status_is_refused(fixture_network):
    cat = project_catalogue()
    cat.loc[0, "status"] = "dreaming"
    with pytest.raises(ParameterError, match="status='dreaming'"):
        density.compute(fixture_network, catalogue=cat)
