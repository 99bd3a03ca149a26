"""``Change.resolves`` (a pull's mark of conflicts a supervisor resolved) goes over the wire
only when set, and an older server's change without it reads as none."""

from __future__ import annotations

from sync.protocol import Change


def test_resolves_round_trips_and_is_absent_when_empty() -> None:
    change = Change(5, "household", "h1", 3, False, {"address": "Ấp 3"}, resolves=("op1",))
    wire = change.to_wire()
    assert wire["resolves"] == ["op1"]
    assert Change.from_wire(wire) == change
    plain = Change(6, "person", "p1", 1, False, {})
    assert "resolves" not in plain.to_wire()
    assert Change.from_wire(plain.to_wire()).resolves == ()
    assert Change.from_wire({**plain.to_wire(), "resolves": [1, "op2"]}).resolves == ("op2",)
