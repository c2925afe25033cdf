"""The links users see: ``data``/``maps`` into the store, and the atomic switch of ``current``."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import logging
import os
from pathlib import Path

from geo._publish._store import link_target
from geo.errors import BuildError

__all__ = ["link_folder", "switch"]

logger = logging.getLogger(__name__)

_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd = -100
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def link_folder(path: Path, store: Path, part: str) -> None:
    """Make ``path`` a link to ``<store>/current/<part>``, moving a real folder aside."""
    want = os.path.relpath(store / "current" / part, path.parent)
    if link_target(path) == want:
        return
    if path.is_dir() and not path.is_symlink() and any(path.iterdir()):
        n = 1
        while os.path.lexists(path.parent / f"{path.name}.replaced-{n}"):
            n += 1
        aside = path.parent / f"{path.name}.replaced-{n}"
        os.symlink(want, aside)
        if not _exchange(aside, path):  # not Linux: a moment with no folder at all
            aside.unlink()
            path.rename(aside)
            os.symlink(want, path)
        logger.warning(
            "moved the earlier outputs in %s to %s; builds now publish %s as a link",
            path,
            aside,
            path,
        )
        return
    if path.is_dir() and not path.is_symlink():
        path.rmdir()
    elif path.exists() and not path.is_symlink():
        raise BuildError(
            f"{str(path)!r} is a file, not an output folder; move it away or choose another folder"
        )
    tmp = path.parent / f".{path.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(want, tmp)
    os.replace(tmp, path)


def switch(store: Path, version: str) -> None:
    """Point ``previous`` at the published version and ``current`` at ``version``."""
    old = link_target(store / "current")
    for name, target in (("previous", old), ("current", version)):
        if target is None:
            continue
        tmp = store / f".link-{name}-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(target, tmp)
        os.replace(tmp, store / name)
    fd = os.open(store, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
