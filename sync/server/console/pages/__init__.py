"""The console's pages, one module per screen; each has ``register(console)`` that adds its
HTML routes and their JSON twins (under ``/api/v1/reports/`` or ``/api/v1/console/``)."""

from __future__ import annotations

from sync.server.console.pages import audit_log, devices, downloads, overview, people
from sync.server.console.web import Console

MODULES = (overview, people, devices, downloads, audit_log)


def register(console: Console) -> None:
    for module in MODULES:
        module.register(console)
