"""Tiny catalogue records built in code, for the record and plausibility tests.

The places are made up for the tests (coordinates rounded from OpenStreetMap,
ODbL 1.0, and GeoNames, CC BY 4.0); the plan text is a few names joined, not the
plan. :func:`build` validates one record as the loader does, as record #3 of
``catalogue/ch.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geo.catalogue import Place, Project, load_vocab

__all__ = ["AREA", "FILE", "LINE", "PLACES", "PLAN", "POINT", "build", "place", "with_"]

FILE = Path("catalogue") / "ch.toml"
VOCAB = load_vocab()


def place(pid: str, lon: float, lat: float) -> Place:
    """A WGS84 gazetteer entry."""
    return Place(pid, pid, pid, "town", lon, lat, "WGS84", 100.0, "test fixture")


PLACES: dict[str, Place] = {
    p.id: p
    for p in (
        place("hefei", 117.31189, 31.88787),
        place("hefei_twin", 117.31189, 31.88787),
        place("hefei_20m", 117.31189, 31.88805),
        place("chaohu", 117.88539, 31.61674),
        place("xinqiao", 116.9769, 31.9887),
        place("sanhe", 117.2430, 31.5140),
        place("ring_a", 117.30, 31.60),
        place("ring_b", 117.40, 31.60),
        place("ring_c", 117.40, 31.70),
        place("ring_d", 117.30, 31.75),
        place("on_ab", 117.50, 31.60),
        place("urumqi", 87.6, 43.8),
        place("beijing", 116.40, 39.90),
        place("guangzhou", 113.26, 23.13),
        place("shanghai", 121.47, 31.23),
        place("wuhan", 114.30, 30.59),
        place("bow_a", 117.0, 31.0),
        place("bow_b", 117.2, 31.2),
        place("bow_c", 117.2, 31.0),
        place("bow_d", 117.0, 31.3),
    )
}
PLAN = "加快推进合肥-巢湖铁路。合肥新桥机场。肥西三河。合肥生态区。"

_COMMON = {"id": "r1", "status": "in_construction", "clause": ["(58)", "专栏8"]}
LINE: dict[str, Any] = {
    **_COMMON,
    "name_zh": "合肥-巢湖",
    "name_en": "Hefei–Chaohu railway",
    "layer": "rail",
    "kind": "suburban_rail",
    "quote": "加快推进合肥-巢湖",
    "precision": "corridor_schematic",
    "via": ["hefei", "chaohu"],
}
POINT: dict[str, Any] = {
    **_COMMON,
    "name_zh": "合肥新桥机场",
    "name_en": "Xinqiao airport",
    "layer": "airport",
    "kind": "hub_airport",
    "quote": "合肥新桥机场",
    "precision": "site_point",
    "at": "xinqiao",
}
AREA: dict[str, Any] = {
    **_COMMON,
    "name_zh": "肥西三河",
    "name_en": "Sanhe wetland",
    "layer": "wetland",
    "kind": "wetland",
    "quote": "肥西三河",
    "precision": "schematic_area",
    "at": "sanhe",
    "area_km2": 10.0,
}


def with_(base: Mapping[str, Any], *drop: str, **changes: Any) -> dict[str, Any]:
    """A copy of ``base`` without the ``drop`` fields and with ``changes``."""
    record = {k: v for k, v in base.items() if k not in drop}
    record.update(changes)
    return record


def build(record: Mapping[str, Any], *, plan: str | None = PLAN) -> Project:
    """Validate ``record`` as record #3 of :data:`FILE` against the real vocabulary."""
    from geo.catalogue._record import project_from_record

    return project_from_record(record, file=FILE, position=3, vocab=VOCAB, places=PLACES, plan=plan)
