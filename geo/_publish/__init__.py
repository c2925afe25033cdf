"""Publish a build's outputs as one set: versioned folders and one atomic switch.

Layout, for outputs ``<parent>/data`` and ``<maps parent>/maps``::

    <parent>/.infra-map-data/            the store (one per data folder)
        lock                             flock(2)-ed by the build that publishes
        v-<hash>/data/, v-<hash>/maps/   a complete published set, named by the
        v-<hash>/MANIFEST.json           sha256 of its manifest (every file's hash)
        current -> v-<hash>              the published set
        previous -> v-<hash>             the set before it (kept one build longer)
        staging-<pid>-<random>/          a build being written (removed on failure,
                                         and by the next build after a kill)
    <parent>/data -> .infra-map-data/current/data
    <maps parent>/maps -> <relative path>/.infra-map-data/current/maps

``data`` and ``maps`` are links made once; every build then changes only
``current``, with one ``rename(2)`` of a symbolic link, so every path lookup
through ``data`` or ``maps`` sees either the whole old set or the whole new one.
A reader that opens several files while a build publishes can get some from
each set; one that resolves ``current`` once (:func:`os.path.realpath`) reads one
set, which stays on disk until the build after next.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.errors import BuildError

__all__ = ["Destination", "Published", "check_destination", "publish", "read_manifest"]

logger = logging.getLogger(__name__)

MANIFEST = "MANIFEST.json"
MIN_FREE_BYTES = 16 * 2**20
"""Free space needed for the first build (about 1 MB of data and 3 MB of maps today)."""
FREE_FACTOR = 2.0
"""Free space needed for later builds, as a multiple of the published set's size."""


@dataclass(frozen=True)
class Destination:
    """Where a build publishes: the two user-visible folders and the store."""

    data_dir: Path
    maps_dir: Path

    @property
    def store(self) -> Path:
        """The folder holding the versions, the lock and the ``current`` link."""
        return self.data_dir.parent / f".infra-map-{self.data_dir.name}"


@dataclass(frozen=True)
class Published:
    """What :func:`publish` did."""

    version: Path
    """The published version folder (``<store>/v-<hash>``)."""
    changed: bool
    """False when the new set is byte-identical to the one already published."""
    files: tuple[Path, ...]
    """Every published file, as the user sees it (under ``data_dir`` or ``maps_dir``)."""
    data_dir: Path
    """The published data folder (absolute)."""
    maps_dir: Path
    """The published maps folder (absolute)."""


def _absolute(path: Path) -> Path:
    """Absolute path with the parent's links resolved, the last part kept as given."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def _existing_ancestor(path: Path) -> Path:
    while not path.exists():
        path = path.parent
    return path


def check_destination(data_dir: Path, maps_dir: Path) -> Destination:
    """Check that a build could publish into ``data_dir`` and ``maps_dir``; write nothing.

    Raises
    ------
    BuildError
        When the folders coincide or nest, or a folder that must be written is
        not writable.
    """
    data, maps = _absolute(Path(data_dir)), _absolute(Path(maps_dir))
    if data == maps or data in maps.parents or maps in data.parents:
        raise BuildError(
            f"--data-dir {str(data)!r} and --maps-dir {str(maps)!r} must be two separate "
            "folders, neither inside the other; choose other folders"
        )
    for folder in {data.parent, maps.parent}:
        if folder.exists() and not folder.is_dir():
            raise BuildError(f"{str(folder)!r} is not a folder; choose another output folder")
        here = _existing_ancestor(folder)
        if not os.access(here, os.W_OK | os.X_OK):
            raise BuildError(
                f"cannot write in {str(here)!r} (permission denied); make it writable "
                "or choose other --data-dir/--maps-dir"
            )
    dest = Destination(data, maps)
    if dest.store.exists() and not os.access(dest.store, os.W_OK | os.X_OK):
        raise BuildError(
            f"cannot write in {str(dest.store)!r} (permission denied); make it writable"
        )
    return dest


# ---------------------------------------------------------------- lock


@contextlib.contextmanager
def _locked(store: Path, *, wait: float) -> Iterator[None]:
    lock = store / "lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildError(
                        f"another infra-map build is publishing into {str(store.parent)!r} "
                        f"(it holds {str(lock)!r}); wait for it to finish, or pass "
                        "--wait SECONDS to wait for it"
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # releases the lock


# ---------------------------------------------------------------- versions


def _rmtree(path: Path) -> None:
    """Remove a folder even when a reader made parts of it read-only."""

    def make_writable(func: Callable[..., object], name: str, _exc: object) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(name), 0o755)
            os.chmod(name, 0o755 if os.path.isdir(name) else 0o644)
        with contextlib.suppress(FileNotFoundError):
            func(name)

    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, onerror=make_writable)


def _target(link: Path) -> str | None:
    try:
        return os.readlink(link)
    except OSError:
        return None


def _clean(store: Path) -> None:
    """Remove staging folders and versions that neither ``current`` nor ``previous`` names."""
    keep = {_target(store / "current"), _target(store / "previous")}
    for entry in store.iterdir():
        stale = entry.name.startswith(("staging-", ".link-")) or (
            entry.name.startswith("v-") and entry.name not in keep
        )
        if stale:
            logger.info("removing stale %s", entry)
            try:
                _rmtree(entry)
            except OSError as exc:
                logger.warning("could not remove stale %s (%s)", entry, exc)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _check_space(store: Path) -> None:
    current = store / "current"
    need = max(MIN_FREE_BYTES, int(FREE_FACTOR * _size(current)) if current.exists() else 0)
    free = shutil.disk_usage(store).free
    if free < need:
        raise BuildError(
            f"not enough free space in {str(store)!r}: a build needs about {need / 2**20:.0f} MB, "
            f"{free / 2**20:.0f} MB are free; free some space or choose another --data-dir"
        )


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_manifest(staging: Path) -> str:
    files = {
        p.relative_to(staging).as_posix(): {"sha256": _hash_file(p), "bytes": p.stat().st_size}
        for p in sorted(staging.rglob("*"))
        if p.is_file()
    }
    doc = json.dumps({"files": files}, indent=1, sort_keys=True).encode()
    (staging / MANIFEST).write_bytes(doc)
    return hashlib.sha256(doc).hexdigest()[:16]


def read_manifest(version: Path) -> dict[str, str]:
    """Return ``{relative path: sha256}`` of a published version folder."""
    doc = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    return {name: meta["sha256"] for name, meta in doc["files"].items()}


def _carry(source: Path, target: Path) -> None:
    """Copy a folder by hard links (a copy where links are not possible)."""
    shutil.copytree(source, target, copy_function=_link_or_copy, dirs_exist_ok=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


# ---------------------------------------------------------------- links

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


def _link(path: Path, store: Path, part: str) -> None:
    """Make ``path`` a link to ``<store>/current/<part>``, moving a real folder aside."""
    want = os.path.relpath(store / "current" / part, path.parent)
    if _target(path) == want:
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


def _switch(store: Path, version: str) -> None:
    """Point ``previous`` at the published version and ``current`` at ``version``."""
    old = _target(store / "current")
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


# ---------------------------------------------------------------- publish


def publish(
    data_dir: Path,
    maps_dir: Path,
    write: Callable[[Path, Path], object],
    *,
    wait: float = 0.0,
    carry_data: bool = False,
) -> Published:
    """Write a new set of outputs in a staging folder, then publish it at once.

    Parameters
    ----------
    data_dir, maps_dir : Path
        The user-visible output folders (made links into the store).
    write : callable
        ``write(staged_data_dir, staged_maps_dir)`` writes every output.
    wait : float, default 0
        Seconds to wait for another build's lock before refusing.
    carry_data : bool, default False
        Start the staged data folder as a copy (hard links) of the published one:
        for commands that replace only the maps.

    Returns
    -------
    Published

    Raises
    ------
    BuildError
        Destination not writable, not enough space, or another build holds the lock.
        Whatever ``write`` raises is passed on; the published set is then unchanged
        and the staging folder removed.
    """
    dest = check_destination(data_dir, maps_dir)
    store = dest.store
    store.mkdir(parents=True, exist_ok=True)
    dest.maps_dir.parent.mkdir(parents=True, exist_ok=True)
    with _locked(store, wait=wait):
        _clean(store)
        for path in (dest.data_dir, dest.maps_dir):
            with contextlib.suppress(FileNotFoundError):
                (path.parent / f".{path.name}.link-{os.getpid()}").unlink()
        _check_space(store)
        staging = store / f"staging-{os.getpid()}-{os.urandom(4).hex()}"
        staging.mkdir()
        try:
            (staging / "maps").mkdir()
            current = store / "current"
            if carry_data and (current / "data").is_dir():
                _carry(current / "data", staging / "data")
            else:
                (staging / "data").mkdir()
            write(staging / "data", staging / "maps")
            version = f"v-{_write_manifest(staging)}"
            changed = _target(current) != version
            if changed:
                if (store / version).exists():
                    _rmtree(store / version)
                staging.rename(store / version)
            else:
                _rmtree(staging)
            for path, part in ((dest.data_dir, "data"), (dest.maps_dir, "maps")):
                _link(path, store, part)
            if changed:
                _switch(store, version)
        except BaseException:
            with contextlib.suppress(OSError):
                _rmtree(staging)
            raise
        _clean(store)
    published = store / version
    files = tuple(
        (dest.data_dir if part == "data" else dest.maps_dir) / rest
        for part, _, rest in (name.partition("/") for name in read_manifest(published))
    )
    return Published(
        version=published,
        changed=changed,
        files=files,
        data_dir=dest.data_dir,
        maps_dir=dest.maps_dir,
    )
