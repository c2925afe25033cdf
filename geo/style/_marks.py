"""What a precision or progress marking draws, in pixels, for both renderers.

A :class:`~geo.style.Marking` says *what* to draw in line widths; this module
turns it, for one line width (or the point symbol), into drawing primitives in
CSS pixels: :class:`Band` (a stroke along the line or outline), :class:`Beads`,
:class:`Ticks` and :class:`Disc` (round a point). The map (:mod:`geo.maps`)
draws them in pixels, QGIS (:mod:`geo.export`) in millimetres (pixels x
``mm_per_px``); neither renderer has numbers of its own for a marking.

>>> from geo.style import load_style, line_marks, point_marks
>>> spec = load_style()
>>> line_marks(spec, spec.progress_marking("under_construction"), colour="#1f78b4", weight=4.0)
(Ticks(colour='#1b1b1b', length=10.4, width=1.2, spacing=24.0),)
>>> [type(m).__name__ for m in line_marks(
...     spec, spec.precision_marking("indicative"), colour="#1f78b4", weight=4.0)]
['Band', 'Beads']
>>> point_marks(spec, spec.precision_marking("town_centre"), colour="#6a3d9a")
(Disc(colour='#6a3d9a', diameter=28.77, opacity=0.3, dashed=True, corner=False, outline=1.2),)
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.style._model import Marking, StyleSpec

__all__ = ["Band", "Beads", "Disc", "Mark", "Ticks", "line_marks", "point_marks"]

_DIGITS = 2
"""Sizes are rounded to 1/100 px, so both renderers get the same numbers."""


@dataclass(frozen=True)
class Band:
    """A solid stroke along the line (or polygon outline), ``width`` px wide.

    ``over`` draws it over the line (a built core line), else under it (a halo);
    ``round`` gives it round caps and joins; ``colour`` ``None`` is the kind's.
    """

    colour: str | None
    width: float
    opacity: float
    over: bool
    round: bool


@dataclass(frozen=True)
class Beads:
    """Round dots of ``colour``, ``size`` px across, every ``spacing`` px along the line."""

    colour: str
    size: float
    spacing: float


@dataclass(frozen=True)
class Ticks:
    """Cross ticks of ``colour``: ``length`` px across, ``width`` px thick, every ``spacing`` px."""

    colour: str
    length: float
    width: float
    spacing: float


@dataclass(frozen=True)
class Disc:
    """A disc round or on a point symbol, ``diameter`` px across.

    ``dashed`` gives it a dashed outline of its colour (a schematic halo, under
    the symbol); ``corner`` puts it at the symbol's upper right, over it (a
    progress badge, outlined white); the outline is ``outline`` px wide.
    """

    colour: str
    diameter: float
    opacity: float
    dashed: bool
    corner: bool
    outline: float


Mark = Band | Beads | Ticks | Disc
"""A drawing primitive of a marking."""


def _px(value: float) -> float:
    return round(value, _DIGITS)


def line_marks(
    spec: StyleSpec, marking: Marking, *, colour: str | None, weight: float
) -> tuple[Band | Beads | Ticks, ...]:
    """Return what ``marking`` draws along a line (or outline) ``weight`` px wide.

    Parameters
    ----------
    spec : StyleSpec
        The spec (for ``[units] min_px``).
    marking : Marking
        A precision or progress marking.
    colour : str or None
        ``#rrggbb`` of the kind: the colour of a halo (``None``: left to the
        renderer, for a table of marks shared by kinds of one weight).
    weight : float
        The line's (or outline's) width in px.

    Returns
    -------
    tuple
        Bottom first; empty for ``none``. A ``marker_line`` is its halo and its beads.
    """
    if marking.marking in ("halo", "marker_line"):
        halo = Band(colour, _px(weight * marking.width), marking.opacity, over=False, round=True)
        if marking.marking == "halo":
            return (halo,)
        beads = Beads(
            marking.colour or colour or "#ffffff",
            _px(weight * marking.size),
            _px(weight * marking.spacing),
        )
        return (halo, beads)
    dark = marking.colour or colour or "#1b1b1b"  # the reader requires a colour here
    thick = _px(max(spec.min_px, weight * marking.width))
    if marking.marking == "underlay":
        return (Band(dark, thick, 1.0, over=True, round=False),)
    if marking.marking == "ticks":
        return (Ticks(dark, _px(weight * marking.length), thick, _px(weight * marking.spacing)),)
    return ()


def point_marks(spec: StyleSpec, marking: Marking, *, colour: str) -> tuple[Disc, ...]:
    """Return what ``marking`` draws with a point symbol (``[point]`` of the spec).

    A halo or marker line: a pale dashed disc ``[point] halo`` symbol diameters
    across, under the symbol, at the marking's opacity; an underlay or ticks: a
    badge ``[point] badge`` diameters across at the upper right, in the marking's
    colour (the map draws a check or three ticks on it). ``colour`` is the kind's.
    """
    point = spec.point
    if marking.marking in ("halo", "marker_line"):
        diameter = _px(point.size * point.halo)
        return (Disc(colour, diameter, marking.opacity, True, False, spec.min_px),)
    if marking.marking in ("underlay", "ticks"):
        diameter = _px(point.size * point.badge)
        return (Disc(marking.colour or colour, diameter, 1.0, False, True, spec.min_px),)
    return ()
