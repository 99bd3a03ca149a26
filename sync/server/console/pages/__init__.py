"""The console's pages, one module per screen; each has ``register(console)`` that adds its
HTML routes and their JSON twins (under ``/api/v1/reports/`` or ``/api/v1/console/``)."""

from __future__ import annotations

from sync.server.console.pages import (
    audit_log,
    conflicts,
    devices,
    downloads,
    duplicates,
    overview,
    people,
    reference,
)
from sync.server.console.web import Console

MODULES = (overview, people, conflicts, duplicates, devices, reference, downloads, audit_log)


def register(console: Console) -> None:
    for module in MODULES:
        module.register(console)
