"""Mutation check of the catalogue's validation rules.

Applies, one at a time, the hand-made mutations listed in
``tools/mutations/validation.toml`` to the catalogue loader
(``geo/catalogue/*.py``, the strict reader ``geo/_strict.py`` and its
``strict_choice`` call sites in ``geo/style/_read.py``): each disables one rule,
loosens one limit or comparison, or drops the file, record or field from the
error, in a scratch copy of the repository; runs the test file that mirrors the
mutated module (``tests/test_catalogue_<module>.py``, ``tests/test_strict.py``,
``tests/test_style.py``) and reports whether a test failed ("killed") or not
("SURVIVED"). The unmutated copy must pass first. The rules are listed in
``docs/catalogue.md`` ("Validation rules").

    .venv/bin/python tools/mutate_validation.py              # every mutation
    .venv/bin/python tools/mutate_validation.py -k _record   # one module's
    .venv/bin/python tools/mutate_validation.py -k opacity   # names containing "opacity"

Exit status 0 when every mutant is killed, 1 otherwise.

Not listed: the "give 'realised_by' or 'along', not both" rule of ``_record.py``
(unreachable: each of the two needs its own precision, so a record with both
is refused for its precision first), and the refusal of a boolean
``target_year`` or ``progress_year`` (``true`` is 1, which the range 2000..2100
refuses anyway: removing it changes nothing).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _mutation import script

if __name__ == "__main__":
    sys.exit(script("validation", doc=__doc__, what="catalogue loader"))
