"""The density rules, read from the vocabulary (``vocab.toml``), not from code.

* ``[status.X] density_tier``: the scenario a project of that status first counts
  in (``existing`` = already in the network, not added); ``density_widening =
  true``: the project widens an existing corridor and adds no route length.
* ``[layer.X] density``: the class every kind of the layer counts as (``"rail"``),
  or a table kind -> class (``{ expressway = "expressway", trunk_road = "trunk" }``);
  ``rail`` and ``expressway`` are the plan's two targets, any other class is a
  road class of its own (matched with the network's road classes), ``none`` is
  not counted. Layers without ``density`` are not part of the density.

A new kind of a layer with ``density = "rail"`` counts as rail; a new kind of a
layer with a table must be added to it (the vocabulary check says so), and a new
status needs its ``density_tier``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from geo.catalogue import DENSITY_TIERS, Vocab, load_vocab
from geo.errors import ParameterError

__all__ = ["DensityRules", "density_rules"]

NOT_COUNTED = "none"


@dataclass(frozen=True)
class DensityRules:
    """Status tiers, widening statuses and kind classes of one vocabulary."""

    tiers: Mapping[str, int | None]
    """Status -> index into :data:`geo.density.scenarios.TIERS` of its tier (``None``: existing)."""
    widening: frozenset[str]
    """Statuses that widen a corridor (add no route length)."""
    classes: Mapping[str, str]
    """Kind -> density class (``rail``, ``expressway`` or a road class)."""
    layers: tuple[str, ...]
    """Catalogue layers that take part in the density."""

    def tier(self, status: str, *, record: str) -> int | None:
        """Return the scenario index of a status, refusing one the vocabulary lacks."""
        if status not in self.tiers:
            raise ParameterError(
                f"catalogue record {record!r} has status={status!r}, which has no density tier; "
                f"add [status.{status}] with density_tier = one of {', '.join(DENSITY_TIERS)} "
                "to vocab.toml, or use one of " + ", ".join(self.tiers)
            )
        return self.tiers[status]

    def mode_class(self, kind: str) -> tuple[str, str]:
        """Return ``(mode, class)`` of a catalogue kind; ``("", "")`` when it is not counted."""
        cls = "rail" if kind == "rail" else self.classes.get(kind, "")
        if cls in ("", NOT_COUNTED):
            return "", ""
        return (cls if cls in ("rail", "expressway") else "road"), cls


def _rules(vocab: Vocab) -> DensityRules:
    tiers: dict[str, int | None] = {}
    widening = set()
    for status, spec in vocab.statuses.items():
        tier = spec.get("density_tier")
        if tier not in DENSITY_TIERS:
            raise ParameterError(
                f"vocab status {status!r} has density_tier={tier!r}; add density_tier = one of "
                f"{', '.join(DENSITY_TIERS)} to [status.{status}] in vocab.toml"
            )
        tiers[status] = None if tier == "existing" else DENSITY_TIERS.index(str(tier)) - 1
        if spec.get("density_widening") is True:
            widening.add(status)
    classes: dict[str, str] = {}
    layers = []
    for name, ldef in vocab.layers.items():
        if ldef.density is None:
            continue
        layers.append(name)
        for kind in ldef.kinds:
            cls = ldef.density if isinstance(ldef.density, str) else ldef.density[kind]
            if kind in classes and classes[kind] != cls:
                raise ParameterError(
                    f"kind {kind!r} is counted as {classes[kind]!r} and as {cls!r} "
                    f"(layer {name!r}); give kinds of density layers distinct names"
                )
            classes[kind] = cls
    return DensityRules(
        tiers=tiers, widening=frozenset(widening), classes=classes, layers=tuple(layers)
    )


@cache
def _default() -> DensityRules:
    return _rules(load_vocab())


def density_rules(vocab: Vocab | None = None) -> DensityRules:
    """Return the density rules of ``vocab`` (default: the embedded ``vocab.toml``)."""
    return _default() if vocab is None else _rules(vocab)
