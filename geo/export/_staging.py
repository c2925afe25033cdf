"""Atomic, reproducible files: a staging folder beside the target, renames, GDAL's date."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyogrio

from geo.export._layer import FIXED_TIMESTAMP

__all__ = ["fixed_gdal_date", "publish", "staging"]

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def staging(parent: Path, name: str) -> Iterator[Path]:
    """Yield a temporary folder beside the target, removed whatever happens."""
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=parent))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def publish(moves: Sequence[tuple[Path, Path]]) -> None:
    """Rename finished files into place (each rename is atomic on one file system)."""
    for source, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        logger.debug("wrote %s", target)


@contextlib.contextmanager
def fixed_gdal_date() -> Iterator[None]:
    """Make GDAL write :data:`FIXED_TIMESTAMP` wherever it would write "now"."""
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_TIMESTAMP})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
