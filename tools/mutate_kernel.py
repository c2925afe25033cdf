"""Mutation check of the per-area length kernel's boundary handling.

Applies, one at a time, the hand-made mutations of ``tools/mutations/kernel.toml``
to the kernel's modules (``geo/density/_grid.py``, ``_edges.py``, ``_exact.py``,
``_parity.py``, ``_kernel.py``: removing a segment's block of cells, cutting
polygon edges too coarsely, dropping the crossing tolerance, counting an edge's
crossing twice, ...) in a scratch copy of the repository with the shared runner
(``tools/_mutation.py``), runs ``tests/test_density_kernel.py``
(``tests/test_density_parity.py`` for the parity rule's mutants) against each
mutant and reports whether a test failed ("killed") or not ("SURVIVED"). The
unmutated copy must pass first.

    .venv/bin/python tools/mutate_kernel.py            # every mutation
    .venv/bin/python tools/mutate_kernel.py -k block   # those whose name contains "block"

Exit status 0 when every mutant is killed, 1 otherwise. What is not mutated, and
why, is said at the top of the TOML file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _mutation import script

if __name__ == "__main__":
    sys.exit(script("kernel", doc=__doc__, what="kernel"))
