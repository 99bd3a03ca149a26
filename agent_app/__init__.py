"""The field agent's desktop client: households, visits, enrollments and receipts kept offline
and synced to the central server."""

from sync import __version__

__all__ = ["__version__"]
