"""Every bad input is refused by `infra-map validate` with one line and exit status 2.

The cases are the hostile inputs of issue 10: each must be refused (never
accepted, never a traceback), with a message saying what is wrong.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import geopandas as gpd
import pytest
from fuzzlib import dump_toml
from shapely.geometry import LineString

from geo.cli import main

GAZ_EXTRA = "\n{id},{id},{id},town,{lon},{lat},WGS84,100,test fixture\n"


def _args(catalogue: Path, *extra: str) -> list[str]:
    return [
        "validate",
        "-q",
        "--catalogue",
        str(catalogue),
        "--gazetteer",
        str(catalogue / "gazetteer.csv"),
        "--data-dir",
        str(catalogue.parent / "out" / "data"),
        "--maps-dir",
        str(catalogue.parent / "out" / "maps"),
        *extra,
    ]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + text, encoding="utf-8")


def _place(cat: Path, pid: str, lon: float, lat: float) -> None:
    _append(cat / "gazetteer.csv", GAZ_EXTRA.format(id=pid, lon=lon, lat=lat).rstrip("\n") + "\n")


def _refused(capsys, argv: list[str], match: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("infra-map:")]
    assert len(errors) == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert match in errors[0], errors[0]
    assert len(errors[0]) <= 700
    return errors[0]


def _empty_chapter(cat):
    (cat / "energy.toml").write_text("", encoding="utf-8")


def _comment_chapter(cat):
    (cat / "energy.toml").write_text("# nothing here yet\n", encoding="utf-8")


def _zero_length(cat):
    _place(cat, "hefei_twin", 117.31189, 31.88787)
    _replace(cat / "transport.toml", 'via = ["hefei", "chaohu"]', 'via = ["hefei", "hefei_twin"]')


def _far_via(cat):
    _place(cat, "urumqi", 87.6, 43.8)
    _replace(cat / "transport.toml", 'via = ["hefei", "chaohu"]', 'via = ["hefei", "urumqi"]')


def _degenerate_ring(cat):
    _place(cat, "ring_a", 117.30, 31.60)
    _place(cat, "ring_b", 117.40, 31.60)
    _place(cat, "ring_c", 117.50, 31.60)
    _replace(
        cat / "environment.toml",
        'at = "sanhe"\narea_km2 = 10.0',
        'ring = ["ring_a", "ring_b", "ring_c"]',
    )


def _vocab(cat, old, new):
    _replace(cat / "vocab.toml", old, new)


def _vocab_section(cat, section, value):
    doc = tomllib.loads((cat / "vocab.toml").read_text(encoding="utf-8"))
    doc[section] = value
    (cat / "vocab.toml").write_text(dump_toml(doc), encoding="utf-8")


def _new_layer(name: str) -> str:
    return (
        f'[layer."{name}"]\ngeometry = "Point"\nchapter = "base"\nzh = "x"\nen = "x"\n'
        'kinds = { a = ["a", "a", "#000000"] }\n[layer.rail]'
    )


NEW_STATUS = '[status.finished]\nzh = "完成"\nen = "finished"\ndash = "solid"\nopacity = 1.0\n\n'


def _new_status(cat, old, new):
    """Add NEW_STATUS (with its density tier) with ``old`` replaced by ``new``."""
    status = NEW_STATUS.replace(old, new).replace("\n\n", '\ndensity_tier = "existing"\n\n')
    _vocab(cat, "[status.existing]", status + "[status.existing]")


CASES = {
    "empty-chapter": (_empty_chapter, "the file is empty"),
    "comment-only-chapter": (_comment_chapter, "no [[project]] records"),
    "empty-clause": (
        lambda c: _replace(c / "transport.toml", 'clause = ["(58)", "专栏8"]', "clause = []"),
        "field 'clause': empty",
    ),
    "zero-length-line": (_zero_length, "zero-length"),
    "via-3000-km": (_far_via, "km from Hefei"),
    "via-on-point": (
        lambda c: _replace(
            c / "transport.toml", 'at = "xinqiao"', 'at = "xinqiao"\nvia = ["hefei", "chaohu"]'
        ),
        "not 'via'",
    ),
    "degenerate-ring": (_degenerate_ring, "degenerate"),
    "negative-accuracy": (
        lambda c: _replace(c / "gazetteer.csv", "WGS84,1500,", "WGS84,-5,"),
        "field 'accuracy_m'",
    ),
    "underscore-number": (
        lambda c: _replace(c / "gazetteer.csv", "117.2430,31.5140", "117.2430,3_1.5140"),
        "remove the '_'",
    ),
    "full-width-digits": (
        lambda c: _replace(c / "gazetteer.csv", "117.2430,31.5140", "117.2430,３１.５１４０"),
        "full-width",
    ),
    "gazetteer-bom": (
        lambda c: (c / "gazetteer.csv").write_bytes(
            b"\xef\xbb\xbf" + (c / "gazetteer.csv").read_bytes()
        ),
        "byte-order mark",
    ),
    "toml-bom": (
        lambda c: (c / "transport.toml").write_bytes(
            b"\xef\xbb\xbf" + (c / "transport.toml").read_bytes()
        ),
        "byte-order mark",
    ),
    "gazetteer-header-only": (
        lambda c: (c / "gazetteer.csv").write_text(
            (c / "gazetteer.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
            encoding="utf-8",
        ),
        "no rows",
    ),
    "gazetteer-empty": (lambda c: (c / "gazetteer.csv").write_text("", encoding="utf-8"), "empty"),
    "long-note": (
        lambda c: _replace(
            c / "transport.toml",
            'via = ["hefei", "chaohu"]',
            'via = ["hefei", "chaohu"]\nnote = "' + "长" * 64000 + '"',
        ),
        "at most 2000",
    ),
    "million-char-id": (
        lambda c: _replace(
            c / "transport.toml", 'id = "rail_hefei_chaohu"', 'id = "' + "a" * 1_000_000 + '"'
        ),
        "field 'id'",
    ),
    "vocab-status-not-table": (lambda c: _vocab_section(c, "status", "oops"), "expected a table"),
    "vocab-layer-array": (lambda c: _vocab_section(c, "layer", ["rail"]), "expected a table"),
    # an unstyled status' drawing hints (a styled one may not give them)
    "vocab-opacity-text": (
        lambda c: _new_status(c, "opacity = 1.0", 'opacity = "half"'),
        "opacity",
    ),
    "vocab-opacity-7": (lambda c: _new_status(c, "opacity = 1.0", "opacity = 7"), "(0, 1]"),
    "vocab-dash-zigzag": (lambda c: _new_status(c, 'dash = "solid"', 'dash = "zigzag"'), "zigzag"),
    "vocab-same-title": (lambda c: _vocab(c, 'en = "Highways"', 'en = "Railways"'), "unique"),
    "vocab-schematic-text": (
        lambda c: _vocab(c, "schematic = false", 'schematic = "false"'),
        "true or false",
    ),
    "vocab-zh-number": (lambda c: _vocab(c, 'zh = "已建成"', "zh = 7"), "non-empty string"),
    "vocab-layer-path": (
        lambda c: _vocab(c, "[layer.rail]", _new_layer("../../evil")),
        "safe identifier",
    ),
    "vocab-layer-space": (
        lambda c: _vocab(c, "[layer.rail]", _new_layer("Rail X")),
        "safe identifier",
    ),
    "vocab-layer-styles": (
        lambda c: _vocab(c, "[layer.rail]", _new_layer("layer_styles")),
        "reserved",
    ),
    "vocab-status-no-tier": (
        lambda c: _vocab(c, "[status.existing]", NEW_STATUS + "[status.existing]"),
        "density_tier",
    ),
    "vocab-highway-kind-no-class": (
        lambda c: _vocab(
            c, 'trunk_road = ["', 'ring_road = ["环路", "ring road", "#000000"]\ntrunk_road = ["'
        ),
        "has no density class",
    ),
    "vocab-empty": (lambda c: (c / "vocab.toml").write_text("", encoding="utf-8"), "empty"),
    "toml-truncated": (
        lambda c: (c / "transport.toml").write_text(
            (c / "transport.toml").read_text(encoding="utf-8")[:300], encoding="utf-8"
        ),
        "transport.toml",
    ),
    "toml-garbage": (
        lambda c: (c / "transport.toml").write_bytes(b"\x00\xff\xfe garbage \x81"),
        "transport.toml",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_refused_in_one_line(mini_dir, capsys, case):
    mutate, match = CASES[case]
    mutate(mini_dir)
    _refused(capsys, _args(mini_dir), match)
    assert not (mini_dir.parent / "out").exists()


def _network(tmp_path: Path, lines, crs="EPSG:4326", name="net.geojson") -> Path:
    frame = gpd.GeoDataFrame(
        {"mode": ["rail"] * len(lines), "id": [f"l{i}" for i in range(len(lines))]},
        geometry=lines,
        crs=crs,
    )
    path = tmp_path / name
    frame.to_file(path)
    return path


def test_network_wholly_outside_hefei_refused(mini_dir, tmp_path, capsys):
    path = _network(tmp_path, [LineString([(100.0, 25.0), (100.5, 25.5)])])
    _refused(
        capsys, _args(mini_dir, "--network", str(path)), "none of its 1 lines lies inside Hefei"
    )


def test_projected_coordinates_labelled_4326_refused(mini_dir, tmp_path, capsys):
    path = _network(tmp_path, [LineString([(500000.0, 3500000.0), (510000.0, 3510000.0)])])
    _refused(capsys, _args(mini_dir, "--network", str(path)), "not lon/lat")


def test_network_with_nan_coordinate_refused(mini_dir, tmp_path, capsys):
    path = tmp_path / "nan.geojson"
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"mode": "rail", "id": "bad"},
                "geometry": {"type": "LineString", "coordinates": [[117.2, 31.8], [117.3, 31.9]]},
            }
        ],
    }
    path.write_text(json.dumps(doc).replace("31.9]", "NaN]"), encoding="utf-8")
    _refused(capsys, _args(mini_dir, "--network", str(path)), "network")


def test_geopackage_without_crs_refused(mini_dir, tmp_path, capsys):
    path = _network(
        tmp_path, [LineString([(117.2, 31.8), (117.3, 31.9)])], crs=None, name="nocrs.gpkg"
    )
    _refused(capsys, _args(mini_dir, "--network", str(path)), "no coordinate reference system")


def test_a_new_rail_kind_is_counted(mini_dir, tmp_path, capsys):
    _vocab(
        mini_dir, 'suburban_rail = ["', 'maglev = ["磁浮", "maglev", "#123456"]\nsuburban_rail = ["'
    )
    _replace(mini_dir / "transport.toml", 'kind = "suburban_rail"', 'kind = "maglev"')
    argv = [
        "density",
        "--json",
        "--catalogue",
        str(mini_dir),
        "--gazetteer",
        str(mini_dir / "gazetteer.csv"),
    ]
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)
    kinds = (
        {p["id"]: p for p in doc["projects"]}
        if isinstance(doc["projects"], list)
        else doc["projects"]
    )
    assert kinds["rail_hefei_chaohu"]["new_route_km"] > 10
