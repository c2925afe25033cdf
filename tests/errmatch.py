"""The start of a :class:`~geo.errors.CatalogueError` message, as a regular expression.

Every refusal of catalogue input names the file, the record and the field
(``file '.../transport.toml', record 'rail_x', field 'via': ...``); tests build
their ``match=`` with :func:`where` so each asserts all three, or expect the
refusal with :func:`refused`, which also checks the error's ``record`` and
``field`` attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from geo.errors import CatalogueError

__all__ = ["refused", "where"]


def where(file: str, record: str | None = None, field: str | None = None) -> str:
    """Regex matching the message prefix naming ``file`` (its last part), ``record``, ``field``."""
    parts = [f"file '[^']*{re.escape(file)}'"]
    if record is not None:
        parts.append(f"record {re.escape(repr(record))}")
    if field is not None:
        parts.append(f"field {re.escape(repr(field))}")
    return "^" + ", ".join(parts) + ": "


@contextmanager
def refused(
    file: str, record: str | None, field: str | None, message: str
) -> Iterator[pytest.ExceptionInfo[CatalogueError]]:
    """Expect a :class:`CatalogueError` naming ``file``, ``record`` and ``field``, then ``message``.

    ``message`` is a regular expression matched right after the prefix (start it
    with ``.*`` to match further on). The error's ``record`` and ``field``
    attributes must be ``record`` and ``field``; its ``file`` is left to the caller
    (the yielded ``ExceptionInfo``), as tests name it by its last part.
    """
    with pytest.raises(CatalogueError, match=where(file, record, field) + message) as info:
        yield info
    assert (info.value.record, info.value.field) == (record, field)
