"""The one field-level merge (``sync.domain.merge``): which fields changed, and how two sets of
changes on one base overlay, by example and over generated bodies."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sync.domain.merge import changed_fields, overlay

BASE = {"head_name": "Nguyễn Văn Ánh", "address": "Ấp 1", "village": "Xẻo Quao"}


def test_changed_fields_sees_values_added_and_removed_keys():
    assert changed_fields(BASE, BASE) == set()
    assert changed_fields(BASE, {**BASE, "address": "Ấp 2"}) == {"address"}
    assert changed_fields(BASE, {**BASE, "phone": "0912345678"}) == {"phone"}
    without = {k: v for k, v in BASE.items() if k != "village"}
    assert changed_fields(BASE, without) == {"village"}
    # None is a value: present as null is not the same as absent.
    assert changed_fields({"phone": None}, {}) == {"phone"}
    assert changed_fields({"n": [1, 2]}, {"n": [1, 2]}) == set()
    assert changed_fields({"n": [1, 2]}, {"n": [2, 1]}) == {"n"}


def test_overlay_takes_each_side_where_only_it_changed():
    mine = {**BASE, "head_name": "Nguyễn Văn Ân"}
    theirs = {**BASE, "address": "Ấp Tràm Dơi", "phone": "0912345678"}
    merged, overlap = overlay(BASE, mine, theirs)
    assert merged == {
        "head_name": "Nguyễn Văn Ân",
        "address": "Ấp Tràm Dơi",
        "village": "Xẻo Quao",
        "phone": "0912345678",
    }
    assert overlap == set()


def test_overlay_removes_what_mine_removed_and_reports_real_overlaps_only():
    mine = {"head_name": "A", "address": "Ấp 9"}  # village removed, address changed
    theirs = {**BASE, "address": "Ấp 5"}
    merged, overlap = overlay(BASE, mine, theirs)
    assert "village" not in merged
    assert merged["address"] == "Ấp 9"  # mine wins on an overlap
    assert overlap == {"address"}  # head_name changed on my side only
    # The same change on both sides is no conflict.
    same = {**BASE, "address": "Ấp 9"}
    assert overlay(BASE, same, same) == (same, set())


def test_overlay_on_an_empty_base_is_mine_over_theirs():
    merged, overlap = overlay({}, {"a": 1}, {"a": 2, "b": 3})
    assert merged == {"a": 1, "b": 3}
    assert overlap == {"a"}


_keys = st.sampled_from(["a", "b", "c", "d", "e"])
_values = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3))
_bodies = st.dictionaries(_keys, _values, max_size=5)


@given(_bodies, _bodies, _bodies)
def test_overlay_properties(base, mine, theirs):
    merged, overlap = overlay(base, mine, theirs)
    mine_changed = changed_fields(base, mine)
    theirs_changed = changed_fields(base, theirs)
    # Every change of mine is in the result; every change of theirs that mine did not touch.
    for key in mine_changed:
        assert merged.get(key, "missing") == mine.get(key, "missing")
    for key in theirs_changed - mine_changed:
        assert merged.get(key, "missing") == theirs.get(key, "missing")
    # Fields neither side touched keep the base's value.
    for key in (set(base) | set(mine) | set(theirs)) - mine_changed - theirs_changed:
        assert merged.get(key, "missing") == base.get(key, "missing")
    assert overlap <= mine_changed & theirs_changed
    assert all(mine.get(k, "missing") != theirs.get(k, "missing") for k in overlap)
    # Symmetry of what is disputed, and no-ops.
    assert overlay(base, theirs, mine)[1] == overlap
    assert overlay(base, base, theirs) == (dict(theirs), set())
    assert overlay(base, mine, base) == (dict(mine), set())
    # The result differs from mine only where theirs alone changed.
    assert changed_fields(mine, merged) == theirs_changed - mine_changed
