"""Strict reading of the catalogue's files: TOML, CSV, numbers, choices and colours.

An empty file, a UTF-8 byte-order mark, a file that is not UTF-8, a number
written with ``_`` or non-ASCII digits and a value that is not one of its
choices are each reported as such, naming the file (and the record and field
where there is one).
"""

from __future__ import annotations

import csv
import io
import math
import re
import tomllib
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeGuard

from geo.errors import CatalogueError

__all__ = ["is_rrggbb", "read_csv", "read_text", "read_toml", "strict_choice", "strict_float"]

_BOM = b"\xef\xbb\xbf"
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)
_RRGGBB_RE = re.compile(r"#[0-9a-fA-F]{6}")


def is_rrggbb(value: object) -> TypeGuard[str]:
    """Return whether ``value`` is a ``#rrggbb`` colour, the one form the catalogue takes.

    >>> is_rrggbb("#c0392b"), is_rrggbb("#c03"), is_rrggbb("red")
    (True, False, False)
    """
    return isinstance(value, str) and _RRGGBB_RE.fullmatch(value) is not None


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, refusing a missing, empty, BOM-marked or non-UTF-8 one."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogueError("file not found; check the path", file=path) from exc
    except IsADirectoryError as exc:
        raise CatalogueError("is a folder, not a file; check the path", file=path) from exc
    except OSError as exc:
        raise CatalogueError(f"cannot read the file ({exc.strerror})", file=path) from exc
    if raw.startswith(_BOM):
        raise CatalogueError(
            "starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM", file=path
        )
    if not raw.strip():
        raise CatalogueError("the file is empty; restore its content", file=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError(
            f"not UTF-8 (byte {exc.start}); save the file as UTF-8", file=path
        ) from exc
    if not raw.endswith(b"\n"):
        raise CatalogueError(
            "does not end with a line break: it may be truncated; if it is complete, "
            "end it with a newline",
            file=path,
        )
    return text


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, with :func:`read_text`'s checks and one-line syntax errors."""
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"malformed TOML ({exc}); fix the syntax", file=path) from exc


def read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Read a CSV file with a header holding ``columns``; refuse one without rows."""
    text = read_text(path)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = list(reader.fieldnames or [])
        rows = list(reader)
    except csv.Error as exc:
        raise CatalogueError(f"unreadable CSV ({exc}); fix the quoting", file=path) from exc
    missing = [c for c in columns if c not in header]
    if missing:
        raise CatalogueError(
            f"missing columns {missing!r}; the header must hold {', '.join(columns)}",
            file=path,
            field=missing[0],
        )
    if not rows:
        raise CatalogueError("the header has no rows below it; add the places", file=path)
    for line, row in enumerate(rows, start=2):
        if None in row:
            raise CatalogueError(
                f"line {line} has more values than the header has columns; check the commas",
                file=path,
                record=f"line {line}",
            )
    return rows


def strict_float(value: object, *, file: Path, record: str, field: str) -> float:
    """Parse a number written with ASCII digits only (no ``_``, no full-width digits)."""
    text = str(value).strip() if value is not None else ""
    if not _NUMBER_RE.match(text):
        hint = "write it with ASCII digits and a point, e.g. 117.25"
        folded = unicodedata.normalize("NFKC", text)
        if folded != text and _NUMBER_RE.match(folded):
            hint = f"it holds full-width or non-ASCII digits; write it as {folded}"
        elif "_" in text:
            hint = "remove the '_'"
        raise CatalogueError(
            f"expected a number, got {text!r}; {hint}", file=file, record=record, field=field
        )
    number = float(text)
    if not math.isfinite(number):
        raise CatalogueError(
            f"expected a finite number, got {text!r}", file=file, record=record, field=field
        )
    return number


def strict_choice(
    value: object,
    choices: Collection[str],
    *,
    file: str | Path,
    record: str | None,
    field: str | None,
    what: str = "known",
    fold: Callable[[str], str] | None = None,
) -> str:
    """Return ``value`` if it is one of ``choices``; refuse anything else.

    Parameters
    ----------
    value : object
        As read; only a string can be a choice.
    choices : collection of str
        The allowed values, in the order the message lists them.
    file, record, field
        Where the value stands, for the message.
    what : str
        Completes "``'value'`` is not ...": ``"known"``, ``"a point fill"``,
        ``"a marking here"``.
    fold : callable, optional
        Applied to a string before it is compared (for values whose case or
        spelling does not matter); the message shows the value as written.

    Returns
    -------
    str
        The value (folded, with ``fold``).

    Raises
    ------
    CatalogueError
        ``"'value' is not <what>; use one of <choices>"``, naming file, record and field.
    """
    chosen = fold(value) if fold is not None and isinstance(value, str) else value
    if not isinstance(chosen, str) or chosen not in choices:
        raise CatalogueError(
            f"{value!r} is not {what}; use one of {', '.join(choices)}",
            file=file,
            record=record,
            field=field,
        )
    return chosen
