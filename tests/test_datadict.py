"""The data dictionary (geo/datadict.py, geo/data/catalogue/fields.toml) covers every column."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

import layers
from geo import export
from geo.catalogue import load_vocab
from geo.datadict import FIELDS_PATH, check_columns, fields_csv, load_fields, value_map
from geo.errors import CatalogueError, ParameterError

# Year and widening columns of the existing network (geo/data/reference), which the tiny
# catalogue's layers do not carry; the catalogue's own are layers.CATALOGUE_COLUMNS.
NETWORK_YEAR_COLUMNS = (
    "opened",
    "opened_source",
    "opened_by",
    "opened_by_source",
    "opened_after",
    "opened_after_source",
    "widened",
    "widened_source",
)


def test_every_column_of_every_real_layer_has_an_entry():
    fields = load_fields()
    every = {**layers.load_all(), **export.orientation_layers()}
    for name, gdf in every.items():
        columns = ["fid", *(c for c in gdf.columns if c != gdf.geometry.name), "geom"]
        check_columns(name, columns, fields)  # raises naming the missing column
    for column in (*layers.CATALOGUE_COLUMNS, *NETWORK_YEAR_COLUMNS):
        assert column in fields, column


def test_entries_are_bilingual_and_typed():
    fields = load_fields()
    for f in fields.values():
        assert f.title_zh != f.title_en and f.description_zh != f.description_en, f.name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.title_zh + f.description_zh), f.name
    assert fields["target_year"].type == "integer" and fields["target_year"].unit == "year"
    assert fields["length_km"].unit == "km" and fields["area_km2"].unit == "km²"
    assert {fields[c].constraint for c in ("status", "kind", "precision", "progress")} == {
        "status",
        "kind",
        "precision",
        "progress",
    }


def test_gpkg_data_columns_describe_every_column(exported_dir, mini_catalogue):
    con = sqlite3.connect(exported_dir / export.GEOPACKAGE_NAME)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, name, title, description, constraint_name "
            "FROM gpkg_data_columns"
        ).fetchall()
        constraints = con.execute(
            "SELECT constraint_name, constraint_type, value, description "
            "FROM gpkg_data_column_constraints"
        ).fetchall()
        tables = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")]
        extensions = set(con.execute("SELECT table_name, extension_name FROM gpkg_extensions"))
    finally:
        con.close()
    assert len(rows) >= 20
    described = {(t, c) for t, c, *_ in rows}
    con = sqlite3.connect(exported_dir / export.GEOPACKAGE_NAME)
    try:
        for table in tables:
            if table == "layer_styles":
                continue
            for column in (r[1] for r in con.execute(f'PRAGMA table_info("{table}")')):
                assert (table, column) in described, (table, column)
    finally:
        con.close()
    for _, _, name, title, description, _ in rows:
        assert name and title and " / " in description
    status = {(v, d) for n, t, v, d in constraints if n == "status"}
    assert ("proposed", "谋划 / proposed (谋划)") in status
    assert {n for n, *_ in constraints} >= {"status", "precision", "kind_rail"}
    assert {t for _, t, *_ in constraints} == {"enum"}
    kinds = {(t, c): n for t, c, *_, n in rows}
    assert kinds[("rail", "kind")] == "kind_rail" and kinds[("rail", "status")] == "status"
    assert ("gpkg_data_columns", "gpkg_schema") in extensions


def test_fields_csv_is_written_with_the_outputs(exported_dir):
    rows = list(
        csv.DictReader(io.StringIO((exported_dir / "fields.csv").read_text(encoding="utf-8")))
    )
    assert {r["layer"] for r in rows} >= {"rail", "counties", "existing_network"}
    target = next(r for r in rows if r["layer"] == "rail" and r["column"] == "target_year")
    assert target["type"] == "integer" and target["unit"] == "year"
    assert target["title_zh"] == "目标年份" and target["description_en"]
    status = next(r for r in rows if r["column"] == "status")
    assert status["vocabulary"] == "status"


def test_value_maps_follow_the_vocabularies():
    vocab = load_vocab()
    assert value_map("status", vocab)["proposed"][0] == "谋划"
    assert set(value_map("kind", vocab, layer="rail")) == set(vocab.layers["rail"].kinds)
    assert value_map("kind", vocab) == {}
    assert set(value_map("mode", vocab)) == {"rail", "expressway", "road"}


def test_a_column_missing_from_the_dictionary_is_named():
    with pytest.raises(
        ParameterError, match=r"layers\['rail'\] column 'colour'.*\[column.colour\]"
    ):
        fields_csv([("rail", ["id", "colour"])], load_fields())


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ('title_en = "Target year"', 'title_en = ""', r"record 'target_year', field 'title_en'"),
        ('type = "boolean"', 'type = "bool"', r"record 'schematic', field 'type'.*'bool'"),
        ('constraint = "mode"', 'constraint = "modes"', r"record 'mode', field 'constraint'"),
    ],
)
def test_bad_dictionary_names_file_record_and_field(tmp_path: Path, old, new, match):
    text = FIELDS_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "fields.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=match):
        load_fields(path)
