"""Checks of ``style.toml`` values: dash arrays and numbers, refused naming file, record, field."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geo._strict import is_rrggbb
from geo.errors import CatalogueError

__all__ = ["colour", "dash_array", "number"]


def dash_array(value: object, *, path: Path, record: str, field: str) -> tuple[float, ...]:
    """Return ``value`` as a dash array in line widths (``()`` = solid), or refuse it."""
    if not isinstance(value, list) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value
    ):
        raise CatalogueError(
            f"{value!r} is not a dash array; write [] (solid) or positive numbers like [4, 2]",
            file=path,
            record=record,
            field=field,
        )
    if len(value) % 2:
        raise CatalogueError(
            f"{value!r} has an odd number of entries; give dash, gap pairs",
            file=path,
            record=record,
            field=field,
        )
    return tuple(float(v) for v in value)


def number(
    spec: Mapping[str, Any],
    name: str,
    default: float | None,
    *,
    path: Path,
    record: str,
    lo: float = 0.0,
    hi: float | None = None,
) -> float:
    """Return ``spec[name]`` (or ``default``) as a float in ``lo..hi``, or refuse it.

    ``default`` ``None`` makes the value required; ``hi`` ``None`` has no upper
    bound (an opacity or a fraction passes ``hi=1.0``).
    """
    if default is None and name not in spec:
        raise CatalogueError(
            f"no {name!r}; write {name} = <a number>", file=path, record=record, field=name
        )
    value = spec.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < lo:
        raise CatalogueError(
            f"{value!r} is not a number >= {lo}", file=path, record=record, field=name
        )
    if hi is not None and value > hi:
        raise CatalogueError(f"{value!r} is above {hi:g}", file=path, record=record, field=name)
    return float(value)


def colour(value: object, *, path: Path, record: str, field: str) -> str:
    """Return ``value`` if it is a ``#rrggbb`` colour, or refuse it (``None``: missing)."""
    if not is_rrggbb(value):
        raise CatalogueError(
            f'{value!r} is not a #rrggbb colour; write {field} = "#666666" in [{record}]',
            file=path,
            record=record,
            field=field,
        )
    return value
