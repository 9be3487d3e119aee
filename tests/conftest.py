"""Suite-wide test configuration: the Hypothesis profiles.

``ci`` is derandomized: every run draws the same examples (a fixed number, from a seed derived
from each test), keeps no example database and has no per-example deadline, so a CI failure is
reproducible byte for byte and a slow shared machine cannot make a test flaky. ``dev`` draws new
examples on every run, more of them for the tests that leave the count to the profile, and keeps
the example database (``.hypothesis/``) so that a failure found once is replayed first next time.

``HYPOTHESIS_PROFILE`` picks one by name; without it, ``ci`` when the ``CI`` environment variable
is set to anything but ``0``/``false``/``no`` (as CI services set it) and ``dev`` otherwise. See
docs/development.md ("Hypothesis profiles"). Tests that name their own ``max_examples`` keep it
under both profiles; the profile sets everything else (derandomization, database, deadline).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from hypothesis import HealthCheck, settings

CI_EXAMPLES = 100
DEV_EXAMPLES = 300

# Both derive from Hypothesis' own defaults, not from the profile it loads by itself when it
# detects CI (else ``dev`` would lose its example database on a CI machine).
DEFAULTS = settings.get_profile("default")

settings.register_profile(
    "ci",
    parent=DEFAULTS,
    derandomize=True,
    max_examples=CI_EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# ``dev`` keeps Hypothesis' default example database (``.hypothesis/examples`` in the working
# directory).
settings.register_profile(
    "dev",
    parent=DEFAULTS,
    derandomize=False,
    max_examples=DEV_EXAMPLES,
    deadline=None,
    print_blob=True,
)


def hypothesis_profile(environ: Mapping[str, str] = os.environ) -> str:
    """The profile's name: ``HYPOTHESIS_PROFILE`` if set, else ``ci`` under CI, else ``dev``."""
    chosen = environ.get("HYPOTHESIS_PROFILE", "").strip()
    if chosen:
        return chosen
    under_ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return "ci" if under_ci else "dev"


settings.load_profile(hypothesis_profile())
