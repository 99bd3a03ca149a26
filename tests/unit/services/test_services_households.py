"""Households and members through the Workspace: register, search without diacritics, edit,
remove, visits with follow-ups, drafts and settings; bad input stores nothing."""

from __future__ import annotations

import pytest

from agent_app.services import Changed
from sync.domain.errors import ValidationFailed


def _outbox(ws):
    return [(e.kind, e.record_id, e.state, int(e.deleted)) for e in ws.store.outbox.entries()]


def test_register_a_household_with_three_members(ws, family):
    household, members = family
    changed = ws.households.register(household, members)
    assert isinstance(changed, Changed)
    assert changed.kinds == {"household", "person"}
    household_id = changed.ids[0]
    detail = ws.households.get(household_id)
    assert detail.body["head_name"] == "Nguyễn Văn Ánh"
    assert detail.commune_name == "Xã U Minh Thượng"
    assert sorted(m.full_name for m in detail.members) == [
        "Lê Thị Hoà",
        "Nguyễn Văn Ánh",
        "Nguyễn Đức Minh",
    ]
    assert {m.body["household_id"] for m in detail.members} == {household_id}
    assert detail.status == "new"
    assert detail.pending
    assert [k for k, *_ in _outbox(ws)] == ["household", "person", "person", "person"]
    assert ws.pending_count() == 4
    rows = ws.households.search("")
    assert len(rows) == 1
    assert rows[0].member_count == 3
    assert rows[0].commune_name == "Xã U Minh Thượng"


@pytest.mark.parametrize(
    "query",
    ["nguyen van anh", "NGUYEN", "ngu", "hoa", "Hòa", "le thi", "091080", "0912345", "tan hoa"],
)
def test_search_finds_without_diacritics(ws, family, query):
    household, members = family
    ws.households.register(household, members)
    ws.households.register(
        {"commune_code": "31018", "address": "Thôn 3", "head_name": "Phạm Quốc Bảo"},
        [{"full_name": "Phạm Quốc Bảo", "date_of_birth": "1970-01-01", "sex": "male",
          "relationship": "head"}],
    )  # fmt: skip
    rows = ws.households.search(query)
    assert [r.head_name for r in rows] == ["Nguyễn Văn Ánh"]
    assert ws.households.count(query) == 1


def test_search_filters_by_commune_and_status(ws, family):
    household, members = family
    ws.households.register(household, members)
    assert ws.households.search(commune_code="31018") == []
    assert ws.households.count(commune_code="31027") == 1
    assert ws.households.count(status="new") == 1
    assert ws.households.count("nguyen", status="refused") == 0
    assert ws.households.search("zzz") == []


def test_invalid_cccd_names_the_field_and_stores_nothing(ws, family):
    household, members = family
    members[1]["cccd"] = "091080123456"  # the head's number: a man born in 1980, not her
    with pytest.raises(ValidationFailed) as info:
        ws.households.register(household, members)
    assert [e.field for e in info.value.errors] == ["cccd"]
    assert info.value.errors[0].params["member"] == 1
    assert ws.store.one("SELECT count(*) FROM record")[0] == 0
    assert ws.store.outbox.entries() == []
    assert ws.households.count() == 0


def test_every_error_is_reported_at_once(ws, family):
    household, members = family
    household["commune_code"] = "99999"
    members[0]["phone"] = "12345"
    with pytest.raises(ValidationFailed) as info:
        ws.households.register(household, members)
    assert {e.field for e in info.value.errors} == {"commune_code", "phone"}


def test_a_failure_between_the_save_and_its_outbox_row_stores_nothing(ws, family):
    # A real failure inside the transaction, after the record rows are written: the outbox
    # insert is refused by a trigger, as a full disk would refuse it.
    ws.store.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    household, members = family
    with pytest.raises(Exception, match="disk full"):
        ws.households.register(household, members)
    assert ws.store.one("SELECT count(*) FROM record")[0] == 0
    assert ws.store.one("SELECT count(*) FROM household_index")[0] == 0
    assert ws.store.one("SELECT count(*) FROM household_fts")[0] == 0
    ws.store.execute("DROP TRIGGER refuse")
    ws.households.register(household, members)
    assert ws.store.one("SELECT count(*) FROM record")[0] == 4


def test_edit_before_sync_rewrites_the_unsent_op(ws, family):
    household, members = family
    household_id = ws.households.register(household, members).ids[0]
    ws.households.save({"address": "Số 14, Ấp Tân Hòa"}, household_id)
    [op] = ws.store.outbox.entries(record_id=household_id)
    assert op.body["address"] == "Số 14, Ấp Tân Hòa"
    assert ws.households.get(household_id).body["address"] == "Số 14, Ấp Tân Hòa"
    assert ws.households.get(household_id).body["village"] == "Ấp Tân Hòa"  # kept


def test_save_and_remove_member(ws, family):
    household, members = family
    household_id = ws.households.register(household, members[:1]).ids[0]
    person_id = ws.households.save_member({**members[2], "household_id": household_id}).ids[0]
    assert len(ws.households.get(household_id).members) == 2
    assert ws.households.search("duc minh")[0].id == household_id
    ws.households.save_member({"phone": "0987654321"}, person_id)
    assert ws.households.member(person_id).phone == "0987654321"
    ws.households.remove_member(person_id)
    assert len(ws.households.get(household_id).members) == 1
    assert ws.households.search("duc minh") == []
    # Created and removed before any sync: the server never needs to hear of it.
    assert not ws.store.outbox.has_ops(person_id)


def test_duplicate_cccd_is_refused(ws, family):
    household, members = family
    household_id = ws.households.register(household, members).ids[0]
    other = dict(members[0], full_name="Nguyễn Văn Ánh", household_id=household_id)
    with pytest.raises(ValidationFailed) as info:
        ws.households.save_member(other)
    assert info.value.errors[0].code == "duplicate"


def test_log_visit_sets_status_and_creates_the_followup(ws, family):
    household, members = family
    household_id = ws.households.register(household, members).ids[0]
    changed = ws.households.log_visit(
        {"household_id": household_id, "visited_on": "2026-11-21", "outcome": "interested",
         "follow_up_on": "2026-11-28", "notes": "Hẹn sau vụ lúa"}
    )  # fmt: skip
    assert changed.kinds == {"visit", "household", "followup"}
    detail = ws.households.get(household_id)
    assert detail.status == "interested"
    assert [e.kind for e in detail.timeline] == ["followup", "visit"]
    assert ws.households.count(status="interested") == 1
    with pytest.raises(ValidationFailed) as info:
        ws.households.log_visit({"household_id": household_id, "visited_on": "2026-11-21",
                      "outcome": "refused"})  # fmt: skip
    assert info.value.errors[0].field == "reason"


def test_drafts_and_settings(ws):
    assert ws.drafts.load("household", "new") is None
    ws.drafts.save("household", "new", {"head_name": "Nguyễn Văn Á"})
    ws.drafts.save("household", "new", {"head_name": "Nguyễn Văn Ánh"})
    assert ws.drafts.load("household", "new") == {"head_name": "Nguyễn Văn Ánh"}
    assert [(d.form, d.key) for d in ws.drafts.all()] == [("household", "new")]
    ws.drafts.discard("household", "new")
    assert ws.drafts.all() == []
    assert ws.setting("lang", "vi") == "vi"
    ws.set_setting("lang", "en")
    assert ws.setting("lang") == "en"
    ws.set_setting("lang", None)
    assert ws.setting("lang") is None


def _adult(name: str) -> dict[str, object]:
    return {"full_name": name, "date_of_birth": "1975-05-05", "sex": "male", "relationship": "head"}


def test_households_whose_head_matches_come_first(ws):
    # By name alone, Bùi and Lê sort before Nguyễn; but typing "nguyen" means the Nguyễn family.
    ws.households.register(
        {"commune_code": "31027", "address": "Thôn 1", "head_name": "Bùi Văn Toàn"},
        [_adult("Bùi Văn Toàn"), {**_adult("Nguyễn Thị Lan"), "sex": "female",
                                  "relationship": "spouse"}],
    )  # fmt: skip
    ws.households.register(
        {
            "commune_code": "31027",
            "address": "Số 5, đường Nguyễn Trung Trực",
            "head_name": "Lê Tám",
        },
        [_adult("Lê Tám")],
    )
    ws.households.register(
        {"commune_code": "31027", "address": "Thôn 2", "head_name": "Nguyễn Văn Ánh"},
        [_adult("Nguyễn Văn Ánh")],
    )
    assert [r.head_name for r in ws.households.search("nguyen")] == [
        "Nguyễn Văn Ánh",
        "Bùi Văn Toàn",
        "Lê Tám",
    ]
    assert [r.head_name for r in ws.households.search("nguyen", limit=1)] == ["Nguyễn Văn Ánh"]
    assert [r.head_name for r in ws.households.search("nguyen", limit=2, offset=1)] == [
        "Bùi Văn Toàn",
        "Lê Tám",
    ]
    assert [r.head_name for r in ws.households.search("van toan")] == ["Bùi Văn Toàn"]
