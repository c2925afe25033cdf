"""Where a build publishes: the two output folders and their store, checked before writing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from geo.errors import BuildError

__all__ = ["Destination", "check_destination"]


@dataclass(frozen=True)
class Destination:
    """Where a build publishes: the two user-visible folders and the store."""

    data_dir: Path
    maps_dir: Path

    @property
    def store(self) -> Path:
        """The folder holding the versions, the lock and the ``current`` link."""
        return self.data_dir.parent / f".infra-map-{self.data_dir.name}"


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
