"""Map symbols drawn from the shared style spec (:mod:`geo.style`, ``style.toml``).

One symbol per layer x kind x status, the same spec as the QGIS styles:

* lines: a stack of SVG strokes in pixels (:func:`line_strokes`): the status's
  dash array (in line widths) at the kind's weight, doubled (kind-coloured
  casing, white core, as the spec's ``[casing]`` says) for a widening/upgrade;
* points: an inline SVG (:func:`pin_svg`): the kind's glyph in a disc filled
  full / half / none, an outline ring with the status's dash array, an outer
  ring for an upgrade, a dashed halo for a schematic position, and a badge for
  the progress marking (built: check; under construction: ticks);
* precision and progress markings along lines are drawn by the page from the
  spec's marking tables (halo band, indicative beads, dark core, cross ticks).

Every SVG is built here, once per map, and looked up by the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.style import Casing, Marking, StatusStyle, shade

__all__ = ["ICON_GLYPHS", "badge_svg", "bead_stroke", "line_strokes", "marking_table", "pin_svg"]

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
        '<circle cx="9" cy="9" r="5" fill="{c}" stroke="#fff" stroke-width="1.2"/>'
        '<path d="M6.6 9.2l1.6 1.6 3.2-3.4" fill="none" stroke="#fff" stroke-width="1.4" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    ),
    "ticks": (
        '<circle cx="9" cy="9" r="5" fill="{c}" stroke="#fff" stroke-width="1.2"/>'
        '<path d="M6.5 7.5v3M9 7.5v3M11.5 7.5v3" stroke="#fff" stroke-width="1.2" '
        'stroke-linecap="round"/>'
    ),
}


def badge_svg(marking: Marking) -> str | None:
    """Return the small badge drawn on a point symbol for a progress marking, or None."""
    if marking.marking not in _BADGES:
        return None
    return (
        '<svg class="hm-badge-svg" viewBox="3 3 12 12" width="13" height="13" '
        'aria-hidden="true" focusable="false">'
        f"{_BADGES[marking.marking].format(c=marking.colour or '#1b1b1b')}</svg>"
    )


def pin_svg(
    colour: str,
    icon: str,
    status: StatusStyle,
    *,
    schematic: bool = False,
    size: int = 30,
) -> str:
    """Return the inline SVG of a point symbol (``size`` px square, glyph ``icon``).

    Parameters
    ----------
    colour : str
        ``#rrggbb`` of the kind.
    icon : str
        A key of :data:`ICON_GLYPHS` (unknown: ``dot``).
    status : StatusStyle
        Fill (full/half/none), outline dash array (in outline widths) and ring.
    schematic : bool
        Draw the pale dashed halo of a schematic position.
    size : int
        Width and height in CSS pixels.
    """
    glyph = ICON_GLYPHS.get(icon, ICON_GLYPHS["dot"])
    ow = 2.2
    parts = []
    if schematic:
        parts.append(
            f'<circle r="15.5" fill="{colour}" fill-opacity="0.14" stroke="{colour}" '
            'stroke-width="1.2" stroke-dasharray="2.5 2"/>'
        )
    if status.point_ring:
        parts.append(f'<circle r="13.6" fill="none" stroke="{colour}" stroke-width="1.6"/>')
    # a hollow ("none") point is white inside on the map
    fill, alpha = (colour, status.fill_alpha) if status.point_fill != "none" else ("#ffffff", 1.0)
    parts.append('<circle r="10.8" fill="#ffffff"/>')
    parts.append(
        f'<circle r="9.6" fill="{fill}" fill-opacity="{alpha:g}"'
        ' stroke="#ffffff" stroke-width="1.2"/>'
    )
    dash = _dash(status.point_outline, ow)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts.append(f'<circle r="11.3" fill="none" stroke="{colour}" stroke-width="{ow}"{dash_attr}/>')
    glyph_colour = "#ffffff" if status.point_fill == "full" else "#1f1f1f"
    parts.append(
        f'<svg x="-7.5" y="-7.5" width="15" height="15" viewBox="0 0 24 24" '
        f'style="color:{glyph_colour}">{glyph}</svg>'
    )
    return (
        f'<svg class="hm-pinsvg" viewBox="-16 -16 32 32" width="{size}" height="{size}" '
        f'aria-hidden="true" focusable="false" style="opacity:{status.opacity:g}">'
        f"{''.join(parts)}</svg>"
    )


def bead_stroke(marking: Marking, weight: float) -> dict[str, Any]:
    """Return the stroke of a ``marker_line``'s beads along a line ``weight`` px wide.

    Beads of ``marking.colour``, ``size`` line widths across, every ``spacing``
    line widths (the page draws the same from the marking table).
    """
    return {
        "color": marking.colour,
        "weight": round(weight * marking.size, 2),
        "opacity": 1.0,
        "dashArray": f"0.1 {weight * marking.spacing:.1f}",
        "lineCap": "round",
    }


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
