"""The shared style spec (geo/style/, geo/data/catalogue/style.toml)."""

from __future__ import annotations

import copy
import doctest
import itertools
import json
import logging
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import geo.style
from geo._paths import CATALOGUE_DIR
from geo.catalogue import Vocab, load_vocab
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


def test_every_icon_is_a_map_glyph_and_a_qgis_marker(spec: geo.style.StyleSpec) -> None:
    import tomllib

    from geo.maps._symbols import ICON_GLYPHS

    icons = tomllib.loads(STYLE_PATH.read_text(encoding="utf-8"))["qgis_marker"]
    assert set(icons) == set(ICON_GLYPHS)
    for kinds in spec.kinds.values():
        for ks in kinds.values():
            assert ks.qgis_marker == icons[ks.icon], (ks.layer, ks.key)


def test_pen_of_a_dash_array_follows_the_spec(tmp_path: Path, spec: geo.style.StyleSpec) -> None:
    assert [spec.pen(d) for d in ((), (3.0, 1.5), (2.0, 1.0), (1.0, 2.0))] == [
        "solid",
        "dash",
        "dash",
        "dot",
    ]
    text = STYLE_PATH.read_text(encoding="utf-8").replace("dash_from = 2.0", "dash_from = 4")
    assert load_style(_write(tmp_path, text)).pen((3.0, 1.5)) == "dot"


def test_a_precision_the_spec_omits_is_drawn_by_its_schematic_default(tmp_path: Path) -> None:
    text = STYLE_PATH.read_text(encoding="utf-8")
    text = text.replace("[precision.town_centre]", "[removed_town_centre]")
    text = text.replace(
        '[schematic_default]\nmarking = "halo"\nwidth = 3.0',
        '[schematic_default]\nmarking = "halo"\nwidth = 5.0',
    )
    spec = load_style(_write(tmp_path, text))
    town = spec.precision_marking("town_centre")  # schematic in vocab.toml
    assert (town.key, town.marking, town.width, town.opacity) == ("town_centre", "halo", 5.0, 0.22)
    assert spec.precision_marking("unheard_of").marking == "halo"  # not in vocab: schematic
    assert spec.precision_marking("site_point").marking == "none"


def test_programme_extents_are_outlines_only(spec: geo.style.StyleSpec) -> None:
    assert spec.polygon_fill("eco_area") == 0.0
    assert spec.polygon_fill("wetland") == geo.style.DEFAULT_FILL_OPACITY


def test_module_docstring_examples_hold() -> None:
    result = doctest.testmod(geo.style, verbose=False)
    assert result.attempted >= 8 and result.failed == 0


def test_a_kind_without_a_style_is_drawn_with_the_layers_weight_and_a_dot(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="geo.style")
    text = STYLE_PATH.read_text(encoding="utf-8").replace('channel = { icon = "anchor" }', "")
    spec = load_style(_write(tmp_path, text))
    channel = spec.symbol("waterway", "channel", "proposed").kind
    assert (channel.icon, channel.weight_px) == ("dot", 3.5)
    assert "kind 'channel' of layer 'waterway' has no style" in caplog.text


def test_unstyled_kinds_of_one_colour_get_the_next_free_icon(tmp_path):
    vocab = load_vocab(_vocab_with(tmp_path, _TWIN_KINDS))
    spec = load_style(vocab=vocab)
    icons = [spec.kinds["twin"][k].icon for k in ("a", "b", "c")]
    assert icons == ["dot", "drop", "anchor"]
    keys = {spec.symbol("twin", k, "proposed").key for k in ("a", "b", "c")}
    assert len(keys) == 3


_TWIN_KINDS = """
[layer.twin]
zh = "双胞"
en = "twins"
chapter = "transport"
geometry = "Point"
[layer.twin.kinds]
a = ["甲", "kind a", "#123456"]
b = ["乙", "kind b", "#123456"]
c = ["丙", "kind c", "#123456"]
"""

_DELAYED = """
[status.delayed]
zh = "推迟"
en = "delayed"
dash = "{hint}"
opacity = 0.7
density_tier = "today+planning_study"
"""


def _vocab_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "vocab.toml"
    path.write_text((CATALOGUE_DIR / "vocab.toml").read_text(encoding="utf-8") + extra, "utf-8")
    return path


def _derived_rule() -> dict:
    import tomllib

    return tomllib.loads(STYLE_PATH.read_text(encoding="utf-8"))["derived_status"]


# The fills a derived status tries, as style.toml's [derived_status] comment says:
# its hint's fill, then the nearest, the paler one on a tie.
_FILL_ORDER = {
    "full": ("full", "half", "none"),
    "half": ("half", "none", "full"),
    "none": ("none", "half", "full"),
}


def _expected(
    hint: str, before: list[geo.style.StatusStyle], spec: geo.style.StyleSpec
) -> tuple[tuple[float, ...], str, tuple[float, ...]]:
    """(dash, point_fill, point_outline) the documented rule gives after ``before``."""
    rule = _derived_rule()
    lines = {(s.dash, s.casing) for s in before}
    dashes = [tuple(float(x) for x in d) for d in rule["dash"][hint]]
    dash = next(d for d in dashes if (d, False) not in lines)
    pens = {(s.point_fill, spec.pen(s.point_outline), s.point_ring) for s in before}
    outlines = [tuple(float(x) for x in d) for d in rule["point_outline"]]
    fill, outline = next(
        (f, o)
        for f in _FILL_ORDER[rule["point_fill"][hint]]
        for o in outlines
        if (f, spec.pen(o), False) not in pens
    )
    return dash, fill, outline


def _apart_in_both_renderers(spec: geo.style.StyleSpec) -> None:
    """Lines by dash array; points as QGIS draws them: fill, outline pen and ring."""
    lines = [(s.dash, s.casing) for s in spec.statuses.values()]
    assert len(set(lines)) == len(lines)
    points = [(s.point_fill, s.point_outline, s.point_ring) for s in spec.statuses.values()]
    assert len(set(points)) == len(points)
    pens = [(s.point_fill, spec.pen(s.point_outline), s.point_ring) for s in spec.statuses.values()]
    assert len(set(pens)) == len(pens), pens


@pytest.mark.parametrize("hint", ["dash", "dot", "solid"])
def test_a_status_without_a_style_is_drawn_by_the_documented_rule(
    tmp_path: Path, hint: str
) -> None:
    before = load_style()  # the statuses of vocab.toml as it is, styled or derived
    vocab = load_vocab(_vocab_with(tmp_path, _DELAYED.format(hint=hint)))
    spec = load_style(vocab=vocab)
    delayed = spec.statuses["delayed"]
    assert list(spec.statuses)[:-1] == list(before.statuses)  # the others are drawn as before
    assert [spec.statuses[k] for k in before.statuses] == list(before.statuses.values())
    expected = _expected(hint, list(before.statuses.values()), before)
    assert (delayed.dash, delayed.point_fill, delayed.point_outline) == expected
    assert (delayed.casing, delayed.point_ring, delayed.opacity) == (False, False, 0.7)
    assert delayed.area_fill == (1.0 if hint == "solid" else 0.5)  # [derived_status] area_fill
    assert spec.status_label("delayed") == "推迟 delayed"
    assert list(spec.statuses) == list(vocab.statuses)  # vocabulary order
    _apart_in_both_renderers(spec)
    for layer, kinds in spec.kinds.items():
        keys = {spec.symbol(layer, k, s).key for k in kinds for s in spec.statuses}
        assert len(keys) == len(kinds) * len(spec.statuses), layer
    # the same input, the same drawing; and a [status.delayed] table overrides the rule
    assert load_style(vocab=vocab).statuses["delayed"] == delayed
    table = '\n[status.delayed]\ndash = [9, 9]\npoint_fill = "none"\npoint_outline = [9, 9]\n'
    bare = (
        _DELAYED.format(hint=hint).replace(f'dash = "{hint}"\n', "").replace("opacity = 0.7\n", "")
    )
    vocab = load_vocab(_vocab_with(tmp_path, bare))  # styled: the hints go (said once)
    styled = load_style(_write(tmp_path, STYLE_PATH.read_text("utf-8") + table), vocab=vocab)
    assert styled.statuses["delayed"].dash == (9.0, 9.0)


def test_two_unstyled_statuses_take_different_candidates(tmp_path: Path, caplog) -> None:
    caplog.set_level(logging.INFO, logger="geo.style")
    extra = _DELAYED.format(hint="dot") + _DELAYED.format(hint="dot").replace(
        "delayed", "paused"
    ).replace("推迟", "暂停")
    before = load_style()
    spec = load_style(vocab=load_vocab(_vocab_with(tmp_path, extra)))
    delayed, paused = spec.statuses["delayed"], spec.statuses["paused"]
    taken = list(before.statuses.values())
    assert (delayed.dash, delayed.point_fill, delayed.point_outline) == _expected(
        "dot", taken, before
    )
    assert (paused.dash, paused.point_fill, paused.point_outline) == _expected(
        "dot", [*taken, delayed], before
    )
    assert paused.dash != delayed.dash
    _apart_in_both_renderers(spec)
    # a status drawn with another fill than its hint's says so
    moved = f"status 'paused': every pen of point fill {_derived_rule()['point_fill']['dot']!r}"
    assert (moved in caplog.text) == (paused.point_fill != _derived_rule()["point_fill"]["dot"])


def test_a_status_the_rule_cannot_draw_apart_is_refused(tmp_path: Path) -> None:
    vocab = load_vocab(_vocab_with(tmp_path, _DELAYED.format(hint="dot")))
    text = STYLE_PATH.read_text(encoding="utf-8")
    old = "dot = [[1, 2], [1, 4], [1, 3], [1, 6], [1, 2, 1, 5]]"
    assert old in text
    _refused(
        _write(tmp_path, text.replace(old, "dot = [[1, 2], [1, 4]]")),
        vocab,
        r"record 'derived_status', field 'dash\.dot'.*'delayed'.*\[status\.delayed\]",
    )
    path = _write(tmp_path, text.replace(old, "dot = [[1]]"))
    with pytest.raises(CatalogueError, match=r"field 'dash\.dot\[0\]'.*odd"):
        load_style(path, vocab=vocab)
    path = _write(tmp_path, text.replace('dot = "none" }', 'dot = "grey" }'))
    with pytest.raises(CatalogueError, match=r"field 'point_fill'.*'grey'.*'delayed'"):
        load_style(path, vocab=vocab)
    path = _write(tmp_path, text.replace("dot = 0.5 }", "dot = 2 }"))
    with pytest.raises(CatalogueError, match=r"'derived_status', field 'area_fill\.dot'.*above"):
        load_style(path, vocab=vocab)
    # only dash pens to outline points with, and every fill already has a dash-pen point:
    # QGIS would draw it like another status
    dash_pens = re.sub(r"(?m)^point_outline = \[\[.*$", "point_outline = [[3, 1.5]]", text)
    assert dash_pens != text
    _refused(
        _write(tmp_path, dash_pens),
        vocab,
        r"record 'derived_status', field 'point_outline'.*pen.*status '(\w+)' would "
        r"look like.*QGIS.*\[status\.\1\]",
    )


def _refused(path: Path, vocab: Vocab, match: str) -> None:
    """``load_style(path)`` is refused with ``match``, naming the file."""
    with pytest.raises(CatalogueError, match=match) as info:
        load_style(path, vocab=vocab)
    assert str(path) in str(info.value)


def test_every_kind_and_precision_of_the_vocabulary_gets_a_symbol(tmp_path: Path, caplog):
    """Every kind and precision of vocab.toml is drawn, as style.toml says or by its rule.

    A kind ``style.toml`` does not name (here the kinds of a layer added to
    ``vocab.toml`` alone) is drawn with a free icon and logged; a precision it does
    not name is drawn by ``[schematic_default]`` or not marked, as ``vocab.toml`` says.
    """
    import tomllib

    caplog.set_level(logging.INFO, logger="geo.style")
    doc = tomllib.loads(STYLE_PATH.read_text(encoding="utf-8"))
    vocab = load_vocab(_vocab_with(tmp_path, _TWIN_KINDS))
    spec = load_style(vocab=vocab)
    unstyled = []
    for name, ldef in vocab.layers.items():
        styled = doc["layer"].get(name, {}).get("kinds", {})
        for kind in ldef.kinds:
            ks = spec.kinds[name][kind]
            assert ks.qgis_marker == doc["qgis_marker"][ks.icon], (name, kind)
            for status in vocab.statuses:
                assert spec.symbol(name, kind, status).kind is ks
            if kind in styled:
                assert ks.icon == styled[kind]["icon"], (name, kind)
            else:
                unstyled.append(name)
                assert f"kind {kind!r} of layer {name!r} has no style" in caplog.text
    assert "twin" in unstyled
    for precision, pdef in vocab.precisions.items():
        marking = spec.precision_marking(precision)
        if precision in doc["precision"]:
            assert marking.marking == doc["precision"][precision]["marking"], precision
        elif pdef.get("schematic"):
            assert marking.marking == doc["schematic_default"]["marking"], precision
        else:
            assert marking.marking == "none", precision


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "style.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
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
        ("half = 0.45", "half = 1.45", r"record 'point_fill', field 'half'.*above 1"),
        ("none = 0.0\n", "\n", r"record 'point_fill', field 'none'.*no opacity"),
        # the sizes a marking draws with, [point], [point_glyph], [units]
        ('legend_colour = "#666666"', 'legend_colour = "grey"', r"record 'units', field 'legend_c"),
        (
            "width = 0.3\nlength = 2.6\n",
            "width = 0.3\n",
            r"record 'under_construction', field 'length'.*no 'length'",
        ),
        ("[point]\nsize = 21.0\n", "[point]\n", r"record 'point', field 'size'"),
        ("min_px = 1.2\n", "", r"record 'units', field 'min_px'"),
        ("legend_weight = 3.0\n", "legend_weight = 0\n", r"field 'legend_weight'.*>= 0.1"),
        ('full = "#ffffff"\nhalf', 'full = "white"\nhalf', r"record 'point_glyph', field 'full'"),
        (
            'marking = "underlay"\ncolour = "#1b1b1b"\n',
            'marking = "underlay"\n',
            r"record 'built', field 'colour'.*needs a colour",
        ),
        (
            '[marking_legend.ticks]\nzh = "',
            '[marking_legend.ticks]\nzh = " "#',
            r"'ticks', field 'zh'",
        ),
        ("[marking_legend.ticks]", "[marking_legend.tocks]", r"record 'tocks'.*not a marking"),
        ('lock = "diamond"', 'lock = "padlock"', r"record 'qgis_marker', field 'lock'.*'padlock'"),
        ('crane = "square"\n', "\n", r"record 'terminal', field 'icon'.*'crane'.*\[qgis_marker\]"),
        ("area_fill = 0.5", "area_fill = 1.5", r"record 'start_construction', field 'area_fill'"),
        ("dash_from = 2.0", "dash_from = 0", r"record 'pen', field 'dash_from'"),
        ("core = 0.6\n", "\n", r"record 'casing', field 'core'.*no 'core'"),
        ("shade = 0.8", "shade = 1.2", r"record 'casing', field 'shade'.*above 1"),
        ("size = 0.6\n", "\n", r"record 'indicative', field 'size'.*no 'size'"),
        ('colour = "#ffffff"\n', "\n", r"record 'indicative', field 'colour'.*beads"),
        ('colour = "#ffffff"\n', 'colour = "#zzzzzz"\n', r"'indicative', field 'colour'.*#rrggbb"),
        (
            '[precision.indicative]\nmarking = "marker_line"',
            '[precision.indicative]\nmarking = "none"',
            r"record 'indicative', field 'marking'.*schematic in vocab.toml",
        ),
        (
            '[schematic_default]\nmarking = "halo"',
            '[schematic_default]\nmarking = "marker_line"',
            r"record 'schematic_default', field 'marking'.*'marker_line'",
        ),
        (
            "[schematic_default]\nmarking",
            "[schematic_defaults]\nmarking",
            r"no \[schematic_default\] table",
        ),
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


def _qml_looks(qml: str) -> dict[str, str]:
    """Category value -> what its QGIS symbol draws for every feature (no markings, no opacity)."""
    renderer = ET.fromstring(qml).find("renderer-v2")
    assert renderer is not None
    symbols = {s.get("name"): s for s in renderer.iter("symbol") if s.get("name", "").isdigit()}
    looks = {}
    for cat in renderer.iter("category"):
        symbol = copy.deepcopy(symbols[cat.get("symbol", "")])
        del symbol.attrib["name"]
        del symbol.attrib["alpha"]  # apart by drawing, not by opacity alone
        for sl in list(symbol):
            if sl.find("data_defined_properties") is not None:  # a precision/progress marking
                symbol.remove(sl)
        looks[cat.get("value", "")] = ET.tostring(symbol, encoding="unicode")
    return looks


@pytest.mark.parametrize("extra_status", [False, True], ids=["vocab", "vocab+unstyled status"])
def test_both_renderers_draw_every_kind_status_pair_of_a_layer_apart(
    tmp_path: Path, extra_status: bool
) -> None:
    """Every (kind, status) of every layer: its own QGIS symbol and its own map symbol.

    Read from the renderers' real output: the QML styles that ``write_geopackage``
    stores in the GeoPackage (``layer_styles``) and the map's style table (the
    symbol config the page draws with), for one feature of every pair.
    """
    from geo import export
    from geo.maps._style import style_table
    from tests.test_export_qgis import _all_pairs

    extra = _DELAYED.format(hint="dash") if extra_status else ""
    vocab = load_vocab(_vocab_with(tmp_path, extra))
    pairs = _all_pairs(vocab)
    gpkg = export.write_geopackage(pairs, tmp_path / "pairs.gpkg", vocab=vocab)
    with sqlite3.connect(gpkg) as con:
        qmls = dict(con.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall())
    table = style_table(vocab, list(vocab.layers))
    for name, ldef in vocab.layers.items():
        every = {f"{k}|{s}" for k in ldef.kinds for s in vocab.statuses}
        qgis = _qml_looks(qmls[name])
        assert set(qgis) == every, name
        assert len(set(qgis.values())) == len(every), f"QGIS draws two pairs of {name} alike"
        kinds = table["layers"][name]["kinds"]
        web = {
            f"{k}|{s}": re.sub(
                r'"opacity": [0-9.]+|opacity:[0-9.]+',
                "",
                json.dumps(kinds[k]["symbols"][s], sort_keys=True),
            )
            for k in ldef.kinds
            for s in vocab.statuses
        }
        assert len(set(web.values())) == len(every), f"the map draws two pairs of {name} alike"


@pytest.mark.parametrize("hint", ['dash = "dot"', "opacity = 0.5"])
def test_a_styled_status_may_not_give_drawing_hints_in_vocab(tmp_path: Path, hint: str) -> None:
    """How a status style.toml draws is said there once; vocab.toml's hints are refused."""
    text = (CATALOGUE_DIR / "vocab.toml").read_text(encoding="utf-8")
    old = '[status.proposed]\nzh = "谋划"\n'
    assert old in text
    path = tmp_path / "vocab.toml"
    path.write_text(text.replace(old, f"{old}{hint}\n"), encoding="utf-8")
    field = hint.split(" ")[0]
    with pytest.raises(CatalogueError, match=rf"record 'proposed', field '{field}'.*remove it"):
        load_style(vocab=load_vocab(path))
