"""Cartographic style of the interactive maps: one table per map, from the shared spec.

Meaning is carried by independent channels, read from ``vocab.toml`` (kinds,
colours, names) and the shared style spec ``style.toml`` (:mod:`geo.style`,
also used by the QGIS styles):

* colour, glyph and line weight = kind,
* line dash pattern, casing (double line), point fill, outline dash and ring,
  opacity = status; every status of a kind is a distinct symbol,
* marking = precision: a pale band under schematic geometry, white beads along
  indicative stubs and directions as well (the spec's ``marker_line``, as in QGIS),
* marking = progress since the plan: a dark core line (built), cross ticks
  (under construction).

:func:`style_table` is emitted once per map; the browser-side code in
``geo/static/app`` looks each feature's symbol up by layer x kind x status, so
no style is repeated per feature. The legend is :mod:`geo.maps._legend`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from geo import catalogue
from geo.catalogue import Vocab
from geo.datadict import value_map
from geo.maps._symbols import (
    ICON_GLYPHS,
    badge_svg,
    line_strokes,
    marking_table,
    marks_table,
    pin_svg,
)
from geo.style import BaseDrawing, BaseStyle, StyleSpec, load_base_style, load_style

__all__ = [
    "CHAPTERS",
    "CHOROPLETH_CLASSES",
    "minimap_style",
    "network_modes",
    "precision_names",
    "progress_names",
    "reference_style",
    "safe_colour",
    "style_table",
]

logger = logging.getLogger(__name__)

_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$")
FALLBACK_COLOUR = "#666666"

CHAPTERS: dict[str, tuple[str, str]] = {k: v for k, v in catalogue.CHAPTERS.items() if k != "base"}
"""The plan's chapters, one map page each: key -> (Chinese, English) title
(:data:`geo.catalogue.CHAPTERS` without ``base``), in the plan's order."""

CHOROPLETH_CLASSES: tuple[tuple[float, str, str, str], ...] = (
    (0.0, "#e5f5e0", "已达标", "target met"),
    (25.0, "#fee6ce", "缺口 < 25%", "short by < 25 %"),
    (50.0, "#fdae6b", "缺口 25–50%", "short by 25–50 %"),
    (75.0, "#f16913", "缺口 50–75%", "short by 50–75 %"),
    (100.0, "#a63603", "缺口 ≥ 75%", "short by ≥ 75 %"),
)
"""Rail-density shortfall classes: upper bound (% of the target missing), colour, zh, en."""


def network_modes(vocab: Vocab) -> dict[str, tuple[str, str]]:
    """Return the existing network's mode -> (Chinese, English): the vocabulary's ``mode``."""
    return value_map("mode", vocab)


def _leaflet(drawing: BaseDrawing) -> dict[str, Any]:
    """Leaflet path options of a base drawing (``fill`` off when it has no fill)."""
    out: dict[str, Any] = {
        "color": drawing.colour,
        "weight": drawing.weight_px,
        "opacity": drawing.opacity,
    }
    if drawing.dash:
        out["dashArray"] = drawing.dash_px()
    if drawing.fill is None:
        out["fill"] = False
    else:  # QGIS draws the fill under the symbol's opacity: the same product here
        out["fillColor"] = drawing.fill
        out["fillOpacity"] = drawing.fill_opacity * drawing.opacity
    return out


def reference_style(
    vocab: Vocab, *, orientation: Mapping[str, str], base: BaseStyle | None = None
) -> dict[str, dict[str, Any]]:
    """Return the Leaflet styles of the base layers, from ``style.toml``'s ``[base.*]``.

    Parameters
    ----------
    vocab : Vocab
        The vocabularies (the existing network's modes).
    orientation : mapping of str to str
        Each ``kind`` of the orientation features drawn -> its base layer
        (``orientation_rivers`` or ``orientation_water``).
    base : BaseStyle, optional
        Default :func:`geo.style.load_base_style` of the vocabulary's ``style.toml``.

    Returns
    -------
    dict
        ``boundary``, ``county``, one entry per orientation ``kind``, and per
        mode ``network_<mode>`` (with ``network_<mode>_dash``, its overlay, when
        it has one): ``color``, ``weight`` (px), ``opacity``, ``dashArray``,
        ``fill`` / ``fillColor`` and ``fillOpacity``.
    """
    base = base if base is not None else load_base_style(vocab.style_path)
    out = {
        "boundary": _leaflet(base.drawing("boundary")),
        "county": _leaflet(base.drawing("counties")),
    }
    for kind, layer in orientation.items():
        out[kind] = _leaflet(base.drawing(layer, kind))
    for mode in network_modes(vocab):
        line = base.drawing("existing_network", mode)
        out[f"network_{mode}"] = _leaflet(line)
        if line.overlay is not None:
            out[f"network_{mode}_dash"] = {
                "color": line.overlay.colour,
                "weight": line.overlay.weight_px,
                "opacity": line.opacity,
                "dashArray": line.overlay.dash_px(),
            }
    return out


def minimap_style(vocab: Vocab, *, base: BaseStyle | None = None) -> dict[str, Any]:
    """Return the overview map's ``[minimap]`` of ``style.toml``.

    Returns
    -------
    dict
        ``scale`` (its line widths over the reference layers' ``weight``), ``land``
        and ``view`` (``#rrggbb`` of the land tint and of the main map's view).
    """
    base = base if base is not None else load_base_style(vocab.style_path)
    return {"scale": base.minimap.scale, "land": base.minimap.land, "view": base.minimap.view}


def progress_names(vocab: Vocab) -> dict[str, tuple[str, str]]:
    """Return progress value -> (Chinese, English) from ``vocab.toml`` ``[progress.*]``.

    In the vocabulary's order (the map's filter order); a layer without the
    ``progress`` column is ``unknown`` (:data:`geo.catalogue.UNKNOWN_PROGRESS`).
    """
    return {k: (str(v.get("zh", k)), str(v.get("en", k))) for k, v in vocab.progress.items()}


def precision_names(vocab: Vocab, keys: Iterable[str]) -> dict[str, tuple[str, str, bool]]:
    """Return precision -> (Chinese, English, schematic) from ``vocab.toml`` for ``keys``.

    In the vocabulary's order; a key the vocabulary does not name is left out
    (the page then shows the bare key). Used for the existing network's lines.
    """
    wanted = set(keys)
    return {
        k: (str(v.get("zh", k)), str(v.get("en", k)), bool(v.get("schematic", True)))
        for k, v in vocab.precisions.items()
        if k in wanted
    }


def safe_colour(colour: str, *, where: str = "") -> str:
    """Return ``colour`` if it is a ``#rgb``/``#rrggbb`` hex colour, else a grey (logged)."""
    if _COLOUR_RE.match(colour):
        return colour
    logger.warning(
        "colour %r%s is not #rgb/#rrggbb; drawing it grey", colour, f" ({where})" if where else ""
    )
    return FALLBACK_COLOUR


def style_table(
    vocab: Vocab,
    layer_names: Iterable[str],
    *,
    used: Mapping[str, Iterable[tuple[str, str]]] | None = None,
    spec: StyleSpec | None = None,
) -> dict[str, Any]:
    """Build the JSON-able style table the browser looks symbols up in.

    Parameters
    ----------
    vocab : Vocab
        The catalogue's vocabularies.
    layer_names : iterable of str
        Catalogue layers drawn on the map.
    used : mapping of str to iterable of (kind, status), optional
        The kind x status pairs present per layer; only their symbols are
        emitted (default: every pair of the vocabulary).
    spec : StyleSpec, optional
        The shared style spec (default: :func:`geo.style.load_style`).

    Returns
    -------
    dict
        ``statuses`` (zh, en, legend label, dash, casing, point fill/outline/ring,
        opacity), ``precisions`` (zh, en, schematic and marking),
        ``progressMarks``, ``layers`` (zh, en, chapter, geometry and ``kinds`` →
        zh, en, colour, weight, glyph, ``marks`` (a key of ``marks``) and per
        status its ``strokes`` and ``pin``), ``marks`` (per line weight, the
        strokes of every precision and progress marking: :func:`marks_table`),
        the glyphs and the progress badges of points.
    """
    spec = spec if spec is not None else load_style(vocab=vocab)
    statuses = {
        key: {
            "zh": st.zh,
            "en": st.en,
            "label": spec.status_label(key),
            "opacity": st.opacity,
            "dash": list(st.dash),
            "casing": st.casing,
            "fill": st.point_fill,
            "outline": list(st.point_outline),
            "ring": st.point_ring,
            "areaFill": st.area_fill,
        }
        for key, st in spec.statuses.items()
    }
    precisions = {
        key: {
            "zh": str(pdef.get("zh", key)),
            "en": str(pdef.get("en", key)),
            "schematic": bool(pdef.get("schematic", True)),
            **marking_table({key: spec.precision_marking(key)})[key],
        }
        for key, pdef in vocab.precisions.items()
    }
    progress = marking_table({k: spec.progress_marking(k) for k in vocab.progress})
    schematic_default = marking_table({"": spec.schematic_default})[""]
    layers: dict[str, Any] = {}
    weights: set[float] = set()
    for name in layer_names:
        ldef = vocab.layers[name]
        pairs = set(used[name]) if used is not None and name in used else None
        kinds: dict[str, Any] = {}
        for k, kd in ldef.kinds.items():
            ks = spec.kinds[name][k]
            colour = safe_colour(kd.colour, where=f"{name}.{k}")
            symbols: dict[str, Any] = {}
            for status, st in spec.statuses.items():
                if pairs is not None and (k, status) not in pairs:
                    continue
                if ldef.geometry == "Point":
                    w = ks.weight_px
                    symbols[status] = {
                        "pin": pin_svg(spec, colour, ks.icon, st, weight=w),
                        "pinSchematic": pin_svg(
                            spec, colour, ks.icon, st, weight=w, schematic=True
                        ),
                    }
                else:
                    symbols[status] = {
                        "strokes": line_strokes(colour, ks.weight_px, st, casing=spec.casing)
                    }
            kinds[k] = {
                "zh": kd.zh,
                "en": kd.en,
                "colour": colour,
                "glyph": ks.icon,
                "weight": ks.weight_px,
                "marks": f"{ks.weight_px:g}",
                "symbols": symbols,
            }
            if ldef.geometry != "Point":
                weights.add(ks.weight_px)
        layers[name] = {
            "zh": ldef.zh,
            "en": ldef.en,
            "chapter": ldef.chapter,
            "geometry": ldef.geometry,
            "fill": spec.polygon_fill(name) if ldef.geometry == "Polygon" else None,
            "kinds": kinds,
        }
    return {
        "statuses": statuses,
        "precisions": precisions,
        "schematicDefault": schematic_default,
        "progressMarks": progress,
        "layers": layers,
        "marks": marks_table(spec, vocab, weights),
        "glyphs": ICON_GLYPHS,
        "badges": {
            k: b
            for k in vocab.progress
            if (b := badge_svg(spec, spec.progress_marking(k))) is not None
        },
    }
