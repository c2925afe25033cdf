"""The density's files: CSV tables and the JSON document, deterministic bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from geo._io import write_atomic
from geo.density._result import DensityResult

__all__ = ["write_csv", "write_json", "write_outputs"]


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", float_format="%.3f")
    return buf.getvalue().encode("utf-8")


def write_csv(result: DensityResult, path: str | Path) -> Path:
    """Write the per-scenario, per-area table as UTF-8 CSV (deterministic bytes).

    Parameters
    ----------
    result : DensityResult
    path : str or Path
        Output file (its folder is created if needed), replaced atomically.

    Returns
    -------
    Path
        The path written.
    """
    return write_atomic(path, _csv_bytes(result.table))


def write_json(result: DensityResult, path: str | Path) -> Path:
    """Write :meth:`DensityResult.to_json_dict` as UTF-8 JSON (deterministic bytes).

    ``result`` and ``path`` as for :func:`write_csv`; returns the path written.
    """
    text = json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2, allow_nan=False)
    return write_atomic(path, text + "\n")


def write_outputs(
    result: DensityResult, directory: str | Path, *, stem: str = "density"
) -> list[Path]:
    """Write the CSV tables and the JSON document into a folder.

    The files are ``<stem>.csv``, ``<stem>_road_classes.csv``,
    ``<stem>_projects.csv`` and ``<stem>.json``.

    Parameters
    ----------
    result : DensityResult
    directory : str or Path
        Output folder (created if missing).
    stem : str
        File name stem.

    Returns
    -------
    list of Path
        The files written, in that order.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [write_csv(result, directory / f"{stem}.csv")]
    for name, frame in (("road_classes", result.road_classes), ("projects", result.projects)):
        paths.append(write_atomic(directory / f"{stem}_{name}.csv", _csv_bytes(frame)))
    paths.append(write_json(result, directory / f"{stem}.json"))
    return paths
