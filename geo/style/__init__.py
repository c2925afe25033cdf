"""The shared cartographic spec: one symbol per layer x kind x status, for Leaflet and QGIS.

The spec is data, in ``geo/data/catalogue/style.toml``; kind colours and the
zh/en names stay in ``vocab.toml``. Both renderers (the folium maps and the
QGIS project/QML styles) read it through this module, so a feature looks the
same in both. Meaning is carried by independent channels:

* **kind** → colour (from ``vocab.toml``), icon glyph (points), line weight;
* **status** (the plan's words) → line dash pattern, casing (a doubled line for a
  widening/upgrade), point fill (full / half / none), point outline dash, an
  outer ring (upgrade), opacity;
* **precision** (how the geometry was made) → marking: ``none``, ``halo`` (a pale
  wide band: schematic) or ``marker_line`` (halo plus white beads: indicative only);
* **progress** (what has happened since the plan, column ``progress``) →
  marking: ``none``, ``underlay`` (a thin dark core line / badge: built) or
  ``ticks`` (cross ticks: under construction).

API
---
>>> from geo.style import load_style
>>> spec = load_style()                       # reads style.toml and vocab.toml
>>> sym = spec.symbol("highway", "expressway", "upgrade")
>>> sym.colour, sym.weight_px, sym.status.casing
('#1f78b4', 4.0, True)
>>> spec.casing                               # how a cased status doubles its line
Casing(width=1.75, core=0.6, shade=0.8)
>>> sym.dash_px()                             # Leaflet dashArray ("" = solid)
''
>>> spec.symbol("rail", "high_speed_rail", "start_construction").dash_px()
'18 9'
>>> spec.symbol("rail", "high_speed_rail", "start_construction").dash_mm()
'4.68;2.34'
>>> spec.precision_marking("indicative").marking
'marker_line'
>>> spec.progress_marking("built").marking
'underlay'
>>> spec.legend_label("rail", "high_speed_rail", "proposed")
'高速铁路 high-speed railway – 谋划 proposed'

:class:`Symbol.key` is what makes two symbols look different; every
``(kind, status)`` pair of a layer has its own key (tested). A precision not in
``style.toml`` is drawn ``[schematic_default]`` if ``vocab.toml`` marks it schematic
(or does not name it), else ``none``; a schematic precision may not be marked
``none``. A missing ``progress`` column or value draws no marking. Icons are drawn
as the map's SVG glyph and as QGIS' ``[qgis_marker]`` shape; ``[casing]`` says how
a widening doubles its line, ``[pen]`` how a dash array becomes a QGIS pen.

A status or kind named in ``vocab.toml`` alone still gets a symbol of its own,
by the rule in ``style.toml``'s ``[derived_status]`` / ``[derived_kind]``
tables (:mod:`geo.style._derive`): adding one is a one-place change, and a
``[status.X]`` or ``[layer.X.kinds]`` entry may still say how to draw it.

Modules: :mod:`geo.style._model` (the spec's objects), :mod:`geo.style._read`
(reading and checking ``style.toml``), :mod:`geo.style._derive` (drawings of
unstyled statuses and kinds), :mod:`geo.style._marks` (what a marking draws, in px,
for both renderers: :func:`line_marks`, :func:`point_marks`), :mod:`geo.style._labels`
(legend texts), :mod:`geo.style._base` (``[base.*]``: how the base layers are drawn,
by both renderers).
"""

from __future__ import annotations

from geo.style._base import BaseDrawing, BaseOverlay, BaseStyle, Minimap, load_base_style
from geo.style._labels import clean_label
from geo.style._marks import Band, Beads, Disc, Mark, Ticks, line_marks, point_marks
from geo.style._model import (
    DEFAULT_FILL_OPACITY,
    MARKINGS,
    POINT_FILLS,
    QGIS_MARKERS,
    Casing,
    KindStyle,
    Marking,
    PointShape,
    StatusStyle,
    StyleSpec,
    Symbol,
    shade,
)
from geo.style._read import STYLE_PATH, load_style

__all__ = [
    "DEFAULT_FILL_OPACITY",
    "MARKINGS",
    "POINT_FILLS",
    "QGIS_MARKERS",
    "STYLE_PATH",
    "Band",
    "BaseDrawing",
    "BaseOverlay",
    "BaseStyle",
    "Beads",
    "Casing",
    "Disc",
    "KindStyle",
    "Mark",
    "Marking",
    "Minimap",
    "PointShape",
    "StatusStyle",
    "StyleSpec",
    "Symbol",
    "Ticks",
    "clean_label",
    "line_marks",
    "load_base_style",
    "load_style",
    "point_marks",
    "shade",
]
