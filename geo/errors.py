"""The project's exceptions, all in one place.

Every error is a :class:`ValueError` or :class:`TypeError` subclass, so callers
can catch the standard types, and every message names the offending parameter,
file, record or field, shows the bad value with ``!r`` and says how to fix it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BuildError",
    "CRSError",
    "CatalogueError",
    "InfraMapError",
    "InputFileError",
    "NetworkSourceError",
    "ParameterError",
]


class InfraMapError(Exception):
    """Base class of every error raised on purpose by this project."""


class ParameterError(InfraMapError, ValueError):
    """A function was called with a bad parameter value."""


class CRSError(InfraMapError, ValueError):
    """Data has no coordinate reference system, or the wrong one."""


class InputFileError(InfraMapError, ValueError):
    """An input file is missing, unreadable or malformed."""


class NetworkSourceError(InfraMapError, ValueError):
    """An existing-network source could not be read or is unusable."""


class CatalogueError(InfraMapError, ValueError):
    """A catalogue or gazetteer record is invalid.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it.
    file : str or Path, optional
        The file holding the record.
    record : str, optional
        The record's id (or its position, when it has no id).
    field : str, optional
        The offending field.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.record = record
        self.field = field
        where = []
        if self.file is not None:
            where.append(f"file {self.file!r}")
        if record is not None:
            where.append(f"record {record!r}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class BuildError(InfraMapError, ValueError):
    """A build cannot publish: destination not writable, disk full, or locked by another build."""
