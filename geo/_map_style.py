"""Cartographic style of the interactive maps: one table, point symbols and the legend.

Meaning is carried by three independent channels, all read from
``geo/data/catalogue/vocab.toml``:

* colour = kind (``[layer.*.kinds]``),
* line pattern = status: every status of the vocabulary has its own pattern
  (:data:`STATUS_PATTERNS`: solid, ticked, double line, long dash, dash-dot,
  dots, sparse dots), drawn as a stack of strokes whose widths and dash arrays
  are in units of the layer's line weight; point symbols have one outline per
  status (filled, ticked ring, double ring, hollow solid / dashed / dotted /
  faint dotted),
* schematic geometry (a precision with ``schematic = true``) gets a pale, wide
  band under the line or outline ("corridor, alignment unknown"), or a dashed
  ring round a point symbol; ``indicative`` geometry (a stub or a direction,
  no route) gets white beads along the line as well,
* progress since the plan (``progress = built``) gets a dark underlay.

The table built by :func:`style_table` is emitted once per map; the
browser-side code in ``geo/static/app/hefei-map.js`` looks each feature's
style up by kind × status, so no style object is repeated per feature.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from geo.catalogue import Vocab

__all__ = [
    "CHAPTERS",
    "CHOROPLETH_CLASSES",
    "DASH_ARRAYS",
    "ICON_GLYPHS",
    "NETWORK_MODES",
    "NETWORK_PRECISIONS",
    "PROGRESS",
    "REFERENCE_STYLE",
    "STATUS_PATTERNS",
    "icon_glyph",
    "legend_html",
    "safe_colour",
    "style_table",
]

logger = logging.getLogger(__name__)

_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$")
FALLBACK_COLOUR = "#666666"

CHAPTERS: dict[str, tuple[str, str]] = {
    "transport": ("交通", "Transport"),
    "energy": ("能源", "Energy"),
    "environment": ("环境", "Environment"),
}
"""Chapter key to (Chinese, English) title, in the plan's order (chapters 四, 五, 十一)."""

DASH_ARRAYS: dict[str, str | None] = {"solid": None, "dash": "10 6", "dot": "1 7"}
"""SVG ``stroke-dasharray`` for each vocab ``dash`` value (dots use round caps)."""

STATUS_PATTERNS: dict[str, dict[str, Any]] = {
    "existing": {"point": "fill", "stack": [{"c": "kind", "w": 1.0}]},
    "in_construction": {
        "point": "fill-ticks",
        "stack": [
            {"c": "kind", "w": 1.0},
            {"c": "kind", "w": 1.0, "add": 7.0, "dash": [0.6, 2.6]},
        ],
    },
    "upgrade": {
        "point": "fill-double",
        "stack": [{"c": "kind", "w": 1.0, "add": 3.0}, {"c": "#ffffff", "w": 0.45}],
    },
    "start_construction": {
        "point": "hollow-solid",
        "stack": [{"c": "kind", "w": 1.0, "dash": [4.0, 1.6]}],
    },
    "preparatory": {
        "point": "hollow-dash",
        "stack": [{"c": "kind", "w": 1.0, "dash": [3.5, 1.3, 0.8, 1.3]}],
    },
    "planning_study": {
        "point": "hollow-dot",
        "stack": [{"c": "kind", "w": 1.0, "dash": [0.1, 2.0], "cap": "round"}],
    },
    "proposed": {
        "point": "hollow-faint",
        "stack": [{"c": "kind", "w": 1.0, "dash": [0.1, 3.6], "cap": "round", "o": 0.7}],
    },
}
"""Line pattern and point outline of every status (the style spec's shape, CONTRACTS D).

``stack`` lists the strokes drawn for a line, bottom first: colour (``"kind"`` =
the kind's colour), width as a multiple ``w`` of the layer's weight plus ``add``
pixels, dash array in units of the layer's weight, cap and opacity factor ``o``.
Statuses not listed fall back to the vocabulary's ``dash`` (solid / dash / dot)."""

_FALLBACK_PATTERNS: dict[str, dict[str, Any]] = {
    "solid": STATUS_PATTERNS["existing"],
    "dash": STATUS_PATTERNS["start_construction"],
    "dot": STATUS_PATTERNS["planning_study"],
}

PROGRESS: dict[str, tuple[str, str]] = {
    "built": ("已建成", "built"),
    "under_construction": ("在建", "under construction"),
    "not_started": ("未开工", "not started"),
    "unknown": ("进展未知", "progress unknown"),
}
"""What has happened since the plan (catalogue ``progress``), in filter order; a layer
without the column is ``unknown``."""

BUILT_UNDERLAY: dict[str, Any] = {"color": "#1a1a1a", "add": 3.5, "opacity": 0.75}
"""Dark underlay under a line built since the plan (``progress = built``)."""

_BEADS = {"color": "#ffffff", "weight": 1.6, "dashArray": "0.1 6", "cap": "round"}

INDICATIVE = "indicative"
"""Precision of stubs and directions that are not alignments (marked with white beads)."""

LINE_WEIGHTS: dict[str, float] = {
    "rail": 4.0,
    "highway": 3.5,
    "waterway": 3.5,
    "pipeline": 2.5,
    "powerline": 2.5,
    "water_project": 3.0,
}
DEFAULT_LINE_WEIGHT = 3.0

REFERENCE_STYLE: dict[str, dict[str, Any]] = {
    "boundary": {"color": "#3d3d3d", "weight": 2.6, "fill": False},
    "county": {"color": "#7a7a7a", "weight": 1.1, "fillColor": "#ffffff", "fillOpacity": 0.0},
    "lake": {"color": "#5b9bd5", "weight": 1.2, "fillColor": "#b5d8f2", "fillOpacity": 0.9},
    "river": {"color": "#5b9bd5", "weight": 1.8},
    "major_river": {"color": "#5b9bd5", "weight": 5.0},
    # The existing network: muted greys under the plan, railways with white dashes.
    "network_rail": {"color": "#6b6b6b", "weight": 2.6, "opacity": 0.9},
    "network_rail_dash": {"color": "#ffffff", "weight": 1.0, "dashArray": "4 4", "opacity": 0.95},
    "network_expressway": {"color": "#b0b0b0", "weight": 2.4, "opacity": 0.9},
    "network_road": {"color": "#cfcfcf", "weight": 1.4, "opacity": 0.9},
}
"""Styles of the base, existing-network and orientation layers (not planned projects)."""

NETWORK_MODES: dict[str, tuple[str, str]] = {
    "rail": ("现状铁路", "existing railway"),
    "expressway": ("现状高速公路", "existing expressway"),
    "road": ("现状道路", "existing road"),
}
"""Mode of the existing network (``existing_network`` layer) to (Chinese, English) label."""

NETWORK_PRECISIONS: dict[str, tuple[str, str, bool]] = {
    "osm_alignment": ("沿 OpenStreetMap 走向", "follows the OpenStreetMap alignment", False),
    "station_to_station": ("站间直线（示意）", "straight between named points", True),
}
"""Precision of an existing-network line: (Chinese, English, schematic)."""

CHOROPLETH_CLASSES: tuple[tuple[float, str, str, str], ...] = (
    (0.0, "#e5f5e0", "已达标", "target met"),
    (25.0, "#fee6ce", "缺口 < 25%", "short by < 25 %"),
    (50.0, "#fdae6b", "缺口 25–50%", "short by 25–50 %"),
    (75.0, "#f16913", "缺口 50–75%", "short by 50–75 %"),
    (100.0, "#a63603", "缺口 ≥ 75%", "short by ≥ 75 %"),
)
"""Rail-density shortfall classes: upper bound (% of the target missing), colour, zh, en."""

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

KIND_GLYPH: dict[str, str] = {
    "station": "train",
    "hub_airport": "plane",
    "general_aviation": "plane",
    "port": "anchor",
    "terminal": "crane",
    "lock": "lock",
    "hub": "wheel",
    "inland_port": "containers",
    "lng_terminal": "flame",
    "facility": "drop",
}


def safe_colour(colour: str, *, where: str = "") -> str:
    """Return ``colour`` if it is a ``#rgb``/``#rrggbb`` hex colour, else a grey (logged)."""
    if _COLOUR_RE.match(colour):
        return colour
    logger.warning(
        "colour %r%s is not #rgb/#rrggbb; drawing it grey", colour, f" ({where})" if where else ""
    )
    return FALLBACK_COLOUR


def icon_glyph(kind: str) -> str:
    """Return the SVG body of the symbol for ``kind`` (a dot for kinds without one)."""
    return ICON_GLYPHS[KIND_GLYPH.get(kind, "dot")]


def status_pattern(key: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return the line stack and point outline of status ``key`` (vocab entry ``spec``)."""
    if key in STATUS_PATTERNS:
        return STATUS_PATTERNS[key]
    return _FALLBACK_PATTERNS.get(str(spec.get("dash", "solid")), STATUS_PATTERNS["existing"])


def style_table(vocab: Vocab, layer_names: Iterable[str]) -> dict[str, Any]:
    """Build the JSON-able style table the browser looks styles up in.

    Parameters
    ----------
    vocab : Vocab
        The catalogue's vocabularies.
    layer_names : iterable of str
        Catalogue layers drawn on the map.

    Returns
    -------
    dict
        ``statuses`` (zh, en, dash array, opacity, hollow), ``precisions``
        (zh, en, schematic), ``layers`` (zh, en, chapter, geometry, weight and
        ``kinds`` → zh, en, colour, glyph).
    """
    statuses = {
        key: {
            "zh": str(spec.get("zh", key)),
            "en": str(spec.get("en", key)),
            "dash": DASH_ARRAYS.get(str(spec.get("dash", "solid"))),
            "round": str(spec.get("dash", "solid")) == "dot",
            "hollow": status_pattern(key, spec)["point"].startswith("hollow"),
            "opacity": float(spec.get("opacity", 1.0)),
            "stack": status_pattern(key, spec)["stack"],
            "point": status_pattern(key, spec)["point"],
        }
        for key, spec in vocab.statuses.items()
    }
    precisions = {
        key: {
            "zh": str(spec.get("zh", key)),
            "en": str(spec.get("en", key)),
            "schematic": bool(spec.get("schematic", True)),
        }
        for key, spec in vocab.precisions.items()
    }
    layers: dict[str, Any] = {}
    for name in layer_names:
        ldef = vocab.layers[name]
        layers[name] = {
            "zh": ldef.zh,
            "en": ldef.en,
            "chapter": ldef.chapter,
            "geometry": ldef.geometry,
            "weight": LINE_WEIGHTS.get(name, DEFAULT_LINE_WEIGHT),
            "kinds": {
                k: {
                    "zh": kd.zh,
                    "en": kd.en,
                    "colour": safe_colour(kd.colour, where=f"{name}.{k}"),
                    "glyph": KIND_GLYPH.get(k, "dot"),
                }
                for k, kd in ldef.kinds.items()
            },
        }
    return {
        "statuses": statuses,
        "precisions": precisions,
        "layers": layers,
        "glyphs": ICON_GLYPHS,
        "indicative": INDICATIVE,
        "beads": _BEADS,
        "built": BUILT_UNDERLAY,
    }


# ------------------------------------------------------------------ legend


def _line_svg(
    colour: str,
    *,
    dash: str | None = None,
    opacity: float = 1.0,
    band: bool = False,
    weight: float = 3.0,
    overlay: Mapping[str, Any] | None = None,
    underlay: bool = False,
) -> str:
    under_el = (
        f'<line x1="3" y1="8" x2="33" y2="8" stroke="{BUILT_UNDERLAY["color"]}" '
        f'stroke-width="{weight + BUILT_UNDERLAY["add"]:g}" '
        f'stroke-opacity="{BUILT_UNDERLAY["opacity"]}"/>'
        if underlay
        else ""
    )
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    cap = "round" if dash == DASH_ARRAYS["dot"] else "butt"
    band_el = (
        f'<line x1="4" y1="8" x2="32" y2="8" stroke="{colour}" stroke-width="9" '
        'stroke-opacity="0.2" stroke-linecap="round"/>'
        if band
        else ""
    )
    over_el = (
        f'<line x1="3" y1="8" x2="33" y2="8" stroke="{overlay["color"]}" '
        f'stroke-width="{overlay["weight"]}" stroke-dasharray="{overlay["dashArray"]}" '
        f'stroke-linecap="{overlay.get("cap", "butt")}"/>'
        if overlay
        else ""
    )
    return (
        f'<svg class="hm-sw" width="36" height="16" aria-hidden="true">{band_el}{under_el}'
        f'<line x1="3" y1="8" x2="33" y2="8" stroke="{colour}" stroke-width="{weight}" '
        f'stroke-opacity="{opacity}" stroke-linecap="{cap}"{dash_attr}/>{over_el}</svg>'
    )


def _stack_svg(colour: str, stack: Sequence[Mapping[str, Any]], *, weight: float = 3.0) -> str:
    """Return a legend swatch drawing a status's stroke stack in ``colour``."""
    lines = []
    for part in stack:
        width = weight * float(part.get("w", 1.0)) + float(part.get("add", 0.0))
        stroke = colour if part.get("c", "kind") == "kind" else str(part["c"])
        dash = part.get("dash")
        dash_attr = (
            f' stroke-dasharray="{" ".join(f"{d * weight:g}" for d in dash)}"' if dash else ""
        )
        lines.append(
            f'<line x1="3" y1="8" x2="33" y2="8" stroke="{stroke}" stroke-width="{width:g}" '
            f'stroke-opacity="{float(part.get("o", 1.0)):g}" '
            f'stroke-linecap="{part.get("cap", "butt")}"{dash_attr}/>'
        )
    return f'<svg class="hm-sw" width="36" height="16" aria-hidden="true">{"".join(lines)}</svg>'


def _fill_svg(colour: str, *, stroke: str | None = None, opacity: float = 0.45) -> str:
    return (
        '<svg class="hm-sw" width="36" height="16" aria-hidden="true">'
        f'<rect x="6" y="2" width="24" height="12" rx="2" fill="{colour}" '
        f'fill-opacity="{opacity}" stroke="{stroke or colour}" '
        'stroke-width="1.3"/></svg>'
    )


def _pin_html(
    colour: str,
    kind: str,
    *,
    outline: str = "fill",
    schematic: bool = False,
    opacity: float = 1.0,
) -> str:
    classes = (
        f"hm-pin hm-pin-legend hm-o-{outline}"
        + (" hm-hollow" if outline.startswith("hollow") else "")
        + (" hm-schem" if schematic else "")
    )
    return (
        '<span class="hm-sw hm-sw-pin">'
        f'<span class="{classes}" style="--c:{colour};opacity:{opacity}">'
        '<svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">'
        f"{icon_glyph(kind)}</svg>"
        "</span></span>"
    )


def _row(swatch: str, zh: str, en: str, count: int | None = None) -> str:
    n = f' <span class="hm-n">{count}</span>' if count is not None else ""
    return (
        f'<div class="hm-lg-row">{swatch}<span class="hm-lg-t">{escape(zh)} '
        f'<span class="hm-en">{escape(en)}</span>{n}</span></div>'
    )


def legend_html(
    vocab: Vocab,
    counts: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    has_counties: bool,
    has_orientation: bool,
    network: Mapping[str, int] | None = None,
) -> str:
    """Return the legend's HTML: every colour, line style and symbol on the map, with counts.

    Parameters
    ----------
    vocab : Vocab
        The catalogue's vocabularies.
    counts : mapping of str to sequence of mapping
        For each catalogue layer on the map (in drawing order), its features'
        ``kind``, ``status`` and ``schematic`` values.
    has_counties, has_orientation : bool
        Whether the administrative and orientation layers are drawn.
    network : mapping of str to int, optional
        Feature count per mode (``rail``, ``expressway``) of the existing
        network, when it is drawn.

    Returns
    -------
    str
        Escaped HTML (every text comes from the vocabulary, escaped again here).
    """
    parts: list[str] = []
    statuses: Counter[str] = Counter()
    schematic = {"line": 0, "point": 0, "area": 0}
    indicative = 0
    built = 0
    for chapter, (czh, cen) in CHAPTERS.items():
        names = [n for n in counts if vocab.layers[n].chapter == chapter and counts[n]]
        if not names:
            continue
        parts.append(
            f'<div class="hm-lg-h">{escape(czh)} <span class="hm-en">{escape(cen)}</span></div>'
        )
        for name in names:
            ldef = vocab.layers[name]
            feats = counts[name]
            kinds = Counter(str(f["kind"]) for f in feats)
            parts.append(
                f'<div class="hm-lg-l">{escape(ldef.zh)} '
                f'<span class="hm-en">{escape(ldef.en)}</span>'
                f' <span class="hm-n">{len(feats)}</span></div>'
            )
            for kind, kdef in ldef.kinds.items():
                if not kinds.get(kind):
                    continue
                if ldef.geometry == "Point":
                    swatch = _pin_html(safe_colour(kdef.colour), kind)
                elif ldef.geometry == "Polygon":
                    swatch = _fill_svg(safe_colour(kdef.colour))
                else:
                    swatch = _line_svg(
                        safe_colour(kdef.colour), weight=LINE_WEIGHTS.get(name, DEFAULT_LINE_WEIGHT)
                    )
                parts.append(_row(swatch, kdef.zh, kdef.en, kinds[kind]))
            for f in feats:
                statuses[str(f["status"])] += 1
                geom = {"Point": "point", "Polygon": "area"}.get(ldef.geometry, "line")
                if f.get("schematic"):
                    schematic[geom] += 1
                if f.get("precision") == INDICATIVE and geom == "line":
                    indicative += 1
                if f.get("progress") == "built":
                    built += 1
    if statuses:
        parts.append(
            '<div class="hm-lg-h">状态 <span class="hm-en">'
            "Status (line pattern, symbol outline)</span></div>"
        )
        for key, spec in vocab.statuses.items():
            if not statuses.get(key):
                continue
            pattern = status_pattern(key, spec)
            swatch = _stack_svg("#333333", pattern["stack"]) + _pin_html(
                "#555555", "dot", outline=pattern["point"]
            )
            parts.append(
                _row(swatch, str(spec.get("zh", key)), str(spec.get("en", key)), statuses[key])
            )
    if any(schematic.values()):
        parts.append(
            '<div class="hm-lg-h">示意 <span class="hm-en">Schematic geometry</span></div>'
        )
        if schematic["line"]:
            parts.append(
                _row(
                    _line_svg("#555555", band=True),
                    "示意走向",
                    "schematic line: alignment unknown",
                    schematic["line"],
                )
            )
        if schematic["area"]:
            parts.append(
                _row(
                    _line_svg("#555555", band=True, weight=1.3),
                    "示意范围",
                    "schematic area: size and shape indicative",
                    schematic["area"],
                )
            )
        if schematic["point"]:
            parts.append(
                _row(
                    _pin_html("#555555", "dot", schematic=True),
                    "示意位置",
                    "schematic position (town centre)",
                    schematic["point"],
                )
            )
        if indicative:
            parts.append(
                _row(
                    _line_svg("#555555", band=True, overlay=_BEADS),
                    "示意位置(线位未知)",
                    "indicative stub or direction: no route known",
                    indicative,
                )
            )
    if built:
        parts.append(
            _row(
                _line_svg("#555555", weight=3.0, underlay=True),
                "规划后已建成",
                "built since the plan (dark underlay)",
                built,
            )
        )
    if has_counties or has_orientation or network:
        parts.append('<div class="hm-lg-h">参考 <span class="hm-en">Reference</span></div>')
    if network:
        for mode, (zh, en) in NETWORK_MODES.items():
            if not network.get(mode):
                continue
            spec = REFERENCE_STYLE[f"network_{mode}"]
            swatch = _line_svg(
                spec["color"],
                weight=spec["weight"],
                opacity=spec.get("opacity", 1.0),
                overlay=REFERENCE_STYLE.get(f"network_{mode}_dash"),
            )
            parts.append(_row(swatch, zh, en, network[mode]))
    if has_counties:
        b, c = REFERENCE_STYLE["boundary"], REFERENCE_STYLE["county"]
        parts.append(
            _row(_line_svg(b["color"], weight=b["weight"]), "合肥市界", "Hefei city boundary")
        )
        parts.append(_row(_line_svg(c["color"], weight=c["weight"]), "县区界", "county-level unit"))
    if has_orientation:
        lk, rv, yz = (
            REFERENCE_STYLE["lake"],
            REFERENCE_STYLE["river"],
            REFERENCE_STYLE["major_river"],
        )
        parts.append(
            _row(
                _fill_svg(lk["fillColor"], stroke=lk["color"], opacity=0.9),
                "巢湖",
                "Chaohu (schematic outline)",
            )
        )
        parts.append(_row(_line_svg(rv["color"], weight=rv["weight"]), "河流", "river (schematic)"))
        parts.append(
            _row(_line_svg(yz["color"], weight=yz["weight"]), "长江", "Yangtze (schematic)")
        )
    return "".join(parts)
