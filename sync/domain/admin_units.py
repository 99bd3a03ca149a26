"""Vietnam's provinces and communes since 1 July 2025 (34 and 3,321), for lookup and search.

The list comes from the ``vietnam_provinces`` package; our codes are zero-padded strings
(province ``"91"``, commune ``"31027"``) and names are searched on their folded key.

What the app and the server load is a compact copy of it, ``resources/reference/
admin_units.json`` (codes, names, division types and the package's version; ~5 ms to read),
rather than the package's 3,321-member enum, which takes ~0.1 s of CPU to build on the desktop
app's path to its first window. ``python -m sync.domain.admin_units`` rewrites the file from the
installed package; a test checks that the two are equal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sync.domain.errors import InvalidValue
from sync.domain.text import fold

PROVINCE_CODE_WIDTH = 2
COMMUNE_CODE_WIDTH = 5
REFERENCE_FILE = ("reference", "admin_units.json")  # inside the ``resources`` package

# Folded division types as they open a commune's name ("Xã U Minh Thượng"); a query for just
# "u minh thuong" should still count as naming it exactly.
_TYPE_PREFIXES = ("xa ", "phuong ", "dac khu ")


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    division_type: str
    search_key: str


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    name: str
    division_type: str
    province_code: str
    search_key: str


def _pad(code: object, width: int) -> str | None:
    """``code`` (int or digit string, padded or not) as ``width`` digits; None if it cannot be."""
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        text = str(code) if code >= 0 else ""
    elif isinstance(code, str):
        text = code.strip()
    else:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > width:
        return None
    return text.zfill(width)


def _bare_name(search_key: str) -> str:
    for prefix in _TYPE_PREFIXES:
        if search_key.startswith(prefix):
            return search_key.removeprefix(prefix)
    return search_key


class AdminUnits:
    """The two-level list, indexed once by code and by province."""

    def __init__(
        self, provinces: Iterable[Province], communes: Iterable[Commune], version: str
    ) -> None:
        self._version = version
        self._provinces = {p.code: p for p in sorted(provinces, key=lambda p: p.code)}
        ordered = sorted(communes, key=lambda c: (c.search_key, c.code))
        self._communes = {c.code: c for c in ordered}
        self._by_province: dict[str, list[Commune]] = {code: [] for code in self._provinces}
        for c in ordered:
            self._by_province.setdefault(c.province_code, []).append(c)
        # " " + key: a word of the name starts with t exactly when " " + t occurs in it (keys
        # have single spaces), so a keystroke-by-keystroke search is one substring test each.
        self._index: list[tuple[str, Commune]] = [(" " + c.search_key, c) for c in ordered]

    @classmethod
    def from_package(cls) -> AdminUnits:
        """Build from the bundled ``vietnam_provinces`` data."""
        # Imported here, not at the top: building its enums takes ~50 ms, which the desktop
        # app's cold start (the unlock window needs no commune) should not pay.
        import vietnam_provinces

        provinces = [
            Province(
                code=str(int(p.code)).zfill(PROVINCE_CODE_WIDTH),
                name=p.name,
                division_type=p.division_type.value,
                search_key=fold(p.name),
            )
            for p in vietnam_provinces.Province.iter_all()
        ]
        communes = [
            Commune(
                code=str(int(w.code)).zfill(COMMUNE_CODE_WIDTH),
                name=w.name,
                division_type=w.division_type.value,
                province_code=str(int(w.province_code)).zfill(PROVINCE_CODE_WIDTH),
                search_key=fold(w.name),
            )
            for w in vietnam_provinces.Ward.iter_all()
        ]
        return cls(provinces, communes, vietnam_provinces.__version__)

    @classmethod
    def from_reference_file(cls, data: bytes | None = None) -> AdminUnits:
        """Build from the compact copy (``resources/reference/admin_units.json``, or ``data``)."""
        if data is None:
            data = resources.files("resources").joinpath(*REFERENCE_FILE).read_bytes()
        loaded = json.loads(data)
        provinces = [
            Province(code, name, division_type, fold(name))
            for code, name, division_type in loaded["provinces"]
        ]
        communes = [
            Commune(code, name, division_type, province_code, fold(name))
            for code, name, division_type, province_code in loaded["communes"]
        ]
        return cls(provinces, communes, loaded["version"])

    def reference_file(self) -> str:
        """The text of the compact copy of this list: one province or commune a line, by code."""
        lines = [
            "{",
            f'"source": "vietnam_provinces", "version": {json.dumps(self._version)},',
            '"provinces": [',
        ]

        def rows(items: list[list[str]]) -> list[str]:
            return [json.dumps(item, ensure_ascii=False) + "," for item in items]

        lines += rows([[p.code, p.name, p.division_type] for p in self._provinces.values()])
        lines[-1] = lines[-1].rstrip(",")
        lines.append('], "communes": [')
        communes = sorted(self._communes.values(), key=lambda c: c.code)
        lines += rows([[c.code, c.name, c.division_type, c.province_code] for c in communes])
        lines[-1] = lines[-1].rstrip(",")
        lines.append("]}")
        return "\n".join(lines) + "\n"

    @property
    def version(self) -> str:
        """The version of the data (the ``vietnam_provinces`` package version)."""
        return self._version

    def provinces(self) -> list[Province]:
        """Every province, by code."""
        return list(self._provinces.values())

    def province(self, code: str | int) -> Province | None:
        padded = _pad(code, PROVINCE_CODE_WIDTH)
        return None if padded is None else self._provinces.get(padded)

    def commune(self, code: str | int) -> Commune | None:
        padded = _pad(code, COMMUNE_CODE_WIDTH)
        return None if padded is None else self._communes.get(padded)

    def communes_of(self, province_code: str | int) -> list[Commune]:
        """The communes of a province, by folded name; empty for an unknown province."""
        padded = _pad(province_code, PROVINCE_CODE_WIDTH)
        return list(self._by_province.get(padded, [])) if padded is not None else []

    def search(
        self, query: str, *, province_code: str | int | None = None, limit: int = 20
    ) -> list[Commune]:
        """Communes whose folded name has a word starting with each word of ``query``.

        An exact name (with or without "xã"/"phường"/"đặc khu") comes first, then by name. A
        blank query finds nothing; use :meth:`communes_of` to list a province.
        """
        key = fold(query)
        tokens = key.split()
        if not tokens or limit <= 0:
            return []
        pool = self._index
        if province_code is not None:
            wanted = _pad(province_code, PROVINCE_CODE_WIDTH)
            pool = [(s, c) for s, c in pool if c.province_code == wanted]
        # One pass per token over a shrinking list is ~10x faster than all() per commune.
        for token in tokens:
            needle = " " + token
            pool = [(s, c) for s, c in pool if needle in s]
        found = [c for _, c in pool]
        # The pool is already in name order and sorted() is stable.
        found.sort(key=lambda c: key not in (c.search_key, _bare_name(c.search_key)))
        return found[:limit]

    def reference_rows(self) -> list[dict[str, Any]]:
        """Bodies of the ``ref.admin_unit`` reference records: provinces, then communes, by code."""
        rows: list[dict[str, Any]] = [
            {
                "code": p.code,
                "name": p.name,
                "level": "province",
                "division_type": p.division_type,
                "parent_code": None,
                "source_version": self._version,
            }
            for p in self._provinces.values()
        ]
        rows.extend(
            {
                "code": c.code,
                "name": c.name,
                "level": "commune",
                "division_type": c.division_type,
                "parent_code": c.province_code,
                "source_version": self._version,
            }
            for c in sorted(self._communes.values(), key=lambda c: c.code)
        )
        return rows


@cache
def admin_units() -> AdminUnits:
    """The bundled list, built on first use and shared after that."""
    return AdminUnits.from_reference_file()


def check_province_code(
    value: object, *, field: str = "province_code", units: AdminUnits | None = None
) -> str:
    """The 2-digit code of a known province; ``unknown_province`` otherwise."""
    units = units if units is not None else admin_units()
    return _check_code(value, field, PROVINCE_CODE_WIDTH, units.province, "unknown_province")


def check_commune_code(
    value: object, *, field: str = "commune_code", units: AdminUnits | None = None
) -> str:
    """The 5-digit code of a known commune; ``unknown_commune`` otherwise."""
    units = units if units is not None else admin_units()
    return _check_code(value, field, COMMUNE_CODE_WIDTH, units.commune, "unknown_commune")


def _check_code(
    value: object,
    field: str,
    width: int,
    lookup: Callable[[str], Province | Commune | None],
    unknown: str,
) -> str:
    _require(value, field)
    padded = _pad(value, width)
    found = None if padded is None else lookup(padded)
    if found is None:
        raise InvalidValue(unknown, field, value=str(value).strip())
    return found.code


def _require(value: object, field: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue("required", field)


def write_reference_file(path: Path | None = None) -> Path:
    """Rewrite the compact copy from the installed ``vietnam_provinces`` (after upgrading it)."""
    if path is None:
        path = Path(str(resources.files("resources").joinpath(*REFERENCE_FILE)))
    path.write_text(AdminUnits.from_package().reference_file(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write_reference_file(Path(sys.argv[1]) if len(sys.argv) > 1 else None)}")
