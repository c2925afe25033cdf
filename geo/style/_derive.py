"""Drawings for statuses and kinds that ``vocab.toml`` names and ``style.toml`` does not.

Adding a status or a layer is one entry in ``vocab.toml``; this module gives it a
symbol of its own by the rule written in ``style.toml``'s ``[derived_status]`` and
``[derived_kind]`` tables, so every ``(kind, status)`` pair of a layer keeps its own
:attr:`geo.style.Symbol.key` in both renderers:

* a status: the first ``dash.<hint>`` candidate (hint = the status' ``dash`` in
  ``vocab.toml``: ``solid``, ``dash`` or ``dot``) whose uncased line no other
  status draws; the fill ``point_fill.<hint>`` and the first ``point_outline``
  candidate whose *pen* (``[pen] dash_from``: QGIS draws a point's outline with a
  pen, solid, dash or dot, not a dash array) no other ringless point of that fill
  has, so ``(point_fill, pen, point_ring)`` is unique among the statuses. When
  every pen of that fill is taken, the next fill is tried, nearest first (the
  paler one on a tie: ``half`` then ``none``, then ``full``); when every fill is
  taken, the status is refused. No casing, no ring; the opacity of
  ``vocab.toml``; the area fill ``area_fill.<hint>``;
* a kind: the layer's weight and the first ``icons`` candidate whose
  ``(colour, icon, weight)`` no other kind of the layer has.

Styled entries are taken first, then the others in ``vocab.toml``'s order, so the
choice is the same on every build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from geo.errors import CatalogueError
from geo.style._checks import dash_array, number
from geo.style._model import POINT_FILLS, StatusStyle, outline_pen

__all__ = ["derive_icon", "derive_status", "fills_nearest"]

logger = logging.getLogger(__name__)

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
    pen_dash_from: float,
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
    pen_dash_from : float
        ``[pen] dash_from`` (line widths): which pen a point outline is drawn with
        where a renderer has only pens (QGIS markers).

    Raises
    ------
    CatalogueError
        When the rule is missing or malformed, or every candidate is taken (every
        line of ``dash.<hint>``, or every pen of every point fill).
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
    fill, outline = _point(
        key,
        str(fill),
        _candidates(rule.get("point_outline"), path=path, field="point_outline"),
        taken,
        pen_dash_from=pen_dash_from,
        path=path,
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


def fills_nearest(fill: str) -> list[str]:
    """Return the point fills in the order a derived status tries them, ``fill`` first.

    Then the others, nearest in :data:`POINT_FILLS` (``full``, ``half``, ``none``)
    first, the paler one on a tie.

    >>> fills_nearest("half")
    ['half', 'none', 'full']
    >>> fills_nearest("full")
    ['full', 'half', 'none']
    """
    at = POINT_FILLS.index(fill)
    return sorted(
        POINT_FILLS, key=lambda f: (abs(POINT_FILLS.index(f) - at), -POINT_FILLS.index(f))
    )


def _point(
    key: str,
    fill: str,
    candidates: list[object],
    taken: list[StatusStyle],
    *,
    pen_dash_from: float,
    path: Path,
) -> tuple[str, tuple[float, ...]]:
    """Return the point fill and outline of a derived status: its own ``(fill, pen, ring)``."""
    outlines = [
        dash_array(value, path=path, record=_SECTION, field=f"point_outline[{i}]")
        for i, value in enumerate(candidates)
    ]
    points = {
        (s.point_fill, outline_pen(s.point_outline, pen_dash_from), s.point_ring) for s in taken
    }
    for other in fills_nearest(fill):
        for outline in outlines:
            if (other, outline_pen(outline, pen_dash_from), False) not in points:
                if other != fill:
                    logger.warning(
                        "%s: status %r: every pen of point fill %r is drawn by another status; "
                        "its points are drawn with fill %r (a [status.%s] table may say otherwise)",
                        path,
                        key,
                        fill,
                        other,
                        key,
                    )
                return other, outline
    pens = sorted({outline_pen(o, pen_dash_from) for o in outlines})
    raise CatalogueError(
        f"every point fill ({', '.join(POINT_FILLS)}) with every pen of the candidates "
        f"({', '.join(pens)}) is drawn by another status, so status {key!r} would look like "
        "one of them in QGIS (which draws a point's outline with a pen, not a dash array); "
        f"add a [status.{key}] table (e.g. with point_ring = true)",
        file=path,
        record=_SECTION,
        field="point_outline",
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
