"""The density's files: CSV tables and JSON, deterministic bytes (geo.density._writers)."""

from __future__ import annotations

from geo import density
from tests.densitylib import (
    project_catalogue,
)


def test_writers_are_deterministic(fixture_network, tmp_path):
    a = density.write_outputs(
        density.compute(fixture_network, catalogue=project_catalogue()), tmp_path / "a"
    )
    b = density.write_outputs(
        density.compute(fixture_network, catalogue=project_catalogue()), tmp_path / "b"
    )
    assert [p.name for p in a] == [
        "density.csv",
        "density_road_classes.csv",
        "density_projects.csv",
        "density.json",
    ]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()
    head = a[0].read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith(
        "scenario,area_id,name_zh,name_en,area_km2,rail_km,rail_density_per_10k_km2"
    )
    assert b"\r\n" not in a[0].read_bytes()
