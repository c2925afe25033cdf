"""The shared style spec (geo/style.py, geo/data/catalogue/style.toml)."""

from __future__ import annotations

import doctest
import itertools
from pathlib import Path

import pytest

import geo.style
from geo.catalogue import load_vocab
from geo.errors import CatalogueError
from geo.style import STYLE_PATH, clean_label, load_style


@pytest.fixture(scope="module")
def spec() -> geo.style.StyleSpec:
    return load_style()


def test_every_kind_status_pair_of_a_layer_has_its_own_symbol(spec: geo.style.StyleSpec) -> None:
    for layer, kinds in spec.kinds.items():
        keys = {}
        for kind, status in itertools.product(kinds, spec.statuses):
            key = spec.symbol(layer, kind, status).key
            assert key not in keys, f"{layer}: {kind}/{status} looks like {keys[key]}"
            keys[key] = (kind, status)


def test_every_status_differs_in_pattern_not_only_opacity(spec: geo.style.StyleSpec) -> None:
    lines = [(s.dash, s.casing) for s in spec.statuses.values()]
    points = [(s.point_fill, s.point_outline, s.point_ring) for s in spec.statuses.values()]
    assert len(set(lines)) == len(lines)
    assert len(set(points)) == len(points)


def test_widening_is_not_drawn_like_construction(spec: geo.style.StyleSpec) -> None:
    upgrade = spec.symbol("highway", "expressway", "upgrade")
    building = spec.symbol("highway", "expressway", "in_construction")
    assert upgrade.status.casing and not building.status.casing
    assert upgrade.status.point_ring


def test_dash_arrays_scale_with_the_line_width(spec: geo.style.StyleSpec) -> None:
    sym = spec.symbol("rail", "high_speed_rail", "preparatory")
    assert sym.status.dash == (6.0, 2.0, 1.0, 2.0)
    assert sym.dash_px() == "27 9 4.5 9"
    assert sym.dash_mm() == "7.02;2.34;1.17;2.34"
    assert spec.symbol("rail", "high_speed_rail", "existing").dash_px() == ""


def test_precision_and_progress_markings(spec: geo.style.StyleSpec) -> None:
    vocab = load_vocab()
    for precision, pdef in vocab.precisions.items():
        marking = spec.precision_marking(precision).marking
        assert (marking != "none") == bool(pdef.get("schematic")), precision
    assert spec.precision_marking("indicative").marking == "marker_line"
    assert spec.precision_marking("network_section").marking == "none"
    assert spec.progress_marking("built").marking == "underlay"
    assert spec.progress_marking("under_construction").marking == "ticks"
    assert spec.progress_marking(None).marking == "none"
    assert spec.progress_marking("not_started").marking == "none"


def test_legend_labels_do_not_repeat_themselves(spec: geo.style.StyleSpec) -> None:
    for layer, kinds in spec.kinds.items():
        for kind, status in itertools.product(kinds, spec.statuses):
            label = spec.legend_label(layer, kind, status)
            for zh in (spec.statuses[status].zh, kinds[kind].zh):
                assert label.count(zh) == 1, label
    assert clean_label("谋划", "proposed (谋划)") == "谋划 proposed"
    assert clean_label("湿地", "湿地") == "湿地"


def test_programme_extents_are_outlines_only(spec: geo.style.StyleSpec) -> None:
    assert spec.polygon_fill("eco_area") == 0.0
    assert spec.polygon_fill("wetland") == geo.style.DEFAULT_FILL_OPACITY


def test_module_docstring_examples_hold() -> None:
    result = doctest.testmod(geo.style, verbose=False)
    assert result.attempted >= 8 and result.failed == 0


def test_a_kind_without_a_style_is_drawn_with_defaults_and_a_warning(tmp_path, caplog):
    text = STYLE_PATH.read_text(encoding="utf-8").replace('channel = { icon = "anchor" }', "")
    spec = load_style(_write(tmp_path, text))
    assert spec.symbol("waterway", "channel", "proposed").kind.icon == "dot"
    assert "kind 'channel' of layer 'waterway' has no style" in caplog.text


def test_every_kind_and_precision_of_the_vocabulary_is_styled_explicitly():
    text = STYLE_PATH.read_text(encoding="utf-8")
    vocab = load_vocab()
    for name, ldef in vocab.layers.items():
        assert f"[layer.{name}.kinds]" in text, name
        for kind in ldef.kinds:
            assert f"\n{kind} = {{" in text, (name, kind)
    for precision in vocab.precisions:
        assert f"[precision.{precision}]" in text, precision


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "style.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("[status.proposed]\n", "[status.proposedX]\n", r"record 'proposed', field 'status'"),
        ("dash = [1, 4]", "dash = [1]", r"record 'proposed', field 'dash'.*odd"),
        ("dash = [1, 4]", "dash = ['x']", r"field 'dash'.*not a dash array"),
        (
            'point_fill = "none"\npoint_outline = [1, 2]',
            'point_fill = "grey"\npoint_outline = []',
            r"field 'point_fill'.*'grey'",
        ),
        (
            'channel = { icon = "anchor" }',
            'channel = "anchor"',
            r"record 'waterway', field 'kinds'",
        ),
        ('marking = "marker_line"', 'marking = "sparkles"', r"record 'indicative'.*'sparkles'"),
        ('marking = "ticks"', 'marking = "halo"', r"record 'under_construction'.*'halo'"),
        ("opacity = 0.6", "opacity = 1.6", r"record 'proposed', field 'opacity'"),
    ],
)
def test_bad_spec_names_file_record_and_field(
    tmp_path: Path, old: str, new: str, match: str
) -> None:
    text = STYLE_PATH.read_text(encoding="utf-8")
    assert old in text
    path = _write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(CatalogueError, match=match) as info:
        load_style(path)
    assert str(path) in str(info.value)
