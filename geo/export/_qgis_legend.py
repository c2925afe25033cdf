"""The QGIS project's legend of the precision and progress markings.

A plan layer's categories say kind and status; its halos, beads, core lines and
ticks are drawn only for the features whose ``precision`` or ``progress`` asks for
them, so QGIS' layer legend never shows them. The project therefore carries one
legend-only layer: an empty scratch (``memory``) line layer whose categories are
the markings of the shared spec (:mod:`geo.style`), each a grey sample line with
the marking drawn exactly as the plan layers draw it
(:func:`geo.export._layer_style.marking_rows`), labelled with the marking's meaning
(``style.toml`` ``[marking_legend.*]``) and the values it marks.
"""

from __future__ import annotations

import dataclasses

from geo.catalogue import Vocab
from geo.export import _qgis_style as qs
from geo.export._layer_style import marking_rows
from geo.style import StyleSpec

__all__ = [
    "LEGEND_DATASOURCE",
    "LEGEND_LAYER_ID",
    "LEGEND_TITLE",
    "legend_style",
]

LEGEND_LAYER_ID = "hefei_plan_legend"
"""Layer id of the legend layer in the project."""

LEGEND_TITLE = "图例：示意与进展标记 Legend: precision and progress markings"
"""Name of the legend layer in QGIS' layer panel."""

LEGEND_DATASOURCE = "LineString?crs=EPSG:4326&field=marking:string(40,0)"
"""The legend layer's ``memory`` provider URI: an empty line layer, nothing to load."""


def legend_style(spec: StyleSpec, vocab: Vocab) -> qs.LayerStyle:
    """Return the legend layer's style: one category per marking drawn by the plan layers.

    Parameters
    ----------
    spec : StyleSpec
        The shared style spec.
    vocab : Vocab
        The vocabularies (their precisions and progress values).

    Returns
    -------
    LayerStyle
        Categorized on ``"marking"``: values ``precision:halo``,
        ``precision:marker_line``, ``progress:<value>``, in drawing order; each
        category's symbol draws its marking (the first precision's sizes where
        the layers draw several halos) for every feature.
    """
    categories = []
    rows: dict[str, tuple[str, list[str], tuple[qs.Marking, ...]]] = {}
    for kind, values, drawn in marking_rows(spec, vocab):  # one row per precision marking kind
        field = "progress" if kind in ("underlay", "ticks") else "precision"
        value = f"progress:{values[0]}" if field == "progress" else f"precision:{kind}"
        rows.setdefault(value, (kind, [], drawn))[1].extend(values)
    for value, (kind, marked, drawn) in rows.items():
        field = value.split(":", 1)[0]
        label = f"{spec.marking_label(kind)} – {field} = {', '.join(marked)}"
        categories.append(
            qs.Category(
                value=value,
                label=label,
                colour=spec.legend_colour,
                width_mm=round(spec.legend_weight * spec.mm_per_px, 3),
                markings=tuple(dataclasses.replace(m, expression="") for m in drawn),
            )
        )
    return qs.LayerStyle(
        geometry="LineString",
        expression='"marking"',
        categories=tuple(categories),
        label_field=None,
        spec=spec,
    )
