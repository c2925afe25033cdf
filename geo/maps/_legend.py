"""The maps' legend: every colour, line pattern, symbol and marking on the map, with counts.

Drawn from the same spec as the map (:mod:`geo.style` via
:mod:`geo.maps._symbols`), so a legend swatch is the symbol on the map: kinds
by colour, every status by its line pattern and point outline, the precision
markings (schematic band, indicative beads) and the progress markings (built,
under construction), then the reference layers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from geo.catalogue import Vocab
from geo.maps._style import CHAPTERS, NETWORK_MODES, REFERENCE_STYLE, progress_names, safe_colour
from geo.maps._symbols import badge_svg, line_strokes, pin_svg
from geo.style import StyleSpec, load_style

__all__ = ["legend_html"]

_GREY = "#444444"


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


def _fill_svg(colour: str, *, stroke: str | None = None, opacity: float = 0.45) -> str:
    return (
        '<svg class="hm-sw" width="40" height="18" aria-hidden="true" focusable="false">'
        f'<rect x="8" y="3" width="24" height="12" rx="2" fill="{colour}" '
        f'fill-opacity="{opacity}" stroke="{stroke or colour}" stroke-width="1.3"/></svg>'
    )


def _pin(svg: str) -> str:
    small = svg.replace('width="30" height="30"', 'width="24" height="24"')
    return f'<span class="hm-sw hm-sw-pin">{small}</span>'


def _row(swatch: str, zh: str, en: str, count: int | None = None) -> str:
    n = f' <span class="hm-n">{count}</span>' if count is not None else ""
    return (
        f'<div class="hm-lg-row">{swatch}<span class="hm-lg-t">{escape(zh)} '
        f'<span class="hm-en">{escape(en)}</span>{n}</span></div>'
    )


def _head(zh: str, en: str) -> str:
    return f'<div class="hm-lg-h">{escape(zh)} <span class="hm-en">{escape(en)}</span></div>'


def legend_html(
    vocab: Vocab,
    counts: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    has_counties: bool,
    has_orientation: bool,
    network: Mapping[str, int] | None = None,
    spec: StyleSpec | None = None,
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

    Returns
    -------
    str
        Escaped HTML (every text comes from the vocabulary, escaped again here).
    """
    spec = spec if spec is not None else load_style(vocab=vocab)
    parts: list[str] = []
    statuses: Counter[str] = Counter()
    schematic = {"line": 0, "point": 0, "area": 0}
    marker_line = 0
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
                    swatch = _pin(pin_svg(colour, ks.icon, existing))
                elif ldef.geometry == "Polygon":
                    swatch = _fill_svg(colour)
                else:
                    swatch = _strokes_svg(line_strokes(colour, ks.weight_px, existing))
                parts.append(_row(swatch, kdef.zh, kdef.en, kinds[kind]))
            for f in feats:
                statuses[str(f["status"])] += 1
                geom = {"Point": "point", "Polygon": "area"}.get(ldef.geometry, "line")
                marking = spec.precision_marking(str(f.get("precision"))).marking
                if marking != "none":
                    schematic[geom] += 1
                if marking == "marker_line" and geom == "line":
                    marker_line += 1
                progress[str(f.get("progress") or "unknown")] += 1
    if statuses:
        parts.append(_head("状态", "Status in the plan (line pattern, symbol outline)"))
        for key, st in spec.statuses.items():
            if not statuses.get(key):
                continue
            swatch = _strokes_svg(line_strokes(_GREY, 3.0, st))
            swatch += _pin(pin_svg("#666666", "dot", st))
            en = spec.status_label(key).replace(st.zh, "").strip() or st.en
            parts.append(_row(swatch, st.zh, en, statuses[key]))
    halo = {"color": _GREY, "weight": 10.0, "opacity": 0.22}
    solid = spec.statuses.get("existing")
    if any(schematic.values()) and solid is not None:
        parts.append(_head("示意", "Schematic geometry (marked on the map)"))
        if schematic["line"]:
            parts.append(
                _row(
                    _strokes_svg(line_strokes(_GREY, 3.0, solid), band=halo),
                    "示意走向",
                    "schematic line: pale band, alignment unknown",
                    schematic["line"] - marker_line,
                )
            )
        if marker_line:
            beads = {
                "color": "#ffffff",
                "weight": 1.8,
                "opacity": 1.0,
                "dashArray": "0.1 8",
                "lineCap": "round",
            }
            parts.append(
                _row(
                    _strokes_svg([*line_strokes(_GREY, 3.0, solid), beads], band=halo),
                    "示意位置(线位未知)",
                    "indicative only: band and white beads, a stub or direction, no route",
                    marker_line,
                )
            )
        if schematic["area"]:
            parts.append(
                _row(
                    _strokes_svg([{"color": _GREY, "weight": 1.3}], band=halo),
                    "示意范围",
                    "schematic area: size and shape indicative",
                    schematic["area"],
                )
            )
        if schematic["point"]:
            parts.append(
                _row(
                    _pin(pin_svg("#666666", "dot", solid, schematic=True)),
                    "示意位置",
                    "schematic position: dashed halo (town centre)",
                    schematic["point"],
                )
            )
    progress_text = progress_names(vocab)
    marked = [
        k for k in progress_text if progress.get(k) and spec.progress_marking(k).marking != "none"
    ]
    if marked and solid is not None:
        parts.append(_head("进展", "Progress since the plan"))
        for key in marked:
            m = spec.progress_marking(key)
            colour = m.colour or "#1b1b1b"
            if m.marking == "underlay":
                extra = {"color": colour, "weight": max(1.0, 3.0 * m.width * 2), "opacity": 1.0}
            else:
                extra = {
                    "color": colour,
                    "weight": 9.0,
                    "opacity": 1.0,
                    "dashArray": f"{max(1.0, 3.0 * m.width * 2):g} {3.0 * m.spacing:g}",
                }
            badge = badge_svg(m) or ""
            zh, en = progress_text[key]
            parts.append(
                _row(
                    _strokes_svg([*line_strokes(_GREY, 3.0, solid), extra])
                    + f'<span class="hm-sw hm-sw-badge">{badge}</span>',
                    zh,
                    en,
                    progress[key],
                )
            )
    if has_counties or has_orientation or network:
        parts.append(_head("参考", "Reference"))
    if network:
        for mode, (zh, en) in NETWORK_MODES.items():
            if not network.get(mode):
                continue
            base = REFERENCE_STYLE[f"network_{mode}"]
            strokes = [
                {
                    "color": base["color"],
                    "weight": base["weight"],
                    "opacity": base.get("opacity", 1.0),
                }
            ]
            dash = REFERENCE_STYLE.get(f"network_{mode}_dash")
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
        b, c = REFERENCE_STYLE["boundary"], REFERENCE_STYLE["county"]
        parts.append(
            _row(
                _strokes_svg([{"color": b["color"], "weight": b["weight"]}]),
                "合肥市界",
                "Hefei city boundary",
            )
        )
        parts.append(
            _row(
                _strokes_svg([{"color": c["color"], "weight": c["weight"]}]),
                "县区界",
                "county-level unit",
            )
        )
    if has_orientation:
        lk, rv = REFERENCE_STYLE["lake"], REFERENCE_STYLE["river"]
        yz = REFERENCE_STYLE["major_river"]
        parts.append(
            _row(
                _fill_svg(lk["fillColor"], stroke=lk["color"], opacity=0.9),
                "巢湖",
                "Chaohu (schematic outline)",
            )
        )
        parts.append(
            _row(
                _strokes_svg([{"color": rv["color"], "weight": rv["weight"]}]),
                "河流",
                "river (schematic)",
            )
        )
        parts.append(
            _row(
                _strokes_svg([{"color": yz["color"], "weight": yz["weight"]}]),
                "长江",
                "Yangtze (schematic)",
            )
        )
    return "".join(parts)
