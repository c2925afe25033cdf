"""Read the gazetteer CSV: named places, converted from GCJ-02 or BD-09 to WGS84 at the door."""

from __future__ import annotations

from pathlib import Path

from geo._paths import GAZETTEER
from geo._strict import read_csv, strict_choice, strict_float
from geo.catalogue._types import ID_RE, Place
from geo.chinadatum import DATUMS, to_wgs84
from geo.errors import CatalogueError

__all__ = ["CHINA_LAT", "CHINA_LON", "GAZETTEER_COLUMNS", "MAX_ACCURACY_M", "load_gazetteer"]

# Mainland China, generously: anything outside is a typo or swapped lon/lat.
CHINA_LON = (73.0, 135.5)
CHINA_LAT = (18.0, 53.6)
MAX_ACCURACY_M = 100_000
"""The largest position uncertainty a place may state, in metres."""
GAZETTEER_COLUMNS = (
    "id",
    "name_zh",
    "name_en",
    "kind",
    "lon",
    "lat",
    "datum",
    "accuracy_m",
    "source",
)


def _datum_key(text: str) -> str:
    """``" gcj-02"`` -> ``"GCJ02"``: a datum as :data:`geo.chinadatum.DATUMS` spells it."""
    return text.strip().upper().replace("-", "")


def load_gazetteer(path: Path | None = None) -> dict[str, Place]:
    """Load the gazetteer, converting GCJ-02 and BD-09 coordinates to WGS84.

    Parameters
    ----------
    path : Path, optional
        A gazetteer CSV; default ``geo/data/gazetteer.csv``.

    Returns
    -------
    dict of str to Place
        Keyed by place id, in file order.

    Raises
    ------
    CatalogueError
        On a missing column or value, a duplicate id, an unknown datum, or
        coordinates outside China.
    """
    path = Path(path) if path is not None else GAZETTEER
    rows = read_csv(path, GAZETTEER_COLUMNS)
    places: dict[str, Place] = {}
    for line, row in enumerate(rows, start=2):
        pid = (row.get("id") or "").strip()
        record = pid or f"line {line}"
        for col in GAZETTEER_COLUMNS:
            if row.get(col) is None or not str(row[col]).strip():
                raise CatalogueError(
                    f"empty value on line {line}; fill it in", file=path, record=record, field=col
                )
        if not ID_RE.match(pid):
            raise CatalogueError(
                f"id {pid!r} must match [a-z0-9_]+", file=path, record=record, field="id"
            )
        if pid in places:
            raise CatalogueError(
                f"duplicate id {pid!r} (line {line}); ids must be unique",
                file=path,
                record=record,
                field="id",
            )
        datum = strict_choice(
            row["datum"],
            DATUMS,
            file=path,
            record=record,
            field="datum",
            what="a known datum (case and '-' do not matter)",
            fold=_datum_key,
        )
        lon = strict_float(row["lon"], file=path, record=record, field="lon")
        lat = strict_float(row["lat"], file=path, record=record, field="lat")
        for name, value, (low, high) in (("lon", lon, CHINA_LON), ("lat", lat, CHINA_LAT)):
            if not low <= value <= high:
                raise CatalogueError(
                    f"{name}={value!r} is outside China ({low}..{high}); check for swapped "
                    "lon/lat or a typo",
                    file=path,
                    record=record,
                    field=name,
                )
        accuracy = strict_float(row["accuracy_m"], file=path, record=record, field="accuracy_m")
        if not 0 < accuracy <= MAX_ACCURACY_M:
            raise CatalogueError(
                f"accuracy_m={accuracy!r}; give the position's uncertainty in metres, "
                f"more than 0 and at most {MAX_ACCURACY_M}",
                file=path,
                record=record,
                field="accuracy_m",
            )
        w_lon, w_lat = to_wgs84(lon, lat, datum=datum)
        places[pid] = Place(
            id=pid,
            name_zh=row["name_zh"].strip(),
            name_en=row["name_en"].strip(),
            kind=row["kind"].strip(),
            lon=float(w_lon),
            lat=float(w_lat),
            datum=datum,
            accuracy_m=accuracy,
            source=row["source"].strip(),
        )
    return places
