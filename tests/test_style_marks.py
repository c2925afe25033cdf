"""geo.style._marks: what a marking draws, and that the map and QGIS draw exactly that.

The cross-renderer tests read the renderers' real output (the QML styles
``write_geopackage`` stores, the map's style table and point SVGs) and compare
them with each other, in px (QGIS: mm / ``mm_per_px``), not with the function.
"""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from geo import export
from geo.catalogue import load_vocab
from geo.maps._style import style_table
from geo.style import (
    Band,
    Beads,
    Disc,
    Ticks,
    line_marks,
    load_style,
    point_marks,
)
from tests.test_export_qgis import _all_pairs

_PX = 0.02
"""Agreement in px between the renderers (QGIS sizes are rounded to 1/1000 mm)."""


@pytest.fixture(scope="module")
def spec():
    return load_style()


def test_a_halo_is_its_width_in_line_widths_at_its_opacity(spec) -> None:
    m = spec.precision_marking("corridor_schematic")
    (band,) = line_marks(spec, m, colour="#123456", weight=4.0)
    assert band == Band("#123456", 4.0 * m.width, m.opacity, over=False, round=True)


def test_a_marker_line_is_its_halo_and_beads_of_its_colour(spec) -> None:
    m = spec.precision_marking("indicative")
    band, beads = line_marks(spec, m, colour="#123456", weight=2.5)
    assert isinstance(band, Band) and not band.over and band.width == 2.5 * m.width
    assert beads == Beads(m.colour, round(2.5 * m.size, 2), round(2.5 * m.spacing, 2))


def test_progress_marks_are_never_thinner_than_min_px(spec) -> None:
    built = spec.progress_marking("built")
    ticks = spec.progress_marking("under_construction")
    for weight in (0.5, 3.0, 8.0):
        (core,) = line_marks(spec, built, colour="#123456", weight=weight)
        assert core.over and core.colour == built.colour
        assert core.width == round(max(spec.min_px, weight * built.width), 2)
        (tick,) = line_marks(spec, ticks, colour="#123456", weight=weight)
        assert isinstance(tick, Ticks)
        assert tick.width == round(max(spec.min_px, weight * ticks.width), 2)
        assert (tick.length, tick.spacing) == (
            round(weight * ticks.length, 2),
            round(weight * ticks.spacing, 2),
        )


def test_a_point_halo_and_badge_follow_the_point_table(spec) -> None:
    (halo,) = point_marks(spec, spec.precision_marking("town_centre"), colour="#123456")
    assert halo.dashed and not halo.corner
    assert halo.diameter == round(spec.point.size * spec.point.halo, 2)
    assert halo.opacity == spec.precision_marking("town_centre").opacity
    (badge,) = point_marks(spec, spec.progress_marking("built"), colour="#123456")
    assert badge.corner and badge.diameter == round(spec.point.size * spec.point.badge, 2)
    assert point_marks(spec, spec.precision_marking("site_point"), colour="#123456") == ()
    assert line_marks(spec, spec.progress_marking("not_started"), colour="#1", weight=3) == ()


# ---------------------------------------------------------------- both renderers


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The QML of every layer (one feature per kind x status) and the map's style table."""
    vocab = load_vocab()
    gpkg = export.write_geopackage(
        _all_pairs(vocab), tmp_path_factory.mktemp("marks") / "pairs.gpkg", vocab=vocab
    )
    with sqlite3.connect(gpkg) as con:
        qmls = dict(con.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall())
    return vocab, qmls, style_table(vocab, list(vocab.layers))


def _symbol(qml: str, value: str) -> ET.Element:
    renderer = ET.fromstring(qml).find("renderer-v2")
    assert renderer is not None
    (cat,) = [c for c in renderer.iter("category") if c.get("value") == value]
    (symbol,) = [s for s in renderer.iter("symbol") if s.get("name") == cat.get("symbol")]
    return symbol


def _props(layer: ET.Element) -> dict[str, str]:
    return {p.get("k", ""): p.get("v", "") for p in layer.findall("prop")}


def _expression(layer: ET.Element) -> str | None:
    for opt in layer.iter("Option"):
        if opt.get("name") == "expression":
            return opt.get("value")
    return None


def _marked_values(expression: str) -> list[tuple[str, str]]:
    field = "progress" if expression.startswith('"progress"') else "precision"
    return [(field, v) for v in re.findall(r"'([^']+)'", expression)]


def _qgis_marks(qml: str, value: str, mm_per_px: float) -> set[tuple[Any, ...]]:
    """(field, value, what, sizes in px) of every marking symbol layer of a category."""
    px = lambda mm: float(mm) / mm_per_px  # noqa: E731
    out = set()
    for sl in _symbol(qml, value).findall("layer"):
        expression = _expression(sl)
        if expression is None:
            continue
        props = _props(sl)
        if sl.get("class") == "SimpleLine":
            alpha = round(int(props["line_color"].rsplit(",", 1)[1]) / 255, 2)
            drawn: tuple[Any, ...] = ("band", px(props["line_width"]), alpha)
        elif sl.get("class") == "MarkerLine":
            (marker,) = [m for m in sl.iter("layer") if m.get("class") == "SimpleMarker"]
            mp = _props(marker)
            if mp["name"] == "line":
                drawn = ("ticks", px(mp["size"]), px(mp["outline_width"]), px(props["interval"]))
            else:
                drawn = ("beads", px(mp["size"]), px(props["interval"]))
        else:
            drawn = (
                "disc",
                px(props["size"]),
                round(int(props["color"].rsplit(",", 1)[1]) / 255, 2),
            )
        out |= {(*fv, *drawn) for fv in _marked_values(expression)}
    return out


def _map_marks(table: dict[str, Any], kind: dict[str, Any]) -> set[tuple[Any, ...]]:
    out = set()
    for field in ("precision", "progress"):
        for value, strokes in table["marks"][kind["marks"]][field].items():
            if not value:
                continue  # [schematic_default], for a precision the page does not know
            for st in strokes:
                dash = [float(d) for d in (st.get("dashArray") or "").split()]
                weight = st["weight"]
                if st["mark"] in ("halo", "core"):
                    drawn: tuple[Any, ...] = ("band", weight, round(st["opacity"], 2))
                elif st["mark"] == "ticks":
                    drawn = ("ticks", weight, dash[0], sum(dash))
                else:
                    drawn = ("beads", weight, sum(dash))
                out.add((field, value, *drawn))
    return out


def _keyed(marks: set[tuple[Any, ...]]) -> dict[tuple[Any, ...], tuple[float, ...]]:
    """(field, value, what) -> its numbers; one of each per category."""
    out = {m[:3]: m[3:] for m in marks}
    assert len(out) == len(marks), sorted(marks)
    return out


def test_map_and_qgis_draw_every_line_marking_alike(rendered) -> None:
    """Every halo, bead, core line and tick of every line and polygon kind, in px."""
    vocab, qmls, table = rendered
    spec = load_style(vocab=vocab)
    checked = 0
    for name, ldef in vocab.layers.items():
        if ldef.geometry == "Point":
            continue
        for k in ldef.kinds:
            kind = table["layers"][name]["kinds"][k]
            qgis = _qgis_marks(qmls[name], f"{k}|existing", spec.mm_per_px)
            web = _map_marks(table, kind)
            if ldef.geometry == "Polygon":  # no beads or ticks along an outline in QGIS
                web = {m for m in web if m[2] == "band"}
                qgis = {m for m in qgis if m[2] == "band"}
            q, w = _keyed(qgis), _keyed(web)
            assert set(q) == set(w), (name, k, sorted(set(q) ^ set(w)))
            for key in w:
                assert q[key] == pytest.approx(w[key], abs=_PX), (name, k, key)
            checked += len(web)
    assert checked > 50


def _circles(svg: str) -> list[tuple[float, str]]:
    """(diameter px, fill) of each circle of a pin SVG, bottom first."""
    return [
        (2 * float(r), fill) for r, fill in re.findall(r'<circle r="([0-9.]+)" fill="([^"]+)"', svg)
    ]


def test_map_and_qgis_draw_point_symbols_alike(rendered) -> None:
    """Ring, white disc, fill, outline and glyph sizes; halo and badge discs; in px."""
    vocab, qmls, table = rendered
    spec = load_style(vocab=vocab)
    px = lambda mm: float(mm) / spec.mm_per_px  # noqa: E731
    for name, ldef in vocab.layers.items():
        if ldef.geometry != "Point":
            continue
        for k in ldef.kinds:
            for status in vocab.statuses:
                symbols = table["layers"][name]["kinds"][k]["symbols"][status]
                qgis = [
                    _props(sl)
                    for sl in _symbol(qmls[name], f"{k}|{status}").findall("layer")
                    if _expression(sl) is None
                ]
                *discs, glyph = qgis
                web = _circles(symbols["pin"])
                assert [px(d["size"]) for d in discs] == pytest.approx([d for d, _ in web], abs=_PX)
                g = re.search(r'<svg x="[-0-9.]+" y="[-0-9.]+" width="([0-9.]+)"', symbols["pin"])
                assert g is not None
                assert px(glyph["size"]) == pytest.approx(float(g.group(1)), abs=_PX)
                outline = re.findall(r'stroke-width="([0-9.]+)"', symbols["pin"])[-1]
                assert px(discs[-1]["outline_width"]) == pytest.approx(float(outline), abs=_PX)
            halo = _circles(symbols["pinSchematic"])[0]
            marks = _qgis_marks(qmls[name], f"{k}|{status}", spec.mm_per_px)
            discs_q = {round(m[3], 2) for m in marks if m[2] == "disc" and m[0] == "precision"}
            (disc,) = discs_q
            assert disc == pytest.approx(halo[0], abs=_PX), (name, k)
            (badge,) = {round(m[3], 2) for m in marks if m[2] == "disc" and m[0] == "progress"}
            width = re.search(r'width="([0-9.]+)"', table["badges"]["built"])
            assert width is not None and badge == pytest.approx(float(width.group(1)), abs=_PX)


def test_qgis_draws_each_precision_with_its_own_halo(rendered) -> None:
    """Precisions with different widths or opacities get their own QGIS marking."""
    vocab, qmls, _ = rendered
    spec = load_style(vocab=vocab)
    marks = _qgis_marks(qmls["rail"], "high_speed_rail|existing", spec.mm_per_px)
    widths = {m[1]: m[3] for m in marks if m[0] == "precision" and m[2] == "band"}
    weight = spec.kinds["rail"]["high_speed_rail"].weight_px
    for precision in ("corridor_schematic", "town_centre", "station_to_station"):
        expected = weight * spec.precision_marking(precision).width
        assert widths[precision] == pytest.approx(expected, abs=_PX), precision
    assert isinstance(point_marks(spec, spec.progress_marking("built"), colour="#1")[0], Disc)
