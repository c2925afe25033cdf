"""The maps' legend: every colour, line pattern, symbol and marking on the map, with counts.

Drawn from the same spec as the map (:mod:`geo.style` via
:mod:`geo.maps._symbols`), so a legend swatch is the symbol on the map: kinds
by colour, every status by its line pattern and point outline, the precision
markings (schematic band, indicative beads) and the progress markings (built,
under construction), then the reference layers. The markings' texts are the
spec's ``[marking_legend]``, as in the QGIS project's legend layer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from geo.catalogue import Vocab
from geo.maps._style import CHAPTERS, network_modes, reference_style, safe_colour
from geo.maps._symbols import badge_svg, line_strokes, mark_strokes, pin_svg
from geo.style import Marking, StyleSpec, line_marks, load_style

__all__ = ["legend_html"]


_REFERENCE_ROWS = {
    "counties": (
        ("boundary", "合肥市界", "Hefei city boundary"),
        ("county", "县区界", "county-level unit"),
    ),
    "orientation": (
        ("river", "河流", "river (schematic)"),
        ("major_river", "长江", "Yangtze (schematic)"),
    ),
}
"""Reference lines of the legend: :func:`~geo.maps._style.reference_style` key, zh, en."""


def _strokes_svg(
    strokes: Sequence[Mapping[str, Any]], *, band: Mapping[str, Any] | None = None
) -> str:
    lines = []
    if band is not None:
        lines.append(
            f'<line x1="5" y1="9" x2="35" y2="9" stroke="{band["color"]}" '
            f'stroke-width="{band["weight"]:g}" stroke-opacity="{band["opacity"]:g}" '
            'stroke-linecap="round"/>'
        )
    for s in strokes:
        dash = f' stroke-dasharray="{s["dashArray"]}"' if s.get("dashArray") else ""
        lines.append(
            f'<line x1="3" y1="9" x2="37" y2="9" stroke="{s["color"]}" '
            f'stroke-width="{float(s["weight"]):g}" '
            f'stroke-opacity="{float(s.get("opacity", 1)):g}" '
            f'stroke-linecap="{s.get("lineCap", "butt")}"{dash}/>'
        )
    return (
        f'<svg class="hm-sw" width="40" height="18" aria-hidden="true" focusable="false">'
        f"{''.join(lines)}</svg>"
    )


def _fill_svg(colour: str, *, opacity: float, stroke: str | None = None) -> str:
    return (
        '<svg class="hm-sw" width="40" height="18" aria-hidden="true" focusable="false">'
        f'<rect x="8" y="3" width="24" height="12" rx="2" fill="{colour}" '
        f'fill-opacity="{opacity}" stroke="{stroke or colour}" stroke-width="1.3"/></svg>'
    )


def _pin(svg: str) -> str:
    small = re.sub(r'width="[0-9.]+" height="[0-9.]+"', 'width="24" height="24"', svg, count=1)
    return f'<span class="hm-sw hm-sw-pin">{small}</span>'


def _row(swatch: str, zh: str, en: str, count: int | None = None) -> str:
    n = f' <span class="hm-n">{count}</span>' if count is not None else ""
    return (
        f'<div class="hm-lg-row">{swatch}<span class="hm-lg-t">{escape(zh)} '
        f'<span class="hm-en">{escape(en)}</span>{n}</span></div>'
    )


def _head(zh: str, en: str) -> str:
    return f'<div class="hm-lg-h">{escape(zh)} <span class="hm-en">{escape(en)}</span></div>'


def _reference_rows(group: str, reference: Mapping[str, Mapping[str, Any]]) -> list[str]:
    rows = []
    for key, zh, en in _REFERENCE_ROWS[group]:
        if key in reference:  # drawn on this map
            st = reference[key]
            swatch = _strokes_svg([{"color": st["color"], "weight": st["weight"]}])
            rows.append(_row(swatch, zh, en))
    return rows


def _marks_svg(spec: StyleSpec, marking: Marking, sample: list[dict[str, Any]]) -> str:
    """Return a grey sample line with ``marking`` drawn as on the map (:func:`line_marks`)."""
    strokes = mark_strokes(
        line_marks(spec, marking, colour=spec.legend_colour, weight=spec.legend_weight)
    )
    under = [s for s in strokes if not s["over"]]
    return _strokes_svg([*under, *sample, *(s for s in strokes if s["over"])])


def _marking_rows(
    spec: StyleSpec,
    schematic: Mapping[str, int],
    marker_line: int,
    beads: Marking | None,
    sample: list[dict[str, Any]],
) -> list[str]:
    """Return the rows of the precision markings drawn (halo per geometry, beads)."""
    if not any(schematic.values()) and not marker_line:
        return []
    default = spec.schematic_default
    rows = [_head("示意", "Schematic geometry (marked on the map)")]
    if any(schematic.values()):
        swatch = _marks_svg(spec, default, sample) if schematic["line"] else ""
        if schematic["area"]:
            outline = [{"color": spec.legend_colour, "weight": spec.legend_weight}]
            swatch += _marks_svg(spec, default, outline)
        if schematic["point"]:
            existing = spec.statuses["existing"]
            weight = spec.legend_weight
            swatch += _pin(
                pin_svg(spec, spec.legend_colour, "dot", existing, weight=weight, schematic=True)
            )
        rows.append(_row(swatch, *spec.marking_text("halo"), sum(schematic.values())))
    if marker_line and beads is not None:
        rows.append(
            _row(_marks_svg(spec, beads, sample), *spec.marking_text("marker_line"), marker_line)
        )
    return rows


def _progress_rows(
    spec: StyleSpec, counts: Mapping[str, int], sample: list[dict[str, Any]]
) -> list[str]:
    """Return the rows of the progress markings drawn (core line, ticks, badges)."""
    marked = {k: n for k, n in counts.items() if spec.progress_marking(k).marking != "none"}
    if not marked:
        return []
    rows = [_head("进展", "Progress since the plan")]
    for key, count in marked.items():
        m = spec.progress_marking(key)
        badge = badge_svg(spec, m) or ""
        swatch = _marks_svg(spec, m, sample) + f'<span class="hm-sw hm-sw-badge">{badge}</span>'
        rows.append(_row(swatch, *spec.marking_text(m.marking), count))
    return rows


def legend_html(
    vocab: Vocab,
    counts: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    has_counties: bool,
    has_orientation: bool,
    network: Mapping[str, int] | None = None,
    spec: StyleSpec | None = None,
    reference: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """Return the legend's HTML: every colour, line pattern, symbol and marking, with counts.

    Parameters
    ----------
    vocab : Vocab
        The catalogue's vocabularies.
    counts : mapping of str to sequence of mapping
        For each catalogue layer on the map (in drawing order), its features'
        ``kind``, ``status``, ``schematic``, ``precision`` and ``progress``.
    has_counties, has_orientation : bool
        Whether the administrative and orientation layers are drawn.
    network : mapping of str to int, optional
        Feature count per mode (``rail``, ``expressway``) of the existing
        network, when it is drawn.
    spec : StyleSpec, optional
        The shared style spec (default: :func:`geo.style.load_style`).
    reference : mapping, optional
        The map's reference styles (:func:`geo.maps._style.reference_style`;
        default: without orientation kinds).

    Returns
    -------
    str
        Escaped HTML (every text comes from the vocabulary, escaped again here).
    """
    spec = spec if spec is not None else load_style(vocab=vocab)
    reference = reference if reference is not None else reference_style(vocab, orientation={})
    parts: list[str] = []
    statuses: Counter[str] = Counter()
    schematic = {"line": 0, "point": 0, "area": 0}
    marker_line = 0
    beads = None
    progress: Counter[str] = Counter()
    for chapter, (czh, cen) in CHAPTERS.items():
        names = [n for n in counts if vocab.layers[n].chapter == chapter and counts[n]]
        if not names:
            continue
        parts.append(_head(czh, cen))
        for name in names:
            ldef = vocab.layers[name]
            feats = counts[name]
            kinds = Counter(str(f["kind"]) for f in feats)
            parts.append(
                f'<div class="hm-lg-l">{escape(ldef.zh)} '
                f'<span class="hm-en">{escape(ldef.en)}</span>'
                f' <span class="hm-n">{len(feats)}</span></div>'
            )
            existing = spec.statuses.get("existing")
            for kind, kdef in ldef.kinds.items():
                if not kinds.get(kind) or existing is None:
                    continue
                ks = spec.kinds[name][kind]
                colour = safe_colour(kdef.colour)
                if ldef.geometry == "Point":
                    swatch = _pin(pin_svg(spec, colour, ks.icon, existing, weight=ks.weight_px))
                elif ldef.geometry == "Polygon":  # as drawn: the layer's fill opacity
                    opacity = spec.polygon_fill(name) * existing.area_fill
                    swatch = _fill_svg(colour, opacity=opacity)
                else:
                    swatch = _strokes_svg(
                        line_strokes(colour, ks.weight_px, existing, casing=spec.casing)
                    )
                parts.append(_row(swatch, kdef.zh, kdef.en, kinds[kind]))
            for f in feats:
                statuses[str(f["status"])] += 1
                geom = {"Point": "point", "Polygon": "area"}.get(ldef.geometry, "line")
                marking = spec.precision_marking(str(f.get("precision")))
                if marking.marking == "marker_line" and geom == "line":
                    marker_line += 1
                    beads = marking
                elif marking.marking != "none":
                    schematic[geom] += 1
                progress[str(f.get("progress") or "unknown")] += 1
    if statuses:
        parts.append(_head("状态", "Status in the plan (line pattern, symbol outline)"))
        for key, st in spec.statuses.items():
            if not statuses.get(key):
                continue
            swatch = _strokes_svg(
                line_strokes(spec.legend_colour, spec.legend_weight, st, casing=spec.casing)
            )
            swatch += _pin(pin_svg(spec, spec.legend_colour, "dot", st, weight=spec.legend_weight))
            en = spec.status_label(key).replace(st.zh, "").strip() or st.en
            parts.append(_row(swatch, st.zh, en, statuses[key]))
    solid = spec.statuses.get("existing")
    if solid is not None:
        sample = line_strokes(spec.legend_colour, spec.legend_weight, solid, casing=spec.casing)
        parts.extend(_marking_rows(spec, schematic, marker_line, beads, sample))
        marked = [k for k in vocab.progress if progress.get(k)]
        parts.extend(_progress_rows(spec, {k: progress[k] for k in marked}, sample))
    if has_counties or has_orientation or network:
        parts.append(_head("参考", "Reference"))
    if network:
        for mode, (zh, en) in network_modes(vocab).items():
            if not network.get(mode):
                continue
            base = reference[f"network_{mode}"]
            strokes = [
                {
                    "color": base["color"],
                    "weight": base["weight"],
                    "opacity": base.get("opacity", 1.0),
                }
            ]
            dash = reference.get(f"network_{mode}_dash")
            if dash:
                strokes.append(
                    {
                        "color": dash["color"],
                        "weight": dash["weight"],
                        "dashArray": dash["dashArray"],
                    }
                )
            parts.append(_row(_strokes_svg(strokes), zh, en, network[mode]))
    if has_counties:
        parts.extend(_reference_rows("counties", reference))
    if has_orientation:
        if "lake" in reference:
            lk = reference["lake"]
            parts.append(
                _row(
                    _fill_svg(lk["fillColor"], stroke=lk["color"], opacity=lk["fillOpacity"]),
                    "巢湖",
                    "Chaohu (schematic outline)",
                )
            )
        parts.extend(_reference_rows("orientation", reference))
    return "".join(parts)
