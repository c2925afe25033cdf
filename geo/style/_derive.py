"""Drawings for statuses and kinds that ``vocab.toml`` names and ``style.toml`` does not.

Adding a status or a layer is one entry in ``vocab.toml``; this module gives it a
symbol of its own by the rule written in ``style.toml``'s ``[derived_status]`` and
``[derived_kind]`` tables, so every ``(kind, status)`` pair of a layer keeps its own
:attr:`geo.style.Symbol.key` in both renderers:

* a status: the first ``dash.<hint>`` candidate (hint = the status' ``dash`` in
  ``vocab.toml``: ``solid``, ``dash`` or ``dot``) whose uncased line no other
  status draws; the fill ``point_fill.<hint>``; the first ``point_outline``
  candidate that no other uncased, ringless point of that fill uses; no casing,
  no ring; the opacity of ``vocab.toml``; the area fill ``area_fill.<hint>``;
* a kind: the layer's weight and the first ``icons`` candidate whose
  ``(colour, icon, weight)`` no other kind of the layer has.

Styled entries are taken first, then the others in ``vocab.toml``'s order, so the
choice is the same on every build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from geo.errors import CatalogueError
from geo.style._checks import dash_array, number
from geo.style._model import POINT_FILLS, StatusStyle

__all__ = ["derive_icon", "derive_status"]

_SECTION = "derived_status"


def _candidates(value: object, *, path: Path, field: str) -> list[object]:
    if not isinstance(value, list) or not value:
        raise CatalogueError(
            f"{value!r} is not a list of candidate dash arrays; write [[], [4, 2], ...]",
            file=path,
            record=_SECTION,
            field=field,
        )
    return value


def derive_status(
    key: str,
    vdef: Mapping[str, Any],
    taken: Iterable[StatusStyle],
    rule: Mapping[str, Any],
    *,
    path: Path,
) -> StatusStyle:
    """Return the drawing of status ``key`` that has no ``[status.<key>]`` table.

    Parameters
    ----------
    key : str
        The status.
    vdef : mapping
        Its ``vocab.toml`` entry (``zh``, ``en``, ``dash`` hint, ``opacity``).
    taken : iterable of StatusStyle
        The statuses drawn so far (styled ones first); the result differs from each.
    rule : mapping
        ``style.toml``'s ``[derived_status]`` table.
    path : Path
        The ``style.toml`` read (named in errors).

    Raises
    ------
    CatalogueError
        When the rule is missing or malformed, or every candidate is taken.
    """
    hint = str(vdef.get("dash", "solid"))
    taken = list(taken)
    fills = rule.get("point_fill", {})
    fill = fills.get(hint) if isinstance(fills, Mapping) else None
    if fill not in POINT_FILLS:
        raise CatalogueError(
            f"{fill!r} is not a point fill for dash {hint!r} (status {key!r}); "
            f'write point_fill = {{ {hint} = "full" }} with one of {", ".join(POINT_FILLS)}',
            file=path,
            record=_SECTION,
            field="point_fill",
        )
    areas = rule.get("area_fill", {})
    dashes = rule.get("dash", {})
    lines = {(s.dash, s.casing) for s in taken}
    field = f"dash.{hint}"
    dash = _first(
        _candidates(
            dashes.get(hint) if isinstance(dashes, Mapping) else None, path=path, field=field
        ),
        lambda d: (d, False) not in lines,
        key=key,
        path=path,
        field=field,
    )
    points = {(s.point_fill, s.point_outline, s.point_ring) for s in taken}
    outline = _first(
        _candidates(rule.get("point_outline"), path=path, field="point_outline"),
        lambda d: (fill, d, False) not in points,
        key=key,
        path=path,
        field="point_outline",
    )
    return StatusStyle(
        key=key,
        zh=str(vdef.get("zh", key)),
        en=str(vdef.get("en", key)),
        dash=dash,
        casing=False,
        point_fill=str(fill),
        point_outline=outline,
        point_ring=False,
        opacity=float(vdef.get("opacity", 1.0)),
        area_fill=number(
            {f"area_fill.{hint}": areas.get(hint, 1.0) if isinstance(areas, Mapping) else areas},
            f"area_fill.{hint}",
            1.0,
            path=path,
            record=_SECTION,
            hi=1.0,
        ),
    )


def _first(
    candidates: list[object],
    free: Callable[[tuple[float, ...]], bool],
    *,
    key: str,
    path: Path,
    field: str,
) -> tuple[float, ...]:
    for i, value in enumerate(candidates):
        dash = dash_array(value, path=path, record=_SECTION, field=f"{field}[{i}]")
        if free(dash):
            return dash
    raise CatalogueError(
        f"every one of the {len(candidates)} candidates is drawn by another status, so "
        f"status {key!r} would look like one of them; add a candidate or a [status.{key}] table",
        file=path,
        record=_SECTION,
        field=field,
    )


def derive_icon(
    colour: str,
    weight: float,
    others: Iterable[tuple[str, str, float]],
    rule: Mapping[str, Any],
    *,
    layer: str,
    kind: str,
    path: Path,
) -> str:
    """Return the icon of a kind with no style: the first free ``[derived_kind] icons`` entry.

    ``others`` are the ``(colour, icon, weight)`` of the layer's kinds drawn so far.
    """
    icons = rule.get("icons", ["dot"])
    if not isinstance(icons, list) or not icons or not all(isinstance(i, str) for i in icons):
        raise CatalogueError(
            f'{icons!r} is not a list of icon names; write icons = ["dot", "drop", ...]',
            file=path,
            record="derived_kind",
            field="icons",
        )
    seen = set(others)
    for icon in icons:
        if (colour, icon, weight) not in seen:
            return icon
    raise CatalogueError(
        f"kind {kind!r} of layer {layer!r} has the colour and weight of another kind and every "
        f"icon of {icons!r} is taken; give it an icon in [layer.{layer}.kinds] or a colour of "
        "its own in vocab.toml",
        file=path,
        record="derived_kind",
        field="icons",
    )
