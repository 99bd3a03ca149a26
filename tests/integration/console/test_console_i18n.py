"""Every text the console shows has its Vietnamese: the ``_("...")`` calls of the templates,
the ``translate("...")`` and ``N_("...")`` (translated where shown) calls of the console
package, and the labels of codes (``i18n.LABELS``)."""

from __future__ import annotations

import re
from pathlib import Path

from sync.server.console import i18n, pages
from sync.server.console.web import NAV

PACKAGE = Path(__file__).resolve().parents[3] / "sync" / "server" / "console"
_CALL = re.compile(r"""(?<![A-Za-z0-9])(?:_|N_|translate)\(\s*(["'])((?:(?!\1).)+)\1\s*\)""")


def _texts() -> set[str]:
    found: set[str] = set()
    for path in [*PACKAGE.rglob("*.html"), *PACKAGE.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in _CALL.finditer(text)}
    assert pages.MODULES  # imported: the page modules add their labels to i18n.LABELS
    found |= {label for _path, label, _roles in NAV}
    found |= {text for table in i18n.LABELS.values() for text in table.values()}
    return found


def test_every_console_text_has_vietnamese() -> None:
    catalog = i18n.catalog("vi")
    texts = _texts()
    assert len(texts) > 40
    missing = sorted(t for t in texts if t not in catalog)
    assert not missing, f"add these to sync/server/console/locales/vi.json: {missing}"


def test_the_catalog_holds_no_stale_text() -> None:
    stale = sorted(set(i18n.catalog("vi")) - _texts())
    assert not stale, f"no longer used (remove from vi.json): {stale}"


def test_the_vietnamese_is_written_with_its_diacritics() -> None:
    catalog = i18n.catalog("vi")
    assert catalog["Sign in"] == "Đăng nhập"
    marked = [
        v
        for v in catalog.values()
        if re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]", v)
    ]
    assert len(marked) > len(catalog) * 0.8
