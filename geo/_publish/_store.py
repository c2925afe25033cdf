"""The store of published versions: its lock, free space, manifests, cleaning and copies."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from geo.errors import BuildError

__all__ = [
    "FREE_FACTOR",
    "MANIFEST",
    "MIN_FREE_BYTES",
    "carry",
    "check_space",
    "clean",
    "link_target",
    "locked",
    "read_manifest",
    "rmtree",
    "write_manifest",
]

logger = logging.getLogger(__name__)

MANIFEST = "MANIFEST.json"
MIN_FREE_BYTES = 16 * 2**20
"""Free space needed for the first build (about 1 MB of data and 3 MB of maps today)."""
FREE_FACTOR = 2.0
"""Free space needed for later builds, as a multiple of the published set's size."""


@contextlib.contextmanager
def locked(store: Path, *, wait: float) -> Iterator[None]:
    """Hold the store's ``lock`` (flock(2)) for the block; wait up to ``wait`` seconds."""
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


def rmtree(path: Path) -> None:
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


def link_target(link: Path) -> str | None:
    """Return what the symbolic link ``link`` points at; ``None`` if it is not a link."""
    try:
        return os.readlink(link)
    except OSError:
        return None


def clean(store: Path) -> None:
    """Remove staging folders and versions that neither ``current`` nor ``previous`` names."""
    keep = {link_target(store / "current"), link_target(store / "previous")}
    for entry in store.iterdir():
        stale = entry.name.startswith(("staging-", ".link-")) or (
            entry.name.startswith("v-") and entry.name not in keep
        )
        if stale:
            logger.info("removing stale %s", entry)
            try:
                rmtree(entry)
            except OSError as exc:
                logger.warning("could not remove stale %s (%s)", entry, exc)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def check_space(store: Path) -> None:
    """Refuse to build when the store's disk lacks room for about two published sets."""
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


def write_manifest(staging: Path) -> str:
    """Write ``MANIFEST.json`` (every file's sha256 and size); return its short hash."""
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


def carry(source: Path, target: Path) -> None:
    """Copy a folder by hard links (a copy where links are not possible)."""
    shutil.copytree(source, target, copy_function=_link_or_copy, dirs_exist_ok=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
