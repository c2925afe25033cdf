"""The QGIS style of one layer (:class:`LayerStyle`) from the shared spec :mod:`geo.style`.

Plan layers get one category per kind x status present, in vocabulary order, with the
precision and progress markings; base layers are styled by :mod:`geo.export._base_layers`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import geopandas as gpd

from geo.catalogue import Vocab
from geo.datadict import Field, value_map
from geo.errors import ParameterError
from geo.export import _qgis_style as qs
from geo.export._base_layers import BASE_LAYERS, base_style
from geo.style import Marking, StyleSpec, clean_label

__all__ = ["MarkingRow", "layer_style", "marking_rows"]

_PLAN_LABEL_SCALE = 600_000.0
"""Plan layers are labelled at scales larger than 1:600,000; district names at every scale."""


def _present(name: str, frame: gpd.GeoDataFrame, vocab: Vocab) -> set[tuple[str, str]]:
    ldef = vocab.layers[name]
    for column in ("kind", "status"):
        if column not in frame.columns:
            raise ParameterError(
                f"layers[{name!r}] has no {column!r} column; pass the layer as "
                "layers.load() builds it"
            )
    present = set(zip(frame["kind"], frame["status"], strict=True))
    for kind, status in sorted(present):
        if kind not in ldef.kinds or status not in vocab.statuses:
            rid = frame.loc[(frame["kind"] == kind) & (frame["status"] == status), "id"].iloc[0]
            raise ParameterError(
                f"layers[{name!r}] record {rid!r}: kind={kind!r}, status={status!r} is not in "
                "vocab.toml; add it there or fix the record"
            )
    return present


def _categories(
    name: str, frame: gpd.GeoDataFrame, vocab: Vocab, spec: StyleSpec
) -> tuple[qs.Category, ...]:
    """One category per kind x status present in the layer, in vocab order (geo.style)."""
    present = _present(name, frame, vocab)
    categories = []
    for kind in vocab.layers[name].kinds:
        for status in vocab.statuses:
            if (kind, status) not in present:
                continue
            sym = spec.symbol(name, kind, status)
            st = sym.status
            geometry = vocab.layers[name].geometry
            outline = st.point_outline if geometry == "Point" else st.dash
            categories.append(
                qs.Category(
                    value=f"{kind}|{status}",
                    label=spec.legend_label(name, kind, status),
                    colour=sym.colour,
                    dash=spec.pen(outline),
                    custom_dash=sym.dash_mm(),
                    opacity=st.opacity,
                    shape=sym.kind.qgis_marker,
                    width_mm=sym.weight_mm,
                    casing=st.casing,
                    fill_alpha=st.fill_alpha,
                    ring=st.point_ring,
                    glyph_colour=spec.point.glyph_colour[st.point_fill],
                    area_fill=st.area_fill,
                )
            )
    return tuple(categories)


def _quoted(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


MarkingRow = tuple[str, tuple[str, ...], tuple[qs.Marking, ...]]
"""A marking as QGIS draws it: its kind, the precision or progress values it marks, and
the symbol layers drawing it (a ``marker_line`` is a halo and beads)."""


def marking_rows(spec: StyleSpec, vocab: Vocab, *, progress: bool = True) -> tuple[MarkingRow, ...]:
    """Precision and progress markings, each enabled by an expression on the feature.

    The precisions drawn alike (the same marking and sizes) share one marking;
    each other precision has its own, with its own sizes (a ``marker_line``
    draws its halo and its beads, :func:`geo.style.line_marks`). Halos first,
    then marker lines, each in vocabulary order. ``progress=False`` leaves out
    the progress markings (a layer without the ``progress`` column).
    """
    out: list[MarkingRow] = []
    groups: dict[Marking, list[str]] = {}
    for precision in vocab.precisions:
        marking = spec.precision_marking(precision)
        if marking.marking != "none":
            groups.setdefault(dataclasses.replace(marking, key=""), []).append(precision)
    for kind in ("halo", "marker_line"):
        for marking, values in groups.items():
            if marking.marking == kind:
                expression = f'"precision" IN ({_quoted(values)})'
                drawn = qs.Marking(expression, spec.precision_marking(values[0]))
                out.append((kind, tuple(values), (drawn,)))
    if progress:
        for key, marking in spec.progress.items():
            if marking.marking != "none":
                drawn = qs.Marking(f"\"progress\" = '{key}'", marking)
                out.append((marking.marking, (key,), (drawn,)))
    return tuple(out)


def _markings(frame: gpd.GeoDataFrame, spec: StyleSpec, vocab: Vocab) -> tuple[qs.Marking, ...]:
    """Return the symbol layers of :func:`marking_rows`, in drawing order."""
    rows = marking_rows(spec, vocab, progress="progress" in frame.columns)
    return tuple(m for _, _, drawn in rows for m in drawn)


def _field_configs(
    name: str, fields: Sequence[Field], vocab: Vocab, spec: StyleSpec
) -> tuple[qs.FieldConfig, ...]:
    """Aliases of every attribute field and value maps of the vocabulary fields."""
    configs = []
    for f in fields:
        if f.type == "geometry":
            continue
        values: tuple[tuple[str, str], ...] = ()
        if f.constraint and name in vocab.layers:
            vmap = value_map(f.constraint, vocab, layer=name)
            if f.constraint == "status":
                values = tuple((k, spec.status_label(k)) for k in vmap)
            else:
                values = tuple((k, clean_label(zh, en)) for k, (zh, en) in vmap.items())
        elif f.constraint == "mode":
            modes = value_map("mode", vocab)
            values = tuple((k, clean_label(zh, en)) for k, (zh, en) in modes.items())
        configs.append(qs.FieldConfig(name=f.name, alias=f.alias, values=values))
    return tuple(configs)


def layer_style(
    name: str,
    frame: gpd.GeoDataFrame,
    geometry: str,
    vocab: Vocab,
    spec: StyleSpec,
    fields: Sequence[Field],
) -> qs.LayerStyle:
    configs = _field_configs(name, fields, vocab, spec)
    if name in BASE_LAYERS:
        return base_style(name, frame, geometry, configs, vocab=vocab)
    return qs.LayerStyle(
        geometry=geometry,
        expression='"kind" || \'|\' || "status"',
        categories=_categories(name, frame, vocab, spec),
        width_mm={"Point": 0.4, "LineString": 0.8, "Polygon": 0.5}[geometry],
        label_priority={"Point": 6, "LineString": 4, "Polygon": 3}[geometry],
        label_max_scale=_PLAN_LABEL_SCALE,
        markings=_markings(frame, spec, vocab),
        casing=spec.casing,
        filled=geometry != "Polygon" or spec.polygon_fill(name) > 0,
        fill_alpha=spec.polygon_fill(name) if geometry == "Polygon" else 0.35,
        fields=configs,
        spec=spec,
    )
