"""Map symbols drawn from the shared style spec (:mod:`geo.style`, ``style.toml``).

One symbol per layer x kind x status, the same spec as the QGIS styles:

* lines: a stack of SVG strokes in pixels (:func:`line_strokes`): the status's
  dash array (in line widths) at the kind's weight, doubled (kind-coloured
  casing, white core, as the spec's ``[casing]`` says) for a widening/upgrade;
* points: an inline SVG (:func:`pin_svg`) as ``[point]`` says: the kind's glyph
  in a disc filled full / half / none, an outline ring with the status's dash
  array, an outer ring for an upgrade, a dashed halo for a schematic position,
  and a badge for the progress marking (:func:`badge_svg`: check, ticks);
* precision and progress markings along lines: the strokes of
  :func:`geo.style.line_marks` per line weight (:func:`marks_table`: halo band,
  indicative beads, dark core, cross ticks), the same primitives QGIS draws.

Every SVG is built here, once per map, and looked up by the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geo.catalogue import Vocab
from geo.style import (
    Band,
    Beads,
    Casing,
    Mark,
    Marking,
    StatusStyle,
    StyleSpec,
    Ticks,
    line_marks,
    point_marks,
    shade,
)

__all__ = [
    "ICON_GLYPHS",
    "badge_svg",
    "line_strokes",
    "mark_strokes",
    "marking_table",
    "marks_table",
    "pin_svg",
]

# Glyphs are drawn for this project on a 24×24 grid, white on the kind colour.
_S = (
    'fill="none" stroke="currentColor" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round"'
)
ICON_GLYPHS: dict[str, str] = {
    "train": (
        f'<rect x="6" y="3" width="12" height="14" rx="3" {_S}/><path d="M6 10h12M9 20l1.5-3M15 20'
        f'l-1.5-3" {_S}/><circle cx="9.5" cy="13.5" r="1" fill="currentColor"/>'
        '<circle cx="14.5" cy="13.5" r="1" fill="currentColor"/>'
    ),
    "plane": (
        '<path d="M12 2.5c.9 0 1.4.8 1.4 1.8V9l7 4.2v2l-7-2.1v4.4l2.2 1.7v1.6L12 19.9l-3.6.9v-1.6'
        'l2.2-1.7v-4.4l-7 2.1v-2l7-4.2V4.3c0-1 .5-1.8 1.4-1.8z" fill="currentColor"/>'
    ),
    "anchor": (
        f'<circle cx="12" cy="5" r="2" {_S}/><path d="M12 7v13M8 10h8M5 13a7 7 0 0 0 14 0" {_S}/>'
    ),
    "crane": f'<path d="M6 20V4h12M6 8l6-4M14 4v6M12 10h4v3h-4zM3 20h18" {_S}/>',
    "lock": f'<path d="M7 3v18M17 3v18M7 9h10M7 15h10" {_S}/>',
    "wheel": (
        f'<circle cx="12" cy="12" r="6" {_S}/><path d="M12 3v18M3 12h18M5.6 5.6l12.8 12.8M18.4 5.6'
        f'L5.6 18.4" {_S}/>'
    ),
    "containers": f'<path d="M3 19h18M4 14h7v5H4zM13 14h7v5h-7zM8 9h8v5H8z" {_S}/>',
    "flame": (
        '<path d="M12 2.5c.6 3.4 5.5 5.6 5.5 11a5.5 5.5 0 0 1-11 0c0-2.6 1.4-4.3 '
        '2.6-5.6.3 1.6 1 2.6 2.1 3.1.3-3 .2-5.6.8-8.5z" fill="currentColor"/>'
    ),
    "drop": '<path d="M12 3l5.3 8.3A6 6 0 1 1 6.7 11.3z" fill="currentColor"/>',
    "dot": '<circle cx="12" cy="12" r="4" fill="currentColor"/>',
}
"""Inline SVG bodies (24×24 view box) of the point symbols; no icon font or CDN."""


def _dash(dash: tuple[float, ...], width: float) -> str | None:
    return " ".join(f"{d * width:.4g}" for d in dash) if dash else None


def line_strokes(
    colour: str, weight: float, status: StatusStyle, *, casing: Casing
) -> list[dict[str, Any]]:
    """Return the SVG strokes of a line of ``colour`` and ``weight`` (px), bottom first.

    Parameters
    ----------
    colour : str
        ``#rrggbb`` of the kind.
    weight : float
        Line width in CSS pixels.
    status : StatusStyle
        The status's style from the spec.
    casing : Casing
        The spec's doubled line (``StyleSpec.casing``), drawn when ``status.casing``.

    Returns
    -------
    list of dict
        Leaflet path options (``color``, ``weight``, ``opacity``, ``dashArray``,
        ``lineCap``); the first is the interactive line.
    """
    dots = bool(status.dash) and min(status.dash[::2]) <= 1.0
    cap = "round" if dots else "butt"
    if status.casing:
        dash = _dash(status.dash, weight)
        return [
            {
                "color": shade(colour, casing.shade),
                "weight": round(weight * casing.width, 2),
                "opacity": status.opacity,
                "dashArray": dash,
                "lineCap": cap,
            },
            {
                "color": "#ffffff",
                "weight": round(weight * casing.core, 2),
                "opacity": 1.0,
                "dashArray": dash,
                "lineCap": cap,
            },
        ]
    return [
        {
            "color": colour,
            "weight": weight,
            "opacity": status.opacity,
            # a dot of length 1 with round caps would merge; draw it as a short dash
            "dashArray": _dash(
                tuple(
                    0.1 if dots and d <= 1 and i % 2 == 0 else d for i, d in enumerate(status.dash)
                ),
                weight,
            ),
            "lineCap": cap,
        }
    ]


_BADGES = {
    "underlay": (
        '<path d="M6.6 9.2l1.6 1.6 3.2-3.4" fill="none" stroke="#fff" stroke-width="1.4" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    ),
    "ticks": (
        '<path d="M6.5 7.5v3M9 7.5v3M11.5 7.5v3" stroke="#fff" stroke-width="1.2" '
        'stroke-linecap="round"/>'
    ),
}
"""What a progress badge shows on its disc (10 x 10 view box round 9, 9): a check, three ticks."""


def badge_svg(spec: StyleSpec, marking: Marking) -> str | None:
    """Return the badge of a progress marking at a point symbol's upper right, or None.

    The disc is :func:`geo.style.point_marks`' (QGIS draws the same disc), placed
    by its ``style`` relative to the symbol's centre.
    """
    discs = [d for d in point_marks(spec, marking, colour="#1b1b1b") if d.corner]
    if not discs or marking.marking not in _BADGES:
        return None
    (disc,) = discs
    d = disc.diameter
    r = round(spec.point.size / 2 * 0.7071 - d / 2, 2)
    ring = round(disc.outline * 10 / d, 3)
    return (
        f'<svg class="hm-badge-svg" viewBox="4 4 10 10" width="{d:g}" height="{d:g}" '
        f'style="left:calc(50% + {r:g}px);top:calc(50% - {r + d:g}px)" '
        'aria-hidden="true" focusable="false">'
        f'<circle cx="9" cy="9" r="{5 - ring / 2:g}" fill="{disc.colour}" stroke="#fff" '
        f'stroke-width="{ring:g}"/>{_BADGES[marking.marking]}</svg>'
    )


def pin_svg(
    spec: StyleSpec,
    colour: str,
    icon: str,
    status: StatusStyle,
    *,
    weight: float,
    schematic: bool = False,
) -> str:
    """Return the inline SVG of a point symbol, 1 unit = 1 px, as ``[point]`` says.

    Parameters
    ----------
    spec : StyleSpec
        The spec: ``[point]`` (sizes in px and symbol diameters), ``[point_glyph]``.
    colour : str
        ``#rrggbb`` of the kind.
    icon : str
        A key of :data:`ICON_GLYPHS` (unknown: ``dot``).
    status : StatusStyle
        Fill (full/half/none), outline dash array (in outline widths) and ring.
    weight : float
        The outline's width in px (the kind's weight).
    schematic : bool
        Draw the pale dashed halo of a schematic position
        (:func:`geo.style.point_marks`); its fill opacity is the page's CSS
        variable ``--hm-halo`` (the precision's opacity), default the spec's
        ``[schematic_default]``.

    The same parts, sizes and order as QGIS (:mod:`geo.export._qgis_symbols`).
    """
    point = spec.point
    glyph = ICON_GLYPHS.get(icon, ICON_GLYPHS["dot"])
    parts = []
    extent = point.size * max(point.ring, 1.0) + weight
    if schematic:
        (halo,) = point_marks(spec, spec.schematic_default, colour=colour)
        extent = max(extent, halo.diameter + halo.outline)
        parts.append(
            f'<circle r="{halo.diameter / 2:g}" fill="{colour}" '
            f'style="fill-opacity:var(--hm-halo,{halo.opacity:g})" stroke="{colour}" '
            f'stroke-width="{halo.outline:g}" stroke-dasharray="{_dash((4, 2), halo.outline)}"/>'
        )
    if status.point_ring:
        parts.append(
            f'<circle r="{point.size * point.ring / 2:g}" fill="none" stroke="{colour}" '
            f'stroke-width="{weight:g}"/>'
        )
    parts.append(f'<circle r="{point.size / 2:g}" fill="#ffffff"/>')
    if status.fill_alpha > 0:
        parts.append(
            f'<circle r="{round(point.size * point.fill / 2, 2):g}" fill="{colour}" '
            f'fill-opacity="{status.fill_alpha:g}"/>'
        )
    dash = _dash(status.point_outline, weight)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts.append(
        f'<circle r="{point.size / 2:g}" fill="none" stroke="{colour}" '
        f'stroke-width="{weight:g}"{dash_attr}/>'
    )
    g = round(point.size * point.glyph, 2)
    parts.append(
        f'<svg x="{-g / 2:g}" y="{-g / 2:g}" width="{g:g}" height="{g:g}" viewBox="0 0 24 24" '
        f'style="color:{point.glyph_colour[status.point_fill]}">{glyph}</svg>'
    )
    h = round(extent / 2 + 0.5, 1)
    return (
        f'<svg class="hm-pinsvg" viewBox="{-h:g} {-h:g} {2 * h:g} {2 * h:g}" width="{2 * h:g}" '
        f'height="{2 * h:g}" aria-hidden="true" focusable="false" '
        f'style="opacity:{status.opacity:g}">{"".join(parts)}</svg>'
    )


def mark_strokes(marks: Iterable[Mark]) -> list[dict[str, Any]]:
    """Return Leaflet path options of a line's marks (:func:`geo.style.line_marks`).

    Bottom first; ``over`` says whether the page draws it over the line (beads,
    core lines, ticks) or under it (halos), ``mark`` which it is (``halo``,
    ``beads``, ``core``, ``ticks``). A ``color`` of ``None`` is the kind's.
    """
    out: list[dict[str, Any]] = []
    for m in marks:
        if isinstance(m, Band):
            out.append(
                {
                    "color": m.colour,
                    "weight": m.width,
                    "opacity": m.opacity,
                    "lineCap": "round" if m.round else "butt",
                    "over": m.over,
                    "mark": "core" if m.over else "halo",
                }
            )
        elif isinstance(m, Beads):  # a dash of 0.1 px with round caps is a dot m.size across
            gap = round(m.spacing - 0.1, 2)
            out.append(
                {
                    "color": m.colour,
                    "weight": m.size,
                    "opacity": 1.0,
                    "dashArray": f"0.1 {gap:g}",
                    "lineCap": "round",
                    "over": True,
                    "mark": "beads",
                }
            )
        elif isinstance(m, Ticks):  # a wide line dashed across: each dash is a tick
            gap = round(m.spacing - m.width, 2)
            out.append(
                {
                    "color": m.colour,
                    "weight": m.length,
                    "opacity": 1.0,
                    "dashArray": f"{m.width:g} {gap:g}",
                    "lineCap": "butt",
                    "over": True,
                    "mark": "ticks",
                }
            )
    return out


def marks_table(spec: StyleSpec, vocab: Vocab, weights: Iterable[float]) -> dict[str, Any]:
    """Return, per line weight (``f"{w:g}"``), the strokes of every marking for the page.

    ``precision`` (``""``: ``[schematic_default]``, for a precision the page does
    not know) and ``progress`` map each value to :func:`mark_strokes`; a halo's
    ``color`` is ``None`` (the kind's colour).
    """

    def strokes(marking: Marking, weight: float) -> list[dict[str, Any]]:
        return mark_strokes(line_marks(spec, marking, colour=None, weight=weight))

    table: dict[str, Any] = {}
    for w in sorted(set(weights)):
        precision = {k: strokes(spec.precision_marking(k), w) for k in vocab.precisions}
        precision[""] = strokes(spec.schematic_default, w)
        progress = {k: strokes(spec.progress_marking(k), w) for k in vocab.progress}
        table[f"{w:g}"] = {
            "precision": {k: v for k, v in precision.items() if v},
            "progress": {k: v for k, v in progress.items() if v},
        }
    return table


def marking_table(markings: Mapping[str, Marking]) -> dict[str, dict[str, Any]]:
    """Return precision or progress markings as JSON-able dicts for the page."""
    return {
        key: {
            "marking": m.marking,
            "width": m.width,
            "opacity": m.opacity,
            "spacing": m.spacing,
            "colour": m.colour,
            "size": m.size,
        }
        for key, m in markings.items()
    }
