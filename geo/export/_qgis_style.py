"""How QGIS draws one exported layer, as data: :class:`LayerStyle` and its parts.

A categorized renderer whose categories each carry one symbol (:class:`Category`),
markings enabled by expressions (:class:`Marking`), simple labelling on one field
and field aliases (:class:`FieldConfig`), checked when made. The XML is written
by :mod:`geo.export._qgis_symbols` (the renderer) and :mod:`geo.export._qgis_qml`
(labels, fields, the QML document), every element and attribute in a fixed
order, so the same :class:`LayerStyle` always gives the same bytes.

Symbols follow the plan's vocabulary (``geo/data/catalogue/vocab.toml``): the
colour is the kind's colour, the line (or outline) style is the status' dash
(``solid``, ``dash``, ``dot``) and the symbol's opacity is the status' opacity,
so a proposed project is drawn fainter than one in construction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from geo import style
from geo.catalogue import GEOMETRY_TYPES
from geo.errors import ParameterError

__all__ = [
    "DASHES",
    "DOCTYPE",
    "GEOMETRIES",
    "LABEL_FONTS",
    "MARKING_KINDS",
    "QGIS_VERSION",
    "UNIT_SCALE",
    "WHITE",
    "Category",
    "FieldConfig",
    "LayerStyle",
    "Marking",
    "num",
    "rgba",
]

QGIS_VERSION = "3.22.0-Białowieża"
"""The QGIS version written into QML and project files (the oldest we target)."""

DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"

DASHES: Mapping[str, str] = {"solid": "solid", "dash": "dash", "dot": "dot"}
"""Status ``dash`` in ``vocab.toml`` -> QGIS pen style name."""

LABEL_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)
"""Label fonts able to draw Chinese: the first, then QGIS' fallbacks in order."""

GEOMETRIES = GEOMETRY_TYPES
"""Declared layer geometries (multi-geometries included): the vocabulary's."""
MARKING_KINDS = ("halo", "marker_line", "underlay", "ticks")


_COLOUR_RE = re.compile(r"^#([0-9a-fA-F]{6})$")
UNIT_SCALE = "3x:0,0,0,0,0,0"
"""QGIS' map unit scale of a size in millimetres (no limits)."""
WHITE = "255,255,255,255"


@dataclass(frozen=True)
class Category:
    """One legend entry of a categorized renderer and its symbol.

    Parameters
    ----------
    value : str
        The value of the renderer's expression this category matches.
    label : str
        Legend text.
    colour : str
        ``#rrggbb``.
    dash : str
        ``solid``, ``dash`` or ``dot``: the pen of point outlines (and of lines
        and polygon outlines without ``custom_dash``).
    custom_dash : str
        Lines and polygon outlines: QGIS custom dash ``"dash;gap;..."`` in mm,
        ``""`` for the plain ``dash`` pen.
    opacity : float
        Symbol opacity, 0..1.
    shape : str
        Marker shape (points only), one of QGIS' simple marker names.
    width_mm : float or None
        Line or outline width of this category; ``None`` takes the layer's.
    overlay : str or None
        Lines only: ``#rrggbb`` of thin dashes drawn along the middle of the
        line (a railway's white dashes); ``None`` for a plain line.
    casing : bool
        Lines only: draw a doubled line (dark casing, light core): a widening.
    fill_alpha : float
        Points only: opacity of the marker's fill (the status' ``fill_alpha``).
    ring : bool
        Points only: an outer ring round the marker (upgrade).
    glyph_colour : str
        Points only: ``#rrggbb`` of the marker shape drawn as the kind's glyph.
    area_fill : float
        Polygons only: the factor on the layer's ``fill_alpha`` (the status'
        ``area_fill``: paler areas not yet under way).
    markings : tuple of Marking
        Markings of this category alone, drawn with the layer's (the legend
        layer's samples; ``expression`` ``""`` draws one for every feature).
    overlay_width_mm, overlay_dash : float or None, str
        Width (mm; required with ``overlay``) and QGIS custom dash (``"dash;gap"``,
        mm; ``""`` solid) of the ``overlay`` (the spec's ``[base.*]`` overlay).
    fill_colour : str or None
        Polygons only: ``#rrggbb`` of the fill; ``None`` fills in ``colour``.
    """

    value: str
    label: str
    colour: str
    dash: str = "solid"
    custom_dash: str = ""
    opacity: float = 1.0
    shape: str = "circle"
    width_mm: float | None = None
    overlay: str | None = None
    casing: bool = False
    fill_alpha: float = 1.0
    ring: bool = False
    glyph_colour: str = "#ffffff"
    area_fill: float = 1.0
    markings: tuple[Marking, ...] = ()
    overlay_width_mm: float | None = None
    overlay_dash: str = ""
    fill_colour: str | None = None


@dataclass(frozen=True)
class Marking:
    """A marking of the spec (:class:`geo.style.Marking`) drawn for the features selected.

    ``spec.marking`` is ``halo`` (a pale band ``width`` line widths wide under the
    symbol), ``marker_line`` (beads ``size`` line widths across every ``spacing``
    line widths along a line, over a halo), ``underlay`` (a thin dark core line, or
    a dot in a point symbol) or ``ticks`` (cross ticks every ``spacing`` line
    widths); its ``width`` and ``spacing`` are as drawn (no zero defaults left).
    ``colour`` ``None`` takes the category's colour. ``expression`` is the QGIS
    expression that enables it (``""``: always drawn).
    """

    expression: str
    spec: style.Marking


@dataclass(frozen=True)
class FieldConfig:
    """A field's alias and, for a vocabulary, its value map (value -> legend text)."""

    name: str
    alias: str
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn and labelled.

    Parameters
    ----------
    geometry : str
        ``Point``, ``LineString`` or ``Polygon`` (multi-geometries included).
    expression : str
        QGIS expression the renderer categorizes on, e.g. ``"kind" || '|' || "status"``.
    categories : tuple of Category
        Legend entries, top to bottom.
    width_mm : float
        Line width (lines) or outline width (polygons, points), millimetres.
    filled : bool
        Polygons only: ``False`` draws the outline alone (administrative boundaries).
    fill_alpha : float
        Polygons only: opacity of the fill relative to the symbol's opacity.
    spec : geo.style.StyleSpec or None
        The shared spec, whose ``[point]`` and markings (:mod:`geo.style._marks`)
        say how points and markings are drawn; required for either.
    label_field : str or None
        Field holding the label text; ``None`` for no labels.
    label_size_pt : float
        Label font size in points.
    label_colour : str
        ``#rrggbb`` of the label text.
    label_priority : int
        0..10, higher wins label collisions (district names 10).
    label_max_scale : float
        Labels are drawn only at scales larger than 1:``label_max_scale``
        (0: at every scale).
    label_bold : bool
        Bold label text.
    markings : tuple of Marking
        Symbol layers drawn for the features their expression selects
        (precision and progress markings), in every category's symbol.
    casing : geo.style.Casing or None
        How a category with ``casing`` doubles its line (the spec's ``[casing]``);
        required when a category has ``casing``.
    fields : tuple of FieldConfig
        Field aliases and value maps, in the layer's field order.
    """

    geometry: str
    expression: str
    categories: tuple[Category, ...]
    width_mm: float = 0.8
    filled: bool = True
    fill_alpha: float = 0.35
    label_field: str | None = "name_zh"
    label_size_pt: float = 8.0
    label_colour: str = "#282828"
    label_priority: int = 5
    label_max_scale: float = 0.0
    label_bold: bool = False
    markings: tuple[Marking, ...] = ()
    casing: style.Casing | None = None
    fields: tuple[FieldConfig, ...] = ()
    spec: style.StyleSpec | None = None

    def __post_init__(self) -> None:
        if self.geometry not in GEOMETRIES:
            raise ParameterError(
                f"geometry={self.geometry!r} is not supported; use one of {', '.join(GEOMETRIES)}"
            )
        for cat in self.categories:
            if cat.dash not in DASHES:
                raise ParameterError(
                    f"dash={cat.dash!r} (category {cat.value!r}) is not a line style; "
                    f"use one of {', '.join(DASHES)}"
                )
            if not 0.0 <= cat.opacity <= 1.0:
                raise ParameterError(
                    f"opacity={cat.opacity!r} (category {cat.value!r}) must be within 0..1; "
                    "fix it in style.toml"
                )
            rgba(cat.colour, 1.0)
            if cat.casing and self.casing is None:
                raise ParameterError(
                    f"category {cat.value!r} has casing but the layer style no casing; pass "
                    "casing=spec.casing"
                )
            if cat.overlay is not None:
                if self.geometry != "LineString":
                    raise ParameterError(
                        f"overlay={cat.overlay!r} (category {cat.value!r}) is for lines only; "
                        f"this layer is {self.geometry}"
                    )
                rgba(cat.overlay, 1.0)
                if not (cat.overlay_width_mm or 0) > 0:
                    raise ParameterError(
                        f"overlay_width_mm={cat.overlay_width_mm!r} (category {cat.value!r}) "
                        "must be positive with an overlay; take it from the spec's [base.*]"
                    )
            if cat.width_mm is not None and not cat.width_mm > 0:
                raise ParameterError(
                    f"width_mm={cat.width_mm!r} (category {cat.value!r}) must be positive"
                )
        for marking in self.markings:
            if marking.spec.marking not in MARKING_KINDS:
                raise ParameterError(
                    f"marking={marking.spec.marking!r} is not one of {', '.join(MARKING_KINDS)}"
                )


def num(value: float) -> str:
    """Format a number the short way QGIS does (``1``, ``0.35``)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def rgba(colour: str, alpha: float) -> str:
    match = _COLOUR_RE.match(colour)
    if match is None:
        raise ParameterError(f"colour={colour!r} is not '#rrggbb'; fix it in vocab.toml")
    h = match.group(1)
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(alpha * 255)}"
