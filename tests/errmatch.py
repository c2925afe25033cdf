"""The start of a :class:`~geo.errors.CatalogueError` message, as a regular expression.

Every refusal of catalogue input names the file, the record and the field
(``file '.../transport.toml', record 'rail_x', field 'via': ...``); tests build
their ``match=`` with :func:`where` so each asserts all three.
"""

from __future__ import annotations

import re

__all__ = ["where"]


def where(file: str, record: str | None = None, field: str | None = None) -> str:
    """Regex matching the message prefix naming ``file`` (its last part), ``record``, ``field``."""
    parts = [f"file '[^']*{re.escape(file)}'"]
    if record is not None:
        parts.append(f"record {re.escape(repr(record))}")
    if field is not None:
        parts.append(f"field {re.escape(repr(field))}")
    return "^" + ", ".join(parts) + ": "
