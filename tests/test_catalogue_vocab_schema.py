"""Every rule of the ``vocab.toml`` schema (geo/catalogue/_vocab_schema.py), one bad input each.

The inputs are a tiny valid vocabulary built in code (:data:`GOOD`), edited by
one case each; every refusal must name the file, the entry (record) and the key
(field). A few cases at the limits must still load.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from errmatch import refused

from geo.catalogue._vocab_schema import check_vocab

FILE = Path("catalogue") / "v.toml"

GOOD: dict[str, Any] = {
    "status": {
        "planned": {
            "zh": "规划",
            "en": "planned",
            "dash": "dash",
            "opacity": 0.8,
            "density_tier": "today+proposed",
        },
        "built": {
            "zh": "建成",
            "en": "built",
            "dash": "solid",
            "opacity": 1.0,
            "density_tier": "existing",
            "density_widening": False,
        },
    },
    "precision": {
        "exact": {"zh": "精确", "en": "exact", "schematic": False},
        "rough": {"zh": "示意", "en": "rough", "schematic": True},
    },
    "layer": {
        "road": {
            "geometry": "LineString",
            "chapter": "transport",
            "zh": "道路",
            "en": "Roads",
            "kinds": {
                "trunk": ["干线", "trunk road", "#112233"],
                "lane": ["小路", "lane", "#aabbcc"],
            },
            "density": {"trunk": "trunk", "lane": "none"},
        },
        "site": {
            "geometry": "Point",
            "chapter": "energy",
            "zh": "站点",
            "en": "Sites",
            "kinds": {"plant": ["电厂", "power plant", "#000000"]},
            "density": "none",
        },
    },
    "progress": {"done": {"zh": "已完成", "en": "done"}},
}

Edit = Callable[[dict[str, Any]], object]


def _set(*path: str, value: object) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _drop(*path: str) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return edit


def _rename(section: str, old: str, new: str) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        doc[section][new] = doc[section].pop(old)

    return edit


def _kind(layer: str, kind: str, value: object) -> Edit:
    return _set("layer", layer, "kinds", kind, value=value)


# (edit, record, field, message after the "file, record, field: " prefix)
BAD = [
    pytest.param(lambda d: d.clear(), None, None, "the file is empty", id="empty-file"),
    pytest.param(
        _set("colours", value={}),
        None,
        "colours",
        "'colours' is not a known section; use one of status, precision, layer, progress",
        id="unknown-section",
    ),
    pytest.param(
        _drop("precision"),
        None,
        "precision",
        r"missing the \[precision\.\*\] tables",
        id="missing-section",
    ),
    pytest.param(
        _set("status", value="oops"), None, "status", "expected a table", id="section-not-a-table"
    ),
    pytest.param(
        _set("layer", value={}), None, "layer", r"no entries in \[layer\.\*\]", id="empty-section"
    ),
    pytest.param(
        _set("progress", value=[1]), None, "progress", "expected a table", id="progress-not-a-table"
    ),
    pytest.param(
        _set("status", "planned", value="x"),
        "planned",
        "status",
        "expected a table",
        id="status-not-a-table",
    ),
    pytest.param(
        _set("precision", "exact", value=1),
        "exact",
        "precision",
        "expected a table",
        id="precision-not-a-table",
    ),
    pytest.param(
        _set("layer", "road", value=[]), "road", "layer", "expected a table", id="layer-not-a-table"
    ),
    pytest.param(
        _set("progress", "done", value="x"),
        "done",
        "progress",
        "expected a table",
        id="progress-entry-not-a-table",
    ),
    pytest.param(
        _rename("status", "planned", "Planned"),
        "Planned",
        "status",
        "status name 'Planned' is not a safe identifier",
        id="status-name-unsafe",
    ),
    pytest.param(
        _rename("precision", "exact", "1exact"),
        "1exact",
        "precision",
        "precision name '1exact' is not a safe",
        id="precision-name-unsafe",
    ),
    pytest.param(
        _rename("progress", "done", "do ne"),
        "do ne",
        "progress",
        "progress name 'do ne' is not a safe",
        id="progress-name-unsafe",
    ),
    pytest.param(
        _rename("layer", "road", "../road"),
        "../road",
        "layer",
        r"layer name '\.\./road' is not a safe",
        id="layer-name-path",
    ),
    pytest.param(
        _rename("layer", "road", "r" * 41),
        "r" * 41,
        "layer",
        "is not a safe identifier.*at most 40",
        id="layer-name-41-chars",
    ),
    pytest.param(
        _rename("layer", "road", "boundary"),
        "boundary",
        "layer",
        "layer name 'boundary' is reserved",
        id="layer-name-reserved",
    ),
    pytest.param(
        _rename("layer", "road", "gpkg_x"),
        "gpkg_x",
        "layer",
        "layer name 'gpkg_x' is reserved",
        id="layer-name-gpkg-prefix",
    ),
    pytest.param(
        _drop("status", "planned", "en"),
        "planned",
        "en",
        "missing; every entry needs",
        id="status-key-missing",
    ),
    pytest.param(
        _drop("status", "planned", "density_tier"),
        "planned",
        "density_tier",
        "missing; every entry needs",
        id="status-tier-missing",
    ),
    pytest.param(
        _drop("precision", "exact", "schematic"),
        "exact",
        "schematic",
        "missing; every entry needs",
        id="precision-key-missing",
    ),
    pytest.param(
        _drop("layer", "road", "kinds"),
        "road",
        "kinds",
        "missing; every entry needs",
        id="layer-key-missing",
    ),
    pytest.param(
        _set("status", "planned", "colour", value="red"),
        "planned",
        "colour",
        "'colour' is not a known key; use one of zh, en, dash, opacity, density_tier, density_w",
        id="status-unknown-key",
    ),
    pytest.param(
        _set("precision", "exact", "dash", value="dot"),
        "exact",
        "dash",
        "'dash' is not a known key",
        id="precision-unknown-key",
    ),
    pytest.param(
        _set("layer", "road", "style", value="x"),
        "road",
        "style",
        "'style' is not a known key",
        id="layer-unknown-key",
    ),
    pytest.param(
        _drop("progress", "done", "en"),
        "done",
        "en",
        "missing; every progress needs zh and en",
        id="progress-key-missing",
    ),
    pytest.param(
        _set("status", "planned", "zh", value=7),
        "planned",
        "zh",
        "expected a non-empty string, got 7",
        id="text-a-number",
    ),
    pytest.param(
        _set("precision", "exact", "zh", value=1.5),
        "exact",
        "zh",
        "expected a non-empty string, got 1.5",
        id="precision-zh-a-number",
    ),
    pytest.param(
        _set("precision", "exact", "en", value="  "),
        "exact",
        "en",
        "expected a non-empty string, got '  '",
        id="text-blank",
    ),
    pytest.param(
        _set("progress", "done", "zh", value=""),
        "done",
        "zh",
        "expected a non-empty string",
        id="progress-text-empty",
    ),
    pytest.param(
        _set("layer", "road", "en", value="x" * 201),
        "road",
        "en",
        "201 characters or a line break",
        id="text-201-chars",
    ),
    pytest.param(
        _set("status", "planned", "en", value="two\nlines"),
        "planned",
        "en",
        "9 characters or a line break",
        id="text-line-break",
    ),
    pytest.param(
        _set("precision", "exact", "schematic", value="false"),
        "exact",
        "schematic",
        "expected true or false .*'false'",
        id="boolean-quoted",
    ),
    pytest.param(
        _set("status", "built", "density_widening", value=1),
        "built",
        "density_widening",
        "expected true or false",
        id="widening-not-boolean",
    ),
    pytest.param(
        _set("status", "planned", "dash", value="zigzag"),
        "planned",
        "dash",
        "'zigzag' is not allowed; use one of solid, dash, dot",
        id="dash-unknown",
    ),
    pytest.param(
        _set("status", "planned", "density_tier", value="later"),
        "planned",
        "density_tier",
        "'later' is not allowed",
        id="tier-unknown",
    ),
    pytest.param(
        _set("layer", "road", "geometry", value="Line"),
        "road",
        "geometry",
        "'Line' is not allowed",
        id="geometry-unknown",
    ),
    pytest.param(
        _set("layer", "road", "chapter", value=4),
        "road",
        "chapter",
        "4 is not allowed",
        id="chapter-not-text",
    ),
    pytest.param(
        _set("status", "planned", "opacity", value="half"),
        "planned",
        "opacity",
        r"expected a number in \(0, 1\], got 'half'",
        id="opacity-text",
    ),
    pytest.param(
        _set("status", "planned", "opacity", value=True),
        "planned",
        "opacity",
        r"expected a number in \(0, 1\], got True",
        id="opacity-boolean",
    ),
    pytest.param(
        _set("status", "planned", "opacity", value=0),
        "planned",
        "opacity",
        r"expected a number in \(0, 1\], got 0",
        id="opacity-0",
    ),
    pytest.param(
        _set("status", "planned", "opacity", value=1.01),
        "planned",
        "opacity",
        r"got 1\.01",
        id="opacity-over-1",
    ),
    pytest.param(
        _set("status", "built", "zh", value="规划"),
        "built",
        "zh",
        "title '规划' is already used by 'planned'",
        id="status-zh-twice",
    ),
    pytest.param(
        _set("status", "built", "en", value="planned"),
        "built",
        "en",
        "title 'planned' is already used by 'planned'",
        id="status-en-twice",
    ),
    pytest.param(
        _set("precision", "rough", "en", value="exact"),
        "rough",
        "en",
        "title 'exact' is already used by 'exact'",
        id="precision-en-twice",
    ),
    pytest.param(
        _set("layer", "site", "zh", value="道路"),
        "site",
        "zh",
        "layer title '道路' is already used by 'road'",
        id="layer-zh-twice",
    ),
    pytest.param(
        _set("layer", "site", "en", value="Roads"),
        "site",
        "en",
        "layer title 'Roads' is already used",
        id="layer-en-twice",
    ),
    pytest.param(
        _set("layer", "road", "kinds", value={}), "road", "kinds", "no kinds", id="kinds-empty"
    ),
    pytest.param(
        _set("layer", "road", "kinds", value="trunk"),
        "road",
        "kinds",
        "expected a table",
        id="kinds-not-a-table",
    ),
    pytest.param(
        _kind("road", "Trunk", ["a", "b", "#000000"]),
        "road",
        "kinds",
        "kind name 'Trunk' is not a safe",
        id="kind-name-unsafe",
    ),
    pytest.param(
        _kind("road", "trunk", ["干线", "trunk road"]),
        "road",
        "kinds",
        r"kind 'trunk' must be \[zh, en, colour\]",
        id="kind-two-values",
    ),
    pytest.param(
        _kind("road", "trunk", ["干线", " ", "#112233"]),
        "road",
        "kinds",
        r"kind 'trunk' must be \[zh, en, colour\]",
        id="kind-blank-title",
    ),
    pytest.param(
        _kind("road", "trunk", "干线"),
        "road",
        "kinds",
        r"kind 'trunk' must be \[zh, en, colour\]",
        id="kind-not-a-list",
    ),
    pytest.param(
        _kind("road", "trunk", ["x" * 201, "trunk", "#112233"]),
        "road",
        "kinds",
        "kind 'trunk' has a title over 200",
        id="kind-title-201",
    ),
    pytest.param(
        _kind("road", "trunk", ["干线", "trunk", "#c03"]),
        "road",
        "kinds",
        "kind 'trunk' colour '#c03' is not a colour",
        id="kind-colour-short",
    ),
    pytest.param(
        _kind("road", "trunk", ["干线", "trunk", "#1122334"]),
        "road",
        "kinds",
        "colour '#1122334' is not a colour",
        id="kind-colour-long",
    ),
    pytest.param(
        _kind("road", "trunk", ["干线", "lane", "#112233"]),
        "lane",
        "kinds",
        "kind title in layer 'road' 'lane' is already used by 'trunk'",
        id="kind-title-twice",
    ),
    pytest.param(
        _drop("layer", "road", "density", "lane"),
        "road",
        "density",
        "kind 'lane' has no density class",
        id="density-kind-missing",
    ),
    pytest.param(
        _set("layer", "road", "density", "bus", value="none"),
        "road",
        "density",
        "'bus' is not a kind of layer 'road'",
        id="density-extra-kind",
    ),
    pytest.param(
        _set("layer", "road", "density", value=7),
        "road",
        "density",
        "expected a class name or a table kind = class, got 7",
        id="density-a-number",
    ),
    pytest.param(
        _set("layer", "site", "density", value="Rail"),
        "site",
        "density",
        "class of kind 'plant' is 'Rail'",
        id="density-class-unsafe",
    ),
    pytest.param(
        _set("layer", "road", "density", "lane", value=3),
        "road",
        "density",
        "class of kind 'lane' is 3",
        id="density-class-number",
    ),
]


@pytest.mark.parametrize(("edit", "record", "field", "message"), BAD)
def test_bad_vocab_refused_naming_file_entry_and_key(edit, record, field, message):
    doc = copy.deepcopy(GOOD)
    edit(doc)
    with refused("v.toml", record, field, ".*" + message):
        check_vocab(doc, file=FILE)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda d: None, id="as-given"),
        pytest.param(_set("status", "planned", "opacity", value=1), id="opacity-1"),
        pytest.param(_set("layer", "road", "en", value="x" * 200), id="title-200-chars"),
        pytest.param(_rename("layer", "road", "r" * 40), id="layer-name-40-chars"),
        pytest.param(
            _kind("road", "trunk", ["x" * 200, "trunk", "#AbCdEf"]), id="kind-200-upper-hex"
        ),
        pytest.param(_drop("progress"), id="no-progress"),
        pytest.param(_drop("layer", "road", "density"), id="no-density"),
    ],
)
def test_valid_vocab_at_the_limits_loads(edit):
    doc = copy.deepcopy(GOOD)
    edit(doc)
    check_vocab(doc, file=FILE)


@pytest.mark.parametrize(
    "name",
    [
        "boundary",
        "counties",
        "existing_network",
        "orientation_rivers",
        "orientation_water",
        "layer_styles",
    ],
)
def test_layer_named_as_a_built_in_layer_or_table_is_refused(name):
    doc = copy.deepcopy(GOOD)
    _rename("layer", "road", name)(doc)
    with refused("v.toml", name, "layer", f"layer name {name!r} is reserved"):
        check_vocab(doc, file=FILE)


def test_reserved_names_are_every_layer_the_writers_add():
    import layers
    from geo.catalogue._vocab_schema import RESERVED_LAYER_NAMES
    from geo.export._base_layers import BASE_LAYERS, ORIENTATION_LAYERS
    from geo.export._layer import STYLES_TABLE

    built_in = {*layers.BASE_LAYERS, *ORIENTATION_LAYERS, *BASE_LAYERS, STYLES_TABLE}
    assert built_in == set(RESERVED_LAYER_NAMES)
