"""What the window says when a sync is refused because a supervisor revoked the laptop: the
domain's sentence in the agent's language, not the server's English."""

from __future__ import annotations

from agent_app.ui.context import error_text
from sync.client import DeviceRevoked


def test_a_revoked_laptop_is_told_why_in_its_language() -> None:
    exc = DeviceRevoked(
        "this device was revoked by a supervisor",
        status=401,
        code="unauthorized",
        when="2026-12-01T03:04:05Z",
    )
    vi = error_text(exc, "vi")
    assert vi.startswith("Máy này đã bị cán bộ giám sát thu hồi quyền đồng bộ (01/12/2026 10:04)")
    assert "Dữ liệu chưa gửi vẫn nằm nguyên trên máy" in vi
    assert "Nothing unsent is lost" in error_text(exc, "en")
