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
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo._publish._destination import Destination, check_destination
from geo._publish._links import link_folder, switch
from geo._publish._store import (
    carry,
    check_space,
    clean,
    link_target,
    locked,
    read_manifest,
    rmtree,
    write_manifest,
)

__all__ = ["Destination", "Published", "check_destination", "publish", "read_manifest"]


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
    with locked(store, wait=wait):
        clean(store)
        for path in (dest.data_dir, dest.maps_dir):
            with contextlib.suppress(FileNotFoundError):
                (path.parent / f".{path.name}.link-{os.getpid()}").unlink()
        check_space(store)
        staging = store / f"staging-{os.getpid()}-{os.urandom(4).hex()}"
        staging.mkdir()
        try:
            (staging / "maps").mkdir()
            current = store / "current"
            if carry_data and (current / "data").is_dir():
                carry(current / "data", staging / "data")
            else:
                (staging / "data").mkdir()
            write(staging / "data", staging / "maps")
            version = f"v-{write_manifest(staging)}"
            changed = link_target(current) != version
            if changed:
                if (store / version).exists():
                    rmtree(store / version)
                staging.rename(store / version)
            else:
                rmtree(staging)
            for path, part in ((dest.data_dir, "data"), (dest.maps_dir, "maps")):
                link_folder(path, store, part)
            if changed:
                switch(store, version)
        except BaseException:
            with contextlib.suppress(OSError):
                rmtree(staging)
            raise
        clean(store)
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
