"""The catalogue's lines as density projects: role, first scenario and notes (private)."""

from __future__ import annotations

from collections.abc import Set
from typing import NotRequired, TypedDict

import geopandas as gpd
import pandas as pd

from geo.density._rules import DensityRules
from geo.density.scenarios import TIERS, TODAY

__all__ = ["ProjectRow", "project_rows"]


class ProjectRow(TypedDict):
    """One row of :attr:`geo.density.DensityResult.projects`."""

    id: str
    name_zh: str
    name_en: str
    mode: str
    road_class: str
    status: str
    target_year: int | None
    scenario: str
    role: str
    replaces: str
    realised_by: str
    length_in_area_km: NotRequired[float]
    new_route_km: NotRequired[float]


def project_rows(
    cat: gpd.GeoDataFrame, rules: DensityRules, *, net_ids: Set[str]
) -> tuple[list[ProjectRow], list[int | None], list[str]]:
    """Classify each catalogue line: ``existing``, ``realised``, ``widening`` or ``new``.

    Parameters
    ----------
    cat : GeoDataFrame
        Catalogue lines from ``geo.density._inputs.catalogue_frame``.
    rules : DensityRules
        The vocabulary's status tiers and widening statuses.
    net_ids : set of str
        Ids of the existing network's lines (``replaces``/``realised_by`` name them).

    Returns
    -------
    rows : list of ProjectRow
        One per line, in ``cat``'s order, without the lengths.
    steps : list of int or None
        The scenario tier a ``new`` line adds its route in; ``None`` for the others.
    notes : list of str
        Records naming network lines that ``net_ids`` does not hold.
    """
    notes: list[str] = []
    prows: list[ProjectRow] = []
    steps: list[int | None] = []
    for rec in cat.itertuples(index=False):
        ty = rec.target_year if not pd.isna(rec.target_year) else None
        tier = rules.tier(str(rec.status), record=str(rec.id))
        realised = [i.strip() for i in str(rec.realised_by).split(";") if i.strip()]
        widening = tier is not None and (rec.status in rules.widening or bool(rec.replaces))
        if tier is None:
            role = "existing"
        elif realised:
            role = "realised"
        else:
            role = "widening" if widening else "new"
        if rec.replaces and rec.replaces not in net_ids:
            notes.append(
                f"catalogue record {rec.id!r} replaces {rec.replaces!r}, which is not in the "
                "network; it adds 0 km all the same"
            )
        unknown = [i for i in realised if i not in net_ids]
        if unknown:
            notes.append(
                f"catalogue record {rec.id!r} is realised by {unknown!r}, which the network does "
                "not hold; it adds 0 km all the same"
            )
        steps.append(tier if role == "new" else None)
        prows.append(
            {
                "id": str(rec.id),
                "name_zh": rec.name_zh,
                "name_en": rec.name_en,
                "mode": rec.mode,
                "road_class": rec.cls,
                "status": str(rec.status),
                "target_year": None if ty is None else int(ty),
                "scenario": TODAY if role in ("existing", "realised") else TIERS[int(tier or 0)],
                "role": role,
                "replaces": rec.replaces,
                "realised_by": "; ".join(realised),
            }
        )
    return prows, steps, notes
