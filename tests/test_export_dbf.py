"""Shapefile records over the DBF limits are refused, never written corrupt (geo.export._dbf)."""

from __future__ import annotations

import pytest

import layers
from geo import export
from geo.errors import ParameterError
from geo.export._dbf import MAX_FIELDS


def test_long_text_needing_too_many_fields_refused(mini_catalogue, tmp_path):
    built = layers.load_all(catalogue=mini_catalogue)
    rail = built["rail"].copy()
    rail.loc[0, "note"] = "长" * 64000  # 192,000 bytes: 756 continuation fields
    built["rail"] = rail
    with pytest.raises(
        ParameterError, match=rf"record 'rail_hefei_chaohu' field 'note'.*{MAX_FIELDS}"
    ):
        export.write_all(built, vocab=mini_catalogue.vocab, out_dir=tmp_path / "data")
    assert not (tmp_path / "data" / "shapefiles" / "rail.shp").exists()


def test_long_text_within_the_limit_round_trips(mini_catalogue, tmp_path):
    built = layers.load_all(catalogue=mini_catalogue)
    rail = built["rail"].copy()
    rail.loc[0, "note"] = "长" * 2000
    built["rail"] = rail
    export.write_all(built, vocab=mini_catalogue.vocab, out_dir=tmp_path / "data")
    back = export.read_shapefile(tmp_path / "data" / "shapefiles" / "rail.shp")
    assert back.loc[0, "note"] == "长" * 2000
