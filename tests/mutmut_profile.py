"""Loaded by mutation runs only (``python3 dev.py mutate``, via ``[tool.mutmut]`` in
pyproject.toml): each mutant reruns the property tests that cover it, so they draw fewer, fixed
examples there. The suite itself keeps the profiles of tests/conftest.py."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutmut",
    deadline=None,
    max_examples=25,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# tests/conftest.py loads the profile named here when it is imported, after this plugin.
os.environ["HYPOTHESIS_PROFILE"] = "mutmut"
