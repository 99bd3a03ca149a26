"""Demo mode: one call gives a running server, a registered demo profile holding the demo
households, and the loop works (a change made offline arrives on the server)."""

from __future__ import annotations

from agent_app.services.demo_setup import start_demo
from agent_app.storage import list_profiles
from sync.client import SyncClient
from sync.demo import DEMO_AGENT, DEMO_PASSPHRASE

DEMO_HOUSEHOLDS = 200  # what start_demo seeds by default
NEW_HOUSEHOLD = {
    "commune_code": DEMO_AGENT["communes"][0],
    "address": "Chợ",
    "head_name": "Đỗ Thị Nga",
}


def test_start_demo_gives_a_synced_profile_quickly(tmp_path):
    with start_demo(tmp_path) as demo:
        assert demo.seconds < 5.0, f"the demo took {demo.seconds:.1f} s to start"
        assert demo.passphrase == DEMO_PASSPHRASE
        assert demo.first_sync.ok, demo.first_sync.error
        assert demo.sync_service.is_configured()
        assert SyncClient(demo.server_url).health().status == "ok"
        assert demo.workspace.households.count() == DEMO_HOUSEHOLDS
        # A campaign under way: Today has follow-ups due and paid periods ending soon, today's
        # own counters start at zero, and the targets chart has progress to show.
        today = demo.workspace.today.summary()
        assert today.followups_due
        assert today.renewals_due
        assert (today.visits, today.money) == (0, 0)
        assert any(t.achieved for t in demo.workspace.targets.all())
        # The whole loop: a household made on the laptop reaches the server.
        changed = demo.workspace.households.register(
            {
                "commune_code": DEMO_AGENT["communes"][0],
                "address": "Chợ xã",
                "head_name": "Đỗ Thị Nga",
            },
            [],
        )
        report = demo.sync_service.sync()
        assert report.pushed["applied"] == 1
        client = SyncClient(demo.server_url, demo.workspace.setting("sync.token"))
        cursor, seen = 0, set()
        while True:
            page = client.pull(cursor, 2000)
            seen |= {c.record_id for c in page.changes}
            cursor = page.cursor
            if not page.has_more:
                break
        assert changed.ids[0] in seen


def test_reopening_a_demo_folder_keeps_the_profile(tmp_path):
    with start_demo(tmp_path) as first:
        first.workspace.households.register(
            {
                "commune_code": DEMO_AGENT["communes"][0],
                "address": "Chợ xã",
                "head_name": "Đỗ Thị Nga",
            },
            [],
        )
    profiles = list_profiles(tmp_path / "data")
    assert [p.agent_code for p in profiles] == [DEMO_AGENT["code"]]
    with start_demo(tmp_path) as second:
        # The offline change of the first session was kept and is synced now.
        assert second.first_sync.pushed["applied"] == 1
        assert second.workspace.households.count() == DEMO_HOUSEHOLDS + 1
        assert second.workspace.pending_count() == 0


def test_a_temporary_demo_folder_is_removed_on_close():
    demo = start_demo()
    base = demo.base_dir
    assert base.exists()
    demo.close()
    assert not base.exists()
