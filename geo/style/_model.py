"""The style spec as Python objects: statuses, kinds, markings and symbols.

:class:`StyleSpec` is what :func:`geo.style.load_style` returns; each renderer
(the maps in :mod:`geo.maps`, the QGIS styles in :mod:`geo.export`) asks it for
the :class:`Symbol` of a layer x kind x status and the :class:`Marking` of a
precision or progress value. Reading and checking ``style.toml`` is
:mod:`geo.style._read`; legend texts are :mod:`geo.style._labels`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from geo.catalogue import Vocab
from geo.style._labels import clean_label

__all__ = [
    "DEFAULT_FILL_OPACITY",
    "MARKINGS",
    "POINT_FILLS",
    "QGIS_MARKERS",
    "Casing",
    "KindStyle",
    "Marking",
    "PointShape",
    "StatusStyle",
    "StyleSpec",
    "Symbol",
    "outline_pen",
]

DEFAULT_FILL_OPACITY = 0.35
"""Fill opacity of polygon areas when ``[layer.X]`` gives no ``fill_opacity``."""

POINT_FILLS = ("full", "half", "none")
"""Allowed ``point_fill`` values: filled, pale (semi-transparent) or hollow."""

MARKINGS = ("none", "halo", "marker_line", "underlay", "ticks")
"""Allowed ``marking`` values of precisions and progress."""

QGIS_MARKERS = (
    "circle",
    "square",
    "diamond",
    "pentagon",
    "hexagon",
    "octagon",
    "triangle",
    "equilateral_triangle",
    "star",
    "cross_fill",
    "arrow",
    "semi_circle",
)
"""QGIS 3.22 simple-marker shapes an icon may be drawn as (``[qgis_marker]``)."""


def outline_pen(dash: tuple[float, ...], dash_from: float) -> str:
    """Return the pen (``solid``, ``dash``, ``dot``) of a dash array, for pens-only outlines.

    ``()`` is ``solid``; an array whose first dash is ``dash_from`` line widths long
    or longer (``[pen] dash_from``) is ``dash``, a shorter one ``dot``.
    """
    if not dash:
        return "solid"
    return "dash" if dash[0] >= dash_from else "dot"


@dataclass(frozen=True)
class StatusStyle:
    """How a status is drawn (``[status.<key>]``); dash arrays in line widths, ``()`` = solid."""

    key: str
    zh: str
    en: str
    dash: tuple[float, ...]
    casing: bool
    point_fill: str
    point_outline: tuple[float, ...]
    point_ring: bool
    opacity: float
    fill_alpha: float = 1.0
    """Opacity of the kind's colour in the point fill (``[point_fill]`` of ``style.toml``)."""
    area_fill: float = 1.0
    """Polygons: the factor on the layer's ``fill_opacity`` for this status' areas, 0..1."""

    @property
    def key_tuple(self) -> tuple[object, ...]:
        """Everything that changes the look of the status."""
        return (
            self.dash,
            self.casing,
            self.point_fill,
            self.point_outline,
            self.point_ring,
            self.opacity,
            self.area_fill,
        )


@dataclass(frozen=True)
class KindStyle:
    """How a kind of a layer is drawn: ``colour`` ``#rrggbb``, ``icon`` glyph, ``weight_px``."""

    layer: str
    key: str
    zh: str
    en: str
    colour: str
    icon: str
    weight_px: float
    qgis_marker: str = "circle"
    """The QGIS simple-marker shape of ``icon`` (``[qgis_marker]`` of ``style.toml``)."""


@dataclass(frozen=True)
class Casing:
    """The doubled line of a status with ``casing`` (``[casing]`` of ``style.toml``).

    ``width`` of the outer band and ``core`` of the white core line, in line
    widths; the band's colour is the kind's times ``shade`` (:func:`shade`).
    """

    width: float
    core: float
    shade: float


def shade(colour: str, factor: float) -> str:
    """Return ``#rrggbb`` ``colour`` with each channel times ``factor`` (< 1: darker)."""
    h = colour.lstrip("#")
    r, g, b = (min(255, round(int(h[i : i + 2], 16) * factor)) for i in (0, 2, 4))
    return f"#{r:02x}{g:02x}{b:02x}"


@dataclass(frozen=True)
class Marking:
    """A marking drawn with a feature for its precision or progress.

    ``width`` is in line widths (halo band, underlay, a tick's thickness),
    ``spacing`` in line widths (marker line, ticks), ``colour`` ``#rrggbb`` or
    ``None`` for the kind's colour (a marker line: the beads' colour), ``size``
    the beads' diameter and ``length`` a tick's length across the line, in line
    widths. How each renderer draws them: :mod:`geo.style._marks`.
    """

    key: str
    marking: str
    width: float = 0.0
    opacity: float = 1.0
    spacing: float = 0.0
    colour: str | None = None
    size: float = 0.0
    length: float = 0.0


@dataclass(frozen=True)
class PointShape:
    """The point symbol's proportions (``[point]`` of ``style.toml``), both renderers.

    ``size`` is the disc's diameter in px (to the middle of its outline); the
    others are in disc diameters: ``fill`` the fill disc inside the white gap,
    ``glyph`` the glyph (QGIS: the marker shape), ``ring`` an upgrade's outer
    ring, ``halo`` a schematic position's halo, ``badge`` a progress badge.
    """

    size: float
    fill: float
    glyph: float
    ring: float
    halo: float
    badge: float
    glyph_colour: Mapping[str, str] = field(default_factory=dict)
    """Point fill (``full``, ``half``, ``none``) -> ``#rrggbb`` of the glyph (``[point_glyph]``)."""


@dataclass(frozen=True)
class Symbol:
    """The symbol of one layer x kind x status."""

    kind: KindStyle
    status: StatusStyle
    mm_per_px: float

    @property
    def colour(self) -> str:
        """``#rrggbb`` of the kind."""
        return self.kind.colour

    @property
    def weight_px(self) -> float:
        """Line width in CSS pixels."""
        return self.kind.weight_px

    @property
    def weight_mm(self) -> float:
        """Line width in millimetres (QGIS)."""
        return round(self.kind.weight_px * self.mm_per_px, 3)

    @property
    def key(self) -> tuple[object, ...]:
        """Everything that changes the look; distinct for every kind x status of a layer."""
        return (self.kind.colour, self.kind.icon, self.kind.weight_px, *self.status.key_tuple)

    def dash_px(self) -> str:
        """Leaflet/SVG ``dashArray`` of the line in pixels; ``""`` when solid."""
        return _join(self.status.dash, self.kind.weight_px, " ")

    def dash_mm(self) -> str:
        """QGIS ``customdash`` of the line in millimetres; ``""`` when solid."""
        return _join(self.status.dash, self.weight_mm, ";")


def _join(dash: tuple[float, ...], width: float, sep: str) -> str:
    return sep.join(_num(d * width) for d in dash)


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass(frozen=True)
class StyleSpec:
    """The loaded spec: statuses, kinds per layer, precision and progress markings."""

    statuses: Mapping[str, StatusStyle]
    kinds: Mapping[str, Mapping[str, KindStyle]]
    precisions: Mapping[str, Marking]
    progress: Mapping[str, Marking]
    mm_per_px: float
    vocab: Vocab
    casing: Casing
    """``[casing]``: how a status with ``casing`` doubles its line (both renderers)."""
    pen_dash_from: float
    """``[pen] dash_from``: a dash array whose first dash is this long (line widths) or
    longer is the pen ``dash`` where a renderer has only pens, shorter ``dot``."""
    schematic_default: Marking
    """``[schematic_default]``: the marking of a schematic precision ``[precision.*]`` omits."""
    point: PointShape
    """``[point]``: the point symbol's size (px) and proportions."""
    min_px: float
    """``[units] min_px``: the thinnest a progress marking's stroke is drawn, px."""
    legend_weight: float
    """``[units] legend_weight``: the line width (px) of the legends' sample lines."""
    legend_colour: str
    """``[units] legend_colour``: ``#rrggbb`` of the legends' sample lines and symbols."""
    fill_opacity: Mapping[str, float] = field(default_factory=dict)
    """Polygon layers: opacity of the fill (``fill_opacity`` of ``[layer.X]``; default 0.35)."""
    marking_legend: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Marking (``halo``, ``marker_line``, ``underlay``, ``ticks``) -> (zh, en) of its meaning."""

    def pen(self, dash: tuple[float, ...]) -> str:
        """Return the pen (``solid``, ``dash``, ``dot``) of a dash array, for pens-only outlines.

        QGIS simple markers draw their outline with a pen, not a dash array.
        """
        return outline_pen(dash, self.pen_dash_from)

    def polygon_fill(self, layer: str) -> float:
        """Return the fill opacity of a polygon layer's areas (0 = outline only)."""
        return self.fill_opacity.get(layer, DEFAULT_FILL_OPACITY)

    def symbol(self, layer: str, kind: str, status: str) -> Symbol:
        """Return the symbol of ``kind`` x ``status`` in ``layer`` (``KeyError`` if unknown)."""
        if layer not in self.kinds or kind not in self.kinds[layer]:
            raise KeyError(f"layer={layer!r} kind={kind!r} is not in vocab.toml/style.toml")
        if status not in self.statuses:
            raise KeyError(f"status={status!r} is not in vocab.toml/style.toml")
        return Symbol(self.kinds[layer][kind], self.statuses[status], self.mm_per_px)

    def precision_marking(self, precision: str) -> Marking:
        """Return the marking of a precision.

        A precision ``[precision.*]`` does not list: :attr:`schematic_default` if
        ``vocab.toml`` marks it schematic (or does not name it), else ``none``.
        """
        if precision in self.precisions:
            return self.precisions[precision]
        schematic = bool(self.vocab.precisions.get(precision, {}).get("schematic", True))
        if schematic:
            return dataclasses.replace(self.schematic_default, key=precision)
        return Marking(precision, "none")

    def progress_marking(self, progress: str | None) -> Marking:
        """Return the marking of a progress value; ``none`` for ``None`` or an unknown value."""
        if progress is None or progress not in self.progress:
            return Marking(str(progress), "none")
        return self.progress[progress]

    def marking_text(self, marking: str) -> tuple[str, str]:
        """Return the (zh, en) meaning of a marking kind (``[marking_legend.*]``)."""
        return self.marking_legend.get(marking, (marking, marking))

    def marking_label(self, marking: str) -> str:
        """Return the legend text of a marking kind, ``"示意几何（浅色光晕） schematic ..."``."""
        return clean_label(*self.marking_text(marking))

    def status_label(self, status: str) -> str:
        """Return the legend text of a status, ``"谋划 proposed"``."""
        return clean_label(self.statuses[status].zh, self.statuses[status].en)

    def legend_label(self, layer: str, kind: str, status: str) -> str:
        """Return the legend text of a kind x status (``"高速铁路 ... – 谋划 proposed"``)."""
        k = self.kinds[layer][kind]
        return f"{clean_label(k.zh, k.en)} – {self.status_label(status)}"
