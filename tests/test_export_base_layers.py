"""The exports' base layers (geo/export/_base_layers.py): names from layers, titles from data."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

import layers
from geo.errors import CatalogueError, ParameterError
from geo.export import _base_layers
from geo.metadata import METADATA_PATH, load_metadata


def test_base_layers_are_layers_base_layers_and_the_orientation_layers():
    names = {*layers.BASE_LAYERS, *_base_layers.ORIENTATION_LAYERS}
    assert set(_base_layers.BASE_LAYERS) == names
    # drawing order, top first: the existing network over the boundaries over the water
    order = list(_base_layers.BASE_LAYERS)
    assert (
        order.index("existing_network") < order.index("boundary") < order.index("orientation_water")
    )


def test_orientation_layers_split_water_from_rivers_as_the_map_does():
    from geo.maps._page import _orientation_layers

    split = _base_layers.orientation_layers()
    assert set(split) == set(_base_layers.ORIENTATION_LAYERS)
    assert set(split["orientation_water"].geom_type) <= {"Polygon", "MultiPolygon"}
    assert not set(split["orientation_rivers"].geom_type) & {"Polygon", "MultiPolygon"}
    assert all(len(gdf) for gdf in split.values())
    # the page draws each orientation kind in the layer the GeoPackage puts it in
    both = pd.concat([gdf.assign(layer=name) for name, gdf in split.items()])
    collection = json.loads(both.drop(columns="layer").to_json())
    by_kind = dict(zip(both["kind"], both["layer"], strict=True))
    assert _orientation_layers(collection) == dict(sorted(by_kind.items()))


def test_titles_geometry_and_summary_come_from_metadata_toml():
    spec = load_metadata().layers["counties"]
    counties = _base_layers.BASE_LAYERS["counties"]
    assert (counties.zh, counties.en, counties.geometry, counties.summary) == (
        spec["title_zh"],
        spec["title_en"],
        spec["geometry"],
        spec["summary"],
    )


def _without(monkeypatch: pytest.MonkeyPatch, name: str, key: str, value: object = None) -> None:
    meta = _base_layers.METADATA
    entry = {k: v for k, v in meta.layers[name].items() if k != key}
    if value is not None:
        entry[key] = value
    replaced = dataclasses.replace(meta, layers={**meta.layers, name: entry})
    monkeypatch.setattr(_base_layers, "METADATA", replaced)


@pytest.mark.parametrize("key", ["title_zh", "title_en", "geometry", "summary"])
def test_a_base_layer_without_its_title_or_geometry_is_refused(monkeypatch, key):
    _without(monkeypatch, "boundary", key)
    with pytest.raises(CatalogueError, match=f"{key}.*missing or empty") as info:
        _base_layers._base_layer("boundary")
    assert (info.value.file, info.value.record, info.value.field) == (
        str(METADATA_PATH),
        "boundary",
        key,
    )


def test_a_base_layer_with_an_unknown_geometry_is_refused(monkeypatch):
    _without(monkeypatch, "counties", "geometry", "Circle")
    with pytest.raises(CatalogueError, match="geometry='Circle' is not one of Point"):
        _base_layers._base_layer("counties")


def test_a_base_layer_nobody_said_how_to_draw_is_refused():
    with pytest.raises(ParameterError, match="'railway_yards' has no QGIS drawing"):
        _base_layers._base_layer("railway_yards")
