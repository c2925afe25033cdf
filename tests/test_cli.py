"""The infra-map command line: exit codes, messages, and nothing half-written."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from geo._paths import CATALOGUE_DIR
from geo.cli import main


def _args(directory: Path) -> list[str]:
    return ["--catalogue", str(directory), "--gazetteer", str(directory / "gazetteer.csv")]


def _build(directory: Path, out: Path) -> list[str]:
    """``infra-map build`` on ``directory``, writing under ``out``."""
    data, maps = str(out / "data"), str(out / "maps")
    return ["build", "-q", *_args(directory), "--data-dir", data, "--maps-dir", maps]


def test_validate_ok(mini_dir, capsys):
    assert main(["validate", *_args(mini_dir)]) == 0
    out = capsys.readouterr().out
    assert "catalogue OK: 4 projects" in out
    assert "wetland" in out


def test_validate_bad_record_exits_2_naming_file_record_field(mini_dir, capsys):
    toml = mini_dir / "transport.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('status = "upgrade"', 'status = "finished"'),
        encoding="utf-8",
    )
    assert main(["validate", *_args(mini_dir)]) == 2
    err = capsys.readouterr().err
    assert "transport.toml" in err
    assert "record 'hwy_hening'" in err
    assert "field 'status'" in err
    assert "'finished' is not known" in err


def test_a_catalogue_folder_is_styled_by_its_own_style_toml(mini_dir, capsys):
    # the mini folder has none: the package's style.toml draws it
    assert main(["validate", *_args(mini_dir)]) == 0
    style = mini_dir / "style.toml"
    style.write_text((CATALOGUE_DIR / "style.toml").read_text(encoding="utf-8") + "\nx = = y\n")
    capsys.readouterr()
    assert main(["validate", *_args(mini_dir)]) == 2
    assert str(style) in capsys.readouterr().err


def test_a_catalogue_folders_style_toml_draws_its_base_layers_too(mini_dir, tmp_path):
    package = (CATALOGUE_DIR / "style.toml").read_text(encoding="utf-8")
    old = '[base.boundary]\ncolour = "#3d3d3d"'
    assert old in package
    new = '[base.boundary]\ncolour = "#123456"'
    (mini_dir / "style.toml").write_text(package.replace(old, new), encoding="utf-8")
    assert main(_build(mini_dir, tmp_path)) == 0
    qgs = next((tmp_path / "data").glob("*.qgs")).read_text(encoding="utf-8")
    html = (tmp_path / "maps" / "hefei_plan.html").read_text(encoding="utf-8")
    assert "18,52,86" in qgs and "#123456" in html  # QGIS writes r,g,b; the map #rrggbb
    assert "61,61,61" not in qgs


def test_a_catalogue_folders_own_metadata_toml_is_reported_not_read(mini_dir, caplog):
    own = mini_dir / "metadata.toml"
    own.write_bytes((CATALOGUE_DIR / "metadata.toml").read_bytes())
    with caplog.at_level("WARNING", logger="geo.catalogue._load"):
        assert main(["validate", *_args(mini_dir)]) == 0
    assert "not read" not in caplog.text  # the package's own file, copied: nothing to say
    own.write_text(own.read_text(encoding="utf-8").replace("[project]", "[project]\n# mine"))
    with caplog.at_level("WARNING", logger="geo.catalogue._load"):
        assert main(["validate", *_args(mini_dir)]) == 0
    assert f"{own} is not read" in caplog.text


def test_console_script_entry_point(mini_dir):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "validate", *_args(mini_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "catalogue OK" in result.stdout


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("transport.toml", 'status = "upgrade"', 'status = "finished"'),
        ("gazetteer.csv", "117.2430,31.5140", "17.2430,31.5140"),
        ("transport.toml", "[[project]]", "[[project]"),
    ],
    ids=["unknown-status", "outside-china", "malformed"],
)
def test_failed_build_leaves_previous_outputs_intact(mini_dir, tmp_path, file, old, new):
    out = tmp_path / "out"
    build = _build(mini_dir, out)
    assert main(build) == 0
    before = _digest(out)
    assert any(name.endswith(".gpkg") for name in before)
    assert any(name.endswith(".html") for name in before)
    path = mini_dir / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert main(build) == 2
    assert _digest(out) == before


def test_build_is_deterministic(mini_dir, tmp_path):
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert main(_build(mini_dir, out)) == 0
        digests.append(_digest(out))
    assert digests[0] == digests[1]


def test_quiet_build_prints_one_summary_line(mini_dir, tmp_path, capsys):
    assert main(_build(mini_dir, tmp_path / "q")) == 0
    quiet = capsys.readouterr().out.splitlines()
    assert len(quiet) == 1, quiet
    written = sum(1 for p in (tmp_path / "q").rglob("*") if p.is_file())
    assert quiet[0].startswith("wrote ") and " files in " in quiet[0]
    assert int(quiet[0].split()[1]) <= written
    loud = [a for a in _build(mini_dir, tmp_path / "v") if a != "-q"]
    assert main(loud) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 5 and all(line.startswith(("wrote ", "outputs ")) for line in lines)
