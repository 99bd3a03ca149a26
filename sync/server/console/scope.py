"""What a supervisor may see and do: their role and the provinces or communes it covers.

Every console query goes through a :class:`Scope` (pages and the JSON reports API alike), so a
province supervisor can never read another province by changing a URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import ColumnElement, false, or_, true

ADMIN: Final = "admin"
PROVINCE: Final = "province"
COMMUNE: Final = "commune"
VIEWER: Final = "viewer"
ROLES: Final = (ADMIN, PROVINCE, COMMUNE, VIEWER)


@dataclass(frozen=True)
class Scope:
    """``provinces`` and ``communes`` of None mean every one (an administrator's view); a
    province or commune supervisor, or a viewer, has sets. A commune is seen when it is in
    ``communes`` or its province is in ``provinces``."""

    role: str
    provinces: frozenset[str] | None = None
    communes: frozenset[str] | None = None

    @property
    def everything(self) -> bool:
        return self.provinces is None and self.communes is None

    @property
    def can_change(self) -> bool:
        """Viewers read; every other role may act within its scope."""
        return self.role != VIEWER

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    def sees_province(self, province: str | None) -> bool:
        if self.everything:
            return True
        if province is None:
            return False
        if self.provinces is not None and province in self.provinces:
            return True
        # A commune supervisor sees the province pages, limited to their communes.
        return bool(self.communes) and any(c_province(c) == province for c in self.communes or ())

    def sees_commune(self, commune: str | None, province: str | None) -> bool:
        if self.everything:
            return True
        if commune is None:
            return False
        if self.communes is not None and commune in self.communes:
            return True
        return self.provinces is not None and province is not None and province in self.provinces

    def where(self, commune_column: Any, province_column: Any) -> ColumnElement[bool]:
        """The SQL condition that keeps rows of this scope (a commune and a province column)."""
        if self.everything:
            return true()
        parts: list[ColumnElement[bool]] = []
        if self.provinces:
            parts.append(province_column.in_(sorted(self.provinces)))
        if self.communes:
            parts.append(commune_column.in_(sorted(self.communes)))
        return or_(*parts) if parts else false()


_PROVINCE_OF: dict[str, str] = {}


def c_province(commune: str) -> str | None:
    """The province of a commune code, from the bundled administrative units."""
    if not _PROVINCE_OF:
        from sync.domain.admin_units import admin_units

        units = admin_units()
        for province in units.provinces():
            for unit in units.communes_of(province.code):
                _PROVINCE_OF[unit.code] = unit.province_code
    return _PROVINCE_OF.get(commune)
