"""Turn any exception into the one line the command line prints.

The project's own errors already name the file, record and field; input/output,
GDAL (pyogrio), GEOS (shapely) and PROJ (pyproj) errors are named as such, with
the file where there is one. Long values are cut and line breaks folded, so a
message stays one readable line whatever the input holds.
"""

from __future__ import annotations

import errno
import re

from geo.errors import InfraMapError

__all__ = ["MAX_LINE", "MAX_VALUE", "error_line", "shorten"]

MAX_VALUE = 160
"""Quoted values longer than this many characters are cut (keeping their start and end)."""
MAX_LINE = 600
"""No message is longer than this many characters."""

_BODY = f"{{{MAX_VALUE},}}"  # a regex repetition: at least MAX_VALUE characters
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)" + _BODY + r"'|\"(?:[^\"\\\n]|\\.)" + _BODY + r'"')


def _cut(match: re.Match[str]) -> str:
    text = match.group(0)
    quote, body = text[0], text[1:-1]
    return f"{quote}{body[:60]}…{body[-40:]}{quote} ({len(body)} characters)"


def shorten(message: str) -> str:
    """Fold line breaks, cut long quoted values and cap the length of a message."""
    line = " ".join(message.split())
    line = _QUOTED.sub(_cut, line)
    if len(line) > MAX_LINE:
        line = f"{line[: MAX_LINE - 30]}… ({len(line)} characters)"
    return line


def _os_error(exc: OSError) -> str:
    name = f" {exc.filename!r}" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"disk full while writing{name}; free some space and build again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"permission denied on{name} ({exc.strerror}); make it writable or choose "
            "another folder"
        )
    if exc.errno == errno.ENOENT:
        return f"no such file or folder{name}; check the path"
    return f"{exc.strerror or type(exc).__name__}{name}"


def _family(exc: BaseException) -> str | None:
    module = type(exc).__module__ or ""
    for prefix, what in (("pyogrio", "GDAL"), ("shapely", "GEOS"), ("pyproj", "PROJ")):
        if module.startswith(prefix):
            return what
    return None


def error_line(exc: BaseException) -> str:
    """Return one line describing ``exc`` for the command line (without the program name).

    Parameters
    ----------
    exc : BaseException
        Any exception that reached the command line.

    Returns
    -------
    str
        One line, at most :data:`MAX_LINE` characters.
    """
    if isinstance(exc, InfraMapError):
        text = str(exc)
    elif isinstance(exc, OSError) and exc.errno is not None:
        text = _os_error(exc)
    elif (family := _family(exc)) is not None:
        text = f"{family} error ({type(exc).__name__}: {exc}); check the input files"
    elif isinstance(exc, UnicodeError):
        text = f"text that is not UTF-8 ({exc}); save the input files as UTF-8"
    elif isinstance(exc, MemoryError | RecursionError):
        text = f"input too large or too deeply nested ({type(exc).__name__}); check the input files"
    else:
        text = (
            f"internal error ({type(exc).__name__}: {exc}); this is a bug: rerun with -v "
            "for the traceback and report it"
        )
    return shorten(text)
