"""Every rule of the strict file reader (geo/_strict.py) the catalogue loader relies on.

Each bad file is written to ``tmp_path`` in code; each refusal names the file
(and, for a number, a choice or a CSV line, the record and the field).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from errmatch import refused, where

from geo._strict import is_rrggbb, read_csv, read_text, read_toml, strict_choice, strict_float
from geo.errors import CatalogueError

COLUMNS = ("id", "lon")


def _file(tmp_path: Path, content: bytes, name: str = "f.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


TEXT = [
    pytest.param(None, "file not found; check the path", id="missing"),
    pytest.param(b"", "the file is empty; restore its content", id="empty"),
    pytest.param(b" \n\t\n", "the file is empty", id="blank"),
    pytest.param(b"\xef\xbb\xbfa = 1\n", "starts with a UTF-8 byte-order mark", id="bom"),
    pytest.param("name = '合肥'\n".encode("gb18030"), r"not UTF-8 \(byte 8\)", id="gb18030"),
    pytest.param(
        b"a = 1", "does not end with a line break: it may be truncated", id="no-final-newline"
    ),
]


@pytest.mark.parametrize(("content", "message"), TEXT)
def test_bad_text_file_refused_naming_the_file(tmp_path, content, message):
    path = tmp_path / "f.toml" if content is None else _file(tmp_path, content)
    with pytest.raises(CatalogueError, match=where("f.toml") + message):
        read_text(path)


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "f.toml").mkdir()
    with pytest.raises(CatalogueError, match=where("f.toml") + "is a folder, not a file"):
        read_text(tmp_path / "f.toml")


def test_an_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = _file(tmp_path, b"a = 1\n")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(
        CatalogueError, match=where("f.toml") + r"cannot read the file \(Permission denied\)"
    ):
        read_text(path)


def test_malformed_toml_refused_naming_the_file(tmp_path):
    path = _file(tmp_path, b"[[project]\nid = 1\n")
    with pytest.raises(
        CatalogueError, match=where("f.toml") + r"malformed TOML \(.*\); fix the syntax"
    ):
        read_toml(path)


def test_text_and_toml_read(tmp_path):
    path = _file(tmp_path, "a = '合肥'\n".encode())
    assert read_text(path) == "a = '合肥'\n"
    assert read_toml(path) == {"a": "合肥"}


CSV = [
    pytest.param(
        b"id\nx\n",
        None,
        "lon",
        r"missing columns \['lon'\]; the header must hold id, lon",
        id="missing-column",
    ),
    pytest.param(b"id,lon\n", None, None, "the header has no rows below it", id="header-only"),
    pytest.param(
        b"id,lon\nx,1\ny,2,3\n",
        "line 3",
        None,
        "line 3 has more values than the header has columns",
        id="extra-value",
    ),
    pytest.param(
        b'id,lon\n"' + b"x" * 200_000 + b'",1\n',
        None,
        None,
        r"unreadable CSV \(.*\); fix the quoting",
        id="field-too-large",
    ),
]


@pytest.mark.parametrize(("content", "record", "field", "message"), CSV)
def test_bad_csv_refused_naming_file_line_and_column(tmp_path, content, record, field, message):
    path = _file(tmp_path, content, "g.csv")
    with refused("g.csv", record, field, message):
        read_csv(path, COLUMNS)


def test_csv_rows_read_and_extra_columns_kept(tmp_path):
    path = _file(tmp_path, b"lon,id,note\n1.5,x,n\n", "g.csv")
    assert read_csv(path, COLUMNS) == [{"lon": "1.5", "id": "x", "note": "n"}]


NUMBERS = [
    pytest.param("3_1.5", r"expected a number, got '3_1\.5'; remove the '_'", id="underscore"),
    pytest.param(
        "３１.５", r"holds full-width or non-ASCII digits; write it as 31\.5", id="full-width"
    ),
    pytest.param("٣١.٥", "got '٣١.٥'; write it with ASCII digits", id="arabic-indic"),
    pytest.param("31,5", "write it with ASCII digits and a point, e.g. 117.25", id="comma"),
    pytest.param("", "expected a number, got ''", id="empty"),
    pytest.param(None, "expected a number, got ''", id="none"),
    pytest.param("nan", "expected a number, got 'nan'", id="nan"),
    pytest.param("1e999", "expected a finite number, got '1e999'", id="overflow"),
]


@pytest.mark.parametrize(("value", "message"), NUMBERS)
def test_bad_number_refused_naming_file_record_and_field(value, message):
    with refused("g.csv", "p1", "lat", ".*" + message):
        strict_float(value, file=Path("g.csv"), record="p1", field="lat")


@pytest.mark.parametrize(
    ("value", "number"),
    [(" 117.25 ", 117.25), ("-1e3", -1000.0), (".5", 0.5), ("+3.", 3.0), (7, 7.0)],
)
def test_numbers_read(value, number):
    assert strict_float(value, file=Path("g.csv"), record="p1", field="lat") == number


FILLS = ("full", "half", "none")


def _upper(text: str) -> str:
    return text.strip().upper()


CHOICES = [
    pytest.param(
        "halfx", FILLS, {}, r"'halfx' is not known; use one of full, half, none$", id="unknown"
    ),
    pytest.param("Full", FILLS, {}, "'Full' is not known", id="case-matters"),
    pytest.param(" full", FILLS, {}, "' full' is not known", id="space-matters"),
    pytest.param("", FILLS, {}, "'' is not known", id="empty"),
    pytest.param(4, FILLS, {}, "4 is not known", id="a-number"),
    pytest.param(None, FILLS, {}, "None is not known", id="none"),
    pytest.param(
        ["full"], dict.fromkeys(FILLS), {}, r"\['full'\] is not known", id="a-list-among-keys"
    ),
    pytest.param(
        "grey", FILLS, {"what": "a point fill"}, "'grey' is not a point fill; use one", id="what"
    ),
    pytest.param(
        "wgs-72",
        ("WGS84", "GCJ02"),
        {"fold": _upper},
        "'wgs-72' is not known; use one of WGS84, GCJ02$",
        id="folded-shown-as-written",
    ),
]


@pytest.mark.parametrize(("value", "choices", "options", "message"), CHOICES)
def test_bad_choice_refused_naming_file_record_and_field(value, choices, options, message):
    with refused("s.toml", "r1", "fill", message):
        strict_choice(value, choices, file=Path("s.toml"), record="r1", field="fill", **options)


@pytest.mark.parametrize(
    ("value", "choices", "options", "chosen"),
    [
        pytest.param("half", FILLS, {}, "half", id="in-the-list"),
        pytest.param("none", dict.fromkeys(FILLS), {}, "none", id="a-mapping-key"),
        pytest.param(" gcj02", ("WGS84", "GCJ02"), {"fold": _upper}, "GCJ02", id="folded"),
    ],
)
def test_choices_read(value, choices, options, chosen):
    got = strict_choice(value, choices, file=Path("s.toml"), record=None, field="f", **options)
    assert got == chosen


def test_a_choice_of_a_section_names_no_record():
    with refused("s.toml", None, "x", "'x' is not"):
        strict_choice("x", FILLS, file=Path("s.toml"), record=None, field="x")


@pytest.mark.parametrize("value", ["#c0392b", "#C0392B", "#000000"])
def test_a_rrggbb_colour_is_one(value):
    assert is_rrggbb(value)


@pytest.mark.parametrize(
    "value", ["#c03", "#c0392", "#c0392b0", "c0392b", "#c0392g", " #c0392b", "red", 0xC0392B, None]
)
def test_anything_else_is_not_a_rrggbb_colour(value):
    assert not is_rrggbb(value)
