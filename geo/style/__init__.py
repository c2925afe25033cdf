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
  wide band: schematic) or ``marker_line`` (halo plus arrows: indicative only);
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
``(kind, status)`` pair of a layer has its own key (tested). Markings for
precisions or progress values not in ``style.toml`` fall back to ``halo`` for a
precision that ``vocab.toml`` marks schematic, else ``none`` (a missing
``progress`` column or value draws no marking).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo._paths import CATALOGUE_DIR
from geo._strict import read_toml
from geo.catalogue import Vocab, load_vocab
from geo.errors import CatalogueError

__all__ = [
    "DEFAULT_FILL_OPACITY",
    "MARKINGS",
    "POINT_FILLS",
    "STYLE_PATH",
    "KindStyle",
    "Marking",
    "StatusStyle",
    "StyleSpec",
    "Symbol",
    "clean_label",
    "load_style",
]

logger = logging.getLogger(__name__)

STYLE_PATH = CATALOGUE_DIR / "style.toml"
"""The default spec file."""

DEFAULT_FILL_OPACITY = 0.35
"""Fill opacity of polygon areas when ``[layer.X]`` gives no ``fill_opacity``."""

POINT_FILLS = ("full", "half", "none")
"""Allowed ``point_fill`` values: filled, pale (semi-transparent) or hollow."""

MARKINGS = ("none", "halo", "marker_line", "underlay", "ticks")
"""Allowed ``marking`` values of precisions and progress."""

_PRECISION_MARKINGS = ("none", "halo", "marker_line")
_PROGRESS_MARKINGS = ("none", "underlay", "ticks")


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


@dataclass(frozen=True)
class Marking:
    """A marking drawn with a feature for its precision or progress.

    ``width`` is in line widths (halo band, underlay), ``spacing`` in line widths
    (marker line, ticks), ``colour`` ``#rrggbb`` or ``None`` for the kind's colour.
    """

    key: str
    marking: str
    width: float = 0.0
    opacity: float = 1.0
    spacing: float = 0.0
    colour: str | None = None


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


def clean_label(zh: str, en: str) -> str:
    """``"zh en"`` without an English text that repeats the Chinese (``proposed (谋划)``)."""
    en = en.replace(f"({zh})", "").replace(f"（{zh}）", "").strip()
    return f"{zh} {en}".strip() if en and en != zh else zh


@dataclass(frozen=True)
class StyleSpec:
    """The loaded spec: statuses, kinds per layer, precision and progress markings."""

    statuses: Mapping[str, StatusStyle]
    kinds: Mapping[str, Mapping[str, KindStyle]]
    precisions: Mapping[str, Marking]
    progress: Mapping[str, Marking]
    mm_per_px: float
    vocab: Vocab
    fill_opacity: Mapping[str, float] = field(default_factory=dict)
    """Polygon layers: opacity of the fill (``fill_opacity`` of ``[layer.X]``; default 0.35)."""

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
        """Return the marking of a precision (fallback: ``halo`` if schematic in vocab.toml)."""
        if precision in self.precisions:
            return self.precisions[precision]
        schematic = bool(self.vocab.precisions.get(precision, {}).get("schematic", False))
        return Marking(precision, "halo", 3.0, 0.22) if schematic else Marking(precision, "none")

    def progress_marking(self, progress: str | None) -> Marking:
        """Return the marking of a progress value; ``none`` for ``None`` or an unknown value."""
        if progress is None or progress not in self.progress:
            return Marking(str(progress), "none")
        return self.progress[progress]

    def status_label(self, status: str) -> str:
        """Return the legend text of a status, ``"谋划 proposed"``."""
        return clean_label(self.statuses[status].zh, self.statuses[status].en)

    def legend_label(self, layer: str, kind: str, status: str) -> str:
        """Return the legend text of a kind x status (``"高速铁路 ... – 谋划 proposed"``)."""
        k = self.kinds[layer][kind]
        return f"{clean_label(k.zh, k.en)} – {self.status_label(status)}"


# ---------------------------------------------------------------- loading


def _dash(value: object, *, path: Path, record: str, field: str) -> tuple[float, ...]:
    if not isinstance(value, list) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value
    ):
        raise CatalogueError(
            f"{value!r} is not a dash array; write [] (solid) or positive numbers like [4, 2]",
            file=path,
            record=record,
            field=field,
        )
    if len(value) % 2:
        raise CatalogueError(
            f"{value!r} has an odd number of entries; give dash, gap pairs",
            file=path,
            record=record,
            field=field,
        )
    return tuple(float(v) for v in value)


def _number(
    spec: Mapping[str, Any], name: str, default: float, *, path: Path, record: str, lo: float = 0.0
) -> float:
    value = spec.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < lo:
        raise CatalogueError(
            f"{value!r} is not a number >= {lo}", file=path, record=record, field=name
        )
    return float(value)


def _status(key: str, spec: Mapping[str, Any], vdef: Mapping[str, Any], path: Path) -> StatusStyle:
    fill = spec.get("point_fill", "full")
    if fill not in POINT_FILLS:
        raise CatalogueError(
            f"{fill!r} is not a point fill; use one of {', '.join(POINT_FILLS)}",
            file=path,
            record=key,
            field="point_fill",
        )
    opacity = _number(spec, "opacity", float(vdef.get("opacity", 1.0)), path=path, record=key)
    if opacity > 1.0:
        raise CatalogueError(f"{opacity!r} is above 1", file=path, record=key, field="opacity")
    return StatusStyle(
        key=key,
        zh=str(vdef.get("zh", key)),
        en=str(spec.get("legend_en", vdef.get("en", key))),
        dash=_dash(spec.get("dash", []), path=path, record=key, field="dash"),
        casing=bool(spec.get("casing", False)),
        point_fill=str(fill),
        point_outline=_dash(
            spec.get("point_outline", []), path=path, record=key, field="point_outline"
        ),
        point_ring=bool(spec.get("point_ring", False)),
        opacity=opacity,
    )


def _marking(key: str, spec: Mapping[str, Any], allowed: tuple[str, ...], path: Path) -> Marking:
    marking = spec.get("marking", "none")
    if marking not in allowed:
        raise CatalogueError(
            f"{marking!r} is not a marking here; use one of {', '.join(allowed)}",
            file=path,
            record=key,
            field="marking",
        )
    colour = spec.get("colour")
    if colour is not None and not (
        isinstance(colour, str) and len(colour) == 7 and colour.startswith("#")
    ):
        raise CatalogueError(f"{colour!r} is not #rrggbb", file=path, record=key, field="colour")
    return Marking(
        key=key,
        marking=str(marking),
        width=_number(spec, "width", 0.0, path=path, record=key),
        opacity=min(_number(spec, "opacity", 1.0, path=path, record=key), 1.0),
        spacing=_number(spec, "spacing", 0.0, path=path, record=key),
        colour=colour,
    )


def load_style(path: str | Path | None = None, *, vocab: Vocab | None = None) -> StyleSpec:
    """Load the style spec and check it covers the vocabularies.

    Parameters
    ----------
    path : path-like, optional
        A ``style.toml``; default :data:`STYLE_PATH`.
    vocab : Vocab, optional
        The vocabularies; default ``load_vocab()``.

    Returns
    -------
    StyleSpec

    Raises
    ------
    CatalogueError
        Naming the file, the record and the field: a status or kind of
        ``vocab.toml`` missing from the spec, a bad dash array, fill or marking.
    """
    path = Path(path) if path is not None else STYLE_PATH
    vocab = vocab if vocab is not None else load_vocab()
    doc = read_toml(path)
    mm_per_px = _number(doc.get("units", {}), "mm_per_px", 0.26, path=path, record="units", lo=0.01)
    status_doc = doc.get("status", {})
    statuses: dict[str, StatusStyle] = {}
    for key, vdef in vocab.statuses.items():
        if key not in status_doc:
            raise CatalogueError(
                "status of vocab.toml has no style; add a [status.<key>] table",
                file=path,
                record=key,
                field="status",
            )
        statuses[key] = _status(key, status_doc[key], vdef, path)
    layer_doc = doc.get("layer", {})
    kinds: dict[str, dict[str, KindStyle]] = {}
    fills: dict[str, float] = {}
    for name, ldef in vocab.layers.items():
        lspec = layer_doc.get(name, {})
        weight = _number(lspec, "weight", 3.0, path=path, record=name, lo=0.1)
        if "fill_opacity" in lspec:
            fill = _number(lspec, "fill_opacity", DEFAULT_FILL_OPACITY, path=path, record=name)
            if fill > 1.0:
                raise CatalogueError(
                    f"{fill!r} is above 1", file=path, record=name, field="fill_opacity"
                )
            fills[name] = fill
        kdoc = lspec.get("kinds", {})
        kinds[name] = {}
        for kind, kdef in ldef.kinds.items():
            kspec = kdoc.get(kind)
            if kspec is None:  # a kind added to vocab.toml only: drawn with the defaults
                logger.warning(
                    "%s: kind %r of layer %r has no style; drawn with the layer's weight and a "
                    "dot: add it to [layer.%s.kinds]",
                    path,
                    kind,
                    name,
                    name,
                )
                kspec = {}
            if not isinstance(kspec, Mapping):
                raise CatalogueError(
                    f'kind {kind!r} style {kspec!r} is not a table; write {{ icon = "dot" }}',
                    file=path,
                    record=name,
                    field="kinds",
                )
            kinds[name][kind] = KindStyle(
                layer=name,
                key=kind,
                zh=kdef.zh,
                en=kdef.en,
                colour=kdef.colour,
                icon=str(kspec.get("icon", "dot")),
                weight_px=_number(kspec, "weight", weight, path=path, record=kind, lo=0.1),
            )
    precisions = {
        k: _marking(k, v, _PRECISION_MARKINGS, path) for k, v in doc.get("precision", {}).items()
    }
    progress = {
        k: _marking(k, v, _PROGRESS_MARKINGS, path) for k, v in doc.get("progress", {}).items()
    }
    return StyleSpec(
        statuses=statuses,
        kinds=kinds,
        precisions=precisions,
        progress=progress,
        mm_per_px=mm_per_px,
        vocab=vocab,
        fill_opacity=fills,
    )
