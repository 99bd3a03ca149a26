"""Suite-wide settings: Qt runs offscreen; Hypothesis has no per-example deadline (a 2-core CI
machine under load must not turn a slow example into a failure) and, under CI, draws the same
examples every run so a red build is reproducible; local runs keep exploring new ones."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import HealthCheck, settings  # after the Qt platform is chosen

settings.register_profile(
    "default", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", parent=settings.get_profile("default"), derandomize=True, database=None
)
_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if _ci else "default"))
