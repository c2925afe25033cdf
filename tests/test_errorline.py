"""Any exception becomes one short line at the command line (geo._errorline)."""

from __future__ import annotations

import errno

import pyogrio.errors
import pyproj.exceptions
import pytest
import shapely.errors

from geo._errorline import MAX_LINE, error_line
from geo.errors import CatalogueError


@pytest.mark.parametrize(
    ("exc", "match"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "/x/a.gpkg"),
            "disk full while writing '/x/a.gpkg'",
        ),
        (PermissionError(errno.EACCES, "Permission denied", "/ro"), "permission denied on '/ro'"),
        (OSError(errno.EROFS, "Read-only file system", "/ro"), "permission denied"),
        (pyogrio.errors.DataSourceError("bad\nfile"), "GDAL error (DataSourceError: bad file)"),
        (shapely.errors.GEOSException("TopologyException"), "GEOS error"),
        (pyproj.exceptions.CRSError("Invalid projection"), "PROJ error"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "not UTF-8"),
        (KeyError("x"), "internal error (KeyError"),
    ],
)
def test_families_named(exc, match):
    line = error_line(exc)
    assert match in line
    assert "\n" not in line


def test_long_values_cut_and_line_capped():
    exc = CatalogueError(f"bad {'x' * 1_000_000!r}", file="f.toml", record="r" * 5000, field="id")
    line = error_line(exc)
    assert len(line) <= MAX_LINE
    assert "(1000000 characters)" in line and "(5000 characters)" in line
    assert "field 'id'" in line


def test_short_paths_kept_whole():
    path = "/tmp/pytest-of-root/pytest-81/test_validate_bad_record_exits_0/catalogue/transport.toml"
    assert path in error_line(CatalogueError("x", file=path))
