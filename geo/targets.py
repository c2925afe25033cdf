"""Density targets: Hefei's plan by default, or any other plan's figures.

A targets file is a small TOML document::

    [targets]
    rail_per_10k_km2 = 500.0        # km of railway per 10,000 km²
    expressway_per_100_km2 = 5.0    # km of expressway per 100 km²
    year = 2030                     # optional
    source = "某市综合交通规划"       # optional: where the figures come from
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from geo.errors import InputFileError, ParameterError

__all__ = ["HEFEI_PLAN", "PLAN_YEAR", "Targets", "load_targets"]


@dataclass(frozen=True)
class Targets:
    """Density targets.

    Attributes
    ----------
    rail_per_10k_km2 : float
        Railway network density, km per 10,000 km².
    expressway_per_100_km2 : float
        Expressway density, km per 100 km².
    year : int
        The year the targets are for.
    source : str
        Where the figures come from.
    """

    rail_per_10k_km2: float
    expressway_per_100_km2: float
    year: int
    source: str

    def with_values(self, *, rail: float | None = None, expressway: float | None = None) -> Targets:
        """Return a copy with the given figures replaced (a changed figure changes the source).

        Parameters
        ----------
        rail : float, optional
            km of railway per 10,000 km².
        expressway : float, optional
            km of expressway per 100 km².

        Returns
        -------
        Targets
        """
        out = self
        if rail is not None:
            _check("rail", rail, where="rail=")
            out = replace(out, rail_per_10k_km2=float(rail), source="given on the command line")
        if expressway is not None:
            _check("expressway", expressway, where="expressway=")
            out = replace(
                out, expressway_per_100_km2=float(expressway), source="given on the command line"
            )
        return out


HEFEI_PLAN = Targets(
    rail_per_10k_km2=700.0,
    expressway_per_100_km2=5.65,
    year=2025,
    source="《合肥市推动长三角地区更高质量一体化发展重点工作推进方案》 一(三) 发展目标",
)
"""Hefei's plan (一(三)): 700 km of railway per 10,000 km², 5.65 km of expressway per 100 km²."""

PLAN_YEAR = 2020
"""The year Hefei's plan was issued: the baseline of the density scenarios and of the
map's timeline (planned projects appear from this year on)."""


def _check(name: str, value: object, *, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(f"{where} {value!r} is not a number; give km per area, e.g. 700")
    if not math.isfinite(float(value)) or float(value) < 0:
        raise ParameterError(f"{where} {value!r} must be a finite number >= 0 (km per area)")


def load_targets(path: str | Path) -> Targets:
    """Read targets from a TOML file (see the module docstring).

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    Targets
        Figures missing from the file are Hefei's.

    Raises
    ------
    InputFileError
        Missing file, invalid TOML, no ``[targets]`` table, unknown keys.
    ParameterError
        A figure that is not a non-negative number.
    """
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputFileError(f"targets file {str(path)!r} does not exist; check the path") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputFileError(f"targets file {str(path)!r} is not valid TOML ({exc})") from exc
    table = doc.get("targets")
    if not isinstance(table, dict):
        raise InputFileError(
            f"targets file {str(path)!r} has no [targets] table; see geo/targets.py for the format"
        )
    known = {"rail_per_10k_km2", "expressway_per_100_km2", "year", "source"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputFileError(
            f"targets file {str(path)!r}, table [targets]: unknown keys {unknown!r}; "
            f"use {sorted(known)!r}"
        )
    for key in ("rail_per_10k_km2", "expressway_per_100_km2"):
        if key in table:
            _check(key, table[key], where=f"file {str(path)!r}, field {key!r}:")
    year = table.get("year", HEFEI_PLAN.year)
    if isinstance(year, bool) or not isinstance(year, int):
        raise ParameterError(f"file {str(path)!r}, field 'year': {year!r} is not a year")
    return Targets(
        rail_per_10k_km2=float(table.get("rail_per_10k_km2", HEFEI_PLAN.rail_per_10k_km2)),
        expressway_per_100_km2=float(
            table.get("expressway_per_100_km2", HEFEI_PLAN.expressway_per_100_km2)
        ),
        year=year,
        source=str(table.get("source", f"targets file {path.name}")),
    )
