"""How the base layers are drawn: ``style.toml``'s ``[base.*]`` tables, for the map and QGIS.

The base layers are the context under the plan's layers (the boundaries, the
existing network, the orientation water). Both renderers take their colours,
widths, fills and dashes from here, so the map's reference layers and the QGIS
styles of the same layers look alike:

>>> from geo.style import load_base_style
>>> base = load_base_style()
>>> rail = base.drawing("existing_network", "rail")
>>> rail.colour, rail.weight_px, rail.overlay.colour, rail.overlay.dash_px()
('#6b6b6b', 2.6, '#ffffff', '4 4')
>>> round(rail.weight_mm, 3)                 # QGIS: px x [units] mm_per_px
0.676
>>> base.drawing("orientation_rivers", "an_unlisted_kind").weight_px   # drawn as its layer
1.8

``[base.<layer>]`` is the layer's drawing; ``[base.<layer>.<value>]`` overrides
any of its fields for the features whose category value is ``<value>``. Every
value is checked as it is read: an unknown field, a colour that is not
``#rrggbb`` or a number out of range is refused naming the file, the record
(``base.<layer>`` or ``base.<layer>.<value>``) and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo._strict import read_toml, strict_choice
from geo.errors import CatalogueError
from geo.style import _read
from geo.style._checks import colour, dash_array, number
from geo.style._model import _join  # the dash arrays' formatting, as for the plan's symbols

__all__ = ["BaseDrawing", "BaseOverlay", "BaseStyle", "Minimap", "load_base_style"]

_FIELDS = ("colour", "weight", "opacity", "dash", "fill", "fill_opacity", "overlay")
_OVERLAY_FIELDS = ("colour", "weight", "dash")
_MINIMAP_FIELDS = ("scale", "land", "view")


@dataclass(frozen=True, kw_only=True)
class _Line:
    """A line in both renderers: its colour, width and dash array."""

    colour: str
    """``#rrggbb`` of the line (a polygon's outline)."""
    weight_px: float
    """Line width, CSS pixels."""
    mm_per_px: float
    """``[units] mm_per_px``: QGIS millimetres per pixel."""
    dash: tuple[float, ...] = ()
    """Dash array in units of the line's width (``()`` = solid)."""

    @property
    def weight_mm(self) -> float:
        """Line width in QGIS millimetres (``weight_px`` x ``mm_per_px``)."""
        return self.weight_px * self.mm_per_px

    def dash_px(self) -> str:
        """Leaflet ``dashArray`` in pixels; ``""`` when solid."""
        return _join(self.dash, self.weight_px, " ")

    def dash_mm(self) -> str:
        """QGIS ``customdash`` in millimetres; ``""`` when solid."""
        return _join(self.dash, self.weight_mm, ";")


@dataclass(frozen=True, kw_only=True)
class BaseOverlay(_Line):
    """A thinner line drawn along the middle of a base line (a railway's white dashes).

    It is drawn at its line's opacity.
    """


@dataclass(frozen=True, kw_only=True)
class BaseDrawing(_Line):
    """How a base layer (or one category value of it) is drawn, in both renderers."""

    record: str
    """Where it is said: ``base.<layer>`` or ``base.<layer>.<value>``."""
    opacity: float = 1.0
    """Of the whole drawing, 0..1."""
    fill: str | None = None
    """Polygons: ``#rrggbb`` of the fill; ``None`` draws the outline alone."""
    fill_opacity: float = 0.0
    """Polygons: opacity of the fill, 0..1 (0 without a fill)."""
    overlay: BaseOverlay | None = None


@dataclass(frozen=True, kw_only=True)
class Minimap:
    """The map's overview (``[minimap]``, the map only).

    The boundaries and the water drawn as ``[base.*]`` says, each line ``scale`` times
    as wide and each fill opaque, on a ``land`` tint; ``view`` is the colour of the
    rectangle of the main map's view.
    """

    scale: float
    """Line widths of the overview over those of ``[base.*]``, 0.05..1."""
    land: str
    """``#rrggbb`` of the land (the boundary polygons' fill)."""
    view: str
    """``#rrggbb`` of the main map's view rectangle."""


@dataclass(frozen=True)
class BaseStyle:
    """Every ``[base.*]`` drawing of a ``style.toml``, and its ``[minimap]``."""

    path: Path
    """The file read."""
    mm_per_px: float
    layers: Mapping[str, BaseDrawing]
    """Base layer name -> its drawing, in the file's order."""
    values: Mapping[str, Mapping[str, BaseDrawing]]
    """Base layer name -> category value -> its drawing (the values with a table)."""
    minimap: Minimap

    def drawing(self, layer: str, value: str | None = None) -> BaseDrawing:
        """Return how ``layer`` (its features of category ``value``) is drawn.

        A ``value`` without a ``[base.<layer>.<value>]`` table is drawn as its layer.

        Raises
        ------
        CatalogueError
            When ``style.toml`` has no ``[base.<layer>]`` table.
        """
        if layer not in self.layers:
            raise CatalogueError(
                f"no drawing for base layer {layer!r}; add a [base.{layer}] table with its "
                f"colour and weight (tables now: {', '.join(self.layers)})",
                file=self.path,
                record=f"base.{layer}",
            )
        if value is not None and value in self.values[layer]:
            return self.values[layer][value]
        return self.layers[layer]


def _overlay(value: object, mm_per_px: float, *, path: Path, record: str) -> BaseOverlay:
    if not isinstance(value, Mapping):
        raise CatalogueError(
            f'{value!r} is not a table; write overlay = {{ colour = "#ffffff", weight = 1.0, '
            "dash = [4, 4] }",
            file=path,
            record=record,
            field="overlay",
        )
    where = f"{record}.overlay"
    for key in value:
        strict_choice(
            key, _OVERLAY_FIELDS, file=path, record=where, field=key, what="a field of an overlay"
        )
    if "colour" not in value:
        raise CatalogueError(
            'no colour; write colour = "#ffffff"', file=path, record=where, field="colour"
        )
    return BaseOverlay(
        colour=colour(value["colour"], path=path, record=where, field="colour"),
        weight_px=number(value, "weight", None, path=path, record=where, lo=0.1),
        dash=dash_array(value.get("dash", []), path=path, record=where, field="dash"),
        mm_per_px=mm_per_px,
    )


def _drawing(spec: Mapping[str, Any], mm_per_px: float, *, path: Path, record: str) -> BaseDrawing:
    """Return the drawing ``spec`` says (its fields merged over its layer's), checked."""
    for key in ("colour", "weight"):
        if key not in spec:
            raise CatalogueError(
                f"no {key}; a base layer says its colour (#rrggbb) and weight (px)",
                file=path,
                record=record,
                field=key,
            )
    fill = spec.get("fill")
    if "fill_opacity" in spec and fill is None:
        raise CatalogueError(
            'fill_opacity without a fill; add fill = "#rrggbb" or remove fill_opacity',
            file=path,
            record=record,
            field="fill_opacity",
        )
    overlay = spec.get("overlay")
    return BaseDrawing(
        record=record,
        colour=colour(spec["colour"], path=path, record=record, field="colour"),
        weight_px=number(spec, "weight", None, path=path, record=record, lo=0.1),
        mm_per_px=mm_per_px,
        opacity=number(spec, "opacity", 1.0, path=path, record=record, hi=1.0),
        dash=dash_array(spec.get("dash", []), path=path, record=record, field="dash"),
        fill=None if fill is None else colour(fill, path=path, record=record, field="fill"),
        fill_opacity=number(
            spec, "fill_opacity", 0.0 if fill is None else 1.0, path=path, record=record, hi=1.0
        ),
        overlay=None if overlay is None else _overlay(overlay, mm_per_px, path=path, record=record),
    )


def _minimap(doc: Mapping[str, Any], *, path: Path) -> Minimap:
    """Return ``[minimap]``, checked: every field known, given and in range."""
    table = doc.get("minimap")
    if not isinstance(table, Mapping):
        raise CatalogueError(
            'no [minimap] table; write [minimap] with scale = 0.4, land = "#e9e5dc" and '
            'view = "#c0392b"',
            file=path,
            record="minimap",
        )
    for key in table:
        strict_choice(
            key,
            _MINIMAP_FIELDS,
            file=path,
            record="minimap",
            field=key,
            what="a field of [minimap]",
        )
    colours = {}
    for key in ("land", "view"):
        if key not in table:
            raise CatalogueError(
                f'no {key}; write {key} = "#rrggbb"', file=path, record="minimap", field=key
            )
        colours[key] = colour(table[key], path=path, record="minimap", field=key)
    scale = number(table, "scale", None, path=path, record="minimap", lo=0.05, hi=1.0)
    return Minimap(scale=scale, **colours)


def _fields(table: Mapping[str, Any], *, path: Path, record: str) -> dict[str, Any]:
    """Return the drawing fields of ``table``; refuse unknown ones (its sub-tables are values)."""
    fields = {}
    for key, value in table.items():
        if isinstance(value, Mapping) and key != "overlay":
            continue
        strict_choice(
            key, _FIELDS, file=path, record=record, field=key, what="a field of a base drawing"
        )
        fields[key] = value
    return fields


def load_base_style(path: str | Path | None = None) -> BaseStyle:
    """Read the ``[base.*]`` tables of ``style.toml``: how each base layer is drawn.

    Parameters
    ----------
    path : path-like, optional
        A ``style.toml``; default :data:`geo.style.STYLE_PATH`. Pass a vocabulary's
        :attr:`~geo.catalogue.Vocab.style_path` to read the file
        :func:`geo.style.load_style` reads for it.

    Returns
    -------
    BaseStyle

    Raises
    ------
    CatalogueError
        Naming the file, the record (``base.<layer>[.<value>]`` or ``minimap``) and
        the field: no ``[base]`` or ``[minimap]`` table, an unknown field, a missing
        colour or weight, a colour that is not ``#rrggbb``, a number out of range or
        a bad dash array.
    """
    path = Path(path) if path is not None else _read.STYLE_PATH
    doc = read_toml(path)
    mm_per_px = number(doc.get("units", {}), "mm_per_px", 0.26, path=path, record="units", lo=0.01)
    tables = doc.get("base")
    if not isinstance(tables, Mapping) or not tables:
        raise CatalogueError(
            "no [base.<layer>] tables; say how each base layer is drawn (colour, weight)",
            file=path,
            record="base",
        )
    layers: dict[str, BaseDrawing] = {}
    values: dict[str, dict[str, BaseDrawing]] = {}
    for layer, table in tables.items():
        record = f"base.{layer}"
        if not isinstance(table, Mapping):
            raise CatalogueError(
                f"{table!r} is not a table; write [base.{layer}] with colour and weight",
                file=path,
                record=record,
            )
        own = _fields(table, path=path, record=record)
        layers[layer] = _drawing(own, mm_per_px, path=path, record=record)
        values[layer] = {}
        for value, sub in table.items():
            if not isinstance(sub, Mapping) or value == "overlay":
                continue
            where = f"{record}.{value}"
            for key, item in sub.items():
                if isinstance(item, Mapping) and key != "overlay":
                    raise CatalogueError(
                        f"[{where}.{key}] nests too deep; a value's table holds fields only",
                        file=path,
                        record=where,
                        field=key,
                    )
            merged = {**own, **_fields(sub, path=path, record=where)}
            values[layer][str(value)] = _drawing(merged, mm_per_px, path=path, record=where)
    minimap = _minimap(doc, path=path)
    return BaseStyle(path=path, mm_per_px=mm_per_px, layers=layers, values=values, minimap=minimap)
