"""Reading ``style.toml`` (with ``vocab.toml``) into a :class:`geo.style.StyleSpec`.

Every value is checked as it is read; a bad one is refused naming the file, the
record and the field. A status or kind that ``vocab.toml`` names and ``style.toml``
does not is drawn by the rule of :mod:`geo.style._derive`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geo._paths import CATALOGUE_DIR
from geo._strict import read_toml, strict_choice
from geo.catalogue import KindDef, Vocab, load_vocab
from geo.errors import CatalogueError
from geo.style import _model as model
from geo.style._checks import colour, dash_array, number
from geo.style._derive import derive_icon, derive_status

__all__ = ["STYLE_PATH", "load_style"]

logger = logging.getLogger(__name__)

STYLE_PATH = CATALOGUE_DIR / "style.toml"
"""The default spec file."""

_PRECISION_MARKINGS = ("none", "halo", "marker_line")
_PROGRESS_MARKINGS = ("none", "underlay", "ticks")
_MARKING_NUMBERS = {
    "none": (),
    "halo": ("width",),
    "marker_line": ("width", "size", "spacing"),
    "underlay": ("width",),
    "ticks": ("width", "length", "spacing"),
}
"""The sizes (in line widths) each marking must be given: what it draws with."""
_POINT = ("size", "fill", "glyph", "ring", "halo", "badge")
"""``[point]``: the symbol's diameter (px), then its parts in symbol diameters."""


def _point(doc: Mapping[str, Any], path: Path) -> model.PointShape:
    table = doc.get("point", {})
    glyph = doc.get("point_glyph", {})
    colours = {
        fill: colour(glyph.get(fill), path=path, record="point_glyph", field=fill)
        for fill in model.POINT_FILLS
    }
    size, inner, glyph_d, ring, halo, badge = (
        number(table, name, None, path=path, record="point", lo=0.01) for name in _POINT
    )
    return model.PointShape(size, inner, glyph_d, ring, halo, badge, glyph_colour=colours)


def _point_fills(doc: Mapping[str, Any], path: Path) -> dict[str, float]:
    """``[point_fill]``: the opacity of the kind's colour for each point fill."""
    table = doc.get("point_fill", {})
    alphas = {}
    for fill in model.POINT_FILLS:
        if fill not in table:
            raise CatalogueError(
                f"no opacity for point fill {fill!r}; write {fill} = 0.45 in [point_fill]",
                file=path,
                record="point_fill",
                field=fill,
            )
        alphas[fill] = number(table, fill, 1.0, path=path, record="point_fill", hi=1.0)
    return alphas


def _status(
    key: str, spec: Mapping[str, Any], vdef: Mapping[str, Any], path: Path
) -> model.StatusStyle:
    for hint in ("dash", "opacity"):  # said once: here, not also in vocab.toml
        if hint in vdef:
            raise CatalogueError(
                f"status {key!r} is drawn by this [status.{key}] table, so vocab.toml's "
                f"{hint} = {vdef[hint]!r} would be a second, unused statement; remove it "
                f"from vocab.toml's [status.{key}] (write the {hint} here)",
                file=path,
                record=key,
                field=hint,
            )
    fill = spec.get("point_fill", "full")
    strict_choice(
        fill, model.POINT_FILLS, file=path, record=key, field="point_fill", what="a point fill"
    )
    opacity = number(spec, "opacity", 1.0, path=path, record=key, hi=1.0)
    return model.StatusStyle(
        key=key,
        zh=str(vdef.get("zh", key)),
        en=str(spec.get("legend_en", vdef.get("en", key))),
        dash=dash_array(spec.get("dash", []), path=path, record=key, field="dash"),
        casing=bool(spec.get("casing", False)),
        point_fill=str(fill),
        point_outline=dash_array(
            spec.get("point_outline", []), path=path, record=key, field="point_outline"
        ),
        point_ring=bool(spec.get("point_ring", False)),
        opacity=opacity,
        area_fill=number(spec, "area_fill", 1.0, path=path, record=key, hi=1.0),
    )


def _marking(
    key: str, spec: Mapping[str, Any], allowed: tuple[str, ...], path: Path
) -> model.Marking:
    marking = spec.get("marking", "none")
    strict_choice(marking, allowed, file=path, record=key, field="marking", what="a marking here")
    ink = spec.get("colour")
    if ink is not None:
        ink = colour(ink, path=path, record=key, field="colour")
    if marking != "none" and marking != "halo" and ink is None:
        raise CatalogueError(
            f'a {marking} needs a colour (a marker_line: of its beads); write colour = "#1b1b1b"',
            file=path,
            record=key,
            field="colour",
        )
    needed = _MARKING_NUMBERS[str(marking)]

    def size(name: str) -> float:  # a length in line widths: required where drawn
        default = None if name in needed else 0.0
        return number(spec, name, default, path=path, record=key, lo=0.01 if default is None else 0)

    return model.Marking(
        key=key,
        marking=str(marking),
        width=size("width"),
        opacity=number(spec, "opacity", 1.0, path=path, record=key, hi=1.0),
        spacing=size("spacing"),
        colour=ink,
        size=size("size"),
        length=size("length"),
    )


def _statuses(
    doc: Mapping[str, Any], vocab: Vocab, path: Path, *, pen_dash_from: float
) -> dict[str, model.StatusStyle]:
    """Styled statuses as written, then the others derived, in vocab.toml's order."""
    status_doc = doc.get("status", {})
    drawn: dict[str, model.StatusStyle] = {
        key: _status(key, status_doc[key], vdef, path)
        for key, vdef in vocab.statuses.items()
        if key in status_doc
    }
    rule = doc.get("derived_status", {})
    for key, vdef in vocab.statuses.items():
        if key not in drawn:
            drawn[key] = derive_status(
                key, vdef, drawn.values(), rule, path=path, pen_dash_from=pen_dash_from
            )
            logger.info(
                "%s: status %r has no [status.%s] table; drawn with dash %r, point fill %r, "
                "point outline %r",
                path,
                key,
                key,
                list(drawn[key].dash),
                drawn[key].point_fill,
                list(drawn[key].point_outline),
            )
    alphas = _point_fills(doc, path)
    return {
        key: dataclasses.replace(drawn[key], fill_alpha=alphas[drawn[key].point_fill])
        for key in vocab.statuses
    }


def _kinds(
    doc: Mapping[str, Any], vocab: Vocab, path: Path
) -> tuple[dict[str, dict[str, model.KindStyle]], dict[str, float]]:
    """Kinds per layer (a kind without a style: the layer's weight, a free icon); fills."""
    markers = _qgis_markers(doc, path)
    layer_doc = doc.get("layer", {})
    rule = doc.get("derived_kind", {})
    kinds: dict[str, dict[str, model.KindStyle]] = {}
    fills: dict[str, float] = {}
    for name, ldef in vocab.layers.items():
        lspec = layer_doc.get(name, {})
        weight = number(lspec, "weight", 3.0, path=path, record=name, lo=0.1)
        if "fill_opacity" in lspec:
            fills[name] = number(
                lspec, "fill_opacity", model.DEFAULT_FILL_OPACITY, path=path, record=name, hi=1.0
            )
        kdoc = lspec.get("kinds", {})
        for kind, kspec in kdoc.items():
            if not isinstance(kspec, Mapping):
                raise CatalogueError(
                    f'kind {kind!r} style {kspec!r} is not a table; write {{ icon = "dot" }}',
                    file=path,
                    record=name,
                    field="kinds",
                )
        drawn: dict[str, model.KindStyle] = {}
        for kind, kdef in ldef.kinds.items():
            if kind in kdoc:
                own = number(kdoc[kind], "weight", weight, path=path, record=kind, lo=0.1)
                icon = str(kdoc[kind].get("icon", "dot"))
                drawn[kind] = _kind_style(name, kind, kdef, icon, own, markers, path)
        for kind, kdef in ldef.kinds.items():
            if kind in drawn:
                continue
            others = [(k.colour, k.icon, k.weight_px) for k in drawn.values()]
            icon = derive_icon(kdef.colour, weight, others, rule, layer=name, kind=kind, path=path)
            logger.info(
                "%s: kind %r of layer %r has no style; drawn with the layer's weight and icon %r "
                "([layer.%s.kinds] may give its own)",
                path,
                kind,
                name,
                icon,
                name,
            )
            drawn[kind] = _kind_style(name, kind, kdef, icon, weight, markers, path)
        kinds[name] = {kind: drawn[kind] for kind in ldef.kinds}
    return kinds, fills


def _qgis_markers(doc: Mapping[str, Any], path: Path) -> dict[str, str]:
    """Return ``[qgis_marker]``: every icon a kind may use -> its QGIS marker shape."""
    table = doc.get("qgis_marker", {})
    for icon, shape in table.items():
        strict_choice(
            shape,
            model.QGIS_MARKERS,
            file=path,
            record="qgis_marker",
            field=icon,
            what="a QGIS marker shape",
        )
    return {str(icon): str(shape) for icon, shape in table.items()}


def _kind_style(
    layer: str,
    kind: str,
    kdef: KindDef,
    icon: str,
    weight: float,
    markers: Mapping[str, str],
    path: Path,
) -> model.KindStyle:
    """Return a kind's style; refuse an icon that ``[qgis_marker]`` does not list."""
    if icon not in markers:
        raise CatalogueError(
            f"icon {icon!r} (layer {layer!r}) is not an icon; use one of "
            f"{', '.join(markers)}, or make a new one: its SVG glyph in ICON_GLYPHS "
            f'(geo/maps/_symbols.py) and {icon} = "circle" in [qgis_marker]',
            file=path,
            record=kind,
            field="icon",
        )
    return model.KindStyle(
        layer=layer,
        key=kind,
        zh=kdef.zh,
        en=kdef.en,
        colour=kdef.colour,
        icon=icon,
        weight_px=weight,
        qgis_marker=markers[icon],
    )


def _schematic(
    doc: Mapping[str, Any], precisions: Mapping[str, model.Marking], vocab: Vocab, path: Path
) -> model.Marking:
    """Return ``[schematic_default]``; refuse a schematic precision marked ``none``.

    Schematic geometry must look schematic in both renderers: a precision that
    ``vocab.toml`` marks schematic gets ``[schematic_default]`` when
    ``[precision.*]`` omits it, and may not be written ``marking = "none"``.
    """
    if not isinstance(doc.get("schematic_default"), Mapping):
        raise CatalogueError(
            'no [schematic_default] table; write marking = "halo", width = 3.0, opacity = 0.22',
            file=path,
            record="schematic_default",
            field="marking",
        )
    default = _marking("schematic_default", doc["schematic_default"], ("halo",), path)
    for key, marking in precisions.items():
        if marking.marking == "none" and vocab.precisions.get(key, {}).get("schematic", False):
            raise CatalogueError(
                f'precision {key!r} is schematic in vocab.toml, so it may not be drawn "none"; '
                'use marking = "halo" or "marker_line" (or leave it out: [schematic_default])',
                file=path,
                record=key,
                field="marking",
            )
    return default


def _marking_legend(doc: Mapping[str, Any], path: Path) -> dict[str, tuple[str, str]]:
    legend: dict[str, tuple[str, str]] = {}
    for key, spec in doc.get("marking_legend", {}).items():
        strict_choice(
            key, model.MARKINGS[1:], file=path, record=key, field="marking_legend", what="a marking"
        )
        texts = []
        for lang in ("zh", "en"):
            text = spec.get(lang) if isinstance(spec, Mapping) else None
            if not isinstance(text, str) or not text.strip():
                raise CatalogueError(
                    f'{text!r} is not a legend text; write {lang} = "..."',
                    file=path,
                    record=key,
                    field=lang,
                )
            texts.append(text.strip())
        legend[key] = (texts[0], texts[1])
    return legend


def load_style(path: str | Path | None = None, *, vocab: Vocab | None = None) -> model.StyleSpec:
    """Load the style spec and check it covers the vocabularies.

    Parameters
    ----------
    path : path-like, optional
        A ``style.toml``; default the one beside the vocabulary's ``vocab.toml``
        (:attr:`Vocab.style_path`, so ``--catalogue DIR`` styles with ``DIR/style.toml``),
        else :data:`STYLE_PATH`.
    vocab : Vocab, optional
        The vocabularies; default ``load_vocab()``.

    Returns
    -------
    StyleSpec

    Raises
    ------
    CatalogueError
        Naming the file, the record and the field: a bad dash array, fill,
        number or marking, or a status or kind of ``vocab.toml`` that the
        ``[derived_status]``/``[derived_kind]`` rule cannot draw apart.
    """
    vocab = vocab if vocab is not None else load_vocab()
    path = Path(path) if path is not None else (vocab.style_path or STYLE_PATH)
    doc = read_toml(path)
    units = doc.get("units", {})
    mm_per_px = number(units, "mm_per_px", 0.26, path=path, record="units", lo=0.01)
    pen = doc.get("pen", {})
    pen_dash_from = number(pen, "dash_from", None, path=path, record="pen", lo=0.01)
    statuses = _statuses(doc, vocab, path, pen_dash_from=pen_dash_from)
    kinds, fills = _kinds(doc, vocab, path)
    casing = doc.get("casing", {})
    precisions = {
        k: _marking(k, v, _PRECISION_MARKINGS, path) for k, v in doc.get("precision", {}).items()
    }
    progress = {
        k: _marking(k, v, _PROGRESS_MARKINGS, path) for k, v in doc.get("progress", {}).items()
    }
    return model.StyleSpec(
        marking_legend=_marking_legend(doc, path),
        statuses=statuses,
        precisions=precisions,
        progress=progress,
        mm_per_px=mm_per_px,
        vocab=vocab,
        fill_opacity=fills,
        kinds=kinds,
        casing=model.Casing(
            width=number(casing, "width", None, path=path, record="casing", lo=0.1),
            core=number(casing, "core", None, path=path, record="casing", lo=0.1),
            shade=number(casing, "shade", None, path=path, record="casing", hi=1.0),
        ),
        pen_dash_from=pen_dash_from,
        schematic_default=_schematic(doc, precisions, vocab, path),
        point=_point(doc, path),
        min_px=number(units, "min_px", None, path=path, record="units", lo=0.01),
        legend_weight=number(units, "legend_weight", None, path=path, record="units", lo=0.1),
        legend_colour=colour(
            units.get("legend_colour"), path=path, record="units", field="legend_colour"
        ),
    )
